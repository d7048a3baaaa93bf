package action

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/ghapi/fakegithub"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/report"
)

// TestGPLPackageFailsEveryEvent drives the action with every recorded event payload on a change that adds a
// GPL-3.0 npm package: pull requests and merge groups judge the diff, push and dispatch audit the checkout;
// every request to the fake API is validated against GitHub's schemas.
func TestGPLPackageFailsEveryEvent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		payload, eventName string
		wantMode           string
	}{
		{"pull_request.opened.json", "pull_request", "diff"},
		{"pull_request.reopened.json", "pull_request", "diff"},
		{"pull_request.synchronize.json", "pull_request", "diff"},
		{"pull_request.opened.json", "pull_request_target", "diff"},
		{"merge_group.checks_requested.json", "merge_group", "diff"},
		{"push.json", "push", "full"},
		{"workflow_dispatch.json", "workflow_dispatch", "full"},
	}
	for _, tt := range tests {
		t.Run(tt.eventName+"/"+tt.payload, func(t *testing.T) {
			t.Parallel()
			f := gplFixture(t)
			h := newHarness(t, f, tt.payload, tt.eventName)
			if code := h.run(); code != ExitFail {
				t.Fatalf("exit code %d, want %d%s", code, ExitFail, h.debug())
			}
			runs := h.api.CheckRuns()
			if len(runs) != 1 {
				t.Fatalf("%d check runs, want 1%s", len(runs), h.debug())
			}
			run := runs[0]
			if run.HeadSHA != f.head || run.Conclusion != "failure" || run.Name != DefaultCheckName {
				t.Errorf("check run = %+v; want a failure named %q on the head %s", run, DefaultCheckName, f.head)
			}
			if create := h.api.Requests(fakegithub.OpCreateCheckRun); len(create) != 1 || create[0].Body["status"] != "in_progress" {
				t.Errorf("create requests = %+v, want one in_progress", create)
			}
			want := lineOf(gplLock, `"node_modules/readline-gpl"`)
			if !hasAnnotation(run.Annotations, "package-lock.json", want, "failure", "readline-gpl") {
				t.Errorf("no failure annotation at package-lock.json:%d for readline-gpl; got %v", want, run.Annotations)
			}
			if n := len(run.Annotations); n != 1 {
				t.Errorf("%d annotations, want 1 (left-pad is MIT): %v", n, run.Annotations)
			}
			out := h.outputs()
			if out["verdict"] != "fail" || out["mode"] != tt.wantMode || out["failing"] != "1" {
				t.Errorf("outputs = %v; want verdict fail, mode %s, failing 1", out, tt.wantMode)
			}
			r, raw := h.jsonReport()
			switch {
			case tt.wantMode == "full" && (r.Diff != nil || strings.Contains(raw, `"diff"`)):
				t.Errorf("the audit's JSON report has a diff section: %+v", r.Diff)
			case tt.wantMode == "diff" && (r.Diff == nil || r.Diff.Base != f.base || r.Diff.Head != f.head || r.Diff.Skipped ||
				changeNames(r.Diff.Added) != "readline-gpl@2.1.0" || len(r.Diff.Changed)+len(r.Diff.Removed) != 0 || r.Diff.Counts.Unchanged != 2):
				t.Errorf("report diff = %+v; want readline-gpl added against the base %s", r.Diff, f.base)
			}
			sum := h.summaryText()
			for _, s := range []string{"❌ ospo-gate: FAIL", "readline-gpl", "GPL-3.0-only", fmt.Sprintf("package-lock.json#L%d", want), "Request an exception", "pkg:npm/readline-gpl@2.1.0"} {
				if !strings.Contains(sum, s) {
					t.Errorf("job summary lacks %q:\n%s", s, sum)
				}
			}
		})
	}
}

func changeNames(cs []report.Change) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.Name+"@"+c.Version)
	}
	return strings.Join(parts, ",")
}

func hasAnnotation(anns []map[string]any, path string, line int, level, text string) bool {
	for _, a := range anns {
		if a["path"] == path && a["start_line"] == float64(line) && a["end_line"] == float64(line) && a["annotation_level"] == level &&
			strings.Contains(fmt.Sprint(a["message"], a["title"]), text) {
			return true
		}
	}
	return false
}

