package registry

import (
	"fmt"
	"sync"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// breaker stops consulting a source that keeps failing: after threshold
// consecutive lookups of a source end unavailable for a reason that says
// the source itself is unreachable or overloaded, the source is skipped for
// the rest of the run. One answer (found or not) resets the count. It
// bounds the time a run spends on an unreachable host to the first few
// lookups' retries instead of every package's.
type breaker struct {
	threshold int // <= 0 disables
	mu        sync.Mutex
	fails     map[Source]int
	down      map[Source]error
}

func newBreaker(threshold int) *breaker {
	return &breaker{threshold: threshold, fails: map[Source]int{}, down: map[Source]error{}}
}

// allow returns nil when src may be consulted, else why not.
func (b *breaker) allow(src Source) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.down[src]
}

// record counts a's outcome against its source.
func (b *breaker) record(src Source, a answer) {
	if b.threshold <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if a.outcome != Unavailable {
		b.fails[src] = 0
		return
	}
	if !sourceFailure(a.reason) || b.down[src] != nil {
		return
	}
	b.fails[src]++
	if b.fails[src] >= b.threshold {
		b.down[src] = fmt.Errorf("%s skipped for the rest of the run after %d consecutive failed lookups, the last: %w",
			src, b.fails[src], a.err)
	}
}

// sourceFailure reports whether reason means the source itself is
// unreachable, refusing or overloaded, rather than a problem with one
// package's answer or the run (deadline, offline).
func sourceFailure(reason fetch.Reason) bool {
	switch reason {
	case fetch.ReasonNetwork, fetch.ReasonTimeout, fetch.ReasonServerError, fetch.ReasonRateLimited,
		fetch.ReasonHostNotAllowed, fetch.ReasonRedirect:
		return true
	}
	return false
}
