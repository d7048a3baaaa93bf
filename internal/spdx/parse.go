package spdx

import (
	"fmt"
	"strings"
)

// Limits on untrusted input.
const (
	MaxLength = 4096 // bytes in one expression
	MaxDepth  = 32   // nesting of parentheses
)

type parser struct {
	src   string
	toks  []token
	pos   int
	depth int
}

// Parse parses an SPDX license expression. Errors are [*Error] values that
// say what is wrong and at which column.
func Parse(expr string) (*Node, error) {
	if len(expr) > MaxLength {
		return nil, &Error{Col: 1, Msg: fmt.Sprintf("license expression is too long: %d bytes, the limit is %d",
			len(expr), MaxLength)}
	}
	toks, err := lex(expr)
	if err != nil {
		return nil, err
	}
	if len(toks) == 1 {
		return nil, &Error{Col: 1, Msg: "empty license expression"}
	}
	p := &parser{src: expr, toks: toks}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.unexpected(t)
	}
	return n, nil
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tEOF {
		p.pos++
	}
	return t
}

func (p *parser) errAt(t token, format string, args ...any) *Error {
	return errAt(p.src, t.off, format, args...)
}

// unexpected explains a token found where an operator or the end was due.
func (p *parser) unexpected(t token) *Error {
	switch t.kind {
	case tRParen:
		return p.errAt(t, `unexpected ")" without a matching "("`)
	case tWord, tLParen:
		return p.errAt(t, "expected AND, OR or WITH before %s", t.describe())
	case tWith:
		return p.errAt(t, `unexpected "WITH": one exception may follow each license id`)
	}
	return p.errAt(t, "unexpected %s", t.describe())
}

// parseOr parses and-expressions separated by OR.
func (p *parser) parseOr() (*Node, error) {
	return p.parseList(Or, tOr, p.parseAnd)
}

// parseAnd parses operands separated by AND.
func (p *parser) parseAnd() (*Node, error) {
	return p.parseList(And, tAnd, p.parseOperand)
}

// parseList parses operand (sep operand)* into a flat node of kind op.
func (p *parser) parseList(op Op, sep tokKind, operand func() (*Node, error)) (*Node, error) {
	first, err := operand()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != sep {
		return first, nil
	}
	n := &Node{Op: op}
	n.adopt(first)
	for p.peek().kind == sep {
		p.next()
		c, err := operand()
		if err != nil {
			return nil, err
		}
		n.adopt(c)
	}
	return n, nil
}

// adopt appends c to n, splicing in the children of a same-operator group.
func (n *Node) adopt(c *Node) {
	if c.Op == n.Op {
		n.Children = append(n.Children, c.Children...)
		return
	}
	n.Children = append(n.Children, c)
}

// parseOperand parses "( expr )" or a license with optional WITH exception.
func (p *parser) parseOperand() (*Node, error) {
	t := p.next()
	switch t.kind {
	case tLParen:
		return p.parseGroup(t)
	case tWord:
		leaf, err := p.license(t)
		if err != nil {
			return nil, err
		}
		if p.peek().kind == tWith {
			p.next()
			err = p.exception(leaf, p.next())
		}
		return leaf, err
	case tEOF:
		return nil, p.errAt(t, "expected a license at end of expression")
	}
	return nil, p.errAt(t, "expected a license, found %s", t.describe())
}

// parseGroup parses the rest of a parenthesized expression opened by open.
func (p *parser) parseGroup(open token) (*Node, error) {
	p.depth++
	if p.depth > MaxDepth {
		return nil, p.errAt(open, "parentheses nested deeper than %d", MaxDepth)
	}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.next(); t.kind != tRParen {
		if t.kind == tEOF {
			return nil, p.errAt(open, `missing ")" to close this "("`)
		}
		return nil, p.unexpected(t)
	}
	p.depth--
	if t := p.peek(); t.kind == tWith {
		return nil, p.errAt(t, "WITH must follow a license id, not a parenthesized expression")
	}
	return n, nil
}

// license resolves a word in license position into a leaf.
func (p *parser) license(t token) (*Node, error) {
	if isReference(t.text) {
		return p.reference(t)
	}
	if IsKnownException(t.text) {
		return nil, p.errAt(t, "%q is a license exception: it can only follow WITH", t.text)
	}
	id, ok := CanonicalID(t.text)
	if !ok {
		return nil, p.unknownID(t)
	}
	if IsDeprecatedID(id) {
		return p.deprecated(t, id)
	}
	return p.active(t, id)
}

