package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// Formats lists the formats Write knows, for help text and flag validation.
var Formats = []string{"text", "json", "markdown"}

// Write renders the report in a format.
func Write(w io.Writer, format string, r *Report) error {
	switch format {
	case "json":
		return WriteJSON(w, r)
	case "text":
		return WriteText(w, r)
	case "markdown", "md":
		return WriteMarkdown(w, r)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// WriteJSON writes the wire model, indented, with a final newline.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// ReadJSON decodes a saved report.
func ReadJSON(rd io.Reader) (*Report, error) {
	var r Report
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("decoding report: %w", err)
	}
	if r.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("report schema_version %q is not supported (want %q)", r.SchemaVersion, SchemaVersion)
	}
	return &r, nil
}

// Plain makes a value from the scanned tree safe to print on a terminal: control characters (escape sequences,
// carriage returns, newlines) are shown as Go escapes instead of being interpreted.
func Plain(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// logSafe is Plain for the text report, which a CI job may print to its log: the Actions runner reads a legacy
// "##[command]" anywhere in a line and a "::command::" at its start, so those are shown escaped too.
func logSafe(s string) string {
	s = strings.ReplaceAll(Plain(s), "##[", `#\x23[`)
	if t := strings.TrimLeftFunc(s, unicode.IsSpace); strings.HasPrefix(t, "::") {
		s = s[:len(s)-len(t)] + `\x3a` + t[1:]
	}
	return s
}

func isControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}

// location formats path:line, path, or "-" .
func location(f rules.Finding) string {
	switch {
	case f.Path != "" && f.Line > 0:
		return fmt.Sprintf("%s:%d", f.Path, f.Line)
	case f.Path != "":
		return f.Path
	}
	return "-"
}

func pkgLabel(f rules.Finding) string {
	if f.Package == "" {
		return "-"
	}
	if f.Version == "" {
		return f.Package
	}
	return f.Package + "@" + f.Version
}

// WriteText renders the report for people at a terminal: verdict first, then findings grouped by severity
// with path:line first, then the license coverage.
func WriteText(w io.Writer, r *Report) error {
	ew := &errWriter{w: w}
	ew.printf("ospo-gate %s: %s\n", strings.ToUpper(string(r.Verdict)), headline(r))
	ew.printf("policy: %s\n", logSafe(policyLabel(r.Policy)))
	groups := []struct {
		sev   rules.Severity
		title string
	}{{rules.SeverityError, "Errors"}, {rules.SeverityWarning, "Warnings"}, {rules.SeverityNote, "Notes"}}
	for _, g := range groups {
		var rows []rules.Finding
		for _, f := range r.Findings {
			if f.Severity == g.sev {
				rows = append(rows, f)
			}
		}
		if len(rows) == 0 {
			continue
		}
		ew.printf("\n%s (%d)\n", g.title, len(rows))
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		for _, f := range rows {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", logSafe(location(f)), f.Rule, logSafe(pkgLabel(f)), logSafe(f.Message))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	ew.printf("\nLicenses: %d of %d packages resolved (%s)\n", r.Summary.Licenses.Resolved, r.Summary.Packages, bySource(r.Summary.Licenses.BySource))
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, e := range r.Summary.Ecosystems {
		fmt.Fprintf(tw, "  %s\t%d packages\t%s resolved\t\n", e.Type, e.Packages, percent(e.Resolved, e.Packages))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if sc := r.Summary.Scorecard; sc != nil {
		ew.printf("Scorecard: %s\n", bySource(sc))
	}
	if len(r.Excused) > 0 {
		ew.printf("\nExcused by policy exceptions (%d)\n", len(r.Excused))
		for _, x := range r.Excused {
			until := ""
			if x.Until != "" {
				until = ", until " + x.Until
			}
			ew.printf("  %s  %s  (%s%s; policy line %d)\n", logSafe(x.PURL), x.Rule, logSafe(x.Reason), until, x.PolicyLine)
		}
	}
	if ex := excludedLine(r.Excluded); ex != "" {
		ew.printf("\nNot checked: %s\n", logSafe(ex))
	}
	return ew.err
}

func headline(r *Report) string {
	return fmt.Sprintf("%d error(s), %d warning(s) in %d packages", r.Summary.Findings["error"], r.Summary.Findings["warning"], r.Summary.Packages)
}

func policyLabel(p PolicyRef) string {
	if p.Embedded {
		return "embedded default policy"
	}
	return p.Path
}

func bySource(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	if len(parts) == 0 {
		return "no packages"
	}
	return strings.Join(parts, ", ")
}

func percent(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

func excludedLine(e Excluded) string {
	var parts []string
	if e.Development > 0 {
		parts = append(parts, fmt.Sprintf("%d development dependencies (scopes.development: false)", e.Development))
	}
	if len(e.OwnPackages) > 0 {
		parts = append(parts, fmt.Sprintf("the project's own packages (%s)", strings.Join(e.OwnPackages, ", ")))
	}
	if len(e.Paths) > 0 {
		parts = append(parts, "paths "+strings.Join(e.Paths, ", "))
	}
	return strings.Join(parts, "; ")
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) {
	fmt.Fprintf(e, format, args...)
}
