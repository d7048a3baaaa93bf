package shipcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/shipcheck/schemas"
)

func TestWorkflowsPassActionlint(t *testing.T) {
	t.Parallel()
	errs, err := Lint(workflowFiles(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("%s:%d:%d: %s [%s]", filepath.Base(e.Filepath), e.Line, e.Column, e.Message, e.Kind)
	}
}

func TestWorkflowsMatchSchema(t *testing.T) {
	t.Parallel()
	v := validator(t)
	for _, f := range workflowFiles(t) {
		doc, err := YAMLToJSON(readRepoFile(t, rel(f)))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if err := v.ValidateValue(schemas.GitHubWorkflow, doc); err != nil {
			t.Errorf("%s does not match GitHub's workflow schema:\n%v", filepath.Base(f), err)
		}
	}
}

func rel(f string) string {
	r, _ := filepath.Rel(repoRoot, f)
	return filepath.ToSlash(r)
}

// workflow is the part of a workflow the hardening checks read.
type workflow struct {
	On          any            `yaml:"on"`
	Permissions any            `yaml:"permissions"`
	Jobs        map[string]job `yaml:"jobs"`
}

type job struct {
	Permissions any    `yaml:"permissions"`
	Steps       []step `yaml:"steps"`
}

type step struct {
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

func loadWorkflow(t *testing.T, name string) (*workflow, []Uses) {
	t.Helper()
	data := readRepoFile(t, ".github/workflows/"+name)
	doc, err := YAMLToJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := decodeInto(doc, &w); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	uses, err := WorkflowUses(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &w, uses
}

func TestWorkflowsAreHardened(t *testing.T) {
	t.Parallel()
	for _, f := range workflowFiles(t) {
		name := filepath.Base(f)
		w, uses := loadWorkflow(t, name)
		if m, ok := w.Permissions.(map[string]any); !ok || len(m) != 0 {
			t.Errorf("%s: top-level permissions must be {} (got %v); grant per job", name, w.Permissions)
		}
		for id, j := range w.Jobs {
			if j.Permissions == nil {
				t.Errorf("%s: job %s has no permissions: block", name, id)
			}
			if s, ok := j.Permissions.(string); ok {
				t.Errorf("%s: job %s grants %q; list the scopes it needs", name, id, s)
			}
		}
		for _, u := range uses {
			if p := u.PinProblem(); p != "" {
				t.Errorf("%s:%d: uses %s: %s", name, u.Line, u.Ref, p)
			}
			if strings.HasPrefix(u.Ref, "actions/checkout@") && u.With["persist-credentials"] != "false" {
				t.Errorf("%s:%d: actions/checkout without persist-credentials: false", name, u.Line)
			}
		}
	}
}

// runs joins the run: scripts of a workflow.
func runs(w *workflow) string {
	var b strings.Builder
	for _, j := range w.Jobs {
		for _, s := range j.Steps {
			b.WriteString(s.Run)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func triggers(w *workflow) map[string]bool {
	out := map[string]bool{}
	switch on := w.On.(type) {
	case string:
		out[on] = true
	case []any:
		for _, e := range on {
			out[fmt.Sprint(e)] = true
		}
	case map[string]any:
		for k := range on {
			out[k] = true
		}
	}
	return out
}

func TestCIWorkflow(t *testing.T) {
	t.Parallel()
	w, _ := loadWorkflow(t, "ci.yml")
	script := runs(w)
	for what, re := range map[string]string{
		"go vet":            `go vet \./\.\.\.`,
		"go test -race":     `go test -race\b.*\./\.\.\.`,
		"a fuzz smoke run":  `go test -run='\^\$' -fuzz=|scripts/fuzz\.sh`,
		"govulncheck":       `golang\.org/x/vuln/cmd/govulncheck@v\d`,
		"actionlint":        `github\.com/rhysd/actionlint/cmd/actionlint@v\d`,
		"a static build":    `CGO_ENABLED=0 go build -trimpath -ldflags "-s -w"`,
		"go mod tidy check": `go mod tidy -diff`,
	} {
		if !regexp.MustCompile(re).MatchString(script) {
			t.Errorf("ci.yml does not run %s (/%s/)", what, re)
		}
	}
	on := triggers(w)
	if !on["pull_request"] || !on["push"] {
		t.Errorf("ci.yml must run on pull_request and push, runs on %v", on)
	}
}

func TestDogfoodAndAuditWorkflowsRunTheAction(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ file, trigger string }{{"ospo-gate.yml", "pull_request"}, {"audit.yml", "workflow_dispatch"}} {
		w, uses := loadWorkflow(t, tt.file)
		if !triggers(w)[tt.trigger] {
			t.Errorf("%s does not run on %s", tt.file, tt.trigger)
		}
		local := false
		for _, u := range uses {
			local = local || u.Ref == "./"
		}
		if !local {
			t.Errorf("%s does not run the action from this repository (uses: ./)", tt.file)
		}
	}
}

func TestReleaseWorkflow(t *testing.T) {
	t.Parallel()
	w, uses := loadWorkflow(t, "release.yml")
	pushes := false
	for _, u := range uses {
		if strings.HasPrefix(u.Ref, "docker/build-push-action@") && u.With["push"] == "true" {
			pushes = true
		}
	}
	if !pushes {
		t.Error("release.yml does not build and push the image (docker/build-push-action with push: true)")
	}
	script := runs(w)
	if !strings.Contains(script, "git/refs/tags/${major}") {
		t.Error("release.yml does not move the major tag")
	}
	if !strings.Contains(script, "image: docker://ghcr.io/") {
		t.Error("release.yml does not check that action.yml names the release image")
	}
	if !triggers(w)["push"] {
		t.Error("release.yml does not run on tag pushes")
	}
}

func TestDependabot(t *testing.T) {
	t.Parallel()
	doc, err := YAMLToJSON(readRepoFile(t, ".github/dependabot.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version int `yaml:"version"`
		Updates []struct {
			Ecosystem string `yaml:"package-ecosystem"`
			Directory string `yaml:"directory"`
			Schedule  struct {
				Interval string `yaml:"interval"`
			} `yaml:"schedule"`
		} `yaml:"updates"`
	}
	if err := decodeInto(doc, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 2 {
		t.Errorf("version %d, want 2", cfg.Version)
	}
	seen := map[string]bool{}
	for _, u := range cfg.Updates {
		if u.Directory == "" || u.Schedule.Interval == "" {
			t.Errorf("%s: directory and schedule.interval are required", u.Ecosystem)
		}
		seen[u.Ecosystem] = true
	}
	for _, eco := range []string{"gomod", "github-actions", "docker"} {
		if !seen[eco] {
			t.Errorf("dependabot.yml does not update %s", eco)
		}
	}
}

func TestPinProblem(t *testing.T) {
	t.Parallel()
	sha := strings.Repeat("a", 40)
	tests := []struct {
		uses, comment, want string
	}{
		{"actions/checkout@" + sha, "v6.0.2", ""},
		{"github/codeql-action/upload-sarif@" + sha, "v3.28.18", ""},
		{"./", "", ""},
		{"actions/checkout@v4", "", "not pinned"},
		{"actions/checkout@" + sha[:39], "v4", "not pinned"},
		{"actions/checkout@" + sha, "", "no version comment"},
		{"actions/checkout@" + sha, "pinned", "no version comment"},
		{"docker://alpine:3", "", "docker://"},
		{"docker://alpine@sha256:" + sha64, "", ""},
	}
	for _, tt := range tests {
		got := Uses{Ref: tt.uses, Comment: tt.comment}.PinProblem()
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("PinProblem(%s # %s) = %q, want %q", tt.uses, tt.comment, got, tt.want)
		}
	}
}

func TestWorkflowUses(t *testing.T) {
	t.Parallel()
	const wf = `on: push
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@0000000000000000000000000000000000000000 # v6.0.2
        with:
          persist-credentials: false
      - run: echo hi
  b:
    uses: ./.github/workflows/x.yml
`
	got, err := WorkflowUses([]byte(wf))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d uses, want 2: %+v", len(got), got)
	}
	byJob := map[string]Uses{}
	for _, u := range got {
		byJob[u.Job] = u
	}
	if u := byJob["a"]; u.Comment != "v6.0.2" || u.Line != 6 || u.With["persist-credentials"] != "false" {
		t.Errorf("step uses = %+v", u)
	}
	if u := byJob["b"]; u.Ref != "./.github/workflows/x.yml" {
		t.Errorf("job uses = %+v", u)
	}
	for _, bad := range []string{"", "jobs: [1]", "on: push\n", "jobs: {a: ["} {
		if _, err := WorkflowUses([]byte(bad)); err == nil {
			t.Errorf("WorkflowUses(%q) = nil error", bad)
		}
	}
}

// TestLintFindsProblems proves the actionlint run has teeth.
func TestLintFindsProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yml")
	const wf = "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    permissions:\n      contents: raed\n" +
		"    steps:\n      - run: echo ${{ github.event.pull_request.title }} ${{ matrix.nope }}\n"
	if err := os.WriteFile(bad, []byte(wf), 0o644); err != nil {
		t.Fatal(err)
	}
	errs, err := Lint([]string{bad})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, e := range errs {
		kinds[e.Kind] = true
	}
	for _, want := range []string{"permissions", "expression"} {
		if !kinds[want] {
			t.Errorf("actionlint did not report a %s error; got %v", want, errs)
		}
	}
}

// TestSchemasRejectBrokenRepoFiles proves the action and workflow schema checks have teeth.
func TestSchemasRejectBrokenRepoFiles(t *testing.T) {
	t.Parallel()
	v := validator(t)
	tests := []struct{ schema, doc string }{
		{schemas.GitHubAction, "name: x\ndescription: y\nruns:\n  using: docker\n"},
		{schemas.GitHubAction, "name: x\ndescription: y\nruns: {using: docker, image: Dockerfile}\ninputs: {a: {default: 1, bogus: true}}\n"},
		{schemas.GitHubWorkflow, "on: push\njobs:\n  a:\n    steps: [{run: echo}]\n"},
		{schemas.GitHubWorkflow, "on: pusj\njobs: {a: {runs-on: x, steps: [{run: echo}]}}\n"},
	}
	for _, tt := range tests {
		doc, err := YAMLToJSON([]byte(tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		if err := v.ValidateValue(tt.schema, doc); err == nil {
			t.Errorf("%s accepted a broken document:\n%s", tt.schema, tt.doc)
		}
	}
}
