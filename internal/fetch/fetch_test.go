package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// step is one scripted answer of a fake server.
type step struct {
	status int
	header map[string]string
	body   string
	delay  time.Duration // real delay before answering
}

// scripted serves steps in order, repeating the last one.
func scripted(t *testing.T, steps ...step) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		s := steps[min(i, len(steps)-1)]
		if s.delay > 0 {
			select {
			case <-time.After(s.delay):
			case <-r.Context().Done():
				return
			}
		}
		for k, v := range s.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(s.status)
		fmt.Fprint(w, s.body)
	})
	return srv, &n
}

func TestGetOutcomes(t *testing.T) {
	t.Parallel()
	retryDate := time.Date(2026, 3, 1, 12, 0, 7, 0, time.UTC).Format(http.TimeFormat)
	tests := []struct {
		name       string
		steps      []step
		want       Outcome
		reason     Reason
		body       string
		requests   int64
		sleeps     []time.Duration
		wantStatus int
	}{
		{name: "200 found", steps: []step{{status: 200, body: `{"a":1}`}}, want: Found, body: `{"a":1}`, requests: 1, wantStatus: 200},
		{name: "404 not found", steps: []step{{status: 404, body: "nope"}}, want: NotFound, requests: 1, wantStatus: 404},
		{name: "410 not found", steps: []step{{status: 410}}, want: NotFound, requests: 1, wantStatus: 410},
		{
			name:  "429 retry-after seconds then success",
			steps: []step{{status: 429, header: map[string]string{"Retry-After": "3"}}, {status: 200, body: "ok"}},
			want:  Found, body: "ok", requests: 2, sleeps: []time.Duration{3 * time.Second}, wantStatus: 200,
		},
		{
			name:  "429 retry-after http-date then success",
			steps: []step{{status: 429, header: map[string]string{"Retry-After": retryDate}}, {status: 200, body: "ok"}},
			want:  Found, body: "ok", requests: 2, sleeps: []time.Duration{7 * time.Second}, wantStatus: 200,
		},
		{
			name:  "429 retry-after beyond cap gives up at once",
			steps: []step{{status: 429, header: map[string]string{"Retry-After": "3600"}}},
			want:  Unavailable, reason: ReasonRateLimited, requests: 1, wantStatus: 429,
		},
		{
			name:  "429 always exhausts attempts",
			steps: []step{{status: 429, header: map[string]string{"Retry-After": "1"}}},
			want:  Unavailable, reason: ReasonRateLimited, requests: 4,
			sleeps: []time.Duration{time.Second, time.Second, time.Second}, wantStatus: 429,
		},
		{
			name:  "500 then success with backoff",
			steps: []step{{status: 500}, {status: 502}, {status: 200, body: "ok"}},
			want:  Found, body: "ok", requests: 3,
			sleeps: []time.Duration{375 * time.Millisecond, 750 * time.Millisecond}, wantStatus: 200,
		},
		{
			name:  "503 always",
			steps: []step{{status: 503}},
			want:  Unavailable, reason: ReasonServerError, requests: 4,
			sleeps: []time.Duration{375 * time.Millisecond, 750 * time.Millisecond, 1500 * time.Millisecond}, wantStatus: 503,
		},
		{name: "403 is not retried", steps: []step{{status: 403}}, want: Unavailable, reason: ReasonHTTPStatus, requests: 1, wantStatus: 403},
		{
			name:  "403 with rate limit header is retried",
			steps: []step{{status: 403, header: map[string]string{"X-RateLimit-Remaining": "0"}}, {status: 200, body: "ok"}},
			want:  Found, body: "ok", requests: 2, sleeps: []time.Duration{375 * time.Millisecond}, wantStatus: 200,
		},
		{name: "501 is not retried", steps: []step{{status: 501}}, want: Unavailable, reason: ReasonHTTPStatus, requests: 1, wantStatus: 501},
		{name: "body too large", steps: []step{{status: 200, body: strings.Repeat("x", 2048)}}, want: Unavailable, reason: ReasonTooLarge, requests: 1, wantStatus: 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, n := scripted(t, tc.steps...)
			clock := newFakeClock()
			c := newClient(t, srv, clock, func(cfg *Config) { cfg.MaxBodyBytes = 1024 })
			body, resp := getString(t, c, Request{URL: srv.URL + "/x"})
			if resp.Outcome != tc.want || resp.Reason() != tc.reason {
				t.Fatalf("outcome = %v/%q, want %v/%q (err %v)", resp.Outcome, resp.Reason(), tc.want, tc.reason, resp.Err)
			}
			if (resp.Err != nil) != (tc.want == Unavailable) {
				t.Errorf("Err = %v with outcome %v", resp.Err, resp.Outcome)
			}
			if tc.want == Found && body != tc.body {
				t.Errorf("body = %q, want %q", body, tc.body)
			}
			if got := n.Load(); got != tc.requests || c.Stats().Requests != tc.requests || int64(resp.Attempts) != tc.requests {
				t.Errorf("requests: server %d, stats %d, attempts %d; want %d", got, c.Stats().Requests, resp.Attempts, tc.requests)
			}
			if resp.Status != tc.wantStatus {
				t.Errorf("status = %d, want %d", resp.Status, tc.wantStatus)
			}
			if got := clock.Sleeps(); fmt.Sprint(got) != fmt.Sprint(tc.sleeps) && !(len(got) == 0 && len(tc.sleeps) == 0) {
				t.Errorf("sleeps = %v, want %v", got, tc.sleeps)
			}
		})
	}
}

