package fetch

import (
	"fmt"
	"time"
)

// Outcome is the result class of a lookup.
type Outcome int

const (
	// Unavailable means no answer could be obtained: network error, timeout,
	// run deadline, rate limiting or server errors after retries, a refused
	// host or redirect, a malformed or oversized body, or a cache miss in
	// offline mode. It is the zero value so that an unset outcome is never
	// mistaken for an answer.
	Unavailable Outcome = iota
	// Found means the server answered 2xx and the body decoded.
	Found
	// NotFound means the server answered 404 or 410: a definite "no such
	// thing", cached like a positive answer.
	NotFound
)

// String returns "unavailable", "found" or "not-found".
func (o Outcome) String() string {
	switch o {
	case Found:
		return "found"
	case NotFound:
		return "not-found"
	case Unavailable:
		return "unavailable"
	default:
		return fmt.Sprintf("outcome(%d)", int(o))
	}
}

// Reason says why a lookup is [Unavailable].
type Reason string

// Reasons for an [Unavailable] outcome.
const (
	ReasonNetwork        Reason = "network"          // connection, DNS or read error after retries
	ReasonTimeout        Reason = "timeout"          // each attempt exceeded the per-request timeout
	ReasonDeadline       Reason = "deadline"         // the run-wide deadline (or the caller's) has passed
	ReasonCanceled       Reason = "canceled"         // the caller's context was canceled
	ReasonRateLimited    Reason = "rate-limited"     // 429 (or 403 with Retry-After) after retries
	ReasonServerError    Reason = "server-error"     // 5xx after retries
	ReasonHTTPStatus     Reason = "http-status"      // another non-retryable status (400, 401, 403, 501...)
	ReasonMalformed      Reason = "malformed"        // the body did not decode
	ReasonTooLarge       Reason = "too-large"        // the body exceeded the size limit
	ReasonHostNotAllowed Reason = "host-not-allowed" // the URL's host is not in the allow list
	ReasonRedirect       Reason = "redirect-refused" // a redirect left the allow list, downgraded to http or looped
	ReasonOffline        Reason = "offline"          // offline mode and no cached answer
	ReasonInvalidRequest Reason = "invalid-request"  // the URL or request could not be built
)

// Source says where an answer came from.
type Source string

// Sources of an answer.
const (
	SourceNetwork Source = "network"
	SourceCache   Source = "cache"
)

// Response describes how a lookup ended.
type Response struct {
	// Outcome is Found, NotFound or Unavailable.
	Outcome Outcome
	// Source is where a Found/NotFound answer came from; empty when Unavailable.
	Source Source
	// URL is the requested URL.
	URL string
	// Status is the HTTP status of the last attempt (or of the cached
	// answer); 0 when no response was received.
	Status int
	// Attempts is the number of HTTP requests sent for this lookup (0 for a
	// cache hit or a lookup refused before sending).
	Attempts int
	// StoredAt is when a cached answer was stored (zero for network answers).
	StoredAt time.Time
	// Stale is true when an expired cache entry was served (offline mode only).
	Stale bool
	// Err is non-nil exactly when Outcome is Unavailable; it is an
	// *UnavailableError.
	Err error
}

// Reason returns why the lookup is unavailable, or "" for an answer.
func (r Response) Reason() Reason {
	if ue, ok := r.Err.(*UnavailableError); ok {
		return ue.Reason
	}
	return ""
}

// UnavailableError is the error of an [Unavailable] lookup.
type UnavailableError struct {
	URL      string
	Reason   Reason
	Status   int // last HTTP status, 0 if none
	Attempts int
	Err      error // underlying cause, may be nil
}

// Error formats the failure as "GET URL: REASON (...): CAUSE".
func (e *UnavailableError) Error() string {
	msg := fmt.Sprintf("GET %s: %s", e.URL, e.Reason)
	switch {
	case e.Status != 0 && e.Attempts > 1:
		msg += fmt.Sprintf(" (HTTP %d after %d attempts)", e.Status, e.Attempts)
	case e.Status != 0:
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	case e.Attempts > 1:
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying cause.
func (e *UnavailableError) Unwrap() error { return e.Err }

func unavailable(url string, reason Reason, status, attempts int, err error) Response {
	return Response{
		Outcome:  Unavailable,
		URL:      url,
		Status:   status,
		Attempts: attempts,
		Err:      &UnavailableError{URL: url, Reason: reason, Status: status, Attempts: attempts, Err: err},
	}
}
