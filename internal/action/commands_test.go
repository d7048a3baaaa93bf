package action

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/rules"
)

func TestWorkflowCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		level, file      string
		line             int
		title, msg, want string
	}{
		{"plain", CommandError, "package-lock.json", 12, "Denied license", "GPL-3.0-only is denied",
			"::error endLine=12,file=package-lock.json,line=12,title=Denied license::GPL-3.0-only is denied"},
		{"message escapes", CommandWarning, "a", 1, "", "100% sure\r\nnext::error::x",
			`::warning endLine=1,file=a,line=1::100%25 sure\x0d%0Anext::error::x`},
		{"property escapes", CommandNotice, "dir,x/a:b.json", 3, "Denied: GPL, 3.0 %", "",
			"::notice endLine=3,file=dir%2Cx/a%3Ab.json,line=3,title=Denied%3A GPL%2C 3.0 %25::"},
		{"no line", CommandError, "go.mod", 0, "t", "m", "::error file=go.mod,title=t::m"},
		{"no file", CommandError, "", 7, "", "m", "::error::m"},
		{"terminal escapes are shown, not sent", CommandError, "f", 1, "\x1b[31mred", "bell\a",
			`::error endLine=1,file=f,line=1,title=\x1b[31mred::bell\x07`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := WorkflowCommand(tt.level, tt.file, tt.line, tt.title, tt.msg); got != tt.want {
				t.Errorf("WorkflowCommand =\n %q\nwant\n %q", got, tt.want)
			}
		})
	}
}

// unescapeData reverses the toolkit's message escaping.
func unescapeData(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(s)
}

func unescapeProperty(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

func FuzzWorkflowCommand(f *testing.F) {
	f.Add("package-lock.json", 12, "Denied: GPL, 3.0", "100% sure\r\n::error::x")
	f.Add("a,b:c", 0, "", "%0A")
	f.Add("", -1, "%%", "\x1b]8;;http://x\x07")
	f.Fuzz(func(t *testing.T, file string, line int, title, msg string) {
		cmd := WorkflowCommand(CommandError, file, line, title, msg)
		if strings.ContainsAny(cmd, "\r\n") {
			t.Fatalf("command spans lines: %q", cmd)
		}
		rest, ok := strings.CutPrefix(cmd, "::error")
		if !ok {
			t.Fatalf("command %q does not start with ::error", cmd)
		}
		propPart, message, ok := strings.Cut(rest, "::")
		if !ok {
			t.Fatalf("command %q has no message separator", cmd)
		}
		if got, want := unescapeData(message), clean(msg); got != want {
			t.Fatalf("message round trip: got %q, want %q", got, want)
		}
		props := map[string]string{}
		if propPart != "" {
			for _, kv := range strings.Split(strings.TrimPrefix(propPart, " "), ",") {
				k, v, ok := strings.Cut(kv, "=")
				if !ok || strings.ContainsAny(v, ":,") {
					t.Fatalf("property %q of %q is not escaped", kv, cmd)
				}
				props[k] = unescapeProperty(v)
			}
		}
		if file != "" && props["file"] != clean(file) {
			t.Fatalf("file round trip: got %q, want %q", props["file"], clean(file))
		}
		if title != "" && props["title"] != clean(title) {
			t.Fatalf("title round trip: got %q, want %q", props["title"], clean(title))
		}
	})
}

func TestLoggerNeverEmitsUntrustedCommands(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	l := newLogger(&buf)
	l.infof("%s", "  ::set-output name=verdict::pass")
	l.infof("package %s", "x\n::add-mask::y")
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "::") {
			t.Errorf("log line %q would be read as a workflow command", line)
		}
	}
}

func TestLogAnnotationsMostSevereFirstWithinLimits(t *testing.T) {
	t.Parallel()
	var fs []rules.Finding
	for i := 0; i < 14; i++ {
		fs = append(fs, rules.Finding{Rule: rules.RuleDenied, Severity: rules.SeverityError, Package: fmt.Sprint("e", i), Path: "package-lock.json", Line: i + 1, Message: "denied"})
	}
	for i := 0; i < 3; i++ {
		fs = append(fs, rules.Finding{Rule: rules.RuleUnknown, Severity: rules.SeverityWarning, Package: fmt.Sprint("w", i), Path: "go.mod", Line: i + 1, Message: "unknown"})
	}
	rules.SortFindings(fs)
	var buf bytes.Buffer
	got := newLogger(&buf).writeLogAnnotations(fs, nil, FailOn{Threshold: rules.SeverityError})
	if got.Shown[CommandError] != 10 || got.Omitted[CommandError] != 4 || got.Shown[CommandWarning] != 3 || got.omitted() != 4 {
		t.Errorf("shown %v, omitted %v", got.Shown, got.Omitted)
	}
	lines := strings.Split(buf.String(), "\n")
	for i := 0; i < 10; i++ {
		if !strings.HasPrefix(lines[i], "::error ") {
			t.Fatalf("line %d = %q, want the errors first", i, lines[i])
		}
	}
	if !strings.Contains(buf.String(), "4 more error finding(s) are not shown") {
		t.Errorf("the log does not say what was left out:\n%s", buf.String())
	}
}
