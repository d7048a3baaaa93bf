package report

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

func TestPlainNeutralisesControlCharacters(t *testing.T) {
	t.Parallel()
	got := Plain("evil\r\n::error::forged\x1b[31m\u202e")
	if strings.ContainsAny(got, "\r\n\x1b\u202e") || !strings.Contains(got, `\x0d\x0a::error::forged`) {
		t.Fatalf("Plain = %q", got)
	}
	if Plain("left-pad@1.3.0") != "left-pad@1.3.0" {
		t.Fatal("plain text changed")
	}
}

func TestMarkdownEscaping(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"<img src=x onerror=alert(1)>": "&lt;img src=x onerror=alert\\(1\\)&gt;",
		"a|b":                          `a\|b`,
		"[click](http://evil)":         `\[click\]\(http\://evil\)`,
		"@octocat":                     `\@octocat`,
		"x\ny":                         `x\\x0ay`,
	}
	for in, want := range tests {
		if got := Markdown(in); got != want {
			t.Errorf("Markdown(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextAndMarkdownReports(t *testing.T) {
	t.Parallel()
	r := Build(Input{
		ToolVersion: "test", Target: ".", PolicyPath: "policy.yaml",
		Inventory: &inventory.Inventory{Packages: []inventory.Package{{
			Name: "evil|pkg\n::error::x", Version: "1.0.0", Type: "npm", PURL: "pkg:npm/evil@1.0.0", Scope: inventory.ScopeRuntime,
			Licenses: []inventory.License{{Expression: "GPL-3.0-only", Source: inventory.SourceDeclared}},
		}}},
		Result: rules.Result{Verdict: rules.Fail, Checked: 1, Findings: []rules.Finding{{
			Rule: rules.RuleDenied, Severity: rules.SeverityError, Package: "evil|pkg\n::error::x", Version: "1.0.0",
			Path: "package-lock.json", Line: 7, Message: "denied\n::error::forged",
		}}},
	})
	var text, md bytes.Buffer
	if err := WriteText(&text, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{text.String(), md.String()} {
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "::") {
				t.Fatalf("a forged workflow command reached the output: %q", line)
			}
		}
	}
	if !strings.Contains(text.String(), "package-lock.json:7") || !strings.Contains(md.String(), `evil\|pkg`) {
		t.Fatalf("reports:\n%s\n%s", text.String(), md.String())
	}
	if r.Summary.Findings["error"] != 1 || r.Summary.Licenses.Resolved != 1 {
		t.Fatalf("summary: %+v", r.Summary)
	}
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"<script>", "a|b", "x\ny", "`code`", "@user", "<!-- ospo-gate -->"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Markdown(s)
		if strings.ContainsAny(out, "<>\n\r") {
			t.Fatalf("Markdown(%q) = %q keeps raw markup or a line break", s, out)
		}
		for i := 0; i < len(out); i++ {
			if out[i] == '|' && (i == 0 || out[i-1] != '\\') {
				t.Fatalf("unescaped pipe in %q", out)
			}
		}
	})
}

