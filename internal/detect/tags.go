package detect

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
)

// tagRE finds SPDX-License-Identifier tags; the value runs to the end of
// the line.
var tagRE = regexp.MustCompile(`(?i)SPDX-License-Identifier[ \t]*:[ \t]*([^\r\n]*)`)

// tagClosers are comment terminators and quoting that may follow a tag
// value on the same line.
var tagClosers = []string{"*/", "-->", "--%>", "%>", "#}", "*)", "-}", "\"", "'", ";", ",", "`"}

// maxTagLen bounds the expression text considered in one tag.
const maxTagLen = 512

// tagEvidence adds one evidence per SPDX-License-Identifier tag; invalid
// tags are reported in the notes with their line and column.
func (d *Detector) tagEvidence(c *classification) {
	// The case-insensitive regexp is slow on long texts: run it only when a
	// tag can be there.
	if !bytes.Contains(c.text, []byte("dentifier")) && !bytes.Contains(c.text, []byte("DENTIFIER")) {
		return
	}
	for _, m := range tagRE.FindAllSubmatchIndex(c.text, -1) {
		raw := c.text[m[2]:m[3]]
		if len(raw) > maxTagLen {
			raw = raw[:maxTagLen]
		}
		value := strings.TrimSpace(string(trimClosers(raw)))
		expr, err := normalizeExpression(value)
		if err != nil {
			line, col := position(c.text, m[0])
			c.note("SPDX-License-Identifier at %d:%d: %v", line, col, err)
			continue
		}
		if expr == "" {
			continue // NONE / NOASSERTION declare nothing
		}
		c.add(evidence{
			id: expr, source: srcTag, lo: m[0], hi: m[2] + len(value), containment: 1, dice: 1,
			compound: strings.Contains(expr, " OR ") || strings.Contains(expr, " AND "),
		})
	}
}

func trimClosers(b []byte) []byte {
	for {
		b = bytes.TrimSpace(b)
		trimmed := false
		for _, s := range tagClosers {
			if bytes.HasSuffix(b, []byte(s)) {
				b, trimmed = b[:len(b)-len(s)], true
			}
		}
		if !trimmed {
			return b
		}
	}
}

// position returns the 1-based line and column (in characters) of off.
func position(text []byte, off int) (line, col int) {
	line = 1 + bytes.Count(text[:off], []byte{'\n'})
	start := bytes.LastIndexByte(text[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(text[start:off])
}

// normalizeExpression checks an SPDX license expression and rewrites it
// in canonical form: operators upper-cased, ids in their list spelling,
// deprecated GNU ids as -only / -or-later. NONE and NOASSERTION give "".
func normalizeExpression(s string) (string, error) {
	switch strings.ToUpper(s) {
	case "":
		return "", fmt.Errorf("empty expression")
	case "NONE", "NOASSERTION":
		return "", nil
	}
	p := &exprParser{toks: lexExpression(s)}
	out, err := p.or()
	if err == nil && p.pos < len(p.toks) {
		err = fmt.Errorf("unexpected %q in %q", p.toks[p.pos], s)
	}
	if err != nil {
		return "", err
	}
	return stripOuterParens(out), nil
}

// stripOuterParens removes parentheses enclosing the whole expression.
func stripOuterParens(s string) string {
	for len(s) > 1 && s[0] == '(' && s[len(s)-1] == ')' {
		depth := 0
		for i := 0; i < len(s)-1; i++ {
			switch s[i] {
			case '(':
				depth++
			case ')':
				depth--
			}
			if depth == 0 {
				return s // the first "(" closes before the end
			}
		}
		s = s[1 : len(s)-1]
	}
	return s
}

// lexExpression splits an expression into parentheses and words.
func lexExpression(s string) []string {
	return strings.Fields(strings.NewReplacer("(", " ( ", ")", " ) ").Replace(s))
}

// exprParser is a recursive-descent parser for SPDX license expressions:
//
//	or   = and { "OR" and }
//	and  = with { "AND" with }
//	with = atom [ "WITH" exception ]
//	atom = license-id | "(" or ")"
type exprParser struct {
	toks  []string
	pos   int
	depth int
}

// maxExprDepth bounds parenthesis nesting.
const maxExprDepth = 32

func (p *exprParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *exprParser) or() (string, error) {
	return p.binary("OR", p.and)
}

func (p *exprParser) and() (string, error) {
	return p.binary("AND", p.with)
}

func (p *exprParser) binary(op string, next func() (string, error)) (string, error) {
	left, err := next()
	for err == nil && strings.EqualFold(p.peek(), op) {
		p.pos++
		var right string
		right, err = next()
		left = left + " " + op + " " + right
	}
	return left, err
}

func (p *exprParser) with() (string, error) {
	lic, err := p.atom()
	if err != nil || !strings.EqualFold(p.peek(), "WITH") {
		return lic, err
	}
	p.pos++
	ex := p.peek()
	ok, canon := spdxlicenses.IsException(ex)
	if !ok {
		return "", fmt.Errorf("unknown license exception %q", ex)
	}
	p.pos++
	return lic + " WITH " + canon, nil
}

func (p *exprParser) atom() (string, error) {
	t := p.peek()
	switch {
	case t == "":
		return "", fmt.Errorf("expression ends where a license id was expected")
	case t == "(":
		if p.depth++; p.depth > maxExprDepth {
			return "", fmt.Errorf("parentheses nested deeper than %d", maxExprDepth)
		}
		p.pos++
		inner, err := p.or()
		if err != nil {
			return "", err
		}
		if p.peek() != ")" {
			return "", fmt.Errorf("missing closing parenthesis")
		}
		p.pos++
		p.depth--
		return "(" + inner + ")", nil
	}
	p.pos++
	return licenseTerm(t)
}

// licenseTerm canonicalises one license id of an expression.
func licenseTerm(t string) (string, error) {
	for _, prefix := range []string{"LicenseRef-", "DocumentRef-"} {
		if hasFoldPrefix(t, prefix) && len(t) > len(prefix) {
			return prefix + t[len(prefix):], nil
		}
	}
	if g, ok := parseGNUText(canonicalCase(t)); ok {
		id := canonicalCase(t)
		switch {
		case strings.HasSuffix(id, "+"):
			return g.id("-or-later"), nil
		case id == g.id(""):
			return g.id("-only"), nil
		}
		return id, nil
	}
	plus := strings.HasSuffix(t, "+")
	id := canonicalCase(strings.TrimSuffix(t, "+"))
	if active, _ := spdxlicenses.IsActiveLicense(id); !active {
		if rep, ok := deprecatedReplacement[id]; ok && rep != "" {
			id = rep
		} else if dep, _ := spdxlicenses.IsDeprecatedLicense(id); !dep {
			return "", fmt.Errorf("unknown license id %q", t)
		}
	}
	if plus {
		id += "+"
	}
	return id, nil
}

// canonicalCase returns the list spelling of an id, or t unchanged.
func canonicalCase(t string) string {
	if ok, c := spdxlicenses.IsActiveLicense(t); ok {
		return c
	}
	if ok, c := spdxlicenses.IsDeprecatedLicense(t); ok {
		return c
	}
	return t
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
