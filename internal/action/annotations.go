package action

import (
	"fmt"

	"github.com/ospo-gate/ospo-gate/internal/ghapi"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// MaxCheckAnnotations bounds the annotations sent to a check run (20 requests); the rest are counted in the
// summary and listed in the report.
const MaxCheckAnnotations = 1000

// MaxLogAnnotations is GitHub's display limit for workflow-command annotations: per type, per step.
const MaxLogAnnotations = 10

// annotationPath returns the repository path a finding can be annotated on, or "".
func annotationPath(f rules.Finding, pc *policyChoice) string {
	if isPolicyFinding(f) && (pc == nil || !pc.InRepo) {
		return ""
	}
	return f.Path
}

func findingTitle(f rules.Finding) string {
	t := rules.Info(f.Rule).Title
	if f.Package == "" {
		return t
	}
	if f.Version != "" {
		return fmt.Sprintf("%s: %s@%s", t, f.Package, f.Version)
	}
	return fmt.Sprintf("%s: %s", t, f.Package)
}

func findingMessage(f rules.Finding) string {
	if f.Remediation == "" {
		return f.Message
	}
	return f.Message + "\n" + f.Remediation
}

// checkAnnotations turns findings (sorted most severe first) into check run annotations. A finding that fails
// the gate is a failure; a finding without a line points at the file's first line; findings about a policy
// outside the repository cannot be annotated.
func checkAnnotations(fs []rules.Finding, pc *policyChoice, failOn FailOn) (anns []ghapi.Annotation, omitted int) {
	for _, f := range fs {
		p := annotationPath(f, pc)
		if p == "" {
			continue
		}
		if len(anns) == MaxCheckAnnotations {
			omitted++
			continue
		}
		line := f.Line
		if line < 1 {
			line = 1
		}
		anns = append(anns, ghapi.Annotation{
			Path: p, StartLine: line, EndLine: line, Level: checkLevel(f.Severity, failOn),
			Title: findingTitle(f), Message: findingMessage(f),
		})
	}
	return anns, omitted
}

func checkLevel(sev rules.Severity, failOn FailOn) string {
	switch {
	case failOn.Fails(sev):
		return ghapi.LevelFailure
	case sev == rules.SeverityNote:
		return ghapi.LevelNotice
	}
	return ghapi.LevelWarning
}

func commandLevel(sev rules.Severity, failOn FailOn) string {
	switch checkLevel(sev, failOn) {
	case ghapi.LevelFailure:
		return CommandError
	case ghapi.LevelNotice:
		return CommandNotice
	}
	return CommandWarning
}

// logAnnotations counts the workflow-command annotations written and left out, per level.
type logAnnotations struct {
	Shown, Omitted map[string]int
}

func (a logAnnotations) omitted() int {
	n := 0
	for _, v := range a.Omitted {
		n += v
	}
	return n
}

// writeLogAnnotations writes findings as workflow-command annotations when there is no check run: the most
// severe first (the findings are sorted so), at most MaxLogAnnotations per level, which is all GitHub shows.
func (l *logger) writeLogAnnotations(fs []rules.Finding, pc *policyChoice, failOn FailOn) logAnnotations {
	a := logAnnotations{Shown: map[string]int{}, Omitted: map[string]int{}}
	for _, f := range fs {
		level := commandLevel(f.Severity, failOn)
		if a.Shown[level] == MaxLogAnnotations {
			a.Omitted[level]++
			continue
		}
		a.Shown[level]++
		l.write(WorkflowCommand(level, annotationPath(f, pc), f.Line, findingTitle(f), findingMessage(f)))
	}
	for _, level := range []string{CommandError, CommandWarning, CommandNotice} {
		if n := a.Omitted[level]; n > 0 {
			l.infof("%d more %s finding(s) are not shown as annotations (GitHub shows %d per type per step): see the job summary and the report", n, level, MaxLogAnnotations)
		}
	}
	return a
}
