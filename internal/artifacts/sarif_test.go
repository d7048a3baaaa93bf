package artifacts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/rules"
	"github.com/ospo-gate/ospo-gate/internal/shipcheck/schemas"
)

func writeSARIF(t *testing.T, fs []rules.Finding, opts SARIFOptions) (sarifLog, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSARIF(&b, fs, opts); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatalf("the SARIF is not JSON: %v", err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return log, b.Bytes()
}

// hostile findings carry what a malicious package could put in names, licenses and paths.
var hostile = []rules.Finding{
	{Rule: rules.RuleDenied, Severity: rules.SeverityError, Package: "evil\x1b[31m\u202e", Version: "1.0", PURL: "pkg:npm/evil@1.0",
		License: "GPL-3.0-only", Path: "sub dir/package-lock.json", Line: 12, Message: "evil is [click](https://x.example) licensed\nGPL"},
	{Rule: rules.RuleUnknown, Severity: rules.SeverityWarning, Package: "a", PURL: "pkg:pypi/a@1", Path: "requirements.txt", Message: "no license"},
	{Rule: rules.RuleExceptionUnused, Severity: rules.SeverityNote, Path: ".github/ospo-gate.yaml", Line: 40, Message: "exception unused"},
	{Rule: rules.RuleScanProblem, Severity: rules.SeverityWarning, Message: "a file could not be read"},
	{Rule: "scorecard/below-threshold", Severity: rules.SeverityWarning, PURL: "pkg:golang/x@v1", Path: "go.mod", Line: 3, Message: "score 2.1"},
	{Rule: rules.RuleDenied, Severity: rules.SeverityError, PURL: "pkg:npm/b@1", Path: "../../etc/passwd", Message: "escaping path"},
	{Rule: rules.RuleDenied, Severity: rules.SeverityError, PURL: "pkg:npm/c@1", Path: "<embedded default policy>", Message: "placeholder"},
	{Rule: rules.RuleDenied, Severity: rules.SeverityError, PURL: "pkg:npm/d@1", Path: "ab:c/package.json", Line: 1, Message: "colon"},
}

func TestSARIFMatchesSchema(t *testing.T) {
	t.Parallel()
	v := validator(t)
	runs := exampleRuns(t)
	cases := map[string][]rules.Finding{"hostile": hostile, "none": nil}
	for _, ex := range examples {
		cases[ex] = runs[ex].Result.Findings
	}
	for name, fs := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, raw := writeSARIF(t, fs, SARIFOptions{ToolVersion: "v1.2.3", FallbackPath: ".github/ospo-gate.yaml", Category: "ospo-gate"})
			if err := v.Validate(schemas.SARIF, raw); err != nil {
				t.Errorf("SARIF does not match sarif-2.1.0.json:\n%v", err)
			}
		})
	}
	var m map[string]any
	_, raw := writeSARIF(t, hostile, SARIFOptions{})
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m["version"] = "2.0.0"
	broken, _ := json.Marshal(m)
	if err := v.Validate(schemas.SARIF, broken); err == nil {
		t.Error("a SARIF log with version 2.0.0 passed the schema")
	}
}

