package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
)

// Client performs lookups. It is safe for concurrent use.
type Client struct {
	cfg     Config
	http    *http.Client
	allowed hostSet
	auth    map[string]string
	sem     chan struct{}
	flight  flight
	stats   counters
}

// New returns a client for cfg after applying defaults and validating it.
func New(cfg Config) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("fetch config: %w", err)
	}
	cfg.applyDefaults()
	c := &Client{
		cfg:     cfg,
		allowed: newHostSet(cfg.AllowedHosts),
		auth:    make(map[string]string, len(cfg.Auth)),
		sem:     make(chan struct{}, cfg.Concurrency),
	}
	for h, v := range cfg.Auth {
		c.auth[canonicalHost("", h)] = v
	}
	hc := *cfg.HTTPClient
	hc.CheckRedirect = c.checkRedirect
	c.http = &hc
	return c, nil
}

// Concurrency returns the maximum number of requests in flight.
func (c *Client) Concurrency() int { return c.cfg.Concurrency }

// Offline reports whether the client only reads the cache.
func (c *Client) Offline() bool { return c.cfg.Offline }

// Request describes one lookup.
type Request struct {
	// URL is the absolute http(s) URL to GET.
	URL string
	// Namespace groups cache entries ("scorecard", "depsdev-version"); empty
	// disables caching for this request. Every request of a namespace must
	// be decoded to the same Go type.
	Namespace string
	// Key identifies the answer within Namespace; empty means URL.
	Key string
	// Accept is the Accept header (default "application/json").
	Accept string
	// TTL and NegativeTTL override the client's cache lifetimes when > 0.
	TTL, NegativeTTL time.Duration
}

func (r Request) cacheKey() string {
	if r.Key != "" {
		return r.Key
	}
	return r.URL
}

// Stats are cumulative counters of a client.
type Stats struct {
	Lookups     int64 // calls to Get
	Requests    int64 // HTTP requests actually sent (retries included)
	Retries     int64 // requests that were retries of a failed attempt
	CacheHits   int64 // lookups answered from the cache
	CacheMisses int64 // lookups the cache could not answer (absent, expired or corrupt)
	Found       int64
	NotFound    int64
	Unavailable int64
}

type counters struct {
	lookups, requests, retries, hits, misses, found, notFound, unavailable atomic.Int64
}

// Stats returns a snapshot of the client's counters.
func (c *Client) Stats() Stats {
	s := &c.stats
	return Stats{
		Lookups: s.lookups.Load(), Requests: s.requests.Load(), Retries: s.retries.Load(),
		CacheHits: s.hits.Load(), CacheMisses: s.misses.Load(),
		Found: s.found.Load(), NotFound: s.notFound.Load(), Unavailable: s.unavailable.Load(),
	}
}

func (c *Client) count(resp Response) {
	switch resp.Outcome {
	case Found:
		c.stats.found.Add(1)
	case NotFound:
		c.stats.notFound.Add(1)
	default:
		c.stats.unavailable.Add(1)
	}
}

// safeDecode turns a panic of decode (a bug meeting a hostile answer) into a rejection, so the lookup is
// Unavailable with ReasonMalformed instead of the process dying.
func safeDecode[T any](decode func([]byte) (T, error)) func([]byte) (T, error) {
	return func(b []byte) (v T, err error) {
		defer func() {
			if p := recover(); p != nil {
				var zero T
				v, err = zero, fmt.Errorf("decoding the answer crashed: %v", p)
			}
		}()
		return decode(b)
	}
}

