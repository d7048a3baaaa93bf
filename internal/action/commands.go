package action

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode"

	githubactions "github.com/sethvargo/go-githubactions"
)

// logger writes the job log: plain lines and workflow commands. A write error is remembered and ends output;
// it never panics (go-githubactions' own writers do). A logger and its children share one output, safely for
// concurrent use; a child can be cut off, after which its writes are dropped (an abandoned evaluation).
type logger struct {
	out *logOutput
	cut bool // guarded by out.mu
}

// logOutput is the job log shared by a logger and its children.
type logOutput struct {
	mu  sync.Mutex
	w   io.Writer
	err error
	// inGroup is set while a ::group:: is open: GitHub does not nest groups, so a new one closes it first.
	inGroup bool
}

func newLogger(w io.Writer) *logger { return &logger{out: &logOutput{w: w}} }

// child returns a logger writing to the same log that can be cut off on its own.
func (l *logger) child() *logger { return &logger{out: l.out} }

// cutOff drops everything the logger writes from now on.
func (l *logger) cutOff() {
	l.out.mu.Lock()
	defer l.out.mu.Unlock()
	l.cut = true
}

func (l *logger) write(line string) {
	l.out.mu.Lock()
	defer l.out.mu.Unlock()
	l.writeLocked(line)
}

func (l *logger) writeLocked(line string) {
	if !l.cut && l.out.err == nil {
		_, l.out.err = io.WriteString(l.out.w, line+"\n")
	}
}

// command writes a workflow command; go-githubactions escapes the message (%, CR, LF) and the properties
// (also ':' and ',').
func (l *logger) command(name, msg string, props map[string]string) {
	c := githubactions.Command{Name: name, Message: msg, Properties: props}
	l.write(c.String())
}

// commandLine is a workflow command without properties.
func commandLine(name, msg string) string {
	c := githubactions.Command{Name: name, Message: msg}
	return c.String()
}

// group opens a collapsible group of log lines, closing an open one first.
func (l *logger) group(title string) {
	l.out.mu.Lock()
	defer l.out.mu.Unlock()
	if l.cut {
		return
	}
	if l.out.inGroup {
		l.writeLocked(commandLine("endgroup", ""))
	}
	l.writeLocked(commandLine("group", clean(title)))
	l.out.inGroup = true
}

// endGroup closes the open group, if any.
func (l *logger) endGroup() {
	l.out.mu.Lock()
	defer l.out.mu.Unlock()
	if l.cut || !l.out.inGroup {
		return
	}
	l.writeLocked(commandLine("endgroup", ""))
	l.out.inGroup = false
}

// mask hides a secret in the rest of the log.
func (l *logger) mask(secret string) { l.command("add-mask", secret, nil) }

// infof writes a plain line. Control characters are shown escaped, so a value from the scanned tree can
// neither start a new line nor, at the start of one, be read as a workflow command. "##[" is shown escaped
// too: the runner reads a legacy "##[command]" anywhere in a line.
func (l *logger) infof(format string, args ...any) {
	line := strings.ReplaceAll(clean(fmt.Sprintf(format, args...)), "\n", `\n`)
	line = strings.ReplaceAll(line, "##[", `#\x23[`)
	if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") {
		line = "ospo-gate: " + line
	}
	l.write(line)
}

func (l *logger) notice(format string, args ...any) {
	l.command("notice", clean(fmt.Sprintf(format, args...)), nil)
}

func (l *logger) warningf(format string, args ...any) {
	l.command("warning", clean(fmt.Sprintf(format, args...)), nil)
}

func (l *logger) errorf(format string, args ...any) {
	l.command("error", clean(fmt.Sprintf(format, args...)), nil)
}

// clean shows control characters other than newline and tab as Go escapes (terminal escape sequences, CR,
// bidirectional overrides), keeping the text readable and inert.
func clean(s string) string {
	if strings.IndexFunc(s, unsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			fmt.Fprintf(&b, `\x%02x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	if r == '\n' || r == '\t' {
		return false
	}
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}

// Annotation levels of workflow commands.
const (
	CommandError   = "error"
	CommandWarning = "warning"
	CommandNotice  = "notice"
)

// WorkflowCommand builds a file annotation workflow command (`::error file=F,line=L,endLine=L,title=T::M`).
// file and line are left out when empty or not positive. Every value is escaped as GitHub's toolkit does: in
// the message %, CR and LF; in properties also ':' and ','; other control characters are shown escaped. The
// result is always a single line.
func WorkflowCommand(level, file string, line int, title, message string) string {
	props := map[string]string{}
	if file != "" {
		props["file"] = clean(file)
		if line > 0 {
			props["line"] = strconv.Itoa(line)
			props["endLine"] = strconv.Itoa(line)
		}
	}
	if title != "" {
		props["title"] = clean(title)
	}
	c := githubactions.Command{Name: level, Message: clean(message), Properties: props}
	return c.String()
}
