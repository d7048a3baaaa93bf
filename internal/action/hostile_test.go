package action

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/ghapi/fakegithub"
	"github.com/ospo-gate/ospo-gate/internal/mdcheck"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// hostileDir holds the committed trees of the hostile pull request: base/ and head/.
var hostileDir = filepath.Join("..", "..", "testdata", "hostile", "action")

// hsTree reads a committed fixture tree.
func hsTree(t testing.TB, side string) files {
	t.Helper()
	root := filepath.Join(hostileDir, side)
	out := files{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Hostile manifest paths made at test time (no committed file may have a line break in its name): a
// directory whose name forges a command after a line break, one that starts a legacy "##[" command, and one
// with HTML and a table breaker.
const (
	hsNewlineDir = "web\n::error::forged-from-path <img src=x onerror=alert(7)>"
	hsLegacyDir  = "##[warning]legacy|x"
)

// hostileFixture is a pull request whose head adds npm packages with names, versions and license strings that
// try to forge workflow commands, inject Markdown and HTML, imitate the sticky comment's marker and point
// outside the tree.
func hostileFixture(t testing.TB) *fixture {
	head := hsTree(t, "head")
	head[hsNewlineDir+"/package-lock.json"] = npmLock(npmPkg{"gpl-in-newline-dir", "1.0.0", "GPL-3.0-only"})
	head[hsLegacyDir+"/package-lock.json"] = npmLock(npmPkg{"gpl-in-legacy-dir", "1.0.0", "GPL-3.0-only"})
	return newFixture(t, hsTree(t, "base"), head)
}

// hsIntact are strings of the tree that a data format (JSON, SARIF) must keep as they are.
var hsIntact = []string{
	"<img src=x onerror=alert(1)>",
	"::set-output name=injected::yes",
	"comment-evil<!-- ospo-gate:sticky ospo-gate -->",
	"pipe|break",
	"Custom%0A::error::forged-from-percent%0D%0A::set-output name=x::y%0A::stop-commands::pwn",
}

// TestHostilePullRequest drives action.Main over a pull request crafted to attack the job: in the log no line
// is a workflow command but ospo-gate's own (each correctly escaped), the step outputs are exactly the
// expected keys, the job summary and the sticky comment carry no HTML or link from the tree and one marker,
// annotations point at clean workspace-relative paths, and the SARIF file is valid JSON with the strings kept
// as data. With a read-only token the annotations go to the log, which must hold just as well.
func TestHostilePullRequest(t *testing.T) {
	t.Parallel()
	for _, readOnly := range []bool{false, true} {
		t.Run(fmt.Sprintf("read-only=%v", readOnly), func(t *testing.T) {
			t.Parallel()
			f := hostileFixture(t)
			h := newHarness(t, f, "pull_request.opened.json", "pull_request")
			h.vars["INPUT_COMMENT"] = "always"
			dir := t.TempDir()
			reports := map[string]string{"json": filepath.Join(dir, "report.json"), "sarif": filepath.Join(dir, "report.sarif"), "markdown": filepath.Join(dir, "report.md")}
			h.vars["INPUT_OUTPUTS"] = "json=" + reports["json"] + "\nsarif=" + reports["sarif"] + "\nmarkdown=" + reports["markdown"]
			if readOnly {
				h.api.Inject(fakegithub.OpCreateCheckRun, fakegithub.Fault{Status: 403}, fakegithub.Fault{Status: 403})
			}
			// Twice: the second run must find its own comment despite the imitated markers in it.
			for run := 1; run <= 2; run++ {
				if err := os.WriteFile(h.summary, nil, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(h.output, nil, 0o644); err != nil {
					t.Fatal(err)
				}
				if code := h.run(); code != ExitFail {
					t.Fatalf("run %d: exit code %d, want 1%s", run, code, h.debug())
				}
			}
			log := h.stdout.String() // of the second run
			cmds := hsRunnerCommands(t, log)
			hsCheckCommands(t, f, cmds, readOnly)
			if strings.Contains(h.stderr.String(), "::") || strings.Contains(h.stderr.String(), "##[") {
				t.Errorf("stderr has command-like text:\n%s", h.stderr.String())
			}

			wantKeys := []string{"verdict", "exit-code", "mode", "errors", "warnings", "notes", "failing", "dependencies-changed",
				"policy-edited", "judged", "added", "changed", "removed", "report-json", "report-sarif", "report-markdown", "reports", "comment-url"}
			if !readOnly {
				wantKeys = append(wantKeys, "check-run-id", "check-run-url")
			}
			out := runnerOutputs(t, h.output)
			if got := sortedKeys(out); !slices.Equal(got, sortedStrings(wantKeys)) {
				t.Errorf("GITHUB_OUTPUT keys = %v\nwant %v", got, sortedStrings(wantKeys))
			}
			if out["verdict"] != "fail" || out["exit-code"] != "1" || out["mode"] != "diff" {
				t.Errorf("outputs = %v", out)
			}

			comments := h.api.Comments(2)
			if len(comments) != 1 {
				t.Fatalf("%d comments after two runs, want 1 edited in place", len(comments))
			}
			if n := len(h.api.Requests(fakegithub.OpUpdateComment)); n != 1 {
				t.Errorf("%d comment edits, want 1: the second run did not find its comment", n)
			}
			hsCheckMarkdown(t, "job summary", h.summaryText(), "", h.api.URL)
			hsCheckMarkdown(t, "comment", comments[0].Body, commentMarker(DefaultCheckName), h.api.URL)
			if !readOnly {
				runs := h.api.CheckRuns()
				if len(runs) != 2 {
					t.Fatalf("%d check runs after two runs, want 2", len(runs))
				}
				for _, run := range runs {
					hsCheckMarkdown(t, "check run summary", run.Summary, "", h.api.URL)
				}
				var paths []string
				for _, r := range h.api.Requests(fakegithub.OpUpdateCheckRun) {
					out, _ := r.Body["output"].(map[string]any)
					anns, _ := out["annotations"].([]any)
					for _, a := range anns {
						p, _ := a.(map[string]any)["path"].(string)
						paths = append(paths, p)
					}
				}
				hsCheckPaths(t, "check run annotation", f, paths)
			}
			hsCheckSARIF(t, f, reports["sarif"])
			hsCheckJSONReport(t, reports["json"])
		})
	}
}

// hsCommand is a workflow command as the runner reads it.
type hsCommand struct {
	name  string
	props map[string]string // unescaped
	msg   string            // unescaped
	line  string
}

var hsTokenRe = regexp.MustCompile(`^ospo-gate-[0-9a-f]{32}$`)

// hsRunnerCommands reads a job log as the runner does: lines end at LF or CR; a line is a command when it
// starts, after white space, with "::" (outside a stop-commands region), or — the legacy form — when it holds
// "##[" anywhere. Every command's message and properties must be escaped as the toolkit does, and every
// legacy command is forged, since ospo-gate writes none.
func hsRunnerCommands(t *testing.T, log string) []hsCommand {
	t.Helper()
	if strings.ContainsRune(log, '\r') {
		t.Errorf("the log holds a CR, which the runner reads as a line break")
	}
	var cmds []hsCommand
	stop := ""
	for _, line := range strings.Split(log, "\n") {
		trimmed := strings.TrimLeft(line, " \t")
		if stop != "" {
			if trimmed == "::"+stop+"::" {
				stop = ""
			}
			continue
		}
		if !strings.HasPrefix(trimmed, "::") {
			if strings.Contains(line, "##[") {
				t.Errorf("the runner would read a legacy workflow command in %q", line)
			}
			continue
		}
		head, msg, ok := strings.Cut(trimmed[2:], "::")
		if !ok {
			t.Errorf("a line starts like a command but is not one: %q", line)
			continue
		}
		name, propText, _ := strings.Cut(head, " ")
		c := hsCommand{name: name, props: map[string]string{}, msg: hsUnescape(msg, false), line: line}
		if hsEscape(c.msg, false) != msg {
			t.Errorf("command message is not escaped: %q", line)
		}
		if propText != "" {
			for _, kv := range strings.Split(propText, ",") {
				k, v, ok := strings.Cut(kv, "=")
				if !ok || k == "" {
					t.Errorf("property %q of %q is not key=value", kv, line)
					continue
				}
				c.props[k] = hsUnescape(v, true)
				if hsEscape(c.props[k], true) != v {
					t.Errorf("property %s is not escaped: %q", k, line)
				}
			}
		}
		if name == "stop-commands" {
			if !hsTokenRe.MatchString(c.msg) {
				t.Errorf("stop-commands with a guessable token: %q", line)
			}
			stop = c.msg
		}
		cmds = append(cmds, c)
	}
	if stop != "" {
		t.Errorf("stop-commands %s is never resumed: every later command of the job would be ignored", stop)
	}
	return cmds
}

// hsCheckCommands accepts only ospo-gate's own commands: the token's mask first, balanced groups of its own,
// stop-commands, its own warnings, and annotations of findings at clean paths with rule titles.
func hsCheckCommands(t *testing.T, f *fixture, cmds []hsCommand, readOnly bool) {
	t.Helper()
	titles := map[string]bool{}
	for _, r := range rules.Rules {
		titles[r.Title] = true
	}
	depth, annotations, warnings := 0, 0, 0
	var paths []string
	for i, c := range cmds {
		switch c.name {
		case "add-mask":
			if i != 0 || c.msg != fakeToken {
				t.Errorf("add-mask #%d of %q: only the token is masked, first", i, c.msg)
			}
		case "group":
			depth++
			if depth != 1 || !strings.HasPrefix(c.msg, "ospo-gate: ") {
				t.Errorf("group %q (depth %d)", c.line, depth)
			}
		case "endgroup":
			depth--
			if depth != 0 {
				t.Errorf("endgroup without a group: %q", c.line)
			}
		case "stop-commands":
		case "error", "warning", "notice":
			file, ok := c.props["file"]
			if !ok {
				if !readOnly || c.name != "warning" || !strings.HasPrefix(c.msg, "the token cannot write check runs") {
					t.Errorf("unexpected %s command: %q", c.name, c.line)
				}
				warnings++
				continue
			}
			annotations++
			paths = append(paths, file)
			title, _, _ := strings.Cut(c.props["title"], ": ")
			if !titles[title] || c.props["line"] == "" || c.props["line"] != c.props["endLine"] {
				t.Errorf("annotation without a rule title or line: %q", c.line)
			}
			for k := range c.props {
				if k != "file" && k != "line" && k != "endLine" && k != "title" {
					t.Errorf("annotation property %q: %q", k, c.line)
				}
			}
		default:
			t.Errorf("forged workflow command %q: %q", c.name, c.line)
		}
	}
	if depth != 0 {
		t.Errorf("%d group(s) left open", depth)
	}
	if readOnly {
		if annotations == 0 || warnings != 1 {
			t.Errorf("%d log annotations and %d warnings, want annotations and one warning per run", annotations, warnings)
		}
		hsCheckPaths(t, "log annotation", f, paths)
	} else if annotations+warnings != 0 {
		t.Errorf("%d log annotations with a check run", annotations+warnings)
	}
}

// hsEscape escapes as the toolkit does: % CR LF in messages, also : and , in properties.
func hsEscape(s string, prop bool) string {
	s = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
	if prop {
		s = strings.NewReplacer(":", "%3A", ",", "%2C").Replace(s)
	}
	return s
}

func hsUnescape(s string, prop bool) string {
	if prop {
		return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
	}
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(s)
}

// hsCheckPaths requires workspace-relative, clean paths of files that exist in the workspace.
func hsCheckPaths(t *testing.T, what string, f *fixture, paths []string) {
	t.Helper()
	if len(paths) == 0 {
		t.Errorf("no %s paths", what)
	}
	for _, p := range paths {
		if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || path.Clean(p) != p || slices.Contains(strings.Split(p, "/"), "..") {
			t.Errorf("%s path %q is not a clean path relative to the workspace", what, p)
			continue
		}
		if st, err := os.Stat(filepath.Join(f.ws, filepath.FromSlash(p))); err != nil || !st.Mode().IsRegular() {
			t.Errorf("%s path %q is not a file of the workspace", what, p)
		}
	}
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

var (
	// hsTagRe finds HTML tags and comments.
	hsTagRe = regexp.MustCompile(`<(!--|/?[A-Za-z][A-Za-z0-9-]*)`)
	// hsLinkRe finds Markdown link targets: "](" not escaped.
	hsLinkRe = regexp.MustCompile(`(^|[^\\])\]\(([^)\s]*)`)
	// hsFenceRe opens or closes a fenced code block.
	hsFenceRe = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
)

// hsCheckMarkdown checks Markdown rendered from the hostile tree. Outside fenced code blocks (inert): no HTML
// but ospo-gate's own <details> and <summary>, no HTML comment but the marker opening the comment, no link
// but to the repository or the fake API, and every table row with as many cells as its header.
func hsCheckMarkdown(t *testing.T, what, md, marker, apiURL string) {
	t.Helper()
	if marker != "" {
		if !strings.HasPrefix(md, marker+"\n") {
			t.Errorf("%s does not start with its marker %q", what, marker)
		}
		md = strings.TrimPrefix(md, marker+"\n")
	}
	if n := strings.Count(md, "<!-- ospo-gate:sticky"); n != 0 {
		t.Errorf("%s has %d more sticky marker(s) than its own", what, n)
	}
	fence := ""
	cells := -1 // cells of the current table's header; -1 outside tables
	for i, line := range strings.Split(md, "\n") {
		if m := hsFenceRe.FindStringSubmatch(line); m != nil {
			switch {
			case fence == "":
				fence = m[1]
				continue
			case m[1][0] == fence[0] && len(m[1]) >= len(fence) && strings.TrimSpace(line) == m[1]:
				fence = ""
				continue
			}
		}
		if fence != "" {
			continue
		}
		for _, tag := range hsTagRe.FindAllStringSubmatch(line, -1) {
			switch strings.ToLower(tag[1]) {
			case "details", "/details", "summary", "/summary":
			default:
				t.Errorf("%s line %d has the tag <%s: %q", what, i+1, tag[1], line)
			}
		}
		for _, link := range hsLinkRe.FindAllStringSubmatch(line, -1) {
			target := link[2]
			if !strings.HasPrefix(target, "https://github.com/octo-org/octo-repo/") && !strings.HasPrefix(target, apiURL+"/") {
				t.Errorf("%s line %d links %q", what, i+1, target)
			}
		}
		if strings.HasPrefix(line, "|") {
			n := mdcheck.CountPipes(line)
			if cells < 0 {
				cells = n
			} else if n != cells {
				t.Errorf("%s line %d: table row with %d cell separators, the header has %d: %q", what, i+1, n, cells, line)
			}
		} else {
			cells = -1
		}
	}
	if fence != "" {
		t.Errorf("%s leaves a code block open", what)
	}
}

// hsCheckSARIF requires valid JSON, the hostile strings kept as data, and artifact URIs that are clean paths
// of the workspace.
func hsCheckSARIF(t *testing.T, f *fixture, p string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("the SARIF file is not JSON: %v", err)
	}
	var all []string
	var uris []string
	var walk func(v any, key string)
	walk = func(v any, key string) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				walk(e, k)
			}
		case []any:
			for _, e := range v {
				walk(e, key)
			}
		case string:
			all = append(all, v)
			if key == "uri" {
				uris = append(uris, v)
			}
		}
	}
	walk(doc, "")
	text := strings.Join(all, "\n")
	for _, s := range hsIntact {
		if !strings.Contains(text, s) {
			t.Errorf("the SARIF file lost %q", s)
		}
	}
	var paths []string
	for _, u := range uris {
		if strings.Contains(u, ":") {
			continue // a URL (a rule's help), not a file
		}
		p, err := url.PathUnescape(u)
		if err != nil {
			t.Errorf("SARIF uri %q: %v", u, err)
			continue
		}
		paths = append(paths, p)
	}
	hsCheckPaths(t, "SARIF artifact", f, paths)
}

// hsCheckJSONReport requires valid JSON holding the hostile names as they are.
func hsCheckJSONReport(t *testing.T, p string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings []rules.Finding `json:"findings"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("the JSON report is not JSON: %v", err)
	}
	names := map[string]bool{}
	for _, f := range rep.Findings {
		names[f.Package] = true
	}
	for _, want := range []string{"<img src=x onerror=alert(1)>", "::set-output name=injected::yes", "evil-newline\n::error file=README.md,line=1::forged-from-name", "[link](javascript:alert(5))", "tick```evil`"} {
		if !names[want] {
			t.Errorf("the JSON report has no finding for the package %q", want)
		}
	}
}
