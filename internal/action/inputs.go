package action

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/artifacts"

	githubactions "github.com/sethvargo/go-githubactions"

	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/report"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// Mode says which packages are judged.
type Mode string

// Modes.
const (
	ModeAuto Mode = "auto" // diff on pull_request, pull_request_target and merge_group; full otherwise
	ModeDiff Mode = "diff" // only packages the change adds or changes
	ModeFull Mode = "full" // every package
)

// CommentMode says when the sticky pull-request comment is written.
type CommentMode string

// Comment modes.
const (
	CommentNever     CommentMode = "never"
	CommentOnFailure CommentMode = "on-failure" // written when the gate fails; an existing one is kept current
	CommentAlways    CommentMode = "always"
)

// Defaults of the inputs, as in action.yml.
const (
	DefaultCheckName       = "ospo-gate"
	DefaultOutputs         = "json=ospo-gate-report.json"
	DefaultTimeout         = "15m"
	DefaultErrorConclusion = ErrorConclusionFailure
)

// MaxTimeout is the longest timeout input accepted: GitHub's own limit for a job on a hosted runner.
const MaxTimeout = 6 * time.Hour

// Values of the error-conclusion input: the check run's conclusion when the gate could not evaluate (exit 3).
const (
	ErrorConclusionFailure = "failure"
	ErrorConclusionNeutral = "neutral"
)

// Output is one report file to write: a format of report.Formats and a path relative to the workspace.
type Output struct {
	Format string
	Path   string
}

// FailOn is the parsed fail-on input: the least severe finding that fails the gate, and per-outcome actions
// that replace the policy's.
type FailOn struct {
	// Threshold is the least severe severity that fails; "" means never fail.
	Threshold rules.Severity
	// Actions maps an outcome (denied, not-allowed, unknown, invalid, mismatch) to fail, warn or ignore.
	Actions map[string]policy.Action
}

// Inputs are the action's inputs, validated.
type Inputs struct {
	// Policy is the policy file: relative to the repository root, or absolute. "" means the default path,
	// which may be absent (then the embedded policy applies).
	Policy       string
	Mode         Mode
	Token        string
	CheckName    string
	FailOn       FailOn
	ScorecardAPI string
	CacheDir     string
	Outputs      []Output
	Comment      CommentMode
	// Path is the directory to scan, relative to the repository root, slash-separated ("." for all).
	Path string
	// Timeout bounds the whole evaluation (the run-wide deadline); publishing the result gets a short grace
	// period after it.
	Timeout time.Duration
	// ErrorConclusion is the check run's conclusion when the gate could not evaluate (exit 3):
	// ErrorConclusionFailure or ErrorConclusionNeutral. Invalid inputs or policy (exit 2) always fail.
	ErrorConclusion string
}

// ReadInputs reads and validates the inputs (INPUT_* variables) through go-githubactions.
func ReadInputs(getenv func(string) string) (Inputs, error) {
	a := githubactions.New(githubactions.WithGetenv(getenv))
	in := Inputs{
		Policy:    a.GetInput("policy"),
		Token:     a.GetInput("github-token"),
		CheckName: orDefault(a.GetInput("check-name"), DefaultCheckName),
		CacheDir:  a.GetInput("cache-dir"),
	}
	var errs []string
	fail := func(err error) {
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	var err error
	in.Mode, err = parseMode(a.GetInput("mode"))
	fail(err)
	in.Comment, err = parseComment(a.GetInput("comment"))
	fail(err)
	in.FailOn, err = ParseFailOn(a.GetInput("fail-on"))
	fail(err)
	in.Outputs, err = ParseOutputs(a.GetInput("outputs"))
	fail(err)
	in.Path, err = parseScanPath(a.GetInput("path"))
	fail(err)
	in.ScorecardAPI, err = parseScorecardAPI(a.GetInput("scorecard-api"))
	fail(err)
	in.Timeout, err = parseTimeout(a.GetInput("timeout"))
	fail(err)
	in.ErrorConclusion, err = parseErrorConclusion(a.GetInput("error-conclusion"))
	fail(err)
	fail(checkName(in.CheckName))
	if strings.ContainsAny(in.Policy, "\x00\r\n") {
		fail(fmt.Errorf("input policy: %q is not a file path", in.Policy))
	}
	if len(errs) > 0 {
		return in, fmt.Errorf("invalid inputs:\n  %s", strings.Join(errs, "\n  "))
	}
	return in, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func parseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(s)); m {
	case "":
		return ModeAuto, nil
	case ModeAuto, ModeDiff, ModeFull:
		return m, nil
	}
	return "", fmt.Errorf("input mode: %q is not one of auto, diff, full", s)
}

func parseComment(s string) (CommentMode, error) {
	switch c := CommentMode(strings.ToLower(s)); c {
	case "":
		return CommentNever, nil
	case CommentNever, CommentOnFailure, CommentAlways:
		return c, nil
	}
	return "", fmt.Errorf("input comment: %q is not one of never, on-failure, always", s)
}

// parseTimeout validates the timeout input: a Go duration (10m, 1h30m), more than zero and at most MaxTimeout.
func parseTimeout(s string) (time.Duration, error) {
	if s == "" {
		s = DefaultTimeout
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("input timeout: %q is not a duration such as 10m, 90s or 1h30m", s)
	}
	if d <= 0 || d > MaxTimeout {
		return 0, fmt.Errorf("input timeout: %q must be more than 0 and at most %s", s, "6h")
	}
	return d, nil
}

