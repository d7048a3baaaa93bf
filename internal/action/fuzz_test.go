package action

// Fuzz targets for the functions that carry values from the scanned tree (or the event) into the runner's
// outputs: the job log, GITHUB_OUTPUT, the job summary and check-run Markdown, and annotation paths. Each
// checks a property of the output as the consumer (the runner, GitHub's Markdown renderer) reads it.
// Helpers are prefixed fz so they do not clash with the package's other test files.

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/mdcheck"
	"github.com/ospo-gate/ospo-gate/internal/report"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// fzHostile are values a hostile manifest or pull request could carry.
var fzHostile = []string{
	"left-pad", "@scope/pkg", "évil\u202epkg", "a|b", "x\ny", "x\r\ny", "\r", "`code`", "```", "````\n```",
	"<img src=x onerror=alert(1)>", "<details>", "</details>", "-->", "--->->", "::error::forged", "  ::warning::x",
	"##[error]forged", "x ##[add-mask]secret", "%0A::error::x", "[click](https://evil)", "\\|", "\\", "@octocat",
	"ghadelimiter_0123", "name<<EOF", "a=b", "\x1b[31mred", "\u2028::error::x", "..", "../../etc/passwd", "/abs", "a/./b",
	"", "\x00", "\t::notice::x", "\xff\xfe", "> quote", "| --- |",
}

// runnerEnvFile parses a GITHUB_OUTPUT-style file as actions/runner does on Linux (its
// EnvFileKeyValuePairs): lines end at "\n"; "NAME=VALUE", or "NAME<<DELIM" then the exact text up to the
// line holding only DELIM. Empty lines are skipped.
func runnerEnvFile(text string) ([][2]string, error) {
	var out [][2]string
	index := 0
	readLine := func() (line string, nl bool, ok bool) {
		if index >= len(text) {
			return "", false, false
		}
		start := index
		i := strings.IndexByte(text[index:], '\n')
		if i < 0 {
			index = len(text)
			return text[start:], false, true
		}
		index += i + 1
		return text[start : index-1], true, true
	}
	for {
		line, _, ok := readLine()
		if !ok {
			return out, nil
		}
		if line == "" {
			continue
		}
		eq, hd := strings.Index(line, "="), strings.Index(line, "<<")
		switch {
		case eq >= 0 && (hd < 0 || eq < hd):
			out = append(out, [2]string{line[:eq], line[eq+1:]})
		case hd >= 0 && (eq < 0 || hd < eq):
			key, delim := line[:hd], line[hd+2:]
			if key == "" || delim == "" {
				return nil, errors.New("empty name or delimiter")
			}
			start, end := index, index
			for {
				l, nl, ok := readLine()
				if !ok {
					return nil, errors.New("matching delimiter not found")
				}
				if l == delim {
					break
				}
				if !nl {
					return nil, errors.New("EOF marker missing new line")
				}
				end = index - 1
			}
			value := ""
			if end > start {
				value = text[start:end]
			}
			out = append(out, [2]string{key, value})
		default:
			return nil, errors.New("invalid format " + line)
		}
	}
}

// FuzzAppendOutputs: a step output of any value reads back, through the runner's parser, as exactly that
// name and value, with nothing injected before or after; invalid names are refused and nothing is written.
func FuzzAppendOutputs(f *testing.F) {
	for _, s := range fzHostile {
		f.Add("verdict", s, "tail")
	}
	f.Add("reports", "ospo-gate-report.json\nospo-gate.sarif", "")
	f.Add("x<<y", "v", "")
	f.Add("verdict", "pass\nerrors<<EOF\n0\nEOF", "\n")
	f.Add("a=b", "", "")
	f.Fuzz(func(t *testing.T, name, value, value2 string) {
		p := filepath.Join(t.TempDir(), "output")
		const prior = "earlier=1\n"
		if err := os.WriteFile(p, []byte(prior), 0o644); err != nil {
			t.Fatal(err)
		}
		err := appendOutputs(p, [][2]string{{name, value}, {"second", value2}})
		data, rerr := os.ReadFile(p)
		if rerr != nil {
			t.Fatal(rerr)
		}
		valid := name != "" && !strings.ContainsAny(name, "<=\r\n")
		if !valid {
			if err == nil {
				t.Fatalf("output name %q accepted", name)
			}
			if string(data) != prior {
				t.Fatalf("refused output still wrote %q", data)
			}
			return
		}
		if err != nil {
			t.Fatalf("appendOutputs(%q, %q): %v", name, value, err)
		}
		got, perr := runnerEnvFile(string(data))
		if perr != nil {
			t.Fatalf("the runner cannot read the file: %v\n%q", perr, data)
		}
		want := [][2]string{{"earlier", "1"}, {name, value}, {"second", value2}}
		if len(got) != len(want) {
			t.Fatalf("read back %q, want %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("entry %d read back as %q, want %q", i, got[i], want[i])
			}
		}
	})
}