func TestGetMalformedBodyIsUnavailableAndNotCached(t *testing.T) {
	t.Parallel()
	srv, n := scripted(t, step{status: 200, body: "{\n  \"a\": tru\n}"})
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv, newFakeClock(), func(cfg *Config) { cfg.Cache = cache })
	decode := func(b []byte) (map[string]any, error) {
		var m map[string]any
		return m, DecodeJSON(b, &m)
	}
	for range 2 {
		_, resp := Get(context.Background(), c, Request{URL: srv.URL, Namespace: "t"}, decode)
		if resp.Reason() != ReasonMalformed {
			t.Fatalf("reason = %q, want malformed (err %v)", resp.Reason(), resp.Err)
		}
		if !strings.Contains(resp.Err.Error(), "2:11:") {
			t.Errorf("error %q lacks line:col 2:11", resp.Err)
		}
	}
	if n.Load() != 2 || cache.Stats().Writes != 0 {
		t.Errorf("requests = %d, cache writes = %d; want 2 and 0", n.Load(), cache.Stats().Writes)
	}
}

func TestGetSlowAnswerTimesOut(t *testing.T) {
	t.Parallel()
	srv, n := scripted(t, step{status: 200, body: "late", delay: 5 * time.Second})
	c := newClient(t, srv, newFakeClock(), func(cfg *Config) {
		cfg.Timeout = 50 * time.Millisecond
		cfg.MaxAttempts = 2
	})
	start := time.Now()
	_, resp := getString(t, c, Request{URL: srv.URL})
	if resp.Reason() != ReasonTimeout || n.Load() != 2 {
		t.Fatalf("reason = %q after %d requests, want timeout after 2 (err %v)", resp.Reason(), n.Load(), resp.Err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %s, the timeout did not cut the request", el)
	}
}

func TestGetTruncatedBodyIsNetworkFailure(t *testing.T) {
	t.Parallel()
	var n atomic.Int64
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Length", "100")
		fmt.Fprint(w, `{"partial":`)
	})
	c := newClient(t, srv, newFakeClock(), func(cfg *Config) { cfg.MaxAttempts = 2 })
	_, resp := getString(t, c, Request{URL: srv.URL})
	if resp.Reason() != ReasonNetwork || n.Load() != 2 {
		t.Fatalf("reason = %q after %d requests, want network after 2 (err %v)", resp.Reason(), n.Load(), resp.Err)
	}
}

func TestGetConnectionRefused(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	clock := newFakeClock()
	c := newClient(t, srv, clock, func(cfg *Config) { cfg.MaxAttempts = 3 })
	_, resp := getString(t, c, Request{URL: url})
	if resp.Reason() != ReasonNetwork || resp.Attempts != 3 || len(clock.Sleeps()) != 2 {
		t.Fatalf("reason %q attempts %d sleeps %v, want network/3/2 sleeps", resp.Reason(), resp.Attempts, clock.Sleeps())
	}
}

