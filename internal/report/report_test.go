package report

import (
	"bytes"
	"strings"
	"testing"

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
