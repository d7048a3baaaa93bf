package action

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"github.com/ospo-gate/ospo-gate/internal/artifacts"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/ghapi"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/report"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// commentMarker finds the sticky comment of a check name.
func commentMarker(checkName string) string {
	name := strings.ReplaceAll(checkName, "\n", " ")
	for strings.Contains(name, "-->") { // removing one can join the text around it into another
		name = strings.ReplaceAll(name, "-->", "")
	}
	return "<!-- ospo-gate:sticky " + name + " -->"
}

// publish reports the outcome: the log, report files, the check run (or log annotations), the job summary,
// the comment and the outputs. Nothing here changes the exit code.
func (s *session) publish(ctx context.Context, o *outcome) {
	s.log.group("ospo-gate: results")
	s.logFindings(o)
	s.log.endGroup()
	written := s.writeReports(o)
	sum := summaryInput{o: o, ev: s.ev, in: s.in, links: newLinker(s.env.Getenv, orDefault(o.head, s.ev.HeadSHA)), now: s.env.Now()}
	for _, w := range written {
		if w.Format == "json" && sum.reportPath == "" {
			sum.reportPath = w.Path
		}
	}
	s.completeCheck(ctx, o, &sum)
	s.hookPublish("check-completed")
	if s.check == nil && o.err == nil {
		la := s.log.writeLogAnnotations(o.result.Findings, o.policy, s.in.FailOn)
		sum.logAnn = &la
	}
	markdown := renderSummary(sum, MaxStepSummaryBytes)
	if p := s.env.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
		if err := appendFile(p, markdown+"\n"); err != nil {
			s.log.warningf("writing the job summary: %v", err)
		}
	}
	s.hookPublish("summary")
	commentURL := s.comment(ctx, o, sum)
	s.writeOutputs(o, written, commentURL)
	s.hookPublish("outputs")
}

// logFindings lists the findings in the log, between stop-commands markers so that nothing taken from the
// scanned tree is read as a workflow command.
func (s *session) logFindings(o *outcome) {
	if o.err != nil {
		s.log.errorf("ospo-gate could not evaluate: %s", o.err)
		return
	}
	if o.skipped {
		s.log.infof("PASS: no dependency file changed")
		return
	}
	s.log.infof("%s: %d finding(s)", strings.ToUpper(string(o.result.Verdict)), len(o.result.Findings))
	if len(o.result.Findings) == 0 {
		return
	}
	token := randomToken()
	s.log.command("stop-commands", token, nil)
	for _, f := range o.result.Findings {
		s.log.infof("  %s  %s  %s  %s", f.Severity, orDefault(locationLabel(f), "-"), f.Rule, f.Message)
	}
	s.log.write("::" + token + "::")
}

func locationLabel(f rules.Finding) string {
	if f.Path != "" && f.Line > 0 {
		return fmt.Sprintf("%s:%d", f.Path, f.Line)
	}
	return f.Path
}

// randomToken is the stop-commands token: unguessable, so the listed text cannot resume commands itself.
func randomToken() string {
	var r [16]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "ospo-gate-resume-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	return "ospo-gate-" + hex.EncodeToString(r[:])
}

// completeCheck completes the check run; a failure is recorded so that the annotations go to the log.
func (s *session) completeCheck(ctx context.Context, o *outcome, sum *summaryInput) {
	if s.check == nil {
		if s.checkErr != nil {
			sum.apiProblem = checkFailureText(s.checkErr)
		}
		return
	}
	sum.checkURL = s.check.HTMLURL
	comp := ghapi.Completion{Name: s.in.CheckName, Conclusion: conclusion(o, s.in), CompletedAt: s.env.Now(), Output: ghapi.Output{Title: checkTitle(o, s.in.FailOn)}}
	if o.err == nil {
		comp.Annotations, sum.omittedAnnotations = checkAnnotations(o.result.Findings, o.policy, s.in.FailOn)
	}
	comp.Output.Summary = renderSummary(*sum, ghapi.MaxOutputBytes-1024)
	sent, err := s.gh.CompleteCheckRun(ctx, s.check.ID, comp)
	if err == nil {
		s.log.infof("check run %q completed: %s, %d annotation(s)", s.in.CheckName, comp.Conclusion, sent)
		return
	}
	s.checkErr = err
	sum.apiProblem = checkFailureText(err)
	s.log.warningf("%s", sum.apiProblem)
	if sent > 0 {
		// The verdict and some annotations reached the check run; the log repeats all of them.
		s.log.infof("%d annotation(s) reached the check run before the failure", sent)
	}
	s.check = nil
}

func conclusion(o *outcome, in Inputs) string {
	switch {
	case o.err != nil:
		return errorConclusion(o.code, in)
	case o.result.Verdict == rules.Fail:
		return ghapi.ConclusionFailure
	case in.FailOn.Threshold == "" && len(o.result.Findings) > 0:
		// fail-on: never — findings are reported, nothing can fail: neither success nor failure.
		return ghapi.ConclusionNeutral
	}
	return ghapi.ConclusionSuccess
}

