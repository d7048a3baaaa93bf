package artifacts

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// FuzzSARIF feeds findings with arbitrary strings to the SARIF writer: the log must stay valid JSON, every
// finding must become exactly one result or notification, and locations must stay inside the repository.
func FuzzSARIF(f *testing.F) {
	f.Add("license/denied", "pkg:npm/x@1", "package-lock.json", "msg [a](b)", "svc", 3, uint8(0))
	f.Add("", "", "", "", "", 0, uint8(1))
	f.Add("x/y", "pkg:golang/a@v1", "../../etc/passwd", "\x1b[31m\u202e", "../up", -5, uint8(2))
	f.Add("scorecard/below-threshold", "p", "a b#c?.json", "\xff\xfe", ".", 1<<30, uint8(3))
	f.Fuzz(func(t *testing.T, rule, purl, path, msg, prefix string, line int, sev uint8) {
		severities := []rules.Severity{rules.SeverityError, rules.SeverityWarning, rules.SeverityNote, "bogus"}
		fs := []rules.Finding{
			{Rule: rule, Severity: severities[int(sev)%len(severities)], PURL: purl, Path: path, Line: line, Message: msg, Package: msg},
			{Rule: rules.RuleDenied, Severity: rules.SeverityError, PURL: "pkg:npm/y@1", Path: "package.json", Line: 1, Message: "fixed"},
		}
		var b bytes.Buffer
		if err := WriteSARIF(&b, fs, SARIFOptions{PathPrefix: prefix, FallbackPath: path}); err != nil {
			t.Fatal(err)
		}
		var log sarifLog
		if err := json.Unmarshal(b.Bytes(), &log); err != nil {
			t.Fatalf("invalid JSON: %v", err)
		}
		run := log.Runs[0]
		notes := 0
		if len(run.Invocations) > 0 {
			notes = len(run.Invocations[0].ToolExecutionNotifications)
		}
		if len(run.Results)+notes != len(fs) {
			t.Fatalf("%d results + %d notifications for %d findings", len(run.Results), notes, len(fs))
		}
		for _, r := range run.Results {
			uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI
			if uri == "" || strings.HasPrefix(uri, "/") || strings.HasPrefix(uri, "../") || uri == ".." {
				t.Fatalf("location %q is not inside the repository", uri)
			}
			if reg := r.Locations[0].PhysicalLocation.Region; reg != nil && reg.StartLine < 1 {
				t.Fatalf("startLine %d", reg.StartLine)
			}
			if strings.IndexFunc(r.Message.Text, unicode.IsControl) >= 0 || strings.Contains(r.Message.Text, "](") {
				t.Fatalf("message %q is not plain, link-free text", r.Message.Text)
			}
		}
	})
}

// FuzzSanitizeText checks that sanitized texts are valid UTF-8 without hidden characters, and stable.
func FuzzSanitizeText(f *testing.F) {
	for _, s := range []string{mitText, "\ufeffa\r\nb\f\x1b[0m\u202e", "caf\xc3", "\x00\x01\x7f", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := sanitizeText(b)
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8: %q", s)
		}
		for _, r := range s {
			if r != '\n' && isHidden(r) {
				t.Fatalf("hidden character %U in %q", r, s)
			}
		}
		if strings.Contains(s, "\r") || strings.HasPrefix(s, "\n") || strings.HasSuffix(s, "\n") {
			t.Fatalf("line ends not normalised: %q", s)
		}
		if again := sanitizeText([]byte(s)); again != s {
			t.Fatalf("not idempotent: %q -> %q", s, again)
		}
	})
}

// FuzzNotice writes a NOTICE file for one package with arbitrary metadata and license text.
func FuzzNotice(f *testing.F) {
	f.Add("left-pad", "1.3.0", "MIT", []byte(mitText))
	f.Add("x\x1b]0;pwn\x07", "\u202e1", "", []byte("\x00binary"))
	f.Add("", "", "GPL-3.0-only", []byte(strings.Repeat("a\r", 3000)))
	f.Fuzz(func(t *testing.T, name, version, expr string, text []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "LICENSE"), text, 0o644); err != nil {
			t.Fatal(err)
		}
		inv := &inventory.Inventory{Root: dir, Packages: []inventory.Package{{
			Name: name, Version: version, Type: "npm", Dir: dir,
			Licenses: []inventory.License{{Expression: expr, Source: inventory.SourceDeclared}},
		}}}
		var a, b bytes.Buffer
		opts := NoticeOptions{MaxFileBytes: 1024}
		if err := WriteNotice(&a, inv, opts); err != nil {
			t.Fatal(err)
		}
		if err := WriteNotice(&b, inv, opts); err != nil {
			t.Fatal(err)
		}
		out := a.String()
		if out != b.String() {
			t.Fatal("not deterministic")
		}
		if !utf8.ValidString(out) {
			t.Fatal("invalid UTF-8")
		}
		for _, r := range out {
			if r != '\n' && isHidden(r) {
				t.Fatalf("hidden character %U in the NOTICE file", r)
			}
		}
	})
}
