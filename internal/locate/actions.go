package locate

import (
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// parseWorkflow indexes a GitHub workflow: jobs.<id>.uses (reusable workflows)
// and jobs.<id>.steps[*].uses.
func parseWorkflow(src string, b *builder) error {
	root, err := yamlRoot(src)
	if err != nil || root == nil {
		return err
	}
	jobs := mapValue(root, "jobs")
	if jobs == nil {
		return nil
	}
	if jobs.Kind != yaml.MappingNode {
		return errAt(jobs.Line, jobs.Column, "jobs must be a mapping")
	}
	for i := 1; i < len(jobs.Content); i += 2 {
		job := jobs.Content[i]
		if job.Kind != yaml.MappingNode {
			return errAt(job.Line, job.Column, "job %q must be a mapping", jobs.Content[i-1].Value)
		}
		if err := addUses(b, mapValue(job, "uses")); err != nil {
			return err
		}
		if err := addSteps(b, job); err != nil {
			return err
		}
	}
	return nil
}

// parseActionYAML indexes the steps of a composite action: runs.steps[*].uses.
func parseActionYAML(src string, b *builder) error {
	root, err := yamlRoot(src)
	if err != nil || root == nil {
		return err
	}
	runs := mapValue(root, "runs")
	if runs == nil || runs.Kind != yaml.MappingNode {
		return nil // JavaScript and Docker actions have no steps
	}
	return addSteps(b, runs)
}

// addSteps indexes the uses of every step under m's "steps" key.
func addSteps(b *builder, m *yaml.Node) error {
	steps := mapValue(m, "steps")
	if steps == nil {
		return nil
	}
	if steps.Kind != yaml.SequenceNode {
		return errAt(steps.Line, steps.Column, "steps must be a sequence")
	}
	for _, step := range steps.Content {
		if step.Kind != yaml.MappingNode {
			return errAt(step.Line, step.Column, "a step must be a mapping")
		}
		if err := addUses(b, mapValue(step, "uses")); err != nil {
			return err
		}
	}
	return nil
}

// addUses indexes one "uses: owner/repo[/path]@ref" value under the full name and,
// ranked after exact matches, under "owner/repo". Local ("./...") and Docker
// ("docker://...") references are not packages.
func addUses(b *builder, n *yaml.Node) error {
	if n == nil {
		return nil
	}
	v := n
	if v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	if v.Kind != yaml.ScalarNode {
		return errAt(n.Line, n.Column, "uses must be a string")
	}
	name, ref, ok := parseUses(v.Value)
	if !ok {
		return nil
	}
	b.add(name, n.Line, rankPrimary, ref)
	if parts := strings.SplitN(name, "/", 3); len(parts) == 3 {
		b.add(parts[0]+"/"+parts[1], n.Line, rankSecondary, ref)
	}
	return nil
}

// parseUses splits "owner/repo[/path]@ref".
func parseUses(v string) (name, ref string, ok bool) {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") || strings.HasPrefix(v, "docker://") || strings.Contains(v, "${{") {
		return "", "", false
	}
	name, ref, _ = strings.Cut(v, "@")
	owner, repo, _ := strings.Cut(name, "/")
	if owner == "" || repo == "" || strings.HasPrefix(repo, "/") {
		return "", "", false
	}
	return strings.TrimSuffix(name, "/"), ref, true
}

// mapValue returns the value of key in a mapping node, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// yamlRoot decodes the first YAML document into nodes and returns its root, or
// nil for an empty document. Aliases are not expanded, so alias bombs cost
// nothing; nesting beyond MaxDepth is rejected.
func yamlRoot(src string) (root *yaml.Node, err error) {
	var doc yaml.Node
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, errAt(0, 0, "invalid YAML: %v", r)
		}
	}()
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		return nil, yamlError(err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	if err := checkYAMLDepth(&doc); err != nil {
		return nil, err
	}
	root = doc.Content[0]
	if root.Kind != yaml.MappingNode {
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			return nil, nil
		}
		return nil, errAt(root.Line, root.Column, "the document must be a mapping")
	}
	return root, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a yaml.v3 error into a ParseError with its line.
func yamlError(err error) *ParseError {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return errAt(line, 0, "%s", m[2])
	}
	return errAt(0, 0, "%s", strings.TrimPrefix(msg, "yaml: "))
}

// checkYAMLDepth rejects node trees deeper than MaxDepth without recursion.
func checkYAMLDepth(doc *yaml.Node) error {
	type item struct {
		n     *yaml.Node
		depth int
	}
	stack := []item{{doc, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.depth > MaxDepth {
			return tooDeep(it.n.Line, it.n.Column)
		}
		for _, c := range it.n.Content {
			stack = append(stack, item{c, it.depth + 1})
		}
	}
	return nil
}
