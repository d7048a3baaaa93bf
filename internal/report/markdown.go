package report

import (
	"io"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// maxMarkdownRows bounds the findings table; the rest is counted and left to the JSON report.
const maxMarkdownRows = 200

// Markdown escapes a value from the scanned tree for GitHub-flavoured Markdown: no raw HTML, no table breakout,
// no links or emphasis smuggled in through package names.
func Markdown(s string) string {
	s = Plain(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '!', '|', '~', '>', '<', '&', '@', ':':
			if r == '<' {
				b.WriteString("&lt;")
				continue
			}
			if r == '>' {
				b.WriteString("&gt;")
				continue
			}
			if r == '&' {
				b.WriteString("&amp;")
				continue
			}
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// WriteMarkdown renders the report for a job summary or a pull-request comment.
func WriteMarkdown(w io.Writer, r *Report) error {
	ew := &errWriter{w: w}
	icon := "✅"
	if r.Verdict == rules.Fail {
		icon = "❌"
	}
	ew.printf("## %s ospo-gate: %s\n\n", icon, strings.ToUpper(string(r.Verdict)))
	ew.printf("%s, judged by the %s.\n\n", headline(r), Markdown(policyLabel(r.Policy)))
	if len(r.Findings) > 0 {
		ew.printf("| | Where | Rule | Package | Finding |\n|---|---|---|---|---|\n")
		for i, f := range r.Findings {
			if i == maxMarkdownRows {
				ew.printf("\n%d more finding(s) are in the JSON report.\n", len(r.Findings)-maxMarkdownRows)
				break
			}
			ew.printf("| %s | %s | `%s` | %s | %s |\n", severityIcon(f.Severity), Markdown(location(f)), f.Rule, Markdown(pkgLabel(f)), Markdown(f.Message))
		}
		ew.printf("\n")
	}
	ew.printf("### License coverage\n\n| Ecosystem | Packages | Resolved | Sources |\n|---|---:|---:|---|\n")
	for _, e := range r.Summary.Ecosystems {
		ew.printf("| %s | %d | %s | %s |\n", Markdown(e.Type), e.Packages, percent(e.Resolved, e.Packages), Markdown(bySource(e.BySource)))
	}
	if sc := r.Summary.Scorecard; sc != nil {
		ew.printf("\nOpenSSF Scorecard: %s\n", Markdown(bySource(sc)))
	}
	if len(r.Excused) > 0 {
		ew.printf("\n<details><summary>Excused by policy exceptions (%d)</summary>\n\n", len(r.Excused))
		for _, x := range r.Excused {
			ew.printf("- %s — `%s`: %s (policy line %d)\n", Markdown(x.PURL), x.Rule, Markdown(x.Reason), x.PolicyLine)
		}
		ew.printf("\n</details>\n")
	}
	if ex := excludedLine(r.Excluded); ex != "" {
		ew.printf("\nNot checked: %s\n", Markdown(ex))
	}
	return ew.err
}

func severityIcon(s rules.Severity) string {
	switch s {
	case rules.SeverityError:
		return "❌"
	case rules.SeverityWarning:
		return "⚠️"
	}
	return "ℹ️"
}
