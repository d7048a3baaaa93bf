package fetch

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults applied by [New] to zero fields of [Config].
const (
	DefaultConcurrency   = 16
	DefaultTimeout       = 15 * time.Second
	DefaultMaxAttempts   = 4
	DefaultBackoffBase   = 500 * time.Millisecond
	DefaultBackoffMax    = 8 * time.Second
	DefaultMaxRetryAfter = 30 * time.Second
	DefaultMaxBodyBytes  = 8 << 20
	DefaultTTL           = 24 * time.Hour
	DefaultNegativeTTL   = 24 * time.Hour
	DefaultUserAgent     = "ospo-gate (+https://github.com/ospo-gate/ospo-gate)"
)

// Config configures a [Client]. Zero fields take the defaults above.
type Config struct {
	// HTTPClient sends the requests. Its CheckRedirect is replaced (on a
	// copy) by the allow-list guard; its Timeout, if any, still applies.
	// Nil means a client with a transport tuned for Concurrency.
	HTTPClient *http.Client
	// UserAgent is sent on every request.
	UserAgent string
	// AllowedHosts lists the hosts ("api.deps.dev", "127.0.0.1:8080")
	// requests and redirects may go to. Matching ignores case and the
	// scheme's default port. Required unless Offline is set.
	AllowedHosts []string
	// Auth maps a host (same form as AllowedHosts) to the Authorization
	// header value sent to it. No other request carries Authorization.
	Auth map[string]string
	// Concurrency bounds the requests in flight across the client.
	Concurrency int
	// Timeout bounds each attempt, from sending to reading the whole body.
	Timeout time.Duration
	// MaxAttempts is the number of attempts for retryable failures (>= 1).
	MaxAttempts int
	// BackoffBase and BackoffMax shape the exponential backoff: attempt n
	// waits a random duration in [d/2, d] with d = min(Base*2^(n-1), Max).
	BackoffBase, BackoffMax time.Duration
	// MaxRetryAfter caps how long a Retry-After may make a lookup wait; a
	// server asking for longer makes the lookup unavailable at once rather
	// than retrying too early.
	MaxRetryAfter time.Duration
	// MaxBodyBytes limits the size of a response body.
	MaxBodyBytes int64
	// Deadline is the run-wide deadline, on the Now clock. Lookups started
	// after it are unavailable immediately; lookups in flight are cut at it.
	// Zero means none (the caller's context deadline still applies).
	Deadline time.Time
	// Cache stores answers; nil disables caching.
	Cache *Cache
	// TTL and NegativeTTL are the default lifetimes of cached Found and
	// NotFound answers; a Request may override them.
	TTL, NegativeTTL time.Duration
	// Offline makes the client answer from the cache only.
	Offline bool
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Sleep waits d or until ctx is done (default: a timer).
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a number in [0, 1) (default math/rand/v2.Float64).
	Jitter func() float64
}

func (cfg *Config) applyDefaults() {
	setDefault(&cfg.UserAgent, DefaultUserAgent)
	setDefault(&cfg.Concurrency, DefaultConcurrency)
	setDefault(&cfg.Timeout, DefaultTimeout)
	setDefault(&cfg.MaxAttempts, DefaultMaxAttempts)
	setDefault(&cfg.BackoffBase, DefaultBackoffBase)
	setDefault(&cfg.BackoffMax, DefaultBackoffMax)
	setDefault(&cfg.MaxRetryAfter, DefaultMaxRetryAfter)
	setDefault(&cfg.MaxBodyBytes, DefaultMaxBodyBytes)
	setDefault(&cfg.TTL, DefaultTTL)
	setDefault(&cfg.NegativeTTL, DefaultNegativeTTL)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	if cfg.Jitter == nil {
		cfg.Jitter = rand.Float64
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = defaultHTTPClient(cfg.Concurrency)
	}
}

func setDefault[T comparable](field *T, def T) {
	var zero T
	if *field == zero {
		*field = def
	}
}

func (cfg *Config) validate() error {
	var errs []error
	if cfg.Concurrency < 0 {
		errs = append(errs, fmt.Errorf("concurrency %d is negative", cfg.Concurrency))
	}
	if cfg.MaxAttempts < 0 {
		errs = append(errs, fmt.Errorf("max attempts %d is negative", cfg.MaxAttempts))
	}
	for name, d := range map[string]time.Duration{
		"timeout": cfg.Timeout, "backoff base": cfg.BackoffBase, "backoff max": cfg.BackoffMax,
		"max retry-after": cfg.MaxRetryAfter, "ttl": cfg.TTL, "negative ttl": cfg.NegativeTTL,
	} {
		if d < 0 {
			errs = append(errs, fmt.Errorf("%s %s is negative", name, d))
		}
	}
	if cfg.MaxBodyBytes < 0 {
		errs = append(errs, fmt.Errorf("max body bytes %d is negative", cfg.MaxBodyBytes))
	}
	if len(cfg.AllowedHosts) == 0 && !cfg.Offline {
		errs = append(errs, errors.New("no allowed hosts: every request would be refused"))
	}
	for _, h := range cfg.AllowedHosts {
		if err := checkHostEntry(h); err != nil {
			errs = append(errs, err)
		}
	}
	for h := range cfg.Auth {
		if err := checkHostEntry(h); err != nil {
			errs = append(errs, fmt.Errorf("auth: %w", err))
		}
	}
	return errors.Join(errs...)
}

func checkHostEntry(h string) error {
	if h == "" || strings.ContainsAny(h, "/?#@ \t") {
		return fmt.Errorf("invalid host %q: want a host or host:port", h)
	}
	return nil
}

func defaultHTTPClient(concurrency int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = concurrency
	tr.MaxIdleConns = 4 * concurrency
	return &http.Client{Transport: tr}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// HostOf returns the host (with a non-default port) of rawURL in the form
// AllowedHosts and Auth expect, e.g. HostOf("https://api.deps.dev/v3") is
// "api.deps.dev".
func HostOf(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("parsing URL %q: %w", rawURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("URL %q: scheme must be http or https", rawURL)
	}
	if u.Host == "" {
		return "", fmt.Errorf("URL %q has no host", rawURL)
	}
	return canonicalHost(u.Scheme, u.Host), nil
}

// canonicalHost lower-cases host and drops the scheme's default port.
func canonicalHost(scheme, hostport string) string {
	hostport = strings.ToLower(hostport)
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]")
	}
	defaultPort := (scheme == "https" && port == "443") || (scheme == "http" && port == "80") ||
		(scheme == "" && (port == "443" || port == "80"))
	if defaultPort || port == "" {
		return host
	}
	return net.JoinHostPort(host, port)
}

// hostSet is a set of canonical hosts.
type hostSet map[string]bool

func newHostSet(hosts []string) hostSet {
	s := make(hostSet, len(hosts))
	for _, h := range hosts {
		s[canonicalHost("", h)] = true
	}
	return s
}

func (s hostSet) allows(u *url.URL) bool {
	return s[canonicalHost(u.Scheme, u.Host)]
}
