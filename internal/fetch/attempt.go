package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// attempt sends one request, bounded by the per-attempt timeout, and
// classifies the result.
func (c *Client) attempt(runCtx, parent context.Context, req Request, u *url.URL) attemptResult {
	select {
	case c.sem <- struct{}{}:
	case <-runCtx.Done():
		return attemptResult{reason: runReason(runCtx, parent), err: context.Cause(runCtx)}
	}
	defer func() { <-c.sem }()

	ctx, cancel := context.WithTimeout(runCtx, c.cfg.Timeout)
	defer cancel()
	hreq, err := c.newRequest(ctx, req, u)
	if err != nil {
		return attemptResult{reason: ReasonInvalidRequest, err: err}
	}
	c.stats.requests.Add(1)
	resp, err := c.http.Do(hreq)
	if err != nil {
		r := c.transportFailure(runCtx, parent, ctx, err)
		r.sent = true
		return r
	}
	defer resp.Body.Close()
	r := c.classify(runCtx, parent, ctx, resp)
	r.sent = true
	return r
}

func (c *Client) newRequest(ctx context.Context, req Request, u *url.URL) (*http.Request, error) {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("building request: %w", err)
	}
	accept := req.Accept
	if accept == "" {
		accept = "application/json"
	}
	hreq.Header.Set("Accept", accept)
	hreq.Header.Set("User-Agent", c.cfg.UserAgent)
	if v, ok := c.auth[canonicalHost(u.Scheme, u.Host)]; ok {
		hreq.Header.Set("Authorization", v)
	}
	return hreq, nil
}

// transportFailure classifies an error returned by http.Client.Do or while
// reading the body.
func (c *Client) transportFailure(runCtx, parent, attemptCtx context.Context, err error) attemptResult {
	switch {
	case errors.Is(err, errRedirect):
		return attemptResult{reason: ReasonRedirect, err: err}
	case runCtx.Err() != nil:
		return attemptResult{reason: runReason(runCtx, parent), err: err}
	case attemptCtx.Err() != nil:
		return attemptResult{reason: ReasonTimeout, retryable: true, err: err}
	default:
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() {
			return attemptResult{reason: ReasonTimeout, retryable: true, err: err}
		}
		return attemptResult{reason: ReasonNetwork, retryable: true, err: err}
	}
}

// classify maps an HTTP response to an attempt result, reading the body of
// a 2xx within the size limit.
func (c *Client) classify(runCtx, parent, attemptCtx context.Context, resp *http.Response) attemptResult {
	r := attemptResult{status: resp.StatusCode}
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		body, err := c.readBody(resp)
		if err != nil {
			if errors.Is(err, errTooLarge) {
				return attemptResult{status: r.status, reason: ReasonTooLarge, err: err}
			}
			fail := c.transportFailure(runCtx, parent, attemptCtx, fmt.Errorf("reading body: %w", err))
			fail.status = r.status
			return fail
		}
		r.outcome, r.body = Found, body
	case isNotFound(resp.StatusCode):
		r.outcome = NotFound
	default:
		c.classifyFailure(&r, resp)
	}
	drain(resp.Body)
	return r
}

func (c *Client) classifyFailure(r *attemptResult, resp *http.Response) {
	r.retryAfter, r.hasRetry = parseRetryAfter(resp.Header.Get("Retry-After"), c.cfg.Now())
	code := resp.StatusCode
	r.err = fmt.Errorf("HTTP %s", resp.Status)
	switch {
	case code == http.StatusTooManyRequests,
		code == http.StatusForbidden && (r.hasRetry || resp.Header.Get("X-RateLimit-Remaining") == "0"):
		r.reason, r.retryable = ReasonRateLimited, true
	case code == http.StatusRequestTimeout:
		r.reason, r.retryable = ReasonTimeout, true
	case code >= 500 && code != http.StatusNotImplemented && code != http.StatusHTTPVersionNotSupported:
		r.reason, r.retryable = ReasonServerError, true
	default:
		r.reason = ReasonHTTPStatus
		r.hasRetry = false
	}
}

func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	limit := c.cfg.MaxBodyBytes
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: Content-Length %d exceeds %d bytes", errTooLarge, resp.ContentLength, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", errTooLarge, limit)
	}
	return body, nil
}

// drain reads a little of what is left so the connection can be reused.
func drain(body io.Reader) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
}

// checkRedirect keeps redirects inside the allow list, refuses https→http
// downgrades and loops, and re-applies per-host Authorization.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return fmt.Errorf("%w: stopped after %d redirects", errRedirect, len(via))
	}
	if via[len(via)-1].URL.Scheme == "https" && req.URL.Scheme != "https" {
		return fmt.Errorf("%w: downgrade from https to %q", errRedirect, req.URL.Redacted())
	}
	if !c.allowed.allows(req.URL) {
		return fmt.Errorf("%w: %q is not an allowed host", errRedirect, req.URL.Host)
	}
	if req.URL.User != nil {
		return fmt.Errorf("%w: target %q carries credentials", errRedirect, req.URL.Redacted())
	}
	req.Header.Del("Authorization")
	if v, ok := c.auth[canonicalHost(req.URL.Scheme, req.URL.Host)]; ok {
		req.Header.Set("Authorization", v)
	}
	return nil
}