// TestDiffEncoding: the diff section is encoded as documented (sorted entries, counts from the lists, optional
// fields left out when empty), validates against docs/report.schema.json, and is absent when there is none.
func TestDiffEncoding(t *testing.T) {
	t.Parallel()
	base, head := strings.Repeat("a", 40), strings.Repeat("b", 40)
	in := Input{
		ToolVersion: "test", Target: ".", PolicyPath: "policy.yaml", Inventory: &inventory.Inventory{},
		Result: rules.Result{Verdict: rules.Pass},
		Diff: &Diff{
			Base: base, Head: head, DependencyFiles: []string{"web/package-lock.json", "go.mod"},
			Counts: DiffCounts{Added: 99, Unchanged: 7}, // Added is recounted from the list
			Added: []Change{
				{Name: "zeta", Version: "1.0.0", Type: "npm", PURL: "pkg:npm/zeta@1.0.0", Scope: inventory.ScopeRuntime, License: "MIT", Path: "web/package-lock.json", Line: 30},
				{Name: "alpha", Version: "2.0.0", Type: "npm", PURL: "pkg:npm/alpha@2.0.0", Scope: inventory.ScopeDevelopment, Path: "web/package-lock.json", Line: 12},
			},
			Changed: []Change{{Name: "golang.org/x/text", Version: "v0.15.0", Type: "go-module", PURL: "pkg:golang/golang.org/x/text@v0.15.0",
				Scope: inventory.ScopeRuntime, License: "BSD-3-Clause", FromVersion: "v0.14.0", FromLicense: "BSD-3-Clause", Path: "go.mod", Line: 5}},
			Removed: []Change{{Name: "gone", Version: "0.1.0", Type: "npm", PURL: "pkg:npm/gone@0.1.0", Scope: inventory.ScopeRuntime, License: "ISC"}},
		},
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, Build(in)); err != nil {
		t.Fatal(err)
	}
	validateReport(t, buf.Bytes())
	var doc struct {
		Diff json.RawMessage `json:"diff"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := `{
  "base": "` + base + `",
  "head": "` + head + `",
  "skipped": false,
  "dependency_files": ["go.mod", "web/package-lock.json"],
  "counts": {"added": 2, "changed": 1, "removed": 1, "unchanged": 7},
  "added": [
    {"name": "alpha", "version": "2.0.0", "type": "npm", "purl": "pkg:npm/alpha@2.0.0", "scope": "development", "path": "web/package-lock.json", "line": 12},
    {"name": "zeta", "version": "1.0.0", "type": "npm", "purl": "pkg:npm/zeta@1.0.0", "scope": "runtime", "license": "MIT", "path": "web/package-lock.json", "line": 30}
  ],
  "changed": [
    {"name": "golang.org/x/text", "version": "v0.15.0", "type": "go-module", "purl": "pkg:golang/golang.org/x/text@v0.15.0", "scope": "runtime",
     "license": "BSD-3-Clause", "from_version": "v0.14.0", "from_license": "BSD-3-Clause", "path": "go.mod", "line": 5}
  ],
  "removed": [
    {"name": "gone", "version": "0.1.0", "type": "npm", "purl": "pkg:npm/gone@0.1.0", "scope": "runtime", "license": "ISC"}
  ]
}`
	if got := compactJSON(t, doc.Diff); got != compactJSON(t, []byte(want)) {
		t.Errorf("diff section:\n got %s\nwant %s", got, compactJSON(t, []byte(want)))
	}
	if in.Diff.Added[0].Name != "zeta" || in.Diff.Counts.Added != 99 {
		t.Errorf("Build changed the caller's diff: %+v", in.Diff)
	}

	// A skipped diff gate: empty lists, never null, and the reason.
	in.Diff = &Diff{Base: base, Head: head, Skipped: true, SkipReason: SkipNoDependencyChange}
	buf.Reset()
	if err := WriteJSON(&buf, Build(in)); err != nil {
		t.Fatal(err)
	}
	validateReport(t, buf.Bytes())
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want = `{"base": "` + base + `", "head": "` + head + `", "skipped": true, "skip_reason": "no-dependency-change", "dependency_files": [],
		"counts": {"added": 0, "changed": 0, "removed": 0, "unchanged": 0}, "added": [], "changed": [], "removed": []}`
	if got := compactJSON(t, doc.Diff); got != compactJSON(t, []byte(want)) {
		t.Errorf("skipped diff section:\n got %s\nwant %s", got, compactJSON(t, []byte(want)))
	}

	// No diff (an audit, the CLI): no key at all, and a saved report reads back the same.
	in.Diff = nil
	buf.Reset()
	if err := WriteJSON(&buf, Build(in)); err != nil {
		t.Fatal(err)
	}
	validateReport(t, buf.Bytes())
	if strings.Contains(buf.String(), `"diff"`) {
		t.Errorf("a report without a diff has a diff key:\n%s", buf.String())
	}
}

// TestDiffSchemaRejectsInconsistentSkip: the schema ties skip_reason to skipped.
func TestDiffSchemaRejectsInconsistentSkip(t *testing.T) {
	t.Parallel()
	base := strings.Repeat("a", 40)
	for name, d := range map[string]*Diff{
		"skipped without a reason": {Base: base, Head: base, Skipped: true},
		"a reason without a skip":  {Base: base, Head: base, SkipReason: SkipNoDependencyChange},
		"skipped with files":       {Base: base, Head: base, Skipped: true, SkipReason: SkipNoDependencyChange, DependencyFiles: []string{"go.mod"}},
	} {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, Build(Input{Inventory: &inventory.Inventory{}, Result: rules.Result{Verdict: rules.Pass}, Diff: d})); err != nil {
			t.Fatal(err)
		}
		if reportSchemaErr(t, buf.Bytes()) == nil {
			t.Errorf("%s: the schema accepted %s", name, buf.String())
		}
	}
}

func compactJSON(t *testing.T, data []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, data); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	return buf.String()
}

// validateReport checks a JSON report against the documented model, docs/report.schema.json, like the CLI's
// tests do.
func validateReport(t *testing.T, doc []byte) {
	t.Helper()
	if err := reportSchemaErr(t, doc); err != nil {
		t.Fatalf("the JSON report does not match docs/report.schema.json: %v\n%s", err, doc)
	}
}

func reportSchemaErr(t *testing.T, doc []byte) error {
	t.Helper()
	schemaOnce.Do(func() {
		reportSchema, schemaErr = jsonschema.NewCompiler().Compile(filepath.Join("..", "..", "docs", "report.schema.json"))
	})
	if schemaErr != nil {
		t.Fatal(schemaErr)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return reportSchema.Validate(v)
}

var (
	schemaOnce   sync.Once
	reportSchema *jsonschema.Schema
	schemaErr    error
)
