package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/mdcheck"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// hostile are values a hostile manifest could carry into a report.
var hostile = []string{
	"left-pad", "@scope/pkg", "x\ny", "x\r\ny", "\u202eevil", "\u2028", "\x1b[31mred", "a|b", "`code`", "```",
	"<script>alert(1)</script>", "<details>", "::error::forged", "  ::warning::x", "\t::notice::x", "##[error]forged",
	"x ##[stop-commands]tok", "[click](https://evil)", "\\|", "\\", "", "\x00", "\xff\xfe", "::", "#", "##",
}

// FuzzPlain: Plain leaves no control, bidirectional or line-separator character, and changes nothing else.
func FuzzPlain(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Plain(s)
		if strings.IndexFunc(out, isControl) >= 0 {
			t.Fatalf("Plain(%q) = %q keeps a control character", s, out)
		}
		if strings.IndexFunc(s, isControl) < 0 && out != s {
			t.Fatalf("Plain(%q) = %q changed a clean value", s, out)
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("Plain(%q) = %q is not UTF-8", s, out)
		}
	})
}

// fuzzReport builds a report whose tree-derived values are all s (and path p, line n).
func fuzzReport(name, version, p string, line int, msg, reason string) *Report {
	purl := "pkg:npm/" + name + "@" + version
	fs := []rules.Finding{
		{Rule: rules.RuleDenied, Severity: rules.SeverityError, Package: name, Version: version, PURL: purl, Path: p, Line: line, Message: msg},
		{Rule: rules.RuleUnknown, Severity: rules.SeverityWarning, Package: name, PURL: purl, Path: p, Message: msg},
		{Rule: rules.RuleExceptionUnused, Severity: rules.SeverityNote, Path: reason, Line: line, Message: reason},
	}
	inv := &inventory.Inventory{Packages: []inventory.Package{{Name: name, Version: version, Type: "npm", PURL: purl,
		Licenses: []inventory.License{{Expression: "MIT", Source: inventory.SourceDeclared}}}}}
	return Build(Input{
		ToolVersion: "fuzz", Target: p, PolicyPath: reason, Inventory: inv, Own: []string{name},
		Result: rules.Result{Verdict: rules.Fail, Checked: 1, Findings: fs,
			Excused: []rules.Excused{{Rule: rules.RuleDenied, PURL: purl, Reason: reason, PolicyLine: line, Until: "2027-01-01"}}},
	})
}

// isRunnerCommand reports whether the Actions runner would try to read a log line as a workflow command: a
// "::" at its start (after white space), or a legacy "##[" anywhere.
func isRunnerCommand(line string) bool {
	return strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") || strings.Contains(line, "##[")
}

// runnerLines splits output as the runner reads it: "\n", "\r" and "\r\n" end a line.
func runnerLines(out string) []string {
	out = strings.ReplaceAll(out, "\r\n", "\n")
	return strings.Split(strings.ReplaceAll(out, "\r", "\n"), "\n")
}

// FuzzWriteText: the text report (printed by the CLI, often into a CI log) has the same lines whatever the
// values, and none of them is a workflow command to the Actions runner.
func FuzzWriteText(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, "1.0.0", "package-lock.json", 3, s, s)
		f.Add("x", s, s, 0, "m", "r")
	}
	var want bytes.Buffer
	if err := WriteText(&want, fuzzReport("x", "1", "p", 1, "m", "r")); err != nil {
		f.Fatal(err)
	}
	wantLines := len(runnerLines(want.String()))
	f.Fuzz(func(t *testing.T, name, version, p string, line int, msg, reason string) {
		var buf bytes.Buffer
		if err := WriteText(&buf, fuzzReport(name, version, p, line, msg, reason)); err != nil {
			t.Fatal(err)
		}
		lines := runnerLines(buf.String())
		if len(lines) != wantLines {
			t.Fatalf("text report has %d lines, want %d:\n%s", len(lines), wantLines, buf.String())
		}
		for _, l := range lines {
			if isRunnerCommand(l) {
				t.Fatalf("text report line %q would be read as a workflow command", l)
			}
		}
	})
}

// FuzzWriteMarkdown: the Markdown report keeps its tables' column counts, shows no HTML from the values
// outside code spans, and keeps each value on its line.
func FuzzWriteMarkdown(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, "1.0.0", "package-lock.json", 3, s, s)
		f.Add("x", s, s, 0, "m", "r")
	}
	var want bytes.Buffer
	if err := WriteMarkdown(&want, fuzzReport("x", "1", "p", 1, "m", "r")); err != nil {
		f.Fatal(err)
	}
	wantLines := strings.Count(want.String(), "\n")
	f.Fuzz(func(t *testing.T, name, version, p string, line int, msg, reason string) {
		var buf bytes.Buffer
		if err := WriteMarkdown(&buf, fuzzReport(name, version, p, line, msg, reason)); err != nil {
			t.Fatal(err)
		}
		md := buf.String()
		if strings.Count(md, "\n") != wantLines || strings.Contains(md, "\r") {
			t.Fatalf("Markdown report has other lines than expected:\n%s", md)
		}
		if err := mdcheck.Check(md); err != nil {
			t.Fatalf("%v:\n%s", err, md)
		}
	})
}