// TestOnlyChangedPackagesAreJudged: a GPL package already in the base is not the pull request's doing; the
// added package and the version bump of an MIT package are judged and pass, and a removed package is listed
// only. The JSON report's diff section has exactly those entries, with their manifest lines and repository
// paths (also when the path input is a subdirectory).
func TestOnlyChangedPackagesAreJudged(t *testing.T) {
	t.Parallel()
	base := npmLock(npmPkg{"left-pad", "1.3.0", "MIT"}, npmPkg{"old-gpl", "1.0.0", "GPL-3.0-only"}, npmPkg{"gone", "0.1.0", "ISC"})
	head := npmLock(npmPkg{"left-pad", "1.4.0", "MIT"}, npmPkg{"old-gpl", "1.0.0", "GPL-3.0-only"}, npmPkg{"fresh", "2.0.0", "Apache-2.0"})
	for _, dir := range []string{"", "web/"} {
		t.Run("path="+orDefault(dir, "."), func(t *testing.T) {
			t.Parallel()
			lock := dir + "package-lock.json"
			f := newFixture(t, files{lock: base}, files{lock: head})
			h := newHarness(t, f, "pull_request.opened.json", "pull_request")
			if dir != "" {
				h.vars["INPUT_PATH"] = strings.TrimSuffix(dir, "/")
			}
			if code := h.run(); code != ExitPass {
				t.Fatalf("exit code %d, want 0%s", code, h.debug())
			}
			out := h.outputs()
			if out["added"] != "1" || out["changed"] != "1" || out["removed"] != "1" || out["judged"] != "2" {
				t.Errorf("outputs = %v; want 1 added, 1 changed, 1 removed, 2 judged", out)
			}
			sum := h.summaryText()
			if !strings.Contains(sum, "1.3.0 → 1.4.0") || !strings.Contains(sum, "| removed | npm/gone |") || !strings.Contains(sum, "package-lock.json\\:") {
				t.Errorf("summary lacks the changes:\n%s", sum)
			}
			if runs := h.api.CheckRuns(); len(runs) != 1 || runs[0].Conclusion != "success" {
				t.Errorf("check runs = %+v, want one success", runs)
			}

			r, _ := h.jsonReport()
			want := &report.Diff{
				Base: f.base, Head: f.head, DependencyFiles: []string{lock},
				// Unchanged: old-gpl and the project's own package, as in the summary's headline.
				Counts: report.DiffCounts{Added: 1, Changed: 1, Removed: 1, Unchanged: 2},
				Added: []report.Change{{Name: "fresh", Version: "2.0.0", Type: "npm", PURL: "pkg:npm/fresh@2.0.0", Scope: inventory.ScopeRuntime,
					License: "Apache-2.0", Path: lock, Line: lineOf(head, `"node_modules/fresh"`)}},
				Changed: []report.Change{{Name: "left-pad", Version: "1.4.0", Type: "npm", PURL: "pkg:npm/left-pad@1.4.0", Scope: inventory.ScopeRuntime,
					License: "MIT", FromVersion: "1.3.0", FromLicense: "MIT", Path: lock, Line: lineOf(head, `"node_modules/left-pad"`)}},
				Removed: []report.Change{{Name: "gone", Version: "0.1.0", Type: "npm", PURL: "pkg:npm/gone@0.1.0", Scope: inventory.ScopeRuntime,
					License: "ISC", Path: lock, Line: lineOf(base, `"node_modules/gone"`)}},
			}
			if !reflect.DeepEqual(r.Diff, want) {
				got, _ := json.MarshalIndent(r.Diff, "", "  ")
				exp, _ := json.MarshalIndent(want, "", "  ")
				t.Errorf("report diff:\n%s\nwant:\n%s", got, exp)
			}
		})
	}
}

