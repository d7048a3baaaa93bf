package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeScorecard serves real-shaped Scorecard API answers (testdata/scorecard/flask.json, a captured response)
// rewritten per repository, and counts the requests it gets.
type fakeScorecard struct {
	requests atomic.Int64
	results  map[string]func(map[string]any) // repo path → edits of the flask answer; absent = 404
}

func (f *fakeScorecard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	repo := strings.TrimPrefix(r.URL.Path, "/projects/")
	edit, ok := f.results[repo]
	if !ok {
		http.Error(w, `{"code":404,"message":"not found"}`, http.StatusNotFound)
		return
	}
	b, err := os.ReadFile("testdata/scorecard/flask.json")
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	doc["repo"].(map[string]any)["name"] = repo
	edit(doc)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(doc)
}

func setCheck(doc map[string]any, name string, score int) {
	for _, c := range doc["checks"].([]any) {
		if m := c.(map[string]any); m["name"] == name {
			m["score"] = score
			m["reason"] = "set by the test"
		}
	}
}

func runWith(t *testing.T, client *http.Client, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, Env{
		Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Now: func() time.Time { return fixedNow }, Dir: repoRoot, HTTPClient: client,
	})
	return result{code, out.String(), errb.String()}
}

func TestScorecardGate(t *testing.T) {
	t.Parallel()
	fake := &fakeScorecard{results: map[string]func(map[string]any){
		"github.com/acme/healthy": func(d map[string]any) { d["score"] = 7.5 },
		"github.com/acme/abandoned": func(d map[string]any) {
			d["score"] = 2.1
			setCheck(d, "Maintained", 0)
		},
	}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	cache := t.TempDir()
	args := []string{"check", "--scorecard-api", srv.URL, "--cache-dir", cache, "--format", "json", "testdata/examples/go-scorecard"}

	r := runWith(t, srv.Client(), args...)
	if r.code != ExitFail {
		t.Fatalf("exit %d, want 1\n%s\n%s", r.code, r.stderr, r.stdout)
	}
	validateReport(t, r.stdout)
	var rep struct {
		Findings []struct {
			Rule, Purl, Path, Message string
			Line                      int
		}
		Packages []struct {
			Name      string
			Scorecard struct {
				Status, Repo, Source string
				Score                float64
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 {
		t.Fatalf("want one finding, got %+v", rep.Findings)
	}
	f := rep.Findings[0]
	if f.Rule != "scorecard/below-threshold" || f.Path != "go.mod" || f.Line != 6 || !strings.Contains(f.Purl, "acme/abandoned") ||
		!strings.Contains(f.Message, "aggregate 2.1 < 5") || !strings.Contains(f.Message, "Maintained 0 < 3") ||
		!strings.Contains(f.Message, "scorecard.dev/viewer") {
		t.Fatalf("finding: %+v", f)
	}
	for _, p := range rep.Packages {
		if p.Scorecard.Status != "scored" || p.Scorecard.Source != "api" {
			t.Fatalf("package %s scorecard: %+v", p.Name, p.Scorecard)
		}
	}
	if got := fake.requests.Load(); got != 2 {
		t.Fatalf("first run made %d requests, want 2 (one per repository)", got)
	}

	// The second run answers from the cache: the same verdict, zero requests.
	r2 := runWith(t, srv.Client(), args...)
	if r2.code != ExitFail || fake.requests.Load() != 2 {
		t.Fatalf("second run: exit %d, %d requests in all (want 2)", r2.code, fake.requests.Load())
	}
	if !strings.Contains(r2.stdout, `"source": "cache"`) {
		t.Fatal("second run's answers do not say they came from the cache")
	}

	// Offline with the warm cache gives the same verdict without the network.
	r3 := runWith(t, srv.Client(), append([]string{"check", "--offline"}, args[1:]...)...)
	if r3.code != ExitFail || fake.requests.Load() != 2 {
		t.Fatalf("offline run: exit %d, %d requests", r3.code, fake.requests.Load())
	}
}

func TestScorecardUnknownAndUnavailable(t *testing.T) {
	t.Parallel()
	// No published results: unknown (warn in the fixture's policy) → pass with warnings.
	notFound := httptest.NewServer(&fakeScorecard{results: map[string]func(map[string]any){}})
	defer notFound.Close()
	r := runWith(t, notFound.Client(), "check", "--scorecard-api", notFound.URL, "testdata/examples/go-scorecard")
	if r.code != ExitPass || strings.Count(r.stdout, "scorecard/unknown") != 2 {
		t.Fatalf("404s: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A broken API: unavailable (fail in the fixture's policy), never a pass.
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte(`{"date": "2024-06-17", "checks": [`))
	}))
	defer broken.Close()
	r = runWith(t, broken.Client(), "check", "--scorecard-api", broken.URL, "testdata/examples/go-scorecard")
	if r.code != ExitFail || strings.Count(r.stdout, "scorecard/unavailable") != 2 {
		t.Fatalf("malformed answers: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