func (p *parser) unknownID(t token) *Error {
	if strings.Contains(t.text, ":") {
		return p.errAt(t, `unexpected ":" in %q: only DocumentRef-…:LicenseRef-… may contain one`, t.text)
	}
	if s := suggest(t.text); s != "" {
		return p.errAt(t, "unknown license id %q; note: did you mean %q?", t.text, s)
	}
	return p.errAt(t, "unknown license id %q", t.text)
}

// active builds the leaf of a current SPDX id.
func (p *parser) active(t token, id string) (*Node, error) {
	n := &Node{Op: License, License: id, OrLater: strings.HasSuffix(id, "-or-later")}
	if !t.plus {
		return n, nil
	}
	if base, ok := strings.CutSuffix(id, "-only"); ok {
		return nil, p.errAt(t, `"+" contradicts %q; write %q`, id, base+"-or-later")
	}
	n.OrLater = true
	return n, nil
}

// deprecated builds the leaf that replaces a deprecated id.
func (p *parser) deprecated(t token, id string) (*Node, error) {
	written := id
	if t.plus {
		written += "+"
		if c, ok := CanonicalID(written); ok { // "GPL-2.0+" is an id of its own
			id = c
			t.plus = false
		}
	}
	r, ok := deprecatedReplacements[id]
	if !ok { // no replacement (Net-SNMP): keep the id
		return p.active(t, id)
	}
	n := &Node{Op: License, License: r.id, Exception: r.exception, Rewritten: written,
		OrLater: strings.HasSuffix(r.id, "-or-later")}
	if t.plus {
		n.OrLater = true
		if base, ok := strings.CutSuffix(r.id, "-only"); ok {
			n.License = base + "-or-later"
		}
	}
	return n, nil
}

// exception attaches the exception word t to leaf.
func (p *parser) exception(leaf *Node, t token) error {
	if t.kind != tWord {
		return p.errAt(t, "expected a license exception after WITH, found %s", t.describe())
	}
	if leaf.Exception != "" {
		return p.errAt(t, "%q already includes the exception %q", leaf.Rewritten, leaf.Exception)
	}
	if t.plus {
		return p.errAt(t, `"+" cannot follow the exception %q`, t.text)
	}
	if ref, ok := canonicalRef(t.text, additionRefPrefix); ok {
		leaf.Exception = ref
		return nil
	}
	if id, ok := vocab().exceptions[strings.ToUpper(t.text)]; ok {
		leaf.Exception = id
		return nil
	}
	if IsKnownID(t.text) {
		return p.errAt(t, "%q is a license, not an exception; combine licenses with AND or OR", t.text)
	}
	return p.errAt(t, "unknown license exception %q", t.text)
}

// reference builds the leaf of a LicenseRef or DocumentRef.
func (p *parser) reference(t token) (*Node, error) {
	ref, ok := canonicalRef(t.text, licenseRefPrefix)
	if !ok {
		return nil, p.errAt(t, "malformed reference %q: expected LicenseRef-<id> or "+
			"DocumentRef-<id>:LicenseRef-<id>, where <id> is letters, digits, \"-\" and \".\"", t.text)
	}
	if t.plus {
		return nil, p.errAt(t, `"+" cannot follow the reference %q`, ref)
	}
	return &Node{Op: License, License: ref}, nil
}

func isReference(word string) bool {
	u := strings.ToUpper(word)
	return strings.HasPrefix(u, strings.ToUpper(licenseRefPrefix)) ||
		strings.HasPrefix(u, strings.ToUpper(documentRefPrefix))
}

// canonicalRef validates "[DocumentRef-x:]<prefix>y" and returns it with
// canonical prefixes.
func canonicalRef(word, prefix string) (string, bool) {
	doc, ref, hasDoc := strings.Cut(word, ":")
	if !hasDoc {
		ref, doc = doc, ""
	}
	out := ""
	if hasDoc {
		d, ok := cutPrefixFold(doc, documentRefPrefix)
		if !ok || !isIDString(d) {
			return "", false
		}
		out = documentRefPrefix + d + ":"
	}
	r, ok := cutPrefixFold(ref, prefix)
	if !ok || !isIDString(r) {
		return "", false
	}
	return out + prefix + r, true
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return "", false
	}
	return s[len(prefix):], true
}

// isIDString reports whether s is a non-empty SPDX idstring.
func isIDString(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWordByte(s[i]) || s[i] == ':' {
			return false
		}
	}
	return true
}
