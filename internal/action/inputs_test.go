package action

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

func TestReadInputs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want func(*Inputs) bool
		err  string
	}{
		{"defaults", nil, func(in *Inputs) bool {
			return in.Mode == ModeAuto && in.Comment == CommentNever && in.CheckName == DefaultCheckName && in.Path == "." &&
				in.FailOn.Threshold == rules.SeverityError && len(in.Outputs) == 1 && in.Outputs[0] == Output{"json", "ospo-gate-report.json"} && in.ScorecardAPI == ""
		}, ""},
		{"kebab-case names", map[string]string{"INPUT_GITHUB-TOKEN": " tok ", "INPUT_CHECK-NAME": "licenses", "INPUT_FAIL-ON": "warning", "INPUT_CACHE-DIR": ".cache", "INPUT_SCORECARD-API": "https://api.scorecard.dev/"},
			func(in *Inputs) bool {
				return in.Token == "tok" && in.CheckName == "licenses" && in.FailOn.Threshold == rules.SeverityWarning && in.CacheDir == ".cache" && in.ScorecardAPI == "https://api.scorecard.dev"
			}, ""},
		{"modes and comment, any case", map[string]string{"INPUT_MODE": "Diff", "INPUT_COMMENT": "ON-FAILURE"}, func(in *Inputs) bool {
			return in.Mode == ModeDiff && in.Comment == CommentOnFailure
		}, ""},
		{"path is cleaned", map[string]string{"INPUT_PATH": "./services//api/"}, func(in *Inputs) bool { return in.Path == "services/api" }, ""},
		{"outputs none", map[string]string{"INPUT_OUTPUTS": "none"}, func(in *Inputs) bool { return len(in.Outputs) == 0 }, ""},
		{"several errors at once", map[string]string{"INPUT_MODE": "fast", "INPUT_COMMENT": "sometimes"}, nil, "input mode: \"fast\" is not one of auto, diff, full\n  input comment"},
		{"path outside the repository", map[string]string{"INPUT_PATH": "../other"}, nil, "inside the repository"},
		{"absolute path", map[string]string{"INPUT_PATH": "/etc"}, nil, "inside the repository"},
		{"scorecard-api not a URL", map[string]string{"INPUT_SCORECARD-API": "ftp://x"}, nil, "not an http(s) URL"},
		{"multi-line check name", map[string]string{"INPUT_CHECK-NAME": "a\nb"}, nil, "one line"},
		{"policy with a NUL", map[string]string{"INPUT_POLICY": "a\x00b"}, nil, "not a file path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, err := ReadInputs(func(k string) string { return tt.env[k] })
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.want(&in) {
				t.Errorf("inputs = %+v", in)
			}
		})
	}
}

func TestParseFailOn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in        string
		threshold rules.Severity
		actions   map[string]policy.Action
		err       string
	}{
		{"", rules.SeverityError, map[string]policy.Action{}, ""},
		{"never", "", map[string]policy.Action{}, ""},
		{"note", rules.SeverityNote, map[string]policy.Action{}, ""},
		{"unknown=fail, mismatch = ignore\nwarning", rules.SeverityWarning, map[string]policy.Action{"unknown": policy.Fail, "mismatch": policy.Ignore}, ""},
		{"error, warning", "", nil, "only one severity threshold"},
		{"critical", "", nil, "is not a threshold"},
		{"licence=fail", "", nil, `the outcome "licence" is not one of denied, not-allowed, unknown, invalid, mismatch`},
		{"unknown=block", "", nil, `the action "block" is not one of fail, warn, ignore`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			f, err := ParseFailOn(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || f.Threshold != tt.threshold || !reflect.DeepEqual(f.Actions, tt.actions) {
				t.Errorf("ParseFailOn = %+v, %v; want threshold %q actions %v", f, err, tt.threshold, tt.actions)
			}
		})
	}
}

func TestFailOnFailsAndApply(t *testing.T) {
	t.Parallel()
	warn := FailOn{Threshold: rules.SeverityWarning}
	if !warn.Fails(rules.SeverityError) || !warn.Fails(rules.SeverityWarning) || warn.Fails(rules.SeverityNote) {
		t.Errorf("threshold warning misjudges severities")
	}
	if (FailOn{}).Fails(rules.SeverityError) {
		t.Errorf("threshold never fails on an error")
	}
	base := policy.Default()
	f := FailOn{Actions: map[string]policy.Action{"unknown": policy.Fail, "denied": policy.Warn}}
	got := f.Apply(base)
	if got.Licenses.Unknown != policy.Fail || got.Licenses.Denied != policy.Warn || base.Licenses.Unknown != policy.Warn {
		t.Errorf("Apply = %+v (base %+v): want a modified copy", got.Licenses, base.Licenses)
	}
}

func TestParseOutputs(t *testing.T) {
	t.Parallel()
	got, err := ParseOutputs("json=out/report.json,\n md = out/summary.md, text=out/report.txt")
	want := []Output{{"json", "out/report.json"}, {"markdown", "out/summary.md"}, {"text", "out/report.txt"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseOutputs = %v, %v; want %v", got, err, want)
	}
	if got, err := ParseOutputs("sarif=x.sarif, spdx-json=sbom.json, notice=NOTICE"); err != nil || len(got) != 3 {
		t.Fatalf("artifact formats: %v, %v", got, err)
	}
	for in, msg := range map[string]string{"xml=x.xml": "the format", "json": "want FORMAT=FILE", "json=a,text=a": "named twice", "json=": "want FORMAT=FILE"} {
		if _, err := ParseOutputs(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ParseOutputs(%q) = %v, want %q", in, err, msg)
		}
	}
}
