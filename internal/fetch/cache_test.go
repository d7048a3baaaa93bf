package fetch

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func openCache(t *testing.T) *Cache {
	t.Helper()
	c, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// counting serves "/found/*" as JSON, everything else as 404, and counts.
func counting(t *testing.T) (*atomic.Int64, string) {
	t.Helper()
	var n atomic.Int64
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if len(r.URL.Path) > 7 && r.URL.Path[:7] == "/found/" {
			fmt.Fprintf(w, `{"path":%q}`, r.URL.Path)
			return
		}
		http.NotFound(w, r)
	})
	return &n, srv.URL
}

func TestCacheSecondRunMakesNoRequests(t *testing.T) {
	t.Parallel()
	n, base := counting(t)
	cache := openCache(t)
	urls := []string{base + "/found/a", base + "/found/b", base + "/missing"}
	run := func(offline bool) Stats {
		host, _ := HostOf(base)
		c, err := New(Config{AllowedHosts: []string{host}, Cache: cache, Offline: offline})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range urls {
			_, resp := getString(t, c, Request{URL: u, Namespace: "test"})
			want := Found
			if u == base+"/missing" {
				want = NotFound
			}
			if resp.Outcome != want {
				t.Fatalf("%s: outcome %v (%v), want %v", u, resp.Outcome, resp.Err, want)
			}
		}
		return c.Stats()
	}
	first := run(false)
	if first.Requests != 3 || first.CacheMisses != 3 || n.Load() != 3 {
		t.Fatalf("first run: %+v, server saw %d", first, n.Load())
	}
	for _, offline := range []bool{false, true} {
		second := run(offline)
		if second.Requests != 0 || second.CacheHits != 3 || n.Load() != 3 {
			t.Fatalf("second run (offline=%v): %+v, server saw %d; want zero requests", offline, second, n.Load())
		}
	}
}

