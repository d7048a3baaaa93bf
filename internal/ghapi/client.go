// Package ghapi is ospo-gate's GitHub REST client: check runs (created in progress, completed with annotations
// sent in batches of at most 50) and a sticky pull-request comment, over go-github.
//
// The client is built for a CI job that must never lose its verdict to an API hiccup and must never leak its
// token:
//
//   - The base URL is taken as given (GITHUB_API_URL: https://api.github.com, https://HOST/api/v3 on GitHub
//     Enterprise Server, https://api.TENANT.ghe.com), so an httptest server can stand in for GitHub.
//   - The token is added by a transport that sends it only to the API host (same scheme and host as the base
//     URL): a redirect elsewhere never carries it. It is never part of an error message, even when a server
//     echoes it back.
//   - Server errors (5xx) and transport errors are retried a bounded number of times with backoff; creations
//     are made idempotent first (a check run is looked up by its external id, a comment by its marker) so a
//     retry after a lost response does not create a duplicate.
//   - Every failure is an *Error carrying the HTTP status, so callers can tell "no permission" (403 on fork
//     pull requests) from "GitHub is down" and fall back accordingly.
//
// Sizes are enforced here too, so a request never fails for being too large: titles, summaries, messages and
// comment bodies are cut at GitHub's limits.
package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// DefaultBaseURL is the API of github.com.
const DefaultBaseURL = "https://api.github.com"

// DefaultAttempts is how many times a request is tried when GitHub answers 5xx or the connection fails.
const DefaultAttempts = 3

// DefaultTimeout bounds one request when the caller gives no HTTP client.
const DefaultTimeout = 30 * time.Second

// Config configures a Client. Zero fields take the defaults.
type Config struct {
	// BaseURL is the REST API root, GITHUB_API_URL in Actions ("" = DefaultBaseURL). It must be https, or http
	// on a loopback address (tests).
	BaseURL string
	// Token authenticates every request to the API host. Empty sends no Authorization header.
	Token string
	// Repository is "owner/name".
	Repository string
	// HTTPClient sends the requests; it is copied, never modified. Nil means a client with DefaultTimeout.
	HTTPClient *http.Client
	// UserAgent is sent on every request ("" keeps go-github's).
	UserAgent string
	// Attempts is the number of tries for a retryable failure (>= 1; 0 = DefaultAttempts).
	Attempts int
	// Backoff returns the wait before retry n (1-based). Nil means 1s, 2s, 4s, ... capped at 10s.
	Backoff func(retry int) time.Duration
	// Sleep waits d or until ctx is done. Nil means a timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Client talks to one repository's REST API.
type Client struct {
	gh       *github.Client
	token    string // only to redact it from errors
	owner    string
	repo     string
	attempts int
	backoff  func(int) time.Duration
	sleep    func(context.Context, time.Duration) error
}

// New validates cfg and builds a client.
func New(cfg Config) (*Client, error) {
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	owner, repo, ok := strings.Cut(cfg.Repository, "/")
	if !ok || owner == "" || repo == "" || strings.Contains(repo, "/") {
		return nil, fmt.Errorf("repository %q: want owner/name", cfg.Repository)
	}
	if strings.ContainsAny(cfg.Token, "\r\n") {
		return nil, errors.New("the GitHub token contains a line break; check the github-token input")
	}
	hc := &http.Client{Timeout: DefaultTimeout}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		hc = &c
	}
	if cfg.Token != "" {
		rt := hc.Transport
		if rt == nil {
			rt = http.DefaultTransport
		}
		hc.Transport = &tokenTransport{base: rt, token: cfg.Token, scheme: base.Scheme, host: base.Host}
	}
	gh := github.NewClient(hc)
	gh.BaseURL = base
	if cfg.UserAgent != "" {
		gh.UserAgent = cfg.UserAgent
	}
	c := &Client{gh: gh, token: cfg.Token, owner: owner, repo: repo, attempts: cfg.Attempts, backoff: cfg.Backoff, sleep: cfg.Sleep}
	if c.attempts <= 0 {
		c.attempts = DefaultAttempts
	}
	if c.backoff == nil {
		c.backoff = defaultBackoff
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	return c, nil
}

func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("GitHub API URL %q: want an absolute URL such as %s", raw, DefaultBaseURL)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		return nil, fmt.Errorf("GitHub API URL %q: the token is only sent over https", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}

// tokenTransport adds the token to requests for the API host only.
type tokenTransport struct {
	base         http.RoundTripper
	token        string
	scheme, host string
}

func (t *tokenTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Scheme == t.scheme && strings.EqualFold(r.URL.Host, t.host) {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+t.token)
	}
	return t.base.RoundTrip(r)
}

func defaultBackoff(retry int) time.Duration {
	d := time.Second << (retry - 1)
	if d > 10*time.Second || d <= 0 {
		d = 10 * time.Second
	}
	return d
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// call runs fn until it succeeds, fails for good, or the attempts are used up. before, when set, runs before
// every retry and may end the loop early (done) — it is how creations check whether a lost response had in
// fact succeeded.
func (c *Client) call(ctx context.Context, op string, fn func() (*github.Response, error), before func() bool) error {
	for attempt := 1; ; attempt++ {
		if attempt > 1 && before != nil && before() {
			return nil
		}
		resp, err := fn()
		if err == nil {
			return nil
		}
		e := newError(op, resp, err, attempt)
		e.redact(c.token)
		if attempt >= c.attempts || !retryable(ctx, e) {
			return e
		}
		if c.sleep(ctx, c.backoff(attempt)) != nil {
			return e
		}
	}
}

func retryable(ctx context.Context, e *Error) bool {
	if ctx.Err() != nil {
		return false
	}
	if e.Status == 0 {
		return !errors.Is(e.Err, context.Canceled) && !errors.Is(e.Err, context.DeadlineExceeded)
	}
	return e.Status >= 500
}