func TestSARIFResults(t *testing.T) {
	t.Parallel()
	log, _ := writeSARIF(t, hostile, SARIFOptions{PathPrefix: "services/api", FallbackPath: "policy.yaml"})
	run := log.Runs[0]
	byMsg := map[string]sarifResult{}
	for _, r := range run.Results {
		byMsg[r.Message.Text] = r
	}
	tests := []struct {
		msgPrefix, level, uri string
		line                  int
	}{
		{"evil is", "error", "services/api/sub%20dir/package-lock.json", 12},
		{"no license", "warning", "services/api/requirements.txt", 0},
		{"exception unused", "note", "services/api/.github/ospo-gate.yaml", 40},
		{"a file could not be read", "warning", "services/api/policy.yaml", 0},
		{"score 2.1", "warning", "services/api/go.mod", 3},
		{"escaping path", "error", "etc/passwd", 0},
		{"placeholder", "error", "services/api/policy.yaml", 0},
		{"colon", "error", "services/api/ab:c/package.json", 1},
	}
	for _, tt := range tests {
		var r *sarifResult
		for k, v := range byMsg {
			if strings.HasPrefix(k, tt.msgPrefix) {
				v := v
				r = &v
			}
		}
		if r == nil {
			t.Errorf("no result for %q", tt.msgPrefix)
			continue
		}
		loc := r.Locations[0].PhysicalLocation
		gotLine := 0
		if loc.Region != nil {
			gotLine = loc.Region.StartLine
		}
		if r.Level != tt.level || loc.ArtifactLocation.URI != tt.uri || gotLine != tt.line {
			t.Errorf("%q: level %s uri %s line %d, want %s %s %d", tt.msgPrefix, r.Level, loc.ArtifactLocation.URI, gotLine, tt.level, tt.uri, tt.line)
		}
		if r.Rules(run) == "" || r.PartialFingerprints[fingerprintKey] == "" {
			t.Errorf("%q: rule index or fingerprint missing: %+v", tt.msgPrefix, r)
		}
	}
	evil := run.Results[0].Message.Text
	for _, bad := range []string{"\x1b", "\u202e", "\n", "](http"} {
		if strings.Contains(evil, bad) {
			t.Errorf("message %q still contains %q", evil, bad)
		}
	}
}

// Rules returns the id of the rule the result points at, checking ruleId and ruleIndex agree.
func (r sarifResult) Rules(run sarifRun) string {
	if r.RuleIndex < 0 || r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
		return ""
	}
	return r.RuleID
}

func TestSARIFUnlocatedFindingsBecomeNotifications(t *testing.T) {
	t.Parallel()
	log, _ := writeSARIF(t, hostile, SARIFOptions{})
	run := log.Runs[0]
	if len(run.Invocations) != 1 {
		t.Fatalf("invocations = %+v", run.Invocations)
	}
	var msgs []string
	for _, n := range run.Invocations[0].ToolExecutionNotifications {
		msgs = append(msgs, n.Message.Text)
		if n.AssociatedRule == nil || run.Tool.Driver.Rules[n.AssociatedRule.Index].ID != n.AssociatedRule.ID {
			t.Errorf("notification %q does not point at its rule", n.Message.Text)
		}
	}
	got := strings.Join(msgs, "|")
	for _, want := range []string{"a file could not be read", "placeholder"} {
		if !strings.Contains(got, want) {
			t.Errorf("notifications %q lack %q", got, want)
		}
	}
	for _, r := range run.Results {
		if len(r.Locations) != 1 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
			t.Errorf("result %q has no location; code scanning would reject the upload", r.Message.Text)
		}
	}
}

func TestSARIFFingerprints(t *testing.T) {
	t.Parallel()
	base := rules.Finding{Rule: rules.RuleDenied, Severity: rules.SeverityError, PURL: "pkg:npm/x@1", Path: "package-lock.json", Line: 10, Message: "m"}
	fp := func(f rules.Finding) string {
		log, _ := writeSARIF(t, []rules.Finding{f}, SARIFOptions{})
		return log.Runs[0].Results[0].PartialFingerprints[fingerprintKey]
	}
	want := fp(base)
	moved, reworded := base, base
	moved.Line, reworded.Message = 99, "other words"
	for name, f := range map[string]rules.Finding{"moved line": moved, "new message": reworded} {
		if got := fp(f); got != want {
			t.Errorf("%s changed the fingerprint", name)
		}
	}
	upgraded, otherFile, otherRule := base, base, base
	upgraded.PURL, otherFile.Path, otherRule.Rule = "pkg:npm/x@2", "sub/package-lock.json", rules.RuleReview
	for name, f := range map[string]rules.Finding{"new version": upgraded, "other file": otherFile, "other rule": otherRule} {
		if got := fp(f); got == want {
			t.Errorf("%s kept the fingerprint", name)
		}
	}
}

