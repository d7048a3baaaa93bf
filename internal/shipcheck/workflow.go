package shipcheck

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
)

// Uses is one `uses:` of a workflow: a step's action or a job's reusable workflow.
type Uses struct {
	Ref     string // as written: "actions/checkout@<sha>", "./", "docker://..."
	Comment string // the line comment after it, without "#"
	Line    int
	// With holds the step's inputs (with:), as strings.
	With map[string]string
	Job  string
}

// WorkflowUses lists every `uses:` of a workflow file, with the version comment written after it.
func WorkflowUses(data []byte) ([]Uses, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parsing the workflow: %w", err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("empty workflow")
	}
	jobs := mapValue(doc.Content[0], "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the workflow has no jobs mapping")
	}
	var out []Uses
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		name, job := jobs.Content[i].Value, jobs.Content[i+1]
		if u := mapValue(job, "uses"); u != nil {
			out = append(out, Uses{Ref: u.Value, Comment: comment(u), Line: u.Line, Job: name, With: stringMap(mapValue(job, "with"))})
		}
		steps := mapValue(job, "steps")
		if steps == nil || steps.Kind != yaml.SequenceNode {
			continue
		}
		for _, st := range steps.Content {
			if u := mapValue(st, "uses"); u != nil {
				out = append(out, Uses{Ref: u.Value, Comment: comment(u), Line: u.Line, Job: name, With: stringMap(mapValue(st, "with"))})
			}
		}
	}
	return out, nil
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func stringMap(m *yaml.Node) map[string]string {
	out := map[string]string{}
	if m == nil || m.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		out[m.Content[i].Value] = m.Content[i+1].Value
	}
	return out
}

func comment(n *yaml.Node) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(n.LineComment), "#"))
}

var (
	shaPinned  = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$`)
	versionTag = regexp.MustCompile(`^v\d+(\.\d+){0,2}\b`)
)

// PinProblem says what is wrong with how a `uses:` is pinned, or "" when it is pinned by a full commit SHA with
// a version comment ("# v4.2.2"). Local actions (./…) need no pin; docker:// images need a digest.
func (u Uses) PinProblem() string {
	switch {
	case strings.HasPrefix(u.Ref, "./"):
		return ""
	case strings.HasPrefix(u.Ref, "docker://"):
		if !PinnedByDigest(strings.TrimPrefix(u.Ref, "docker://")) {
			return "a docker:// image must be pinned by @sha256 digest"
		}
		return ""
	case !shaPinned.MatchString(u.Ref):
		return "not pinned by a full 40-character commit SHA"
	case !versionTag.MatchString(u.Comment):
		return "the SHA has no version comment (# vX.Y.Z)"
	}
	return ""
}

// Lint runs actionlint over workflow files (with its own checks of expressions, contexts, permissions, runner
// labels, action inputs and more; shellcheck and pyflakes are not run) and returns its errors.
func Lint(paths []string) ([]*actionlint.Error, error) {
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		return nil, err
	}
	return l.LintFiles(paths, nil)
}