// fzRunnerLines splits log output into lines as the runner reads a process's output (StreamReader.ReadLine:
// "\n", "\r" and "\r\n" end a line).
func fzRunnerLines(out string) []string {
	out = strings.ReplaceAll(strings.TrimSuffix(out, "\n"), "\r\n", "\n")
	return strings.Split(strings.ReplaceAll(out, "\r", "\n"), "\n")
}

// fzIsCommand reports whether the runner would try to read a log line as a workflow command: the current
// form starts, after leading white space, with "::"; the legacy form is "##[" anywhere in the line
// (ActionCommand.TryParse), and both are tried on every line.
func fzIsCommand(line string) bool {
	return strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") || strings.Contains(line, "##[")
}

// FuzzLogLine: a plain log line with a value from the scanned tree is one line, and the runner reads it
// neither as a "::command::" nor as a legacy "##[command]"; the message of a warning stays one command.
func FuzzLogLine(f *testing.F) {
	for _, s := range fzHostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		l := newLogger(&buf)
		l.infof("%s", s)
		l.infof("  %s  %s  %s", "error", s, s)
		lines := fzRunnerLines(buf.String())
		if len(lines) != 2 {
			t.Fatalf("two infof calls wrote %d lines: %q", len(lines), buf.String())
		}
		for _, line := range lines {
			if fzIsCommand(line) {
				t.Fatalf("log line %q would be read as a workflow command", line)
			}
		}
		buf.Reset()
		l.warningf("package %s: %s", s, s)
		lines = fzRunnerLines(buf.String())
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "::warning::") {
			t.Fatalf("warningf wrote %q", buf.String())
		}
		if got := unescapeData(strings.TrimPrefix(lines[0], "::warning::")); got != clean("package "+s+": "+s) {
			t.Fatalf("warning message round trip: got %q", got)
		}
	})
}

// FuzzCommentMarker: the sticky comment's marker is one HTML comment, closed only at its end, for any check
// name the check-name input accepts.
func FuzzCommentMarker(f *testing.F) {
	for _, s := range fzHostile {
		f.Add(s)
	}
	f.Add(DefaultCheckName)
	f.Add("licenses --> <script>")
	f.Fuzz(func(t *testing.T, name string) {
		if checkName(name) != nil {
			return
		}
		m := commentMarker(name)
		if !strings.HasPrefix(m, "<!-- ospo-gate:sticky ") || !strings.HasSuffix(m, " -->") {
			t.Fatalf("marker %q", m)
		}
		if strings.Count(m, "-->") != 1 || strings.ContainsAny(m, "\r\n") {
			t.Fatalf("check name %q gives marker %q, which ends early or spans lines", name, m)
		}
	})
}

// FuzzMarkdownBlocks: inline code spans (codeSafe) cannot be left or split; a fenced block (fenced) is
// closed only by its own closing fence and keeps the text; quoted lines (quoteLines) all stay in the quote.
func FuzzMarkdownBlocks(f *testing.F) {
	for _, s := range fzHostile {
		f.Add(s)
	}
	f.Add("invalid YAML: line 3: ```\n~~~\n```` x\n")
	f.Add("policy.yaml:3:5: licenses.allow: \"GPL\" is neither\n\n  ```yaml\n")
	f.Fuzz(func(t *testing.T, s string) {
		cs := codeSafe(s)
		if strings.ContainsAny(cs, "`\r\n") || strings.IndexFunc(cs, unsafeRune) >= 0 {
			t.Fatalf("codeSafe(%q) = %q", s, cs)
		}

		out := fenced(s, "yaml")
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		open := lines[0]
		fence := strings.TrimSuffix(open, "yaml")
		if len(fence) < 3 || strings.Trim(fence, "`") != "" || lines[len(lines)-1] != fence {
			t.Fatalf("fenced(%q) = %q: bad fences", s, out)
		}
		for i, l := range lines[1 : len(lines)-1] {
			if mdcheck.ClosesFence(l, len(fence)) {
				t.Fatalf("fenced(%q): line %d %q closes the block early", s, i+1, l)
			}
		}
		if body := strings.Join(lines[1:len(lines)-1], "\n"); body != clean(strings.TrimRight(s, "\n")) {
			t.Fatalf("fenced(%q) body %q, want %q", s, body, clean(strings.TrimRight(s, "\n")))
		}

		q := quoteLines(out)
		for _, l := range strings.Split(strings.TrimSuffix(q, "\n"), "\n") {
			if !strings.HasPrefix(l, "> ") {
				t.Fatalf("quoteLines line %q leaves the quote", l)
			}
		}
	})
}