func TestSARIFCapsResults(t *testing.T) {
	t.Parallel()
	var fs []rules.Finding
	for i := 0; i < 10; i++ {
		sev := rules.SeverityNote
		if i%3 == 0 {
			sev = rules.SeverityError
		}
		fs = append(fs, rules.Finding{Rule: rules.RuleReview, Severity: sev, PURL: fmt.Sprintf("pkg:npm/p%d@1", i), Path: "package.json", Message: "m"})
	}
	log, _ := writeSARIF(t, fs, SARIFOptions{MaxResults: 3})
	run := log.Runs[0]
	if len(run.Results) != 3 {
		t.Fatalf("%d results, want 3", len(run.Results))
	}
	for _, r := range run.Results {
		if r.Level != "error" {
			t.Errorf("kept a %s result before the errors", r.Level)
		}
	}
	props, _ := run.Properties["ospoGate"].(map[string]any)
	if props["truncated"] != true || props["omitted"] != float64(7) || props["findings"] != float64(10) {
		t.Errorf("run properties = %v, want truncated with 7 omitted of 10", run.Properties)
	}
	full, _ := writeSARIF(t, fs, SARIFOptions{})
	if len(full.Runs[0].Results) != 10 || full.Runs[0].Properties != nil {
		t.Errorf("uncapped run: %d results, properties %v", len(full.Runs[0].Results), full.Runs[0].Properties)
	}
}

func TestSARIFRules(t *testing.T) {
	t.Parallel()
	log, _ := writeSARIF(t, hostile, SARIFOptions{ToolVersion: "v2.0.1-rc.1"})
	d := log.Runs[0].Tool.Driver
	if d.SemanticVersion != "2.0.1-rc.1" || d.Version != "v2.0.1-rc.1" {
		t.Errorf("driver version %q semantic %q", d.Version, d.SemanticVersion)
	}
	seen := map[string]bool{}
	for _, r := range d.Rules {
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" {
			t.Errorf("rule %s lacks documentation: %+v", r.ID, r)
		}
	}
	for _, info := range rules.Rules {
		if !seen[info.ID] {
			t.Errorf("rule %s missing", info.ID)
		}
	}
	if !seen["scorecard/below-threshold"] {
		t.Error("a rule id the findings use but rules.Rules lacks got no rule")
	}
}

func TestRepoURI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		prefix, path, want string
		ok                 bool
	}{
		{"", "package-lock.json", "package-lock.json", true},
		{".", "a/b.json", "a/b.json", true},
		{"./svc", "go.mod", "svc/go.mod", true},
		{"svc", "../.github/ospo-gate.yaml", ".github/ospo-gate.yaml", true},
		{"", "a b#c?.json", "a%20b%23c%3F.json", true},
		{"", "ab:c/z", "./ab:c/z", true},
		{"", "x:y/z", "", false},
		{"", "../x", "", false},
		{"", "/etc/passwd", "", false},
		{"", "C:/x", "", false},
		{"", "", "", false},
		{"", ".", "", false},
		{"", "<embedded default policy>", "", false},
		{"", "a\nb", "", false},
		{"", `a\b`, "", false},
	}
	for _, tt := range tests {
		got, ok := repoURI(tt.prefix, tt.path)
		if got != tt.want || ok != tt.ok {
			t.Errorf("repoURI(%q, %q) = %q, %v; want %q, %v", tt.prefix, tt.path, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRuleName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"license/not-allowed": "LicenseNotAllowed", "exception/license-changed": "ExceptionLicenseChanged",
		"scan/unreadable": "ScanUnreadable", "": "Rule", "---": "Rule",
	} {
		if got := ruleName(in); got != want {
			t.Errorf("ruleName(%q) = %q, want %q", in, got, want)
		}
	}
}