func TestCacheTTL(t *testing.T) {
	t.Parallel()
	n, base := counting(t)
	cache := openCache(t)
	clock := newFakeClock()
	host, _ := HostOf(base)
	c, err := New(Config{AllowedHosts: []string{host}, Cache: cache, Now: clock.Now, TTL: time.Hour, NegativeTTL: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) Response {
		_, resp := getString(t, c, Request{URL: base + path, Namespace: "ttl"})
		return resp
	}
	steps := []struct {
		advance  time.Duration
		path     string
		source   Source
		requests int64
	}{
		{path: "/found/x", source: SourceNetwork, requests: 1},
		{path: "/missing", source: SourceNetwork, requests: 2},
		{advance: 9 * time.Minute, path: "/found/x", source: SourceCache, requests: 2},
		{path: "/missing", source: SourceCache, requests: 2},
		{advance: 2 * time.Minute, path: "/missing", source: SourceNetwork, requests: 3}, // negative TTL passed
		{path: "/found/x", source: SourceCache, requests: 3},
		{advance: time.Hour, path: "/found/x", source: SourceNetwork, requests: 4}, // positive TTL passed
		{path: "/found/x", source: SourceCache, requests: 4},
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		resp := get(s.path)
		if resp.Source != s.source || n.Load() != s.requests {
			t.Fatalf("step %d %s: source %q, requests %d; want %q, %d", i, s.path, resp.Source, n.Load(), s.source, s.requests)
		}
		if s.source == SourceCache && resp.StoredAt.IsZero() {
			t.Errorf("step %d: cached answer without StoredAt", i)
		}
	}
}

func TestCacheRequestTTLOverride(t *testing.T) {
	t.Parallel()
	n, base := counting(t)
	clock := newFakeClock()
	host, _ := HostOf(base)
	c, err := New(Config{AllowedHosts: []string{host}, Cache: openCache(t), Now: clock.Now, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	req := Request{URL: base + "/found/long", Namespace: "ttl", TTL: 7 * 24 * time.Hour}
	getString(t, c, req)
	clock.Advance(48 * time.Hour)
	if _, resp := getString(t, c, req); resp.Source != SourceCache || n.Load() != 1 {
		t.Fatalf("source %q, requests %d; want a cache hit under the request's TTL", resp.Source, n.Load())
	}
}

func TestCacheCorruptEntriesAreMisses(t *testing.T) {
	t.Parallel()
	corruptions := map[string]func(t *testing.T, data []byte) []byte{
		"garbage":     func(_ *testing.T, _ []byte) []byte { return []byte("\x00\x01not json") },
		"truncated":   func(_ *testing.T, d []byte) []byte { return d[:len(d)/2] },
		"empty":       func(_ *testing.T, _ []byte) []byte { return nil },
		"other key":   func(t *testing.T, d []byte) []byte { return replaceOnce(t, d, "/found/c", "/found/z") },
		"bad version": func(t *testing.T, d []byte) []byte { return replaceOnce(t, d, `"version":1`, `"version":9`) },
		"zero ttl": func(t *testing.T, d []byte) []byte {
			return replaceOnce(t, d, `"ttl_seconds":86400`, `"ttl_seconds":0`)
		},
		"bad status":    func(t *testing.T, d []byte) []byte { return replaceOnce(t, d, `"status":200`, `"status":500`) },
		"body mismatch": func(t *testing.T, d []byte) []byte { return replaceOnce(t, d, `"body":{`, `"body":[{`) },
	}
	for name, corrupt := range corruptions {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n, base := counting(t)
			cache := openCache(t)
			host, _ := HostOf(base)
			c, err := New(Config{AllowedHosts: []string{host}, Cache: cache})
			if err != nil {
				t.Fatal(err)
			}
			decode := func(b []byte) (map[string]string, error) {
				var m map[string]string
				return m, DecodeJSON(b, &m)
			}
			req := Request{URL: base + "/found/c", Namespace: "corrupt"}
			Get(context.Background(), c, req, decode)
			_, file, _ := cache.path("corrupt", req.URL)
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, corrupt(t, data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, resp := Get(context.Background(), c, req, decode)
			if resp.Outcome != Found || resp.Source != SourceNetwork || n.Load() != 2 {
				t.Fatalf("after corruption: %v from %q, %d requests; want a refetch", resp.Outcome, resp.Source, n.Load())
			}
			if _, resp := Get(context.Background(), c, req, decode); resp.Source != SourceCache {
				t.Fatalf("corrupt entry was not overwritten: source %q", resp.Source)
			}
		})
	}
}

func replaceOnce(t *testing.T, data []byte, old, new string) []byte {
	t.Helper()
	if !strings.Contains(string(data), old) {
		t.Fatalf("%q not in %s", old, data)
	}
	return []byte(strings.Replace(string(data), old, new, 1))
}

func TestOffline(t *testing.T) {
	t.Parallel()
	n, base := counting(t)
	cache := openCache(t)
	clock := newFakeClock()
	host, _ := HostOf(base)
	online, err := New(Config{AllowedHosts: []string{host}, Cache: cache, Now: clock.Now, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	getString(t, online, Request{URL: base + "/found/o", Namespace: "off"})
	offline, err := New(Config{Offline: true, Cache: cache, Now: clock.Now, TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		advance time.Duration
		url     string
		outcome Outcome
		reason  Reason
		stale   bool
	}{
		{name: "fresh hit", url: base + "/found/o", outcome: Found},
		{name: "miss", url: base + "/found/never", outcome: Unavailable, reason: ReasonOffline},
		{name: "expired entry is served stale", advance: 2 * time.Hour, url: base + "/found/o", outcome: Found, stale: true},
	}
	for _, tc := range tests {
		clock.Advance(tc.advance)
		body, resp := getString(t, offline, Request{URL: tc.url, Namespace: "off"})
		if resp.Outcome != tc.outcome || resp.Reason() != tc.reason || resp.Stale != tc.stale {
			t.Errorf("%s: %v/%q stale=%v, want %v/%q stale=%v", tc.name, resp.Outcome, resp.Reason(), resp.Stale, tc.outcome, tc.reason, tc.stale)
		}
		if tc.outcome == Found && body == "" {
			t.Errorf("%s: empty body", tc.name)
		}
	}
	if n.Load() != 1 || offline.Stats().Requests != 0 {
		t.Errorf("offline client made requests: server %d, stats %d", n.Load()-1, offline.Stats().Requests)
	}
}

func TestCacheConcurrentStoreLoad(t *testing.T) {
	t.Parallel()
	cache := openCache(t)
	now := time.Now()
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 50 {
				key := fmt.Sprintf("k%d", i%5)
				body := fmt.Appendf(nil, `{"g":%d,"i":%d}`, g, i)
				if err := cache.Store("conc", key, Entry{StoredAt: now, TTL: time.Hour, Status: 200, Body: body}); err != nil {
					t.Error(err)
					return
				}
				if _, err := cache.Load("conc", key); err != nil {
					t.Errorf("load %s: %v", key, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if cache.Stats().Corrupt != 0 {
		t.Errorf("readers saw %d corrupt entries", cache.Stats().Corrupt)
	}
	leftovers, _ := filepath.Glob(filepath.Join(cache.Dir(), "conc", "*", ".tmp-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestCacheRejectsBadNamespace(t *testing.T) {
	t.Parallel()
	cache := openCache(t)
	for _, ns := range []string{"", "../x", "A", "a/b", string(make([]byte, 70))} {
		if err := cache.Store(ns, "k", Entry{StoredAt: time.Now(), TTL: time.Hour, Status: 200}); err == nil {
			t.Errorf("Store(%q) succeeded", ns)
		}
	}
}

func TestCacheBinaryBodyRoundTrip(t *testing.T) {
	t.Parallel()
	cache := openCache(t)
	body := []byte{0x50, 0x4b, 0x03, 0x04, 0xff, 0x00}
	now := time.Now()
	if err := cache.Store("bin", "zip", Entry{StoredAt: now, TTL: time.Hour, Status: 200, Body: body}); err != nil {
		t.Fatal(err)
	}
	e, err := cache.Load("bin", "zip")
	if err != nil || string(e.Body) != string(body) || e.TTL != time.Hour || !e.StoredAt.Equal(now) {
		t.Fatalf("round trip: %+v, %v", e, err)
	}
}

func TestConcurrencyIsBoundedAndLookupsShared(t *testing.T) {
	t.Parallel()
	var inFlight, peak, total atomic.Int64
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		total.Add(1)
		cur := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if cur <= p || peak.CompareAndSwap(p, cur) {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
		fmt.Fprint(w, r.URL.Path)
	})
	c := newClient(t, srv, newFakeClock(), func(cfg *Config) { cfg.Concurrency = 4; cfg.Cache = openCache(t) })
	var wg sync.WaitGroup
	var bad atomic.Int64
	for i := range 200 {
		wg.Go(func() {
			path := fmt.Sprintf("/p%d", i%50) // every path requested 4 times concurrently
			body, resp := getString(t, c, Request{URL: srv.URL + path, Namespace: "conc"})
			if resp.Outcome != Found || body != path {
				bad.Add(1)
			}
		})
	}
	wg.Wait()
	if bad.Load() != 0 {
		t.Fatalf("%d lookups failed", bad.Load())
	}
	if p := peak.Load(); p > 4 {
		t.Errorf("peak concurrency %d exceeds 4", p)
	}
	if total.Load() != 50 {
		t.Errorf("server saw %d requests for 50 distinct paths", total.Load())
	}
	if s := c.Stats(); s.Lookups != 200 || s.Found != 200 || s.Requests != 50 {
		t.Errorf("stats %+v", s)
	}
}