// FuzzBlobLink: the link to a file line is an https URL on the repository whose path segments read back
// as the file's, with nothing that could end a Markdown link destination or start another.
func FuzzBlobLink(f *testing.F) {
	for _, s := range fzHostile {
		f.Add(s, 12)
	}
	f.Add("sub dir/package (1).json", 0)
	f.Add("a/b/c%2F..%2Fd", -3)
	l := linker{server: "https://github.com", repo: "o/r", sha: strings.Repeat("a", 40)}
	prefix := "https://github.com/o/r/blob/" + strings.Repeat("a", 40) + "/"
	f.Fuzz(func(t *testing.T, p string, line int) {
		u := l.blob(p, line)
		if p == "" {
			if u != "" {
				t.Fatalf("blob(\"\") = %q", u)
			}
			return
		}
		if !strings.HasPrefix(u, prefix) || strings.ContainsAny(u, " ()<>[]`|\\\"'*") || strings.IndexFunc(u, func(r rune) bool { return r < 0x21 || r >= 0x7f }) >= 0 {
			t.Fatalf("blob(%q) = %q", p, u)
		}
		rest, frag, hasFrag := strings.Cut(strings.TrimPrefix(u, prefix), "#")
		if hasFrag != (line > 0) || (hasFrag && !regexp.MustCompile(`^L[1-9][0-9]*$`).MatchString(frag)) {
			t.Fatalf("blob(%q, %d) = %q: bad fragment", p, line, u)
		}
		segs := strings.Split(rest, "/")
		for i, seg := range segs {
			dec, err := url.PathUnescape(seg)
			if err != nil {
				t.Fatalf("segment %q of %q: %v", seg, u, err)
			}
			segs[i] = dec
		}
		if got := strings.Join(segs, "/"); got != p {
			t.Fatalf("blob(%q) path reads back as %q", p, got)
		}
	})
}

// FuzzAnnotationPath: with a scan path the path input accepts and a manifest path the scanner reports
// (relative, inside the scanned directory), the path annotated on the check run and in the log is
// repository-relative: never absolute, never with a ".." element.
func FuzzAnnotationPath(f *testing.F) {
	for _, s := range []string{".", "", "services/api", "./a/../b", "../x", "/abs", "a/..", "a//b/"} {
		f.Add(s, "package-lock.json", 3)
		f.Add(s, "vendor/modules.txt", 0)
	}
	f.Add("a", "..", 1)
	f.Add("a", "b/../../c", 1)
	f.Fuzz(func(t *testing.T, scanPath, manifest string, line int) {
		p, err := parseScanPath(scanPath)
		if err != nil {
			return
		}
		if !fzLocal(p) {
			t.Fatalf("parseScanPath(%q) = %q", scanPath, p)
		}
		if !filepath.IsLocal(manifest) {
			return // the scanner names files inside the scanned directory
		}
		s := &session{in: Inputs{Path: p}}
		fs := s.repoPaths([]rules.Finding{{Rule: rules.RuleDenied, Severity: rules.SeverityError, Path: manifest, Line: line, Message: "m"}}, nil)
		anns, _ := checkAnnotations(fs, nil, FailOn{Threshold: rules.SeverityError})
		if len(anns) != 1 || !fzLocal(anns[0].Path) || anns[0].StartLine < 1 {
			t.Fatalf("scan path %q, manifest %q: annotations %+v", scanPath, manifest, anns)
		}
		cmd := WorkflowCommand(CommandError, annotationPath(fs[0], nil), line, "t", "m")
		if !strings.Contains(cmd, "file="+fzEscapeProperty(clean(anns[0].Path))) {
			t.Fatalf("log annotation %q does not name %q", cmd, anns[0].Path)
		}
	})
}

func fzLocal(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return false
		}
	}
	return true
}

func fzEscapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// FuzzRenderSummary renders the job summary (and check-run text) of an outcome whose every tree-derived
// value is fuzzed, and reads it back as GitHub's Markdown would: table rows keep their column count, no
// HTML but the summary's own <details>/<summary> appears outside code, <details> stay balanced, and fenced
// blocks close only at their own fences.
func FuzzRenderSummary(f *testing.F) {
	f.Add("left-pad", "1.3.0", "GPL-3.0-only", "package-lock.json", 7, "denied by the policy", ".github/ospo-gate.yaml", "")
	for _, s := range fzHostile {
		f.Add(s, s, s, s, 1, s, s, s)
	}
	f.Add("a|b", "1|2", "MIT|x", "p|q/r.json", 3, "m\n| x | y |", "po`l`icy.yaml", "yaml: line 2: ```\n<script>")
	f.Fuzz(func(t *testing.T, pkg, version, lic, manifest string, line int, msg, policyPath, errText string) {
		for _, withErr := range []bool{false, true} {
			in := fzSummaryInput(pkg, version, lic, manifest, line, msg, policyPath, errText, withErr)
			for _, budget := range []int{MaxStepSummaryBytes, 6 << 10} {
				out := renderSummary(in, budget)
				if len(out) > budget {
					t.Fatalf("summary of %d bytes over the budget %d", len(out), budget)
				}
				if budget == MaxStepSummaryBytes {
					fzCheckMarkdown(t, out)
				}
			}
		}
	})
}

func fzSummaryInput(pkg, version, lic, manifest string, line int, msg, policyPath, errText string, withErr bool) summaryInput {
	sha := strings.Repeat("ab", 20)
	purl := "pkg:npm/" + pkg + "@" + version
	fs := []rules.Finding{
		{Rule: rules.RuleDenied, Severity: rules.SeverityError, Package: pkg, Version: version, PURL: purl, License: lic, Path: manifest, Line: line, Message: msg, Remediation: msg},
		{Rule: rules.RuleScorecardBelow, Severity: rules.SeverityError, Package: pkg, PURL: purl + "x", Path: manifest, Message: msg},
		{Rule: rules.RuleUnknown, Severity: rules.SeverityWarning, Package: pkg, Version: version, PURL: purl, Path: manifest, Line: line, Message: msg},
		{Rule: rules.RuleExceptionExpiry, Severity: rules.SeverityWarning, Path: policyPath, Line: line, Message: msg},
	}
	res := rules.Result{Verdict: rules.Fail, Checked: 2, Findings: fs}
	d := &Diff{
		Added:   []Change{{Kind: Added, Type: "npm", Name: pkg, Version: version, PURL: purl, License: lic, Path: manifest, Line: line}},
		Changed: []Change{{Kind: Changed, Type: lic, Name: pkg, Version: version, FromVersion: msg, License: lic, FromLicense: msg, PURL: purl + "c", Path: manifest}},
		Removed: []Change{{Kind: Removed, Type: "npm", Name: msg, Version: version, PURL: purl + "r", Path: manifest, Line: line}},
	}
	inv := &inventory.Inventory{Packages: []inventory.Package{{Name: pkg, Version: version, Type: lic, PURL: purl}}}
	o := &outcome{code: ExitFail, mode: ModeDiff, diff: d, result: res, base: sha, head: sha,
		report: report.Build(report.Input{Inventory: inv, Result: res}),
		notes:  []string{msg},
		policy: &policyChoice{Path: policyPath, InRepo: true, Commit: sha, Edited: true, HeadErr: errors.New(errText)},
		scores: []pkgScore{{Name: pkg, Version: version, Repo: manifest, Status: inventory.ScorecardScored, Score: 4.5}, {Name: msg, Status: inventory.ScorecardUnavailable}},
	}
	if withErr {
		o.err = errors.New(errText)
	}
	env := map[string]string{"GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "42"}
	return summaryInput{o: o, ev: &Event{Kind: KindPullRequest, HeadSHA: sha}, in: Inputs{Path: "sub", FailOn: FailOn{Threshold: rules.SeverityError}},
		links: newLinker(func(k string) string { return env[k] }, sha), now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		reportPath: policyPath, apiProblem: errText, checkURL: "https://github.com/o/r/runs/1"}
}

// fzCheckMarkdown reads rendered Markdown the way GitHub's renderer splits it into blocks.
func fzCheckMarkdown(t *testing.T, md string) {
	t.Helper()
	if err := mdcheck.Check(md); err != nil {
		t.Fatalf("%v:\n%s", err, md)
	}
}
