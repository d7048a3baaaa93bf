package ghapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-github/v60/github"
)

// Error is a failed API call.
type Error struct {
	// Op says what was being done ("creating the check run").
	Op string
	// Status is the HTTP status; 0 when no response arrived.
	Status int
	// Message is GitHub's explanation, when it gave one.
	Message string
	// RateLimited is set when the failure is a (primary or secondary) rate limit.
	RateLimited bool
	// Attempts is how many times the request was tried.
	Attempts int
	// Err is the underlying error.
	Err error
}

// Error formats the failure without the URL's query or any credential.
func (e *Error) Error() string {
	msg := e.Op
	switch {
	case e.Status != 0 && e.Message != "":
		msg += fmt.Sprintf(": %d %s", e.Status, e.Message)
	case e.Status != 0:
		msg += fmt.Sprintf(": %d %s", e.Status, http.StatusText(e.Status))
	case e.Err != nil:
		msg += ": " + e.Err.Error()
	}
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return msg
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func newError(op string, resp *github.Response, err error, attempts int) *Error {
	e := &Error{Op: op, Err: err, Attempts: attempts}
	if resp != nil && resp.Response != nil {
		e.Status = resp.StatusCode
	}
	var er *github.ErrorResponse
	var rl *github.RateLimitError
	var ab *github.AbuseRateLimitError
	switch {
	case errors.As(err, &rl):
		e.RateLimited, e.Message = true, rl.Message
	case errors.As(err, &ab):
		e.RateLimited, e.Message = true, ab.Message
	case errors.As(err, &er):
		e.Message = er.Message
	}
	if e.Status == 0 && e.Message != "" {
		e.Err = errors.New(e.Message)
	}
	return e
}

// redact removes secret from what the error says (a server may echo the Authorization header in its message,
// a redirect may put anything in a URL), keeping the underlying error for errors.Is and errors.As.
func (e *Error) redact(secret string) {
	if secret == "" {
		return
	}
	e.Message = strings.ReplaceAll(e.Message, secret, redacted)
	if e.Err != nil && strings.Contains(e.Err.Error(), secret) {
		e.Err = &redactedError{msg: strings.ReplaceAll(e.Err.Error(), secret, redacted), err: e.Err}
	}
}

// redacted stands for a secret removed from a message.
const redacted = "***"

// redactedError is an error whose message had a secret removed.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// StatusOf returns the HTTP status of an API failure, or 0.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// IsPermission reports whether err means the token may not do this: 403 (the read-only token of a fork pull
// request, a missing `checks: write`), 401, or 404 (GitHub's answer when a token cannot see a resource). Rate
// limits, which GitHub also answers with 403, are not permission problems.
func IsPermission(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.RateLimited {
		return false
	}
	return e.Status == http.StatusForbidden || e.Status == http.StatusUnauthorized || e.Status == http.StatusNotFound
}
