package action

import (
	"fmt"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/ghapi"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/report"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// Size budgets of the rendered summary.
const (
	// MaxStepSummaryBytes keeps the job summary well under GitHub's 1 MiB per step (over it, the upload is
	// refused, not truncated).
	MaxStepSummaryBytes = 256 << 10
	// maxTableRows bounds each table; the rest is counted and left to the report.
	maxTableRows = 50
	// footerReserve is kept free for the footer, whatever the sections take.
	footerReserve = 2 << 10
)

// summaryInput is everything the summary reports.
type summaryInput struct {
	o     *outcome
	ev    *Event
	in    Inputs
	links linker
	now   time.Time
	// reportPath is the JSON report written, the full report the summary points at ("" when none).
	reportPath string
	// checkURL links the check run, when there is one.
	checkURL string
	// apiProblem says why the check run could not be written; annotations then went to the log.
	apiProblem string
	logAnn     *logAnnotations
	// omittedAnnotations counts findings beyond MaxCheckAnnotations.
	omittedAnnotations int
}

// renderSummary renders the Markdown summary within budget bytes. Sections are added in order of importance
// (verdict and what failed first, collapsed tables last); one that does not fit is left out, with a pointer to
// the full report, and the footer is always there.
func renderSummary(in summaryInput, budget int) string {
	sections := []func(summaryInput) string{headerSection, failingSection, exceptionSection, otherFindingsSection, changesSection, scoresSection, coverageSection}
	footer := footerSection(in)
	var b strings.Builder
	left := 0
	for i, sec := range sections {
		text := sec(in)
		if text == "" {
			continue
		}
		if b.Len()+len(text)+len(footer)+footerReserve > budget {
			if i == 0 {
				b.WriteString(ghapi.Truncate(text, budget-len(footer)-footerReserve, "\n\n…\n\n"))
			}
			left = len(sections) - i
			break
		}
		b.WriteString(text)
	}
	if left > 0 {
		fmt.Fprintf(&b, "\n_Some details were left out to stay within GitHub's size limit; %s._\n", pointer(in))
	}
	b.WriteString(footer)
	return ghapi.Truncate(b.String(), budget, "\n\n…\n")
}

func pointer(in summaryInput) string {
	switch {
	case in.reportPath != "":
		return fmt.Sprintf("the full report is `%s` (output `report-json`)", codeSafe(in.reportPath))
	case in.links.run() != "":
		return fmt.Sprintf("see the [job log](%s)", in.links.run())
	}
	return "see the job log"
}

func headerSection(in summaryInput) string {
	o := in.o
	var b strings.Builder
	switch {
	case o.err != nil:
		b.WriteString("## ⚠️ ospo-gate could not evaluate\n\n")
		fmt.Fprintf(&b, "%s\n%s\n", fenced(o.err.Error(), ""), errorNote(o.code, in.in))
	case o.result.Verdict == rules.Fail:
		b.WriteString("## ❌ ospo-gate: FAIL\n\n")
	default:
		b.WriteString("## ✅ ospo-gate: PASS\n\n")
	}
	if o.err == nil {
		b.WriteString(headline(in) + "\n")
	}
	if pc := o.policy; pc != nil && pc.Edited {
		b.WriteString(policyAlert(pc))
	}
	for _, n := range o.notes {
		fmt.Fprintf(&b, "\n> [!NOTE]\n> %s\n", report.Markdown(n))
	}
	if in.apiProblem != "" {
		fmt.Fprintf(&b, "\n> [!WARNING]\n> %s\n", report.Markdown(in.apiProblem))
	}
	return b.String()
}

func subject(ev *Event) string {
	switch ev.Kind {
	case KindPullRequest:
		return "This pull request"
	case KindMergeGroup:
		return "This merge group"
	case KindPush:
		return "This push"
	}
	return "This change"
}

func headline(in summaryInput) string {
	o := in.o
	fails := countFailing(o.result.Findings, in.in.FailOn)
	switch {
	case o.skipped:
		return fmt.Sprintf("No dependency file changed since the base %s: nothing to judge.", commitRef(in.links, o.base))
	case o.mode == ModeDiff && o.diff != nil:
		judged := len(o.diff.Added) + len(o.diff.Changed)
		return fmt.Sprintf("%s %s (%d unchanged, %d removed); %s.",
			subject(in.ev), changePhrase(len(o.diff.Added), len(o.diff.Changed)), o.diff.Unchanged, len(o.diff.Removed), verdictPhrase(fails, judged, o.result))
	}
	n := 0
	if o.report != nil {
		n = o.report.Summary.Packages
	}
	return fmt.Sprintf("Audit of all %s at %s; %s.", plural(n, "package"), commitRef(in.links, orDefault(o.head, in.ev.HeadSHA)), verdictPhrase(fails, n, o.result))
}

// changePhrase says what a change does to the packages: "adds 2 packages and changes 1".
func changePhrase(added, changed int) string {
	switch {
	case added == 0 && changed == 0:
		return "adds or changes no package"
	case changed == 0:
		return "adds " + plural(added, "package")
	case added == 0:
		return "changes " + plural(changed, "package")
	}
	return fmt.Sprintf("adds %s and changes %d", plural(added, "package"), changed)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func verdictPhrase(fails, judged int, res rules.Result) string {
	others := len(res.Findings) - fails
	switch {
	case judged == 0 && len(res.Findings) == 0:
		return "nothing to judge"
	case fails > 0 && others > 0:
		return fmt.Sprintf("**%s the gate**, %d more reported", failPhrase(fails), others)
	case fails > 0:
		return fmt.Sprintf("**%s the gate**", failPhrase(fails))
	case others > 0:
		return fmt.Sprintf("nothing fails the gate, %s reported", plural(others, "finding"))
	}
	return "everything passes the policy"
}

func failPhrase(n int) string {
	if n == 1 {
		return "1 finding fails"
	}
	return fmt.Sprintf("%d findings fail", n)
}

func countFailing(fs []rules.Finding, f FailOn) int {
	n := 0
	for _, fd := range fs {
		if f.Fails(fd.Severity) {
			n++
		}
	}
	return n
}

func policyAlert(pc *policyChoice) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n> [!CAUTION]\n> **This change edits the policy file `%s`.** It was judged by the policy of the base commit `%s`, not by the edited one: policy changes take effect once merged, after review by the policy's owners.\n",
		codeSafe(orDefault(policyRepoPath(pc), policy.DefaultPath)), short(pc.Commit))
	if pc.HeadErr != nil {
		fmt.Fprintf(&b, ">\n> The edited policy is invalid and would stop the gate once merged:\n>\n%s", quoteLines(fenced(pc.HeadErr.Error(), "")))
	}
	return b.String()
}

func policyRepoPath(pc *policyChoice) string {
	if pc.InRepo {
		return pc.Path
	}
	return ""
}

func commitRef(l linker, sha string) string {
	if sha == "" {
		return "commit"
	}
	if u := l.commit(sha); u != "" {
		return fmt.Sprintf("[`%s`](%s)", short(sha), u)
	}
	return "`" + short(sha) + "`"
}

// quoteLines prefixes every line with "> ".
func quoteLines(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n") + "\n"
}

// fenced puts untrusted text in a code block whose fence is longer than any run of backticks in it.
func fenced(text, lang string) string {
	fence := "```"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	return fence + lang + "\n" + clean(strings.TrimRight(text, "\n")) + "\n" + fence + "\n"
}

// codeSafe makes a value safe inside an inline code span.
func codeSafe(s string) string {
	return strings.NewReplacer("`", "'", "\n", " ", "\r", " ").Replace(clean(s))
}
