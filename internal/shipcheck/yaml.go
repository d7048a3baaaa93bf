package shipcheck

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Bounds of a YAML conversion: nesting, so a hostile document cannot exhaust the stack, and values produced,
// so aliases cannot expand a small document into a huge one.
const (
	maxYAMLDepth  = 200
	maxYAMLValues = 1 << 20
)

// YAMLToJSON decodes a YAML document into the values encoding/json would produce from the same data as JSON
// (map[string]any, []any, string, bool, nil, and int64 or float64 for numbers), for JSON Schema validation.
// Mapping keys must be scalars; aliases are resolved; errors name the line and column.
func YAMLToJSON(data []byte) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 {
		return nil, errors.New("empty document")
	}
	c := &converter{}
	return c.convert(&doc, 0)
}

type converter struct{ values int }

func (c *converter) convert(n *yaml.Node, depth int) (any, error) {
	if depth > maxYAMLDepth {
		return nil, fmt.Errorf("line %d:%d: nested deeper than %d levels", n.Line, n.Column, maxYAMLDepth)
	}
	if c.values++; c.values > maxYAMLValues {
		return nil, fmt.Errorf("line %d:%d: more than %d values (aliases expanding?)", n.Line, n.Column, maxYAMLValues)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.convert(n.Content[0], depth+1)
	case yaml.AliasNode:
		return c.convert(n.Alias, depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := c.convert(item, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		return c.convertMapping(n, depth)
	case yaml.ScalarNode:
		return scalar(n)
	}
	return nil, fmt.Errorf("line %d:%d: unsupported YAML node", n.Line, n.Column)
}

func (c *converter) convertMapping(n *yaml.Node, depth int) (any, error) {
	out := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			return nil, fmt.Errorf("line %d:%d: merge keys (<<) are not supported", k.Line, k.Column)
		}
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d:%d: mapping keys must be scalars", k.Line, k.Column)
		}
		if _, dup := out[k.Value]; dup {
			return nil, fmt.Errorf("line %d:%d: duplicate key %q", k.Line, k.Column, k.Value)
		}
		val, err := c.convert(v, depth+1)
		if err != nil {
			return nil, err
		}
		out[k.Value] = val
	}
	return out, nil
}

func scalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, fmt.Errorf("line %d:%d: %w", n.Line, n.Column, err)
		}
		return b, nil
	case "!!int":
		var i int64
		if err := n.Decode(&i); err != nil {
			return nil, fmt.Errorf("line %d:%d: %w", n.Line, n.Column, err)
		}
		return i, nil
	case "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			var v float64
			if derr := n.Decode(&v); derr != nil {
				return nil, fmt.Errorf("line %d:%d: %w", n.Line, n.Column, derr)
			}
			f = v
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("line %d:%d: %s is not a JSON number", n.Line, n.Column, n.Value)
		}
		return f, nil
	}
	return n.Value, nil
}
