package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite golden files")

// repoRoot is the repository root, relative to this package's directory.
const repoRoot = "../.."

// fixedNow is the day every test runs on: exception expiry is judged against it.
var fixedNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, Env{
		Stdout: &out, Stderr: &errb,
		Getenv:     func(string) string { return "" },
		Now:        func() time.Time { return fixedNow },
		Dir:        repoRoot,
		HTTPClient: loopbackOnly,
	})
	return result{code, out.String(), errb.String()}
}

// loopbackOnly refuses every request that does not go to this machine: tests never touch the internet.
var loopbackOnly = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
	if h := r.URL.Hostname(); h != "127.0.0.1" && h != "localhost" && h != "::1" {
		return nil, fmt.Errorf("test transport: %s is not on loopback", r.URL.Host)
	}
	return http.DefaultTransport.RoundTrip(r)
})}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test ./internal/cli -update rewrites it)\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

func TestExamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dir  string
		code int
	}{
		{"npm-fail", ExitFail}, {"npm-pass", ExitPass},
		{"go-fail", ExitFail}, {"go-pass", ExitPass},
		{"python-fail", ExitFail}, {"python-pass", ExitPass},
		{"rust-fail", ExitFail}, {"rust-pass", ExitPass},
		{"java-fail", ExitFail}, {"java-pass", ExitPass},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			t.Parallel()
			path := "testdata/examples/" + tt.dir
			for _, format := range []string{"text", "json", "markdown"} {
				r := runCLI(t, "check", "--offline", "--format", format, path)
				if r.code != tt.code {
					t.Fatalf("%s --format %s: exit %d, want %d\nstderr: %s\nstdout: %s", path, format, r.code, tt.code, r.stderr, r.stdout)
				}
				if format == "json" {
					validateReport(t, r.stdout)
				}
				ext := map[string]string{"text": "txt", "json": "json", "markdown": "md"}[format]
				golden(t, tt.dir+"."+ext, r.stdout)
			}
		})
	}
}

// validateReport checks a JSON report against the documented model, docs/report.schema.json.
func validateReport(t *testing.T, doc string) {
	t.Helper()
	schemaOnce.Do(func() {
		c := jsonschema.NewCompiler()
		reportSchema, schemaErr = c.Compile(filepath.Join(repoRoot, "docs", "report.schema.json"))
	})
	if schemaErr != nil {
		t.Fatal(schemaErr)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := reportSchema.Validate(v); err != nil {
		t.Fatalf("the JSON report does not match docs/report.schema.json: %v", err)
	}
}

var (
	schemaOnce   sync.Once
	reportSchema *jsonschema.Schema
	schemaErr    error
)

func TestFailingExampleNamesTheLine(t *testing.T) {
	t.Parallel()
	r := runCLI(t, "check", "testdata/examples/npm-fail")
	if r.code != ExitFail {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// readline-gpl is declared at this line of the lockfile.
	lock, err := os.ReadFile(filepath.Join(repoRoot, "testdata/examples/npm-fail/package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for i, l := range strings.Split(string(lock), "\n") {
		if strings.Contains(l, `"node_modules/readline-gpl"`) {
			line = i + 1
		}
	}
	want := "package-lock.json:" + strconv.Itoa(line)
	if !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "license/denied") {
		t.Fatalf("stdout does not report the denied license at %s:\n%s", want, r.stdout)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nlicenses:\n  allow: [MIT, Apache-2]\n  unknwn: warn\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no args", nil, ExitUsage, "Usage:"},
		{"unknown command", []string{"scan"}, ExitUsage, `unknown command "scan"`},
		{"missing path", []string{"check", "does/not/exist"}, ExitUsage, "does/not/exist does not exist"},
		{"bad format", []string{"check", "--format", "xml", "."}, ExitUsage, `unknown --format "xml"`},
		{"bad output", []string{"check", "--output", "json", "."}, ExitUsage, "want FORMAT=FILE"},
		{"two paths", []string{"check", "a", "b"}, ExitUsage, "check takes one PATH"},
		{"missing policy", []string{"check", "--policy", "nope.yaml", "testdata/examples/npm-pass"}, ExitUsage, "policy file nope.yaml does not exist"},
		{"invalid policy", []string{"check", "--policy", bad, "testdata/examples/npm-pass"}, ExitUsage, "bad.yaml:3:16: licenses.allow: \"Apache-2\""},
		{"invalid policy second error", []string{"check", "--policy", bad, "testdata/examples/npm-pass"}, ExitUsage, "bad.yaml:4:3: unknown key \"unknwn\""},
		{"file as path", []string{"check", "go.mod"}, ExitUsage, "is not a directory"},
		{"negative timeout", []string{"check", "--timeout", "-1s", "testdata/examples/npm-pass"}, ExitUsage, "--timeout -1s: want a positive duration"},
		{"bad timeout", []string{"check", "--timeout", "soon", "testdata/examples/npm-pass"}, ExitUsage, "invalid value \"soon\" for flag -timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, stderr:\n%s\nwant exit %d and %q", r.code, r.stderr, tt.code, tt.stderr)
			}
		})
	}
}

