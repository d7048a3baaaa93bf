package action

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ospo-gate/ospo-gate/internal/gate"
	"github.com/ospo-gate/ospo-gate/internal/ghapi/fakegithub"
	"github.com/ospo-gate/ospo-gate/internal/report"
)

const fakeToken = "ghs_faketoken_0123456789abcdef"

// testNow is the fixed clock of the tests.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// testGit runs the real git binary with an isolated configuration.
func testGit(t testing.TB) ExecGit {
	t.Helper()
	p, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	home := t.TempDir()
	return ExecGit{Path: p, Env: []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com", "GIT_COMMITTER_NAME=Test",
		"GIT_COMMITTER_EMAIL=test@example.com", "GIT_AUTHOR_DATE=2026-01-01T00:00:00Z",
		"GIT_COMMITTER_DATE=2026-01-01T00:00:00Z", "LC_ALL=C", "GIT_TERMINAL_PROMPT=0",
	}}
}

func gitOut(t testing.TB, g ExecGit, dir string, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if err := g.Run(context.Background(), dir, &out, args...); err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return strings.TrimSpace(out.String())
}

// files maps a path to its content; a nil-like value "\x00delete" removes the file.
type files map[string]string

const deleted = "\x00delete"

func writeFiles(t testing.TB, dir string, fs files) {
	t.Helper()
	for p, content := range fs {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if content == deleted {
			if err := os.Remove(full); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fixture is an "origin" repository with a base commit and a head commit on top, and a workspace that is a
// shallow clone of the head (the base commit is missing, as in a default actions/checkout).
type fixture struct {
	git        ExecGit
	origin, ws string
	base, head string
}

func newFixture(t testing.TB, base, head files) *fixture {
	t.Helper()
	g := testGit(t)
	root := t.TempDir()
	f := &fixture{git: g, origin: filepath.Join(root, "origin"), ws: filepath.Join(root, "workspace")}
	gitOut(t, g, root, "init", "-q", "-b", "main", f.origin)
	writeFiles(t, f.origin, base)
	gitOut(t, g, f.origin, "add", "-A")
	gitOut(t, g, f.origin, "commit", "-q", "--allow-empty", "-m", "base")
	f.base = gitOut(t, g, f.origin, "rev-parse", "HEAD")
	writeFiles(t, f.origin, head)
	gitOut(t, g, f.origin, "add", "-A")
	gitOut(t, g, f.origin, "commit", "-q", "--allow-empty", "-m", "head")
	f.head = gitOut(t, g, f.origin, "rev-parse", "HEAD")
	gitOut(t, g, root, "clone", "-q", "--depth=1", "file://"+f.origin, f.ws)
	return f
}

// eventFile copies a payload of testdata/events with its commits replaced by the fixture's.
func eventFile(t testing.TB, name string, f *fixture) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "events", name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if pr, ok := m["pull_request"].(map[string]any); ok {
		pr["base"].(map[string]any)["sha"] = f.base
		pr["head"].(map[string]any)["sha"] = f.head
	}
	if mg, ok := m["merge_group"].(map[string]any); ok {
		mg["base_sha"], mg["head_sha"] = f.base, f.head
	}
	if _, ok := m["after"]; ok && m["pull_request"] == nil {
		m["after"] = f.head
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// harness runs Main against a fixture and a fake GitHub API.
type harness struct {
	t       testing.TB
	f       *fixture
	api     *fakegithub.Server
	vars    map[string]string
	stdout  bytes.Buffer
	stderr  bytes.Buffer
	tmp     string
	summary string
	output  string
	// reportJSON is the JSON report the default outputs input writes.
	reportJSON string
	// online is the gate's lookup settings: offline by default, tests never reach the network.
	online gate.Online
}

func newHarness(t testing.TB, f *fixture, event, eventName string) *harness {
	t.Helper()
	h := &harness{t: t, f: f, api: fakegithub.New(t, fakeToken), tmp: t.TempDir(), online: gate.Online{Offline: true}}
	dir := t.TempDir()
	h.summary, h.output, h.reportJSON = filepath.Join(dir, "summary.md"), filepath.Join(dir, "output.txt"), filepath.Join(dir, "report.json")
	for _, p := range []string{h.summary, h.output} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h.vars = map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": f.ws, "GITHUB_EVENT_NAME": eventName,
		"GITHUB_SHA": f.head, "GITHUB_REPOSITORY": "octo-org/octo-repo", "GITHUB_API_URL": h.api.URL,
		"GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "4242", "GITHUB_RUN_ATTEMPT": "1",
		"GITHUB_JOB": "gate", "GITHUB_OUTPUT": h.output, "GITHUB_STEP_SUMMARY": h.summary,
		"INPUT_GITHUB-TOKEN": fakeToken, "INPUT_CACHE-DIR": filepath.Join(dir, "cache"),
		"INPUT_OUTPUTS": "json=" + h.reportJSON,
	}
	if event != "" {
		h.vars["GITHUB_EVENT_PATH"] = eventFile(t, event, f)
	}
	return h
}

func (h *harness) run() int {
	h.t.Helper()
	return h.runWith(context.Background(), nil)
}

// validateReports checks every JSON report the outputs input names, when it was written, against
// docs/report.schema.json.
func (h *harness) validateReports() {
	h.t.Helper()
	outs, err := ParseOutputs(h.vars["INPUT_OUTPUTS"])
	if err != nil {
		return // a usage error: nothing is written
	}
	for _, o := range outs {
		if o.Format != "json" {
			continue
		}
		p := o.Path
		if !filepath.IsAbs(p) {
			p = filepath.Join(h.vars["GITHUB_WORKSPACE"], filepath.FromSlash(p))
		}
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if err := reportSchemaErr(data); err != nil {
			h.t.Errorf("the JSON report %s does not match docs/report.schema.json: %v", o.Path, err)
		}
	}
}

// jsonReport reads the JSON report of the default outputs input; raw is the file as written.
func (h *harness) jsonReport() (r *report.Report, raw string) {
	h.t.Helper()
	data, err := os.ReadFile(h.reportJSON)
	if err != nil {
		h.t.Fatalf("no JSON report: %v%s", err, h.debug())
	}
	r, err = report.ReadJSON(bytes.NewReader(data))
	if err != nil {
		h.t.Fatal(err)
	}
	return r, string(data)
}

// reportSchemaErr validates a JSON report against docs/report.schema.json, as the CLI's tests do.
func reportSchemaErr(doc []byte) error {
	schemaOnce.Do(func() {
		reportSchema, schemaErr = jsonschema.NewCompiler().Compile(filepath.Join("..", "..", "docs", "report.schema.json"))
	})
	if schemaErr != nil {
		return schemaErr
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return reportSchema.Validate(v)
}

var (
	schemaOnce   sync.Once
	reportSchema *jsonschema.Schema
	schemaErr    error
)

func (h *harness) summaryText() string {
	b, err := os.ReadFile(h.summary)
	if err != nil {
		h.t.Fatal(err)
	}
	return string(b)
}

// outputs parses the GITHUB_OUTPUT file.
func (h *harness) outputs() map[string]string {
	h.t.Helper()
	out := runnerOutputs(h.t, h.output)
	data, err := os.ReadFile(h.output)
	if err != nil {
		h.t.Fatal(err)
	}
	for name := range out {
		if !strings.Contains(string(data), name+"<<") {
			h.t.Errorf("GITHUB_OUTPUT: %s is not written as a heredoc", name)
		}
	}
	return out
}

// runnerOutputs reads a GITHUB_OUTPUT file the way the runner does (runnerEnvFile), failing the test on a file
// the runner would refuse or on a name written twice.
func runnerOutputs(t testing.TB, p string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := runnerEnvFile(string(data))
	if err != nil {
		t.Fatalf("GITHUB_OUTPUT: the runner would refuse it: %v", err)
	}
	out := map[string]string{}
	for _, kv := range pairs {
		if _, dup := out[kv[0]]; dup {
			t.Errorf("GITHUB_OUTPUT names %q twice", kv[0])
		}
		out[kv[0]] = kv[1]
	}
	return out
}

// debug is appended to failure messages.
func (h *harness) debug() string {
	return fmt.Sprintf("\n--- stdout ---\n%s\n--- stderr ---\n%s", h.stdout.String(), h.stderr.String())
}

// npmPkg is one entry of a package-lock.json.
type npmPkg struct{ name, version, license string }

// npmLock renders a lockfile v3 with one entry per package, in the order given.
func npmLock(pkgs ...npmPkg) string {
	var b strings.Builder
	b.WriteString("{\n  \"name\": \"shop\",\n  \"version\": \"1.0.0\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n")
	b.WriteString("    \"\": {\n      \"name\": \"shop\",\n      \"version\": \"1.0.0\",\n      \"license\": \"MIT\",\n      \"dependencies\": {\n")
	sorted := append([]npmPkg(nil), pkgs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].name < sorted[j].name })
	for i, p := range sorted {
		sep := ","
		if i == len(sorted)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "        %q: %q%s\n", p.name, "^"+p.version, sep)
	}
	b.WriteString("      }\n    }")
	for _, p := range pkgs {
		fmt.Fprintf(&b, ",\n    \"node_modules/%s\": {\n      \"version\": %q,\n      \"resolved\": \"https://registry.npmjs.org/%s/-/%s-%s.tgz\",\n      \"integrity\": \"sha512-AAAA\",\n      \"license\": %q\n    }",
			p.name, p.version, p.name, p.name, p.version, p.license)
	}
	b.WriteString("\n  }\n}\n")
	return b.String()
}

// lineOf returns the 1-based line of the first line of text containing s.
func lineOf(text, s string) int {
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	return 0
}

var (
	baseLock = npmLock(npmPkg{"left-pad", "1.3.0", "MIT"})
	gplLock  = npmLock(npmPkg{"left-pad", "1.3.0", "MIT"}, npmPkg{"readline-gpl", "2.1.0", "GPL-3.0-only"})
)

// gplFixture is a pull request that adds a GPL-3.0 npm package.
func gplFixture(t testing.TB) *fixture {
	return newFixture(t,
		files{"package-lock.json": baseLock, "README.md": "# shop\n"},
		files{"package-lock.json": gplLock})
}
