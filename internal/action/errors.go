package action

import (
	"errors"
	"fmt"
)

// Exit codes, the same as the CLI's: the job's exit code is the authoritative verdict, whatever happens to the
// check run or the comment.
const (
	ExitPass   = 0 // the policy passed
	ExitFail   = 1 // the policy failed
	ExitUsage  = 2 // invalid inputs or an invalid policy
	ExitBroken = 3 // the gate could not evaluate (git, scan or event problem)
)

// exitError carries the exit code of a failure.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// exitCode maps an evaluation error to its exit code: usage errors are 2, everything else 3.
func exitCode(err error) int {
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return ExitBroken
}