func TestVersionAndHelp(t *testing.T) {
	t.Parallel()
	if r := runCLI(t, "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "ospo-gate ") {
		t.Fatalf("version: %+v", r)
	}
	r := runCLI(t, "help")
	if r.code != 0 || !strings.Contains(r.stdout, "ospo-gate check testdata/examples/npm-fail") {
		t.Fatalf("help lacks a real example: %+v", r)
	}
}

func TestOutputFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	args := []string{"check", "--offline", "testdata/examples/npm-fail"}
	files := map[string]string{}
	for _, f := range []string{"json", "markdown", "text", "sarif", "spdx-json", "cyclonedx-json", "notice"} {
		files[f] = filepath.Join(dir, "out."+f)
		args = append(args, "--output", f+"="+files[f])
	}
	r := runCLI(t, args...)
	if r.code != ExitFail {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for f, p := range files {
		b, err := os.ReadFile(p)
		if err != nil || len(b) == 0 {
			t.Fatalf("%s: %v (%d bytes)", p, err, len(b))
		}
		if strings.HasSuffix(f, "json") || f == "sarif" {
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatalf("%s is not JSON: %v", f, err)
			}
		}
	}
	sarif, _ := os.ReadFile(files["sarif"])
	if !strings.Contains(string(sarif), "license/denied") || !strings.Contains(string(sarif), `"startLine": 39`) {
		t.Fatalf("SARIF lacks the denied finding at its line:\n%s", sarif)
	}
	notice, _ := os.ReadFile(files["notice"])
	if !strings.Contains(string(notice), "vendored-text") || !strings.Contains(string(notice), "ISC License") {
		t.Fatalf("NOTICE lacks the vendored license text:\n%s", notice)
	}
}

// TestCorpus checks every real project of ../shared/corpus end to end: never a usage error, a crash or an
// evaluation failure, whatever the verdict.
func TestCorpus(t *testing.T) {
	t.Parallel()
	dirs, _ := filepath.Glob(filepath.Join(repoRoot, "..", "shared", "corpus", "*"))
	n := 0
	for _, d := range dirs {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			continue
		}
		n++
		rel, err := filepath.Rel(repoRoot, d)
		if err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, "check", "--offline", "--format", "json", rel)
		if r.code != ExitPass && r.code != ExitFail {
			t.Errorf("%s: exit %d\n%s", rel, r.code, r.stderr)
			continue
		}
		validateReport(t, r.stdout)
		var rep struct {
			Summary struct {
				Packages   int
				Ecosystems []struct {
					Type               string
					Packages, Resolved int
				}
			}
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		for _, e := range rep.Summary.Ecosystems {
			t.Logf("| %s | %s | %d | %d | %.1f%% |", filepath.Base(d), e.Type, e.Packages, e.Resolved, 100*float64(e.Resolved)/float64(e.Packages))
		}
	}
	if n == 0 {
		t.Skip("../shared/corpus is not beside the repository")
	}
}

// panicWriter panics on every write: a stand-in for a bug anywhere after the gate ran.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("writer exploded") }

// TestPanicIsExit3 checks that a panic inside the command ends with exit 3 and a message, never Go's own exit
// code 2 (which would read as a usage error) nor a pass.
func TestPanicIsExit3(t *testing.T) {
	t.Parallel()
	var errb bytes.Buffer
	code := Main(context.Background(), []string{"check", "--offline", "testdata/examples/npm-pass"}, Env{
		Stdout: panicWriter{}, Stderr: &errb, Getenv: func(string) string { return "" },
		Now: func() time.Time { return fixedNow }, Dir: repoRoot, HTTPClient: loopbackOnly,
	})
	if code != ExitBroken || !strings.Contains(errb.String(), "internal error: panic: writer exploded") {
		t.Fatalf("exit %d, stderr %q; want %d and the panic named", code, errb.String(), ExitBroken)
	}
}

// TestSBOMFormatOnStdout checks that an SBOM asked for on stdout (not with --output) keeps syft's SBOM through
// the run: the gate drops it only when no SBOM format is requested.
func TestSBOMFormatOnStdout(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"spdx-json", "cyclonedx-json"} {
		r := runCLI(t, "check", "--offline", "--format", f, "testdata/examples/npm-fail")
		if r.code != ExitFail {
			t.Fatalf("%s: exit %d: %s", f, r.code, r.stderr)
		}
		var v any
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
			t.Fatalf("%s on stdout is not JSON: %v", f, err)
		}
		if !strings.Contains(r.stdout, "readline-gpl") {
			t.Errorf("%s on stdout lacks the scanned packages:\n%.1500s", f, r.stdout)
		}
	}
}
