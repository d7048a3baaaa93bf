package action

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/gate"
)

// TestScorecardScoresShown looks the judged packages up in a fake Scorecard API and shows their scores.
func TestScorecardScoresShown(t *testing.T) {
	t.Parallel()
	flask, err := os.ReadFile(filepath.Join("testdata", "scorecard", "flask.json"))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var paths []string
	sc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the Scorecard API received an Authorization header")
		}
		if r.URL.Path != "/projects/github.com/pallets/flask" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(flask)
	}))
	defer sc.Close()
	workflow := "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pallets/flask@v3.0.0\n      - uses: acme/unscored@v1\n"
	f := newFixture(t, files{"README.md": "x"}, files{".github/workflows/ci.yml": workflow})
	h := newHarness(t, f, "pull_request.opened.json", "pull_request")
	h.vars["INPUT_SCORECARD-API"] = sc.URL
	h.vars["INPUT_FAIL-ON"] = "never"
	h.online = gate.Online{NoRegistries: true} // Scorecard lookups only, and only to the fake
	if code := h.run(); code != ExitPass {
		t.Fatalf("exit code %d, want 0%s", code, h.debug())
	}
	sum := h.summaryText()
	for _, s := range []string{"OpenSSF Scorecard of the judged packages (2)", "github.com/pallets/flask", "6.7 / 10", "not scored"} {
		if !strings.Contains(sum, s) {
			t.Errorf("summary lacks %q:\n%s", s, sum)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(paths) != 2 {
		t.Errorf("Scorecard requests = %v, want one per repository", paths)
	}
}

// TestPolicySources covers where the policy comes from: an explicit file missing, a policy outside the
// repository, and a pull request that adds the first policy (judged by the embedded default until merged).
func TestPolicySources(t *testing.T) {
	t.Parallel()
	outside := filepath.Join(t.TempDir(), "central.yaml")
	if err := os.WriteFile(outside, []byte("version: 1\nlicenses:\n  allow: [permissive, strong-copyleft]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		base     files
		head     files
		policy   string
		wantCode int
		wantLog  string
		wantSum  string
	}{
		{"explicit policy missing", files{"package-lock.json": baseLock}, files{"package-lock.json": gplLock}, "policies/none.yaml", ExitUsage, "does not exist", ""},
		{"central policy outside the repository", files{"package-lock.json": baseLock}, files{"package-lock.json": gplLock}, outside, ExitPass, "policy: " + outside, ""},
		{"pull request adds the first policy", files{"package-lock.json": baseLock}, files{"package-lock.json": gplLock, ".github/ospo-gate.yaml": "version: 1\nlicenses:\n  allow: [strong-copyleft]\n"}, "", ExitFail, "embedded default", "edits the policy file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, tt.base, tt.head)
			h := newHarness(t, f, "pull_request.opened.json", "pull_request")
			h.vars["INPUT_POLICY"] = tt.policy
			if code := h.run(); code != tt.wantCode {
				t.Fatalf("exit code %d, want %d%s", code, tt.wantCode, h.debug())
			}
			if !strings.Contains(h.stdout.String(), tt.wantLog) {
				t.Errorf("log lacks %q%s", tt.wantLog, h.debug())
			}
			if tt.wantSum != "" && !strings.Contains(h.summaryText(), tt.wantSum) {
				t.Errorf("summary lacks %q:\n%s", tt.wantSum, h.summaryText())
			}
		})
	}
}

// TestPushDiffAgainstBefore: mode diff on a push judges what the push changed (a GPL package already in the
// base is not judged), and a change to the policy makes it judge every package. The JSON report has a diff
// section (skipped or not) only when the diff gate ran, none when the run became a full audit.
func TestPushDiffAgainstBefore(t *testing.T) {
	t.Parallel()
	strict := "version: 1\nlicenses:\n  allow: [permissive]\n  deny: [strong-copyleft]\n"
	tests := []struct {
		name       string
		head       files
		wantCode   int
		wantMode   string
		wantJudged string
		wantDiff   string // the report's diff: "skipped", "compared" or "none"
	}{
		{"a README change passes fast", files{"README.md": "docs"}, ExitPass, "diff", "0", "skipped"},
		{"only the new package is judged", files{"package-lock.json": gplLock}, ExitFail, "diff", "1", "compared"},
		{"a policy change judges everything", files{".github/ospo-gate.yaml": strict + "# reviewed\n"}, ExitFail, "full", "3", "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, files{"package-lock.json": baseLock, "old/package-lock.json": npmLock(npmPkg{"old-gpl", "1.0.0", "GPL-3.0-only"}),
				".github/ospo-gate.yaml": strict}, tt.head)
			h := newHarness(t, f, "", "push")
			payload := filepath.Join(t.TempDir(), "push.json")
			if err := os.WriteFile(payload, []byte(`{"ref": "refs/heads/main", "before": "`+f.base+`", "after": "`+f.head+`"}`), 0o644); err != nil {
				t.Fatal(err)
			}
			h.vars["GITHUB_EVENT_PATH"] = payload
			h.vars["INPUT_MODE"] = "diff"
			code := h.run()
			out := h.outputs()
			if code != tt.wantCode || out["mode"] != tt.wantMode || out["judged"] != tt.wantJudged {
				t.Errorf("exit %d, mode %s, judged %s; want %d, %s, %s%s", code, out["mode"], out["judged"], tt.wantCode, tt.wantMode, tt.wantJudged, h.debug())
			}
			r, raw := h.jsonReport()
			got := "none"
			switch {
			case r.Diff != nil && r.Diff.Skipped:
				got = "skipped"
			case r.Diff != nil:
				got = "compared"
			}
			if got != tt.wantDiff || (r.Diff == nil) == strings.Contains(raw, `"diff"`) {
				t.Errorf("report diff = %+v (%s), want %s", r.Diff, got, tt.wantDiff)
			}
			if r.Diff != nil && (r.Diff.Base != f.base || r.Diff.Head != f.head) {
				t.Errorf("report diff commits %s..%s, want %s..%s", r.Diff.Base, r.Diff.Head, f.base, f.head)
			}
			if got == "compared" && (strings.Join(r.Diff.DependencyFiles, ",") != "package-lock.json" || changeNames(r.Diff.Added) != "readline-gpl@2.1.0") {
				t.Errorf("report diff = %+v, want readline-gpl added in package-lock.json", r.Diff)
			}
		})
	}
}