// Get looks req up: from the cache when a fresh entry exists, else over
// HTTP with retries, and decodes a Found body with decode. A body decode
// rejects makes the lookup Unavailable with ReasonMalformed and is not
// cached; a cached body decode rejects is treated as a cache miss.
// Concurrent Gets for the same namespace and key share one lookup.
// Concurrent callers share the first caller's context for that lookup.
// The returned value is meaningful only when the outcome is Found.
func Get[T any](ctx context.Context, c *Client, req Request, decode func([]byte) (T, error)) (T, Response) {
	c.stats.lookups.Add(1)
	var zero T
	if decode == nil {
		resp := unavailable(req.URL, ReasonInvalidRequest, 0, 0, errors.New("nil decode function"))
		c.count(resp)
		return zero, resp
	}
	v, resp := c.flight.do(req.Namespace+"\x00"+req.cacheKey(), func() (any, Response) {
		return lookup(ctx, c, req, safeDecode(decode))
	})
	t, ok := v.(T)
	if resp.Outcome == Found && !ok {
		err := fmt.Errorf("cache namespace %q shared by different result types", req.Namespace)
		resp = unavailable(req.URL, ReasonInvalidRequest, resp.Status, resp.Attempts, err)
	}
	c.count(resp)
	return t, resp
}

func lookup[T any](ctx context.Context, c *Client, req Request, decode func([]byte) (T, error)) (any, Response) {
	cached, hit := cacheLookup(c, req, decode)
	if hit.Outcome != Unavailable && !hit.Stale {
		return cached, hit
	}
	if c.cfg.Offline {
		if hit.Stale {
			return cached, hit
		}
		return nil, unavailable(req.URL, ReasonOffline, 0, 0, errors.New("offline mode and no cached answer"))
	}
	body, resp := c.fetch(ctx, req)
	switch resp.Outcome {
	case Found:
		v, err := decode(body)
		if err != nil {
			return nil, unavailable(req.URL, ReasonMalformed, resp.Status, resp.Attempts, err)
		}
		c.store(req, resp.Status, body)
		return v, resp
	case NotFound:
		c.store(req, resp.Status, nil)
	}
	return nil, resp
}

// cacheLookup returns a cached answer (Outcome != Unavailable) if a valid
// entry exists; an expired one is returned only in offline mode, as Stale.
func cacheLookup[T any](c *Client, req Request, decode func([]byte) (T, error)) (any, Response) {
	miss := Response{Outcome: Unavailable, URL: req.URL}
	if c.cfg.Cache == nil || req.Namespace == "" {
		return nil, miss
	}
	e, err := c.cfg.Cache.Load(req.Namespace, req.cacheKey())
	if err != nil {
		c.stats.misses.Add(1)
		return nil, miss
	}
	stale := e.Expired(c.cfg.Now(), c.ttlFor(req, e.Status))
	if stale && !c.cfg.Offline {
		c.stats.misses.Add(1)
		return nil, miss
	}
	resp := Response{Outcome: NotFound, Source: SourceCache, URL: req.URL, Status: e.Status, StoredAt: e.StoredAt, Stale: stale}
	if !isNotFound(e.Status) {
		v, err := decode(e.Body)
		if err != nil {
			c.cfg.Cache.noteCorrupt()
			c.stats.misses.Add(1)
			return nil, miss
		}
		resp.Outcome = Found
		c.stats.hits.Add(1)
		return v, resp
	}
	c.stats.hits.Add(1)
	return nil, resp
}

func (c *Client) ttlFor(req Request, status int) time.Duration {
	if isNotFound(status) {
		return firstPositive(req.NegativeTTL, c.cfg.NegativeTTL)
	}
	return firstPositive(req.TTL, c.cfg.TTL)
}

func firstPositive(a, b time.Duration) time.Duration {
	if a > 0 {
		return a
	}
	return b
}

func (c *Client) store(req Request, status int, body []byte) {
	if c.cfg.Cache == nil || req.Namespace == "" {
		return
	}
	e := Entry{StoredAt: c.cfg.Now(), TTL: c.ttlFor(req, status), Status: status, Body: body}
	// A failed cache write only costs a future request; the answer stands.
	_ = c.cfg.Cache.Store(req.Namespace, req.cacheKey(), e)
}

func isNotFound(status int) bool {
	return status == http.StatusNotFound || status == http.StatusGone
}