// TestNoDependencyChangePassesFast: a pull request that touches no dependency file passes without a scan.
func TestNoDependencyChangePassesFast(t *testing.T) {
	t.Parallel()
	f := newFixture(t, files{"package-lock.json": gplLock, "README.md": "# shop\n"}, files{"README.md": "# shop\n\nNow with docs.\n", "src/app.js": "console.log(1)\n"})
	h := newHarness(t, f, "pull_request.synchronize.json", "pull_request")
	if code := h.run(); code != ExitPass {
		t.Fatalf("exit code %d, want 0 (the GPL package predates the change)%s", code, h.debug())
	}
	if out := h.outputs(); out["dependencies-changed"] != "false" || out["verdict"] != "pass" {
		t.Errorf("outputs = %v", out)
	}
	if !strings.Contains(h.summaryText(), "No dependency file changed") {
		t.Errorf("summary does not say no dependency changed:\n%s", h.summaryText())
	}
	if runs := h.api.CheckRuns(); len(runs) != 1 || runs[0].Conclusion != "success" || runs[0].Title != "No dependency changes" {
		t.Errorf("check runs = %+v", runs)
	}
	if entries, _ := os.ReadDir(h.tmp); len(entries) != 0 {
		t.Errorf("a base tree was written (%d entries): the fast path must not scan", len(entries))
	}
	r, _ := h.jsonReport()
	want := &report.Diff{Base: f.base, Head: f.head, Skipped: true, SkipReason: report.SkipNoDependencyChange,
		DependencyFiles: []string{}, Added: []report.Change{}, Changed: []report.Change{}, Removed: []report.Change{}}
	if !reflect.DeepEqual(r.Diff, want) {
		t.Errorf("report diff = %+v, want %+v", r.Diff, want)
	}
}

// Test120FindingsThreeAnnotationRequests: 120 denied packages make three annotation requests of 50, 50, 20.
func Test120FindingsThreeAnnotationRequests(t *testing.T) {
	t.Parallel()
	var pkgs []npmPkg
	for i := 0; i < 120; i++ {
		pkgs = append(pkgs, npmPkg{fmt.Sprintf("gpl-%03d", i), "1.0.0", "GPL-3.0-only"})
	}
	f := newFixture(t, files{"package-lock.json": npmLock()}, files{"package-lock.json": npmLock(pkgs...)})
	h := newHarness(t, f, "pull_request.opened.json", "pull_request")
	if code := h.run(); code != ExitFail {
		t.Fatalf("exit code %d, want 1%s", code, h.debug())
	}
	var sizes []int
	for _, r := range h.api.Requests(fakegithub.OpUpdateCheckRun) {
		out, _ := r.Body["output"].(map[string]any)
		anns, _ := out["annotations"].([]any)
		sizes = append(sizes, len(anns))
	}
	if fmt.Sprint(sizes) != "[50 50 20]" {
		t.Errorf("annotations per request = %v, want [50 50 20]", sizes)
	}
	if runs := h.api.CheckRuns(); len(runs[0].Annotations) != 120 {
		t.Errorf("%d annotations on the check run, want 120", len(runs[0].Annotations))
	}
}

// TestCheckRunForbiddenFallsBackToLog: a 403 on create (a fork's read-only token) sends the annotations to the
// log as workflow commands and leaves the exit code as it would be.
func TestCheckRunForbiddenFallsBackToLog(t *testing.T) {
	t.Parallel()
	f := gplFixture(t)
	h := newHarness(t, f, "pull_request.opened.json", "pull_request")
	h.api.Inject(fakegithub.OpCreateCheckRun, fakegithub.Fault{Status: 403})
	code := h.run()
	if code != ExitFail {
		t.Fatalf("exit code %d, want 1 as without the 403%s", code, h.debug())
	}
	line := lineOf(gplLock, `"node_modules/readline-gpl"`)
	want := fmt.Sprintf("::error endLine=%d,file=package-lock.json,line=%d,title=Denied license%%3A readline-gpl@2.1.0::", line, line)
	if !strings.Contains(h.stdout.String(), want) {
		t.Errorf("log lacks %q%s", want, h.debug())
	}
	if n := len(h.api.Requests(fakegithub.OpUpdateCheckRun)); n != 0 {
		t.Errorf("%d update requests after a failed create", n)
	}
	if !strings.Contains(h.summaryText(), "cannot write check runs") {
		t.Errorf("summary does not explain the fallback:\n%s", h.summaryText())
	}
}