func TestHostGuard(t *testing.T) {
	t.Parallel()
	var otherHits atomic.Int64
	other := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		fmt.Fprint(w, r.Header.Get("Authorization"))
	})
	main := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		target := other.URL + r.URL.Path
		if r.URL.Path == "/creds" {
			target = strings.Replace(other.URL, "://", "://user:pw@", 1)
		}
		http.Redirect(w, r, target, http.StatusFound)
	})
	mainHost, _ := HostOf(main.URL)
	otherHost, _ := HostOf(other.URL)
	tests := []struct {
		name      string
		allowed   []string
		url       string
		reason    Reason
		otherHits int64
	}{
		{name: "host not allowed", allowed: []string{mainHost}, url: other.URL + "/direct", reason: ReasonHostNotAllowed},
		{name: "redirect to other host refused", allowed: []string{mainHost}, url: main.URL + "/redir", reason: ReasonRedirect},
		{name: "redirect to allowed host followed", allowed: []string{mainHost, otherHost}, url: main.URL + "/redir", otherHits: 1},
		{name: "redirect to credentials refused", allowed: []string{mainHost, otherHost}, url: main.URL + "/creds", reason: ReasonRedirect},
		{name: "credentials in URL refused", allowed: []string{mainHost}, url: strings.Replace(main.URL, "://", "://u:p@", 1), reason: ReasonInvalidRequest},
		{name: "not http", allowed: []string{mainHost}, url: "file:///etc/passwd", reason: ReasonInvalidRequest},
		{name: "unparsable", allowed: []string{mainHost}, url: "http://[::1", reason: ReasonInvalidRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Not parallel: the subtests share the other server's hit counter.
			before := otherHits.Load()
			c := newClient(t, nil, newFakeClock(), func(cfg *Config) {
				cfg.AllowedHosts = tc.allowed
				cfg.Auth = map[string]string{mainHost: "Bearer main-only"}
			})
			body, resp := getString(t, c, Request{URL: tc.url})
			if resp.Reason() != tc.reason {
				t.Fatalf("reason = %q, want %q (err %v)", resp.Reason(), tc.reason, resp.Err)
			}
			if got := otherHits.Load() - before; got != tc.otherHits {
				t.Errorf("other server hits = %d, want %d", got, tc.otherHits)
			}
			if tc.reason == "" && body != "" {
				t.Errorf("redirect target received Authorization %q", body)
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s|%s|%s", r.Header.Get("User-Agent"), r.Header.Get("Authorization"), r.Header.Get("Accept"))
	})
	host, _ := HostOf(srv.URL)
	tests := []struct {
		name string
		auth map[string]string
		want string
	}{
		{name: "no auth configured", want: "ua/1||application/json"},
		{name: "auth for this host", auth: map[string]string{host: "Bearer t"}, want: "ua/1|Bearer t|application/json"},
		{name: "auth for another host only", auth: map[string]string{"api.github.com": "Bearer t"}, want: "ua/1||application/json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newClient(t, srv, newFakeClock(), func(cfg *Config) { cfg.UserAgent = "ua/1"; cfg.Auth = tc.auth })
			body, resp := getString(t, c, Request{URL: srv.URL})
			if resp.Outcome != Found || body != tc.want {
				t.Fatalf("got %q (%v), want %q", body, resp.Err, tc.want)
			}
		})
	}
}

func TestRunDeadline(t *testing.T) {
	t.Parallel()
	srv, n := scripted(t, step{status: 503})
	clock := newFakeClock()
	c := newClient(t, srv, clock, func(cfg *Config) { cfg.Deadline = clock.Now().Add(time.Minute) })

	// Before the deadline: retries are attempted.
	_, resp := getString(t, c, Request{URL: srv.URL + "/a"})
	if resp.Reason() != ReasonServerError || resp.Attempts != 4 {
		t.Fatalf("before deadline: %q after %d attempts, want server-error after 4", resp.Reason(), resp.Attempts)
	}
	// After it: every remaining lookup is unavailable at once, without a request.
	clock.Advance(time.Hour)
	sent := n.Load()
	for i := range 50 {
		_, resp := getString(t, c, Request{URL: fmt.Sprintf("%s/b%d", srv.URL, i)})
		if resp.Reason() != ReasonDeadline || resp.Attempts != 0 {
			t.Fatalf("after deadline: %q after %d attempts, want deadline after 0", resp.Reason(), resp.Attempts)
		}
	}
	if n.Load() != sent {
		t.Errorf("%d requests sent after the deadline", n.Load()-sent)
	}
}

