//go:build !unix

package action

import "time"

// cpuTime is not measured on this platform.
func cpuTime() time.Duration { return 0 }