// TestServerErrorsAreRetriedThenReported: 500s on completion are retried; when they persist the verdict is
// kept and the annotations go to the log.
func TestServerErrorsAreRetriedThenReported(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		faults      []fakegithub.Fault
		wantUpdates int
		wantLog     bool
	}{
		{"recovers after one 500", []fakegithub.Fault{{Status: 500}}, 2, false},
		{"500 on every attempt", []fakegithub.Fault{{Status: 500}, {Status: 500}, {Status: 500}}, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := gplFixture(t)
			h := newHarness(t, f, "pull_request.opened.json", "pull_request")
			h.api.Inject(fakegithub.OpUpdateCheckRun, tt.faults...)
			if code := h.run(); code != ExitFail {
				t.Fatalf("exit code %d, want 1%s", code, h.debug())
			}
			if n := len(h.api.Requests(fakegithub.OpUpdateCheckRun)); n != tt.wantUpdates {
				t.Errorf("%d update requests, want %d", n, tt.wantUpdates)
			}
			inLog := strings.Contains(h.stdout.String(), "::error endLine=")
			if inLog != tt.wantLog {
				t.Errorf("log annotations present = %v, want %v%s", inLog, tt.wantLog, h.debug())
			}
			if tt.wantLog && !strings.Contains(h.stdout.String(), "after 3 attempts") {
				t.Errorf("the log does not report the retried failure%s", h.debug())
			}
		})
	}
}

// TestPolicyComesFromTheBase: a pull request that relaxes the policy and adds a GPL package is still judged
// by the base's policy, and the summary says the policy was edited.
func TestPolicyComesFromTheBase(t *testing.T) {
	t.Parallel()
	strict := "version: 1\nlicenses:\n  allow: [permissive]\n  deny: [strong-copyleft]\n"
	lax := "version: 1\nlicenses:\n  allow: [permissive, strong-copyleft]\n"
	f := newFixture(t,
		files{"package-lock.json": baseLock, ".github/ospo-gate.yaml": strict},
		files{"package-lock.json": gplLock, ".github/ospo-gate.yaml": lax})
	h := newHarness(t, f, "pull_request.opened.json", "pull_request")
	if code := h.run(); code != ExitFail {
		t.Fatalf("exit code %d, want 1: the base policy denies GPL%s", code, h.debug())
	}
	sum := h.summaryText()
	if !strings.Contains(sum, "This change edits the policy file `.github/ospo-gate.yaml`") {
		t.Errorf("summary does not flag the policy edit:\n%s", sum)
	}
	if out := h.outputs(); out["policy-edited"] != "true" {
		t.Errorf("policy-edited = %q", out["policy-edited"])
	}
}

func TestInvalidPolicyIsAUsageError(t *testing.T) {
	t.Parallel()
	f := newFixture(t,
		files{"package-lock.json": baseLock, ".github/ospo-gate.yaml": "version: 1\nlicenses:\n  allow: [not-a-license-category]\n"},
		files{"package-lock.json": gplLock})
	h := newHarness(t, f, "pull_request.opened.json", "pull_request")
	if code := h.run(); code != ExitUsage {
		t.Fatalf("exit code %d, want 2%s", code, h.debug())
	}
	runs := h.api.CheckRuns()
	if len(runs) != 1 || runs[0].Conclusion != "failure" || !strings.HasPrefix(runs[0].Title, "Could not evaluate") {
		t.Errorf("check runs = %+v, want a failure saying it could not evaluate", runs)
	}
	if !strings.Contains(h.stdout.String(), "ospo-gate.yaml:3:") {
		t.Errorf("the error does not point at the policy line%s", h.debug())
	}
}