func parseErrorConclusion(s string) (string, error) {
	switch c := strings.ToLower(s); c {
	case "":
		return DefaultErrorConclusion, nil
	case ErrorConclusionFailure, ErrorConclusionNeutral:
		return c, nil
	}
	return "", fmt.Errorf("input error-conclusion: %q is not one of failure, neutral", s)
}

func checkName(s string) error {
	if len(s) > 100 || strings.ContainsAny(s, "\r\n") {
		return fmt.Errorf("input check-name: %q must be one line of at most 100 characters", s)
	}
	return nil
}

// outcomes are the policy outcomes whose action fail-on may override.
var outcomes = []string{"denied", "not-allowed", "unknown", "invalid", "mismatch"}

// ParseFailOn parses the fail-on input: comma- or newline-separated items, each either a severity threshold
// (error, the default; warning; note; never) or OUTCOME=ACTION, with OUTCOME one of denied, not-allowed,
// unknown, invalid, mismatch and ACTION one of fail, warn, ignore.
func ParseFailOn(s string) (FailOn, error) {
	f := FailOn{Threshold: rules.SeverityError, Actions: map[string]policy.Action{}}
	seenThreshold := false
	for _, item := range splitList(s) {
		if k, v, ok := strings.Cut(item, "="); ok {
			k, v = strings.ToLower(strings.TrimSpace(k)), strings.ToLower(strings.TrimSpace(v))
			if !contains(outcomes, k) {
				return f, fmt.Errorf("input fail-on: %q: the outcome %q is not one of %s", item, k, strings.Join(outcomes, ", "))
			}
			if !contains(policy.Actions, v) {
				return f, fmt.Errorf("input fail-on: %q: the action %q is not one of %s", item, v, strings.Join(policy.Actions, ", "))
			}
			f.Actions[k] = policy.Action(v)
			continue
		}
		if seenThreshold {
			return f, fmt.Errorf("input fail-on: %q: only one severity threshold may be given", item)
		}
		seenThreshold = true
		switch strings.ToLower(item) {
		case "error":
			f.Threshold = rules.SeverityError
		case "warning":
			f.Threshold = rules.SeverityWarning
		case "note":
			f.Threshold = rules.SeverityNote
		case "never", "none":
			f.Threshold = ""
		default:
			return f, fmt.Errorf("input fail-on: %q is not a threshold (error, warning, note, never) nor OUTCOME=ACTION", item)
		}
	}
	return f, nil
}

// Fails reports whether a finding of severity sev fails the gate.
func (f FailOn) Fails(sev rules.Severity) bool {
	rank := map[rules.Severity]int{rules.SeverityError: 3, rules.SeverityWarning: 2, rules.SeverityNote: 1}
	if f.Threshold == "" {
		return false
	}
	return rank[sev] >= rank[f.Threshold]
}

// Apply returns a copy of p with the outcome actions replaced.
func (f FailOn) Apply(p *policy.Policy) *policy.Policy {
	cp := *p
	for k, a := range f.Actions {
		switch k {
		case "denied":
			cp.Licenses.Denied = a
		case "not-allowed":
			cp.Licenses.NotAllowed = a
		case "unknown":
			cp.Licenses.Unknown = a
		case "invalid":
			cp.Licenses.Invalid = a
		case "mismatch":
			cp.Licenses.Mismatch = a
		}
	}
	return &cp
}

// ParseOutputs parses the outputs input: comma- or newline-separated FORMAT=FILE items (formats text, json,
// markdown). "" means DefaultOutputs; "none" writes no file.
func ParseOutputs(s string) ([]Output, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		s = DefaultOutputs
	case "none":
		return nil, nil
	}
	var out []Output
	seen := map[string]bool{}
	for _, item := range splitList(s) {
		f, file, ok := strings.Cut(item, "=")
		f, file = strings.ToLower(strings.TrimSpace(f)), strings.TrimSpace(file)
		if f == "md" {
			f = "markdown"
		}
		switch {
		case !ok || file == "":
			return nil, fmt.Errorf("input outputs: %q: want FORMAT=FILE, e.g. json=ospo-gate-report.json", item)
		case !contains(report.Formats, f) && !artifacts.IsFormat(f):
			return nil, fmt.Errorf("input outputs: %q: the format %q is not one of %s", item, f, strings.Join(append(append([]string(nil), report.Formats...), artifacts.Formats...), ", "))
		case strings.ContainsRune(file, 0):
			return nil, fmt.Errorf("input outputs: %q is not a file path", item)
		case seen[file]:
			return nil, fmt.Errorf("input outputs: %s is named twice", file)
		}
		seen[file] = true
		out = append(out, Output{Format: f, Path: file})
	}
	return out, nil
}

// parseScanPath validates the path input: a directory inside the repository.
func parseScanPath(s string) (string, error) {
	if s == "" {
		return ".", nil
	}
	p := path.Clean(filepath.ToSlash(s))
	if path.IsAbs(p) || filepath.IsAbs(s) || p == ".." || strings.HasPrefix(p, "../") || strings.ContainsRune(p, 0) {
		return "", fmt.Errorf("input path: %q must be a directory inside the repository, relative to its root", s)
	}
	return p, nil
}

func parseScorecardAPI(s string) (string, error) {
	if s == "" || strings.EqualFold(s, "off") || strings.EqualFold(s, "none") {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return "", fmt.Errorf("input scorecard-api: %q is not an http(s) URL (or \"off\")", s)
	}
	return strings.TrimRight(s, "/"), nil
}

func splitList(s string) []string {
	var out []string
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }) {
		if item := strings.TrimSpace(line); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