func TestRetryWouldPassDeadline(t *testing.T) {
	t.Parallel()
	srv, n := scripted(t, step{status: 429, header: map[string]string{"Retry-After": "20"}})
	clock := newFakeClock()
	c := newClient(t, srv, clock, func(cfg *Config) { cfg.Deadline = clock.Now().Add(5 * time.Second) })
	_, resp := getString(t, c, Request{URL: srv.URL})
	if resp.Reason() != ReasonRateLimited || n.Load() != 1 || !errors.Is(resp.Err, errRetryTooLate) {
		t.Fatalf("got %q after %d requests (%v), want rate-limited after 1 without waiting", resp.Reason(), n.Load(), resp.Err)
	}
}

func TestRunDeadlineCutsSlowRequest(t *testing.T) {
	t.Parallel()
	srv, _ := scripted(t, step{status: 200, delay: 5 * time.Second})
	c := newClient(t, srv, newFakeClock(), func(cfg *Config) {
		cfg.Now = time.Now
		cfg.Deadline = time.Now().Add(100 * time.Millisecond)
	})
	start := time.Now()
	_, resp := getString(t, c, Request{URL: srv.URL})
	if resp.Reason() != ReasonDeadline || resp.Attempts != 1 {
		t.Fatalf("got %q after %d attempts (%v), want deadline after 1", resp.Reason(), resp.Attempts, resp.Err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %s; the run deadline did not cut the request", el)
	}
}

func TestContextCanceled(t *testing.T) {
	t.Parallel()
	srv, n := scripted(t, step{status: 200})
	c := newClient(t, srv, newFakeClock(), nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, resp := Get(ctx, c, Request{URL: srv.URL}, decodeString)
	if resp.Reason() != ReasonCanceled || n.Load() != 0 {
		t.Fatalf("got %q with %d requests, want canceled with none", resp.Reason(), n.Load())
	}
}

func TestNilDecode(t *testing.T) {
	t.Parallel()
	srv, n := scripted(t, step{status: 200})
	c := newClient(t, srv, newFakeClock(), nil)
	_, resp := Get[string](context.Background(), c, Request{URL: srv.URL}, nil)
	if resp.Reason() != ReasonInvalidRequest || n.Load() != 0 {
		t.Fatalf("got %q with %d requests", resp.Reason(), n.Load())
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{name: "no hosts", cfg: Config{}, want: "no allowed hosts"},
		{name: "bad host", cfg: Config{AllowedHosts: []string{"https://x"}}, want: "invalid host"},
		{name: "negative concurrency", cfg: Config{AllowedHosts: []string{"x"}, Concurrency: -1}, want: "concurrency -1"},
		{name: "negative timeout", cfg: Config{AllowedHosts: []string{"x"}, Timeout: -1}, want: "timeout"},
		{name: "bad auth host", cfg: Config{AllowedHosts: []string{"x"}, Auth: map[string]string{"a/b": "t"}}, want: "auth: invalid host"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := New(Config{Offline: true}); err != nil {
		t.Errorf("offline client without hosts: %v", err)
	}
}

func TestHostOf(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want, err string }{
		{in: "https://api.scorecard.dev", want: "api.scorecard.dev"},
		{in: "https://API.deps.dev:443/v3", want: "api.deps.dev"},
		{in: "http://127.0.0.1:8080/x", want: "127.0.0.1:8080"},
		{in: "http://[::1]:80/", want: "::1"},
		{in: "ftp://x", err: "scheme"},
		{in: "https:///x", err: "no host"},
	}
	for _, tc := range tests {
		got, err := HostOf(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("HostOf(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("HostOf(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestGetDecoderPanicIsMalformed checks that a decoder panicking on an answer makes the lookup Unavailable
// (malformed, not cached) instead of taking the process down.
func TestGetDecoderPanicIsMalformed(t *testing.T) {
	t.Parallel()
	srv, _ := scripted(t, step{status: 200, body: `{"a": 1}`})
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv, newFakeClock(), func(cfg *Config) { cfg.Cache = cache })
	decode := func([]byte) (int, error) {
		var m map[string]int
		m["boom"] = 1 // assignment to a nil map panics
		return 0, nil
	}
	_, resp := Get(context.Background(), c, Request{URL: srv.URL, Namespace: "t"}, decode)
	if resp.Outcome != Unavailable || resp.Reason() != ReasonMalformed || !strings.Contains(resp.Err.Error(), "crashed") {
		t.Fatalf("outcome %v, reason %q, err %v; want unavailable, malformed, crashed", resp.Outcome, resp.Reason(), resp.Err)
	}
	if cache.Stats().Writes != 0 {
		t.Errorf("a crashed decode was cached")
	}
}
