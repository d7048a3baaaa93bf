package policy

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Error is a policy problem at a position in the policy file. It prints as FILE:LINE:COL: message.
type Error struct {
	File    string
	Line    int
	Column  int
	Message string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
}

// decoder walks yaml.Node trees and collects every error it finds, so that a user fixes a policy in one pass.
type decoder struct {
	file string
	errs []*Error
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	e := &Error{File: d.file, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

// kindName names a node kind the way users think of YAML values.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "a document"
}

// mapping checks that n is a mapping whose keys are all in allowed, and calls fn for each key/value pair.
func (d *decoder) mapping(n *yaml.Node, what string, allowed []string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping, got %s", what, kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "%s: keys must be plain strings", what)
			continue
		}
		if !slices.Contains(allowed, k.Value) {
			d.errorf(k, "unknown key %q in %s (allowed: %s)", k.Value, what, strings.Join(allowed, ", "))
			continue
		}
		if seen[k.Value] {
			d.errorf(k, "duplicate key %q in %s", k.Value, what)
			continue
		}
		seen[k.Value] = true
		fn(k.Value, k, v)
	}
}

func (d *decoder) str(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "%s must be a string, got %s", what, kindName(n))
		return "", false
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		d.errorf(n, "%s must not be empty", what)
		return "", false
	}
	return s, true
}

func (d *decoder) boolean(n *yaml.Node, what string) (bool, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err == nil {
			return b, true
		}
	}
	d.errorf(n, "%s must be true or false, got %s", what, kindName(n))
	return false, false
}

func (d *decoder) integer(n *yaml.Node, what string) (int, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		i, err := strconv.Atoi(n.Value)
		if err == nil {
			return i, true
		}
	}
	d.errorf(n, "%s must be a whole number, got %s", what, kindName(n))
	return 0, false
}

// intIn sets *dst to a whole number from lo to hi, or reports why it is not one.
func (d *decoder) intIn(n *yaml.Node, what string, lo, hi int, dst *int) {
	v, ok := d.integer(n, what)
	if !ok {
		return
	}
	if v < lo || v > hi {
		d.errorf(n, "%s must be from %d to %d", what, lo, hi)
		return
	}
	*dst = v
}

// date accepts YYYY-MM-DD (YAML's !!timestamp or a quoted string).
func (d *decoder) date(n *yaml.Node, what string) (time.Time, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		t, err := time.Parse("2006-01-02", strings.TrimSpace(n.Value))
		if err == nil {
			return t, true
		}
	}
	d.errorf(n, "%s must be a date written YYYY-MM-DD, got %s", what, kindName(n))
	return time.Time{}, false
}

// list calls fn for each element of a sequence. A single scalar is accepted as a one-element list.
func (d *decoder) list(n *yaml.Node, what string, fn func(i int, item *yaml.Node)) {
	switch {
	case n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			fn(i, item)
		}
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		// an empty list
	case n.Kind == yaml.ScalarNode:
		fn(0, n)
	default:
		d.errorf(n, "%s must be a list, got %s", what, kindName(n))
	}
}

// checkNoAliases rejects anchors' aliases anywhere in the document: policies are short, and aliases are how a
// "billion laughs" document explodes. It also bounds nesting depth.
func (d *decoder) checkNoAliases(n *yaml.Node, depth int) bool {
	if depth > maxDepth {
		d.errorf(n, "policy is nested deeper than %d levels", maxDepth)
		return false
	}
	if n.Kind == yaml.AliasNode {
		d.errorf(n, "YAML aliases (*name) are not supported in a policy file; write the value out")
		return false
	}
	for _, c := range n.Content {
		if !d.checkNoAliases(c, depth+1) {
			return false
		}
	}
	return true
}
