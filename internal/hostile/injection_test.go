package hostile

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/action"
	"github.com/ospo-gate/ospo-gate/internal/cli"
)

// TestForgedWorkflowCommands scans a lockfile whose names, versions and license strings carry workflow
// commands (::error, ::set-output, ::add-mask, ::stop-commands) behind CR, LF and %0A: no report line may be
// taken as a command by the runner, and the JSON report stays valid JSON.
func TestForgedWorkflowCommands(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"text", "markdown", "json"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			r := run(t, 60*time.Second, "check", "--offline", "--format", format, fixtures+"/injection")
			wantCode(t, r, cli.ExitFail)
			if got := commandLines(r.stdout); len(got) > 0 {
				t.Errorf("stdout has %d forged workflow command line(s): %q", len(got), got)
			}
			if got := commandLines(r.stderr); len(got) > 0 {
				t.Errorf("stderr has %d forged workflow command line(s): %q", len(got), got)
			}
			if format == "json" && !json.Valid([]byte(r.stdout)) {
				t.Errorf("the JSON report is not valid JSON:\n%.2000s", r.stdout)
			}
		})
	}
}

// TestMarkdownInjection checks that HTML, table pipes and comments from package names and license strings are
// escaped in the markdown report: none survives as raw markup.
func TestMarkdownInjection(t *testing.T) {
	t.Parallel()
	r := run(t, 60*time.Second, "check", "--offline", "--format", "markdown", fixtures+"/injection")
	wantCode(t, r, cli.ExitFail)
	for _, raw := range []string{"<img", "<script", "<!--", "pipe|break"} {
		if strings.Contains(r.stdout, raw) {
			t.Errorf("markdown report contains raw %q:\n%s", raw, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "img") || !strings.Contains(r.stdout, "pipe") {
		t.Errorf("markdown report does not mention the hostile packages at all:\n%s", r.stdout)
	}
}

// TestWorkflowCommandEscaping feeds hostile values to the annotation builder directly: every result is one
// line, starts with the requested command, and carries no second command.
func TestWorkflowCommandEscaping(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, file, title, message string }{
		{"newline in message", "package-lock.json", "license/denied", "x\n::error::forged"},
		{"CR in message", "package-lock.json", "t", "x\r::set-output name=a::b"},
		{"percent in message", "a.json", "t", "50%0A::add-mask::s"},
		{"colon and comma in file", "a::b,line=9.json", "t", "m"},
		{"newline in title", "f", "t\n::error::forged", "m"},
		{"unicode line separator", "f", "t", "a\u2028::error::b\u0085::warning::c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := action.WorkflowCommand(action.CommandError, tt.file, 3, tt.title, tt.message)
			if strings.ContainsAny(got, "\r\n\u2028\u2029\u0085") {
				t.Fatalf("command is not a single line: %q", got)
			}
			if !strings.HasPrefix(got, "::error ") {
				t.Fatalf("command does not start with ::error: %q", got)
			}
			head, msg, ok := strings.Cut(got[2:], "::")
			if !ok {
				t.Fatalf("no message separator in %q", got)
			}
			if strings.Contains(tt.message, "%0A") && !strings.Contains(msg, "%250A") {
				t.Errorf("a literal %%0A in the message was not escaped: %q", got)
			}
			for _, p := range strings.Split(strings.TrimPrefix(head, "error "), ",") {
				if !strings.Contains(p, "=") {
					t.Errorf("property %q of %q is not key=value: a ',' was not escaped", p, got)
				}
			}
		})
	}
}

// TestSARIFInjection writes the SARIF log of the injection fixture: it is valid JSON whose results keep the
// hostile names as data, every artifact URI is a clean workspace-relative path, and nothing in it is a line a
// runner or a SARIF viewer would take as markup or a command.
func TestSARIFInjection(t *testing.T) {
	t.Parallel()
	r := run(t, 60*time.Second, "check", "--offline", "--format", "sarif", fixtures+"/injection")
	wantCode(t, r, cli.ExitFail)
	if got := commandLines(r.stdout); len(got) > 0 {
		t.Errorf("the SARIF output has workflow command lines: %q", got)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Message struct {
					Text     string `json:"text"`
					Markdown string `json:"markdown"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("SARIF is not valid JSON: %v\n%.2000s", err, r.stdout)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("want one run with results, got %+v", log.Runs)
	}
	var texts strings.Builder
	for _, res := range log.Runs[0].Results {
		texts.WriteString(res.Message.Text + "\n")
		if strings.Contains(res.Message.Markdown, "<img") || strings.Contains(res.Message.Markdown, "<!--") {
			t.Errorf("%s: markdown message carries raw HTML: %q", res.RuleID, res.Message.Markdown)
		}
		if len(res.PartialFingerprints) == 0 {
			t.Errorf("%s: no partialFingerprints", res.RuleID)
		}
		for _, loc := range res.Locations {
			uri := loc.PhysicalLocation.ArtifactLocation.URI
			if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, "..") || strings.Contains(uri, "://") || strings.ContainsAny(uri, "\r\n") {
				t.Errorf("%s: artifact URI %q is not a clean workspace-relative path", res.RuleID, uri)
			}
		}
	}
	// The hostile names are reported, as plain data.
	for _, name := range []string{"<img src=x onerror=alert(1)>", "pipe|break", "evil-newline"} {
		if !strings.Contains(texts.String(), name) {
			t.Errorf("no SARIF result names %q", name)
		}
	}
}
