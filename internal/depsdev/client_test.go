package depsdev

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// fakeDepsDev serves GetVersion answers keyed by the raw request URI, so the
// test fails if escaping is lost on the way.
func fakeDepsDev(t *testing.T) (*httptest.Server, *atomic.Int64, *sync.Map) {
	t.Helper()
	var n atomic.Int64
	var seen sync.Map // raw request URIs
	answers := map[string]func(w http.ResponseWriter){
		"/v3/systems/npm/packages/defangjs/versions/1.0.7": func(w http.ResponseWriter) {
			w.Write(readTestdata(t, "npm-defangjs-1.0.7.json"))
		},
		"/v3/systems/go/packages/rsc.io%2Fgithub/versions/v0.4.1": func(w http.ResponseWriter) {
			w.Write(readTestdata(t, "go-rsc.io-github-v0.4.1.json"))
		},
		"/v3/systems/npm/packages/%40types%2Fnode/versions/20.1.0": func(w http.ResponseWriter) {
			w.Write([]byte(`{"versionKey":{"system":"NPM","name":"@types/node","version":"20.1.0"},"licenses":["MIT"],"relatedProjects":[{"projectKey":{"id":""},"relationType":"SOURCE_REPO"}]}`))
		},
		"/v3/systems/maven/packages/org.slf4j%3Aslf4j-api/versions/2.0.9": func(w http.ResponseWriter) {
			w.Write([]byte(`{"licenses":["MIT"],"links":[{"label":"SOURCE_REPO","url":"https://github.com/qos-ch/slf4j"}]}`))
		},
		"/v3/systems/go/packages/k8s.io%2Fapi/versions/v0.30.0%2Bincompatible": func(w http.ResponseWriter) {
			w.Write([]byte(`{"licenses":["Apache-2.0"]}`))
		},
		"/v3/systems/cargo/packages/busy/versions/1.0.0": func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		},
		"/v3/systems/cargo/packages/broken/versions/1.0.0": func(w http.ResponseWriter) {
			w.Write([]byte(`{"licenses":["MIT"`))
		},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		seen.Store(r.RequestURI, true)
		if h, ok := answers[r.RequestURI]; ok {
			h(w)
			return
		}
		http.Error(w, `{"code":5,"message":"version not found"}`, http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	return srv, &n, &seen
}

func newTestClient(t *testing.T, srv *httptest.Server, cache *fetch.Cache) (*Client, *fetch.Client) {
	t.Helper()
	host, _ := fetch.HostOf(srv.URL)
	f, err := fetch.New(fetch.Config{
		AllowedHosts: []string{host}, Cache: cache, MaxAttempts: 2,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(f, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, f
}

func TestGetVersionForPURL(t *testing.T) {
	t.Parallel()
	srv, _, _ := fakeDepsDev(t)
	c, _ := newTestClient(t, srv, nil)
	tests := []struct {
		purl     string
		outcome  fetch.Outcome
		reason   fetch.Reason
		licenses string
		repo     string
	}{
		{purl: "pkg:npm/defangjs@1.0.7", outcome: fetch.Found, licenses: "GPL-3.0", repo: "github.com/edoardottt/defangjs"},
		{purl: "pkg:golang/rsc.io/github@v0.4.1", outcome: fetch.Found, licenses: "BSD-3-Clause", repo: "github.com/rsc/github"},
		{purl: "pkg:npm/%40types/node@20.1.0", outcome: fetch.Found, licenses: "MIT"},
		{purl: "pkg:maven/org.slf4j/slf4j-api@2.0.9", outcome: fetch.Found, licenses: "MIT", repo: "https://github.com/qos-ch/slf4j"},
		{purl: "pkg:golang/k8s.io/api@0.30.0+incompatible", outcome: fetch.Found, licenses: "Apache-2.0"},
		{purl: "pkg:npm/nope@0.0.0", outcome: fetch.NotFound},
		{purl: "pkg:cargo/busy@1.0.0", outcome: fetch.Unavailable, reason: fetch.ReasonRateLimited},
		{purl: "pkg:cargo/broken@1.0.0", outcome: fetch.Unavailable, reason: fetch.ReasonMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.purl, func(t *testing.T) {
			t.Parallel()
			v, resp, err := c.GetVersionForPURL(context.Background(), tc.purl)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Outcome != tc.outcome || resp.Reason() != tc.reason {
				t.Fatalf("outcome %v/%q (%v), want %v/%q", resp.Outcome, resp.Reason(), resp.Err, tc.outcome, tc.reason)
			}
			if got := strings.Join(v.Licenses, ","); got != tc.licenses {
				t.Errorf("licenses %q, want %q", got, tc.licenses)
			}
			repo, _, _ := c.SourceRepo(context.Background(), tc.purl)
			if repo != tc.repo {
				t.Errorf("SourceRepo = %q, want %q", repo, tc.repo)
			}
		})
	}
}

func TestGetVersionForPURLRejectsWithoutRequest(t *testing.T) {
	t.Parallel()
	srv, n, _ := fakeDepsDev(t)
	c, _ := newTestClient(t, srv, nil)
	for _, purl := range []string{"pkg:github/actions/checkout@v4", "pkg:npm/x", "garbage"} {
		if _, _, err := c.GetVersionForPURL(context.Background(), purl); err == nil {
			t.Errorf("%q: no error", purl)
		}
		if _, _, err := c.SourceRepo(context.Background(), purl); err == nil {
			t.Errorf("SourceRepo(%q): no error", purl)
		}
	}
	if _, _, err := c.SourceRepo(context.Background(), "pkg:gem/x@1"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("gem: %v", err)
	}
	if n.Load() != 0 {
		t.Errorf("%d requests made for rejected purls", n.Load())
	}
}

func TestVersionURLEscaping(t *testing.T) {
	t.Parallel()
	f, err := fetch.New(fetch.Config{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(f, "")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		k    VersionKey
		want string
	}{
		{VersionKey{"npm", "@scope/pkg", "1.0.0"}, "https://api.deps.dev/v3/systems/npm/packages/%40scope%2Fpkg/versions/1.0.0"},
		{VersionKey{"maven", "g:a", "1.0"}, "https://api.deps.dev/v3/systems/maven/packages/g%3Aa/versions/1.0"},
		{VersionKey{"go", "x/../../y", "v1.0.0+incompatible"}, "https://api.deps.dev/v3/systems/go/packages/x%2F..%2F..%2Fy/versions/v1.0.0%2Bincompatible"},
		{VersionKey{"pypi", "a b?c#d", "1 0"}, "https://api.deps.dev/v3/systems/pypi/packages/a%20b%3Fc%23d/versions/1%200"},
	}
	for _, tc := range tests {
		if got := c.VersionURL(tc.k); got != tc.want {
			t.Errorf("VersionURL(%+v) = %q, want %q", tc.k, got, tc.want)
		}
	}
}

func TestGetVersionCachedAcrossRuns(t *testing.T) {
	t.Parallel()
	srv, n, _ := fakeDepsDev(t)
	cache, err := fetch.OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	purls := []string{"pkg:npm/defangjs@1.0.7", "pkg:golang/rsc.io/github@v0.4.1", "pkg:npm/nope@0.0.0"}
	for run := range 2 {
		c, f := newTestClient(t, srv, cache)
		for _, p := range purls {
			if _, resp, err := c.GetVersionForPURL(context.Background(), p); err != nil || resp.Outcome == fetch.Unavailable {
				t.Fatalf("run %d %s: %v %v", run, p, err, resp.Err)
			}
		}
		if want := int64(3 * (1 - run)); f.Stats().Requests != want {
			t.Errorf("run %d made %d requests, want %d", run, f.Stats().Requests, want)
		}
	}
	if n.Load() != 3 {
		t.Errorf("server saw %d requests", n.Load())
	}
}

func TestNewClientValidatesBase(t *testing.T) {
	t.Parallel()
	f, _ := fetch.New(fetch.Config{Offline: true})
	for _, base := range []string{"ftp://x", "api.deps.dev", "https://x/?a=b"} {
		if _, err := NewClient(f, base); err == nil {
			t.Errorf("NewClient(%q) succeeded", base)
		}
	}
	if _, err := NewClient(nil, ""); err == nil {
		t.Error("NewClient(nil) succeeded")
	}
}
