package scorecard

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// fakeAPI is an in-process Scorecard API. Each project path maps to a
// behaviour; unknown projects are 404 like the real API.
type fakeAPI struct {
	flask    []byte
	mu       sync.Mutex
	hits     map[string]int
	requests atomic.Int64
}

func newFakeAPI(t *testing.T) (*fakeAPI, *httptest.Server) {
	t.Helper()
	api := &fakeAPI{flask: readFlask(t), hits: map[string]int{}}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return api, srv
}

func (a *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.requests.Add(1)
	a.mu.Lock()
	a.hits[r.URL.Path]++
	n := a.hits[r.URL.Path]
	a.mu.Unlock()
	switch r.URL.Path {
	case "/projects/github.com/pallets/flask":
		w.Write(a.flask)
	case "/projects/github.com/low/score":
		fmt.Fprint(w, `{"date":"2025-05-05","repo":{"name":"github.com/low/score"},"score":2.1,"checks":[{"name":"Maintained","score":0,"reason":"archived","details":null}]}`)
	case "/projects/github.com/rate/limited":
		if n == 1 {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write(a.flask)
	case "/projects/github.com/flaky/server":
		if n == 1 {
			http.Error(w, "upstream", http.StatusInternalServerError)
			return
		}
		w.Write(a.flask)
	case "/projects/github.com/always/down":
		http.Error(w, "down", http.StatusServiceUnavailable)
	case "/projects/github.com/slow/answer":
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	case "/projects/github.com/malformed/json":
		fmt.Fprint(w, `{"date":"2024-06-17","score":6.7,"checks":[{"name":"Maintained",`)
	case "/projects/github.com/html/page":
		fmt.Fprint(w, "<html>maintenance</html>")
	default:
		http.Error(w, `{"code":404,"message":"not found"}`, http.StatusNotFound)
	}
}

type noWait struct{}

func (noWait) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func newTestClient(t *testing.T, srv *httptest.Server, cfg fetch.Config) *Client {
	t.Helper()
	host, err := fetch.HostOf(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.AllowedHosts = append(cfg.AllowedHosts, host)
	if cfg.Sleep == nil {
		cfg.Sleep = noWait{}.Sleep
	}
	f, err := fetch.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(f, srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLookupOutcomes(t *testing.T) {
	t.Parallel()
	_, srv := newFakeAPI(t)
	// Only the slow-answer case gets a short timeout, so a loaded machine
	// cannot turn the other answers into timeouts.
	c := newTestClient(t, srv, fetch.Config{MaxAttempts: 2})
	impatient := newTestClient(t, srv, fetch.Config{Timeout: 200 * time.Millisecond, MaxAttempts: 2})
	tests := []struct {
		repo    string
		outcome fetch.Outcome
		reason  fetch.Reason
		score   float64
	}{
		{repo: "github.com/pallets/flask", outcome: fetch.Found, score: 6.7},
		{repo: "GitHub.com/Pallets/Flask", outcome: fetch.Found, score: 6.7},
		{repo: "github.com/low/score", outcome: fetch.Found, score: 2.1},
		{repo: "github.com/not/published", outcome: fetch.NotFound},
		{repo: "github.com/rate/limited", outcome: fetch.Found, score: 6.7},
		{repo: "github.com/flaky/server", outcome: fetch.Found, score: 6.7},
		{repo: "github.com/always/down", outcome: fetch.Unavailable, reason: fetch.ReasonServerError},
		{repo: "github.com/slow/answer", outcome: fetch.Unavailable, reason: fetch.ReasonTimeout},
		{repo: "github.com/malformed/json", outcome: fetch.Unavailable, reason: fetch.ReasonMalformed},
		{repo: "github.com/html/page", outcome: fetch.Unavailable, reason: fetch.ReasonMalformed},
		{repo: "not-a-repo", outcome: fetch.Unavailable, reason: fetch.ReasonInvalidRequest},
		{repo: "github.com/../../etc", outcome: fetch.Unavailable, reason: fetch.ReasonInvalidRequest},
	}
	for _, tc := range tests {
		t.Run(tc.repo, func(t *testing.T) {
			t.Parallel()
			client := c
			if tc.reason == fetch.ReasonTimeout {
				client = impatient
			}
			l := client.Lookup(context.Background(), tc.repo)
			if l.Outcome() != tc.outcome || l.Response.Reason() != tc.reason {
				t.Fatalf("outcome %v/%q (%v), want %v/%q", l.Outcome(), l.Response.Reason(), l.Response.Err, tc.outcome, tc.reason)
			}
			if tc.outcome == fetch.Found && l.Result.Score != tc.score {
				t.Errorf("score %v, want %v", l.Result.Score, tc.score)
			}
		})
	}
}

func TestLookupManyDedupsAndCaches(t *testing.T) {
	t.Parallel()
	api, srv := newFakeAPI(t)
	cache, err := fetch.OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	repos := []string{"github.com/pallets/flask", "GITHUB.COM/pallets/flask", "github.com/low/score", "github.com/not/published", "github.com/pallets/flask", "bad"}
	run := func(offline bool) (map[string]Lookup, fetch.Stats) {
		c := newTestClient(t, srv, fetch.Config{Cache: cache, Offline: offline})
		return c.LookupMany(context.Background(), repos), c.fetch.Stats()
	}
	first, stats := run(false)
	if len(first) != 5 || stats.Requests != 3 || api.requests.Load() != 3 {
		t.Fatalf("first run: %d results, stats %+v, server %d; want 5 keys and 3 requests", len(first), stats, api.requests.Load())
	}
	if first["GITHUB.COM/pallets/flask"].Repo != "github.com/pallets/flask" || first["bad"].Response.Reason() != fetch.ReasonInvalidRequest {
		t.Errorf("keys: %+v", first)
	}
	for _, offline := range []bool{false, true} {
		second, stats := run(offline)
		if stats.Requests != 0 || api.requests.Load() != 3 {
			t.Fatalf("second run (offline=%v) made %d requests", offline, stats.Requests)
		}
		for _, r := range repos {
			a, b := first[r], second[r]
			if a.Outcome() != b.Outcome() || a.Result.Score != b.Result.Score {
				t.Errorf("%s: first %v/%v, second %v/%v", r, a.Outcome(), a.Result.Score, b.Outcome(), b.Result.Score)
			}
			if b.Outcome() != fetch.Unavailable && b.Response.Source != fetch.SourceCache {
				t.Errorf("%s: second answer from %q", r, b.Response.Source)
			}
		}
	}
}

func TestLookupManyConcurrent(t *testing.T) {
	t.Parallel()
	api, srv := newFakeAPI(t)
	c := newTestClient(t, srv, fetch.Config{Concurrency: 8})
	var repos []string
	for i := range 300 {
		repos = append(repos, fmt.Sprintf("github.com/org%d/repo", i%100))
	}
	repos = append(repos, "github.com/pallets/flask")
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			got := c.LookupMany(context.Background(), repos)
			if len(got) != 101 || got["github.com/pallets/flask"].Outcome() != fetch.Found {
				t.Errorf("got %d results", len(got))
			}
		})
	}
	wg.Wait()
	if n := api.requests.Load(); n < 101 || n > 303 {
		t.Errorf("server saw %d requests", n)
	}
}

func TestNewClient(t *testing.T) {
	t.Parallel()
	f, err := fetch.New(fetch.Config{AllowedHosts: []string{"api.scorecard.dev"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ base, wantURL, err string }{
		{base: "", wantURL: "https://api.scorecard.dev/projects/github.com/o/r"},
		{base: "http://127.0.0.1:9/api/", wantURL: "http://127.0.0.1:9/api/projects/github.com/o/r"},
		{base: "api.scorecard.dev", err: "absolute http(s) URL"},
		{base: "https://x/?q=1", err: "query"},
	}
	for _, tc := range tests {
		c, err := NewClient(f, tc.base)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("NewClient(%q) error = %v, want %q", tc.base, err, tc.err)
			}
			continue
		}
		if err != nil || c.ProjectURL("github.com/o/r") != tc.wantURL {
			t.Errorf("NewClient(%q): %v, URL %q", tc.base, err, c.ProjectURL("github.com/o/r"))
		}
	}
	if _, err := NewClient(nil, ""); err == nil {
		t.Error("NewClient(nil) succeeded")
	}
}

func TestNormalizeRepo(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want, err string }{
		{in: "github.com/ossf/scorecard", want: "github.com/ossf/scorecard"},
		{in: " GitHub.com/OSSF/Scorecard ", want: "github.com/ossf/scorecard"},
		{in: "gitlab.com/group/sub/project", want: "gitlab.com/group/sub/project"},
		{in: "github.com/o", err: "want host/owner/repo"},
		{in: "localhost/o/r", err: "not a domain"},
		{in: "github.com/o/../r", err: "invalid path segment"},
		{in: "github.com/o//r", err: "invalid path segment"},
		{in: "github.com/o/r?x=1", err: "invalid path segment"},
		{in: "github.com/o/r%2F", err: "invalid path segment"},
	}
	for _, tc := range tests {
		got, err := NormalizeRepo(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("NormalizeRepo(%q) = %q, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NormalizeRepo(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestViewerURL(t *testing.T) {
	t.Parallel()
	if got := ViewerURL("github.com/pallets/flask"); got != "https://scorecard.dev/viewer/?uri=github.com%2Fpallets%2Fflask" {
		t.Errorf("ViewerURL = %q", got)
	}
}