// TestWorkspaceMustHoldTheChange: pull_request_target checks out the base by default; judging it as the change
// would pass anything, so the action refuses.
func TestWorkspaceMustHoldTheChange(t *testing.T) {
	t.Parallel()
	f := gplFixture(t)
	h := newHarness(t, f, "pull_request.opened.json", "pull_request_target")
	gitOut(t, f.git, f.ws, "fetch", "-q", "--depth=1", "origin", f.base)
	gitOut(t, f.git, f.ws, "checkout", "-q", "--detach", f.base)
	if code := h.run(); code != ExitUsage {
		t.Fatalf("exit code %d, want 2%s", code, h.debug())
	}
	if !strings.Contains(h.stdout.String(), "neither the change") {
		t.Errorf("the log does not explain the checkout problem%s", h.debug())
	}
}

func TestStickyComment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode      string
		fixture   func(testing.TB) *fixture
		runs      int
		wantCount int
	}{
		{"always", gplFixture, 2, 1},
		{"on-failure", gplFixture, 1, 1},
		{"on-failure", func(t testing.TB) *fixture {
			return newFixture(t, files{"a.txt": "a"}, files{"a.txt": "b"})
		}, 1, 0},
		{"never", gplFixture, 1, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.mode, tt.wantCount), func(t *testing.T) {
			t.Parallel()
			f := tt.fixture(t)
			h := newHarness(t, f, "pull_request.opened.json", "pull_request")
			h.vars["INPUT_COMMENT"] = tt.mode
			for i := 0; i < tt.runs; i++ {
				h.run()
			}
			cs := h.api.Comments(2)
			if len(cs) != tt.wantCount {
				t.Fatalf("%d comments, want %d%s", len(cs), tt.wantCount, h.debug())
			}
			if tt.wantCount > 0 && (!strings.HasPrefix(cs[0].Body, commentMarker(DefaultCheckName)) || !strings.Contains(cs[0].Body, "readline-gpl")) {
				t.Errorf("comment body:\n%s", cs[0].Body)
			}
			if tt.runs > 1 && len(h.api.Requests(fakegithub.OpUpdateComment)) != tt.runs-1 {
				t.Errorf("the second run did not edit the comment in place")
			}
		})
	}
}

// TestTokenIsMaskedAndNeverPrinted: the token appears once, in the add-mask command, and only goes to the API.
func TestTokenIsMaskedAndNeverPrinted(t *testing.T) {
	t.Parallel()
	f := gplFixture(t)
	h := newHarness(t, f, "pull_request.opened.json", "pull_request")
	h.api.Inject(fakegithub.OpUpdateCheckRun, fakegithub.Fault{Status: 500}, fakegithub.Fault{Status: 500}, fakegithub.Fault{Status: 500})
	h.run()
	log := h.stdout.String() + h.stderr.String() + h.summaryText()
	if n := strings.Count(log, fakeToken); n != 1 || !strings.HasPrefix(h.stdout.String(), "::add-mask::"+fakeToken+"\n") {
		t.Errorf("token printed %d times; want once, first, in ::add-mask::%s", n, h.debug())
	}
	for _, r := range h.api.Requests("") {
		if r.Auth != "Bearer "+fakeToken {
			t.Errorf("%s sent Authorization %q", r.Op, r.Auth)
		}
	}
}

// TestBaseInventoryIsCached: a second run on the same base reads the base scan from cache-dir.
func TestBaseInventoryIsCached(t *testing.T) {
	t.Parallel()
	f := gplFixture(t)
	h := newHarness(t, f, "pull_request.opened.json", "pull_request")
	for i, want := range []bool{false, true} {
		if code := h.run(); code != ExitFail {
			t.Fatalf("run %d: exit code %d%s", i, code, h.debug())
		}
		if got := strings.Contains(h.stdout.String(), "read from the cache"); got != want {
			t.Errorf("run %d: cache hit = %v, want %v%s", i, got, want, h.debug())
		}
	}
}

func TestBadInputsAreUsageErrors(t *testing.T) {
	t.Parallel()
	f := gplFixture(t)
	h := newHarness(t, f, "pull_request.opened.json", "pull_request")
	h.vars["INPUT_MODE"] = "sideways"
	if code := h.run(); code != ExitUsage {
		t.Fatalf("exit code %d, want 2%s", code, h.debug())
	}
	if !strings.Contains(h.stdout.String(), "::error::invalid inputs") || len(h.api.Requests("")) != 0 {
		t.Errorf("want an error and no API call%s", h.debug())
	}
}
