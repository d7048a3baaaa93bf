package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

var (
	errPanicked     = errors.New("lookup panicked")
	errRunDeadline  = errors.New("run deadline passed")
	errRedirect     = errors.New("redirect refused")
	errTooLarge     = errors.New("response body too large")
	errRetryTooLate = errors.New("next retry would pass the deadline")
)

// attemptResult is the classified result of one HTTP attempt.
type attemptResult struct {
	status     int
	body       []byte
	outcome    Outcome // Found or NotFound when answered
	reason     Reason  // set when not answered
	retryable  bool
	retryAfter time.Duration
	hasRetry   bool // the server sent a usable Retry-After
	sent       bool // the request was handed to the transport
	err        error
}

// fetch performs req over HTTP with retries and returns the body of a 2xx.
func (c *Client) fetch(ctx context.Context, req Request) ([]byte, Response) {
	u, resp, ok := c.checkRequest(req)
	if !ok {
		return nil, resp
	}
	runCtx, cancel, resp, ok := c.runContext(ctx, req.URL)
	if !ok {
		return nil, resp
	}
	defer cancel()
	sent := 0
	for attempt := 1; ; attempt++ {
		r := c.attempt(runCtx, ctx, req, u)
		if r.sent {
			sent++
		}
		if r.outcome != Unavailable {
			return r.body, Response{Outcome: r.outcome, Source: SourceNetwork, URL: req.URL, Status: r.status, Attempts: sent}
		}
		if !r.retryable || attempt >= c.cfg.MaxAttempts {
			return nil, unavailable(req.URL, r.reason, r.status, sent, r.err)
		}
		if resp, stop := c.wait(runCtx, ctx, req.URL, r, sent); stop {
			return nil, resp
		}
	}
}

// checkRequest parses the URL and applies the allow list.
func (c *Client) checkRequest(req Request) (*url.URL, Response, bool) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, unavailable(req.URL, ReasonInvalidRequest, 0, 0, err), false
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		err := fmt.Errorf("want an absolute http(s) URL")
		return nil, unavailable(req.URL, ReasonInvalidRequest, 0, 0, err), false
	}
	if u.User != nil {
		err := fmt.Errorf("credentials in the URL are not allowed")
		return nil, unavailable(req.URL, ReasonInvalidRequest, 0, 0, err), false
	}
	if !c.allowed.allows(u) {
		err := fmt.Errorf("host %q is not in the allowed hosts", u.Host)
		return nil, unavailable(req.URL, ReasonHostNotAllowed, 0, 0, err), false
	}
	return u, Response{}, true
}

// runContext derives the context bounded by the run-wide deadline.
func (c *Client) runContext(ctx context.Context, rawURL string) (context.Context, context.CancelFunc, Response, bool) {
	if err := ctx.Err(); err != nil {
		return nil, nil, unavailable(rawURL, ctxReason(ctx), 0, 0, err), false
	}
	if c.cfg.Deadline.IsZero() {
		runCtx, cancel := context.WithCancel(ctx)
		return runCtx, cancel, Response{}, true
	}
	left := c.cfg.Deadline.Sub(c.cfg.Now())
	if left <= 0 {
		return nil, nil, unavailable(rawURL, ReasonDeadline, 0, 0, errRunDeadline), false
	}
	runCtx, cancel := context.WithTimeoutCause(ctx, left, errRunDeadline)
	return runCtx, cancel, Response{}, true
}

func ctxReason(ctx context.Context) Reason {
	if errors.Is(ctx.Err(), context.Canceled) {
		return ReasonCanceled
	}
	return ReasonDeadline
}

// wait sleeps before the next attempt; stop is true when the lookup must end.
func (c *Client) wait(runCtx, parent context.Context, rawURL string, r attemptResult, attempt int) (Response, bool) {
	delay := c.backoff(attempt)
	if r.hasRetry {
		if r.retryAfter > c.cfg.MaxRetryAfter {
			err := fmt.Errorf("server asked to retry after %s, more than the %s cap", r.retryAfter, c.cfg.MaxRetryAfter)
			return unavailable(rawURL, r.reason, r.status, attempt, errors.Join(r.err, err)), true
		}
		delay = r.retryAfter
	}
	if dl, ok := runCtx.Deadline(); ok && time.Until(dl) < delay {
		return unavailable(rawURL, r.reason, r.status, attempt, errors.Join(r.err, errRetryTooLate)), true
	}
	if err := c.cfg.Sleep(runCtx, delay); err != nil {
		return unavailable(rawURL, runReason(runCtx, parent), r.status, attempt, err), true
	}
	c.stats.retries.Add(1)
	return Response{}, false
}

// backoff returns the jittered exponential delay before attempt+1.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.BackoffBase
	for i := 1; i < attempt && d < c.cfg.BackoffMax; i++ {
		d *= 2
	}
	d = min(d, c.cfg.BackoffMax)
	return d/2 + time.Duration(c.cfg.Jitter()*float64(d/2))
}

// runReason classifies why runCtx ended: the caller canceled, the caller's
// deadline or the run-wide deadline passed.
func runReason(runCtx, parent context.Context) Reason {
	if parent.Err() != nil {
		return ctxReason(parent)
	}
	return ReasonDeadline
}

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP-date
// relative to now. A date in the past means no wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
