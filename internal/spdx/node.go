package spdx

import (
	"slices"
	"strings"
)

// Op is the kind of a [Node].
type Op int

// The kinds of node.
const (
	License Op = iota // a leaf: one license, optionally "or later" and WITH an exception
	And               // all children apply
	Or                // any one child may be chosen
)

// String returns "LICENSE", "AND" or "OR".
func (o Op) String() string {
	switch o {
	case License:
		return "LICENSE"
	case And:
		return "AND"
	case Or:
		return "OR"
	}
	return "Op(?)"
}

// Node is a parsed license expression.
//
// Leaves (Op == License) hold one license. License is always a canonical id
// of the SPDX list, never with a "+": "X+" and "X-or-later" both set OrLater.
// For the GNU families, which have explicit ids, License holds that id:
// "GPL-2.0+", "GPL-2.0-or-later" and the deprecated "GPL-2.0+" all give
// License "GPL-2.0-or-later", OrLater true; "GPL-2.0-only" gives OrLater
// false. For other licenses "X+" gives License "X", OrLater true (for
// example "Apache-1.0+"). References keep their idstring as written, with a
// canonical prefix ("LicenseRef-foo", "DocumentRef-d:LicenseRef-foo"), and are
// never OrLater.
//
// Inner nodes (And, Or) have two or more Children, none of which has the same
// Op as its parent (nested groups of the same operator are flattened).
type Node struct {
	Op        Op     // License, And or Or
	License   string // canonical id or reference (leaves only)
	OrLater   bool   // this version or any later one (leaves only)
	Exception string // canonical exception id after WITH, or "" (leaves only)
	Children  []*Node

	// Rewritten is the deprecated id as written, in the list's case with any
	// "+" (for example "GPL-2.0+"), when Parse replaced it with its current
	// equivalent; "" otherwise. It is provenance only: Equal ignores it.
	Rewritten string
}

// String returns the canonical text of the expression: canonical ids,
// upper-case operators and minimal parentheses.
func (n *Node) String() string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

func (n *Node) write(b *strings.Builder) {
	if n.Op == License {
		n.writeLeaf(b)
		return
	}
	sep := " AND "
	if n.Op == Or {
		sep = " OR "
	}
	for i, c := range n.Children {
		if i > 0 {
			b.WriteString(sep)
		}
		// Only an OR inside an AND needs parentheses: AND binds tighter.
		paren := n.Op == And && c.Op == Or
		if paren {
			b.WriteByte('(')
		}
		c.write(b)
		if paren {
			b.WriteByte(')')
		}
	}
}

func (n *Node) writeLeaf(b *strings.Builder) {
	b.WriteString(n.License)
	if n.OrLater && !strings.HasSuffix(n.License, "-or-later") {
		b.WriteByte('+')
	}
	if n.Exception != "" {
		b.WriteString(" WITH ")
		b.WriteString(n.Exception)
	}
}

// Licenses returns the License of every leaf, deduplicated and sorted. An
// "X+" leaf contributes "X"; use [Node.Leaves] to see OrLater and exceptions.
func (n *Node) Licenses() []string {
	var ids []string
	for _, l := range n.Leaves() {
		ids = append(ids, l.License)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Leaves returns the leaves of the expression from left to right.
func (n *Node) Leaves() []*Node {
	var out []*Node
	var walk func(*Node)
	walk = func(x *Node) {
		if x.Op == License {
			out = append(out, x)
			return
		}
		for _, c := range x.Children {
			walk(c)
		}
	}
	walk(n)
	return out
}

// Rewrites returns, from left to right, the deprecated ids that Parse
// replaced, as "old -> new" pairs.
func (n *Node) Rewrites() []Rewrite {
	var out []Rewrite
	for _, l := range n.Leaves() {
		if l.Rewritten != "" {
			out = append(out, Rewrite{From: l.Rewritten, To: l.String()})
		}
	}
	return out
}

// Rewrite records that a deprecated id was replaced by its current
// equivalent.
type Rewrite struct {
	From string // deprecated id as written, e.g. "GPL-2.0+"
	To   string // replacement leaf, e.g. "GPL-2.0-or-later"
}

// Equal reports whether two expressions have the same structure, ids, "or
// later" flags and exceptions, in the same order. Rewritten is ignored.
func (n *Node) Equal(o *Node) bool {
	if n == nil || o == nil {
		return n == o
	}
	if n.Op != o.Op || n.License != o.License || n.OrLater != o.OrLater ||
		n.Exception != o.Exception || len(n.Children) != len(o.Children) {
		return false
	}
	for i := range n.Children {
		if !n.Children[i].Equal(o.Children[i]) {
			return false
		}
	}
	return true
}

// IsReference reports whether the leaf is a LicenseRef-… or
// DocumentRef-…:LicenseRef-… reference rather than an SPDX list id.
func (n *Node) IsReference() bool {
	return n.Op == License && (strings.HasPrefix(n.License, licenseRefPrefix) ||
		strings.HasPrefix(n.License, documentRefPrefix))
}