func checkTitle(o *outcome, f FailOn) string {
	switch {
	case o.err != nil:
		return "Could not evaluate: " + clip(firstLine(o.err.Error()), 200)
	case o.skipped:
		return "No dependency changes"
	}
	fails := countFailing(o.result.Findings, f)
	scope := "in the audit"
	if o.mode == ModeDiff && o.diff != nil {
		scope = fmt.Sprintf("in %d new or changed package(s)", len(o.diff.Added)+len(o.diff.Changed))
	}
	if fails > 0 {
		return fmt.Sprintf("%d finding(s) fail the gate %s", fails, scope)
	}
	if n := len(o.result.Findings); n > 0 {
		return fmt.Sprintf("Passed with %d finding(s) %s", n, scope)
	}
	return "Passed " + strings.TrimPrefix(scope, "in ")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// comment writes the sticky pull-request comment when the comment input asks for it; it returns its URL.
func (s *session) comment(ctx context.Context, o *outcome, sum summaryInput) string {
	mode := s.in.Comment
	if mode == CommentNever || s.gh == nil || s.ev.Kind != KindPullRequest {
		return ""
	}
	marker := commentMarker(s.in.CheckName)
	failed := o.err != nil || o.result.Verdict == rules.Fail
	if mode == CommentOnFailure && !failed {
		// Keep an earlier failure comment current; never start a thread to say "passed".
		existing, err := s.gh.FindComment(ctx, s.ev.Number, marker)
		if err != nil || existing == nil {
			return ""
		}
	}
	body := marker + "\n" + renderSummary(sum, ghapi.MaxCommentBytes-1024)
	cm, _, err := s.gh.UpsertComment(ctx, s.ev.Number, marker, body)
	if err != nil {
		s.log.warningf("the pull request comment could not be written (%v); the job summary has the same content", err)
		return ""
	}
	return cm.HTMLURL
}

// writtenReport is a report file written.
type writtenReport struct {
	Format string
	Path   string // as given in the outputs input
}

// writeReports writes the report files the outputs input asks for; a failure is a warning.
func (s *session) writeReports(o *outcome) []writtenReport {
	rep := o.report
	if rep == nil {
		rep = report.Build(report.Input{ToolVersion: s.env.ToolVersion, Target: s.in.Path, Inventory: &inventory.Inventory{}, Result: rules.Result{Verdict: rules.Fail}})
		if o.policy != nil {
			rep.Policy = report.PolicyRef{Path: o.policy.Path, Embedded: o.policy.Embedded}
		}
	}
	var out []writtenReport
	for _, w := range s.in.Outputs {
		full := w.Path
		if !filepath.IsAbs(full) {
			full = filepath.Join(s.ws, filepath.FromSlash(full))
		}
		var err error
		if artifacts.IsFormat(w.Format) {
			if o.run == nil {
				s.log.warningf("%s %s not written: nothing was scanned", w.Format, w.Path)
				continue
			}
			in := artifacts.FromRun(o.run, s.env.ToolVersion)
			in.Findings = o.result.Findings // what this run judged (the diff in diff mode), with repository paths
			err = report.WriteFile(full, func(wr io.Writer) error { return artifacts.Write(wr, w.Format, in) })
		} else {
			err = report.WriteFile(full, func(wr io.Writer) error { return report.Write(wr, w.Format, rep) })
		}
		if err != nil {
			s.log.warningf("writing the %s report %s: %v", w.Format, w.Path, err)
			continue
		}
		out = append(out, writtenReport{Format: w.Format, Path: w.Path})
	}
	return out
}

// writeOutputs sets the step outputs.
func (s *session) writeOutputs(o *outcome, written []writtenReport, commentURL string) {
	p := s.env.Getenv("GITHUB_OUTPUT")
	if p == "" {
		return
	}
	verdict := string(o.result.Verdict)
	if o.err != nil {
		verdict = "error"
	}
	counts := map[rules.Severity]int{}
	for _, f := range o.result.Findings {
		counts[f.Severity]++
	}
	kv := [][2]string{
		{"verdict", verdict}, {"exit-code", strconv.Itoa(o.code)}, {"mode", string(o.mode)},
		{"errors", strconv.Itoa(counts[rules.SeverityError])}, {"warnings", strconv.Itoa(counts[rules.SeverityWarning])},
		{"notes", strconv.Itoa(counts[rules.SeverityNote])}, {"failing", strconv.Itoa(countFailing(o.result.Findings, s.in.FailOn))},
		{"dependencies-changed", strconv.FormatBool(!o.skipped)}, {"policy-edited", strconv.FormatBool(o.policy != nil && o.policy.Edited)},
	}
	kv = append(kv, s.diffOutputs(o)...)
	var paths []string
	for _, w := range written {
		kv = append(kv, [2]string{"report-" + w.Format, w.Path})
		paths = append(paths, w.Path)
	}
	kv = append(kv, [2]string{"reports", strings.Join(paths, "\n")})
	if s.check != nil {
		kv = append(kv, [2]string{"check-run-id", strconv.FormatInt(s.check.ID, 10)}, [2]string{"check-run-url", s.check.HTMLURL})
	}
	if commentURL != "" {
		kv = append(kv, [2]string{"comment-url", commentURL})
	}
	if err := appendOutputs(p, kv); err != nil {
		s.log.warningf("setting the step outputs: %v", err)
	}
}

func (s *session) diffOutputs(o *outcome) [][2]string {
	judged, added, changed, removed := 0, 0, 0, 0
	switch {
	case o.diff != nil:
		added, changed, removed = len(o.diff.Added), len(o.diff.Changed), len(o.diff.Removed)
		judged = added + changed
	case o.report != nil:
		judged = o.result.Checked
	}
	return [][2]string{
		{"judged", strconv.Itoa(judged)}, {"added", strconv.Itoa(added)},
		{"changed", strconv.Itoa(changed)}, {"removed", strconv.Itoa(removed)},
	}
}
