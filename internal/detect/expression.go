package detect

import (
	"strings"
)

// resolveExceptions attaches every exception to the license it modifies:
// the nearest license of the exception's base family before it, else after
// it. An exception found without its license implies its base license
// (the combined SPDX id it came from said so), which is noted.
func (c *classification) resolveExceptions() {
	live := c.live()
	for _, i := range live {
		x := &c.ev[i]
		if x.kind != kindException {
			continue
		}
		if l := c.exceptionHost(x, live); l != nil {
			if l.with != "" && l.with != x.id {
				c.note("%s and %s both modify %s: only %s is in the expression", l.with, x.id, l.id, l.with)
				continue
			}
			l.with = x.id
			continue
		}
		x.base = c.resolveBase(x)
		c.note("%s found without the text of the license it modifies: assumed %s", x.id, x.base)
	}
}

// exceptionHost finds the license evidence an exception attaches to.
func (c *classification) exceptionHost(x *evidence, live []int) *evidence {
	var before, after *evidence
	for _, i := range live {
		l := &c.ev[i]
		if l.kind != kindLicense || !baseMatches(x.base, l.id) {
			continue
		}
		if l.wlo <= x.wlo {
			before = l
		} else if after == nil {
			after = l
		}
	}
	if before != nil {
		return before
	}
	return after
}

// baseMatches reports whether license id belongs to the family the
// exception base names (any version for the GNU families).
func baseMatches(base, id string) bool {
	if gb, ok := parseGNUText(base); ok {
		gi, ok := parseGNUText(id)
		return ok && gi.family == gb.family
	}
	return id == base
}

// resolveBase turns an exception's base into an SPDX id, deciding a GNU
// base's suffix like a GNU text.
func (c *classification) resolveBase(x *evidence) string {
	g, ok := parseGNUText(x.base)
	if !ok || strings.HasSuffix(x.base, "-only") || strings.HasSuffix(x.base, "-or-later") {
		return x.base
	}
	if n, found := c.noticeFor(g, c.gnuNotices(c.textRanges())); found {
		return n.id()
	}
	return g.id("-only")
}

// term is one operand of the result expression.
func (e *evidence) term() string {
	switch {
	case e.kind == kindException:
		return e.base + " WITH " + e.id
	case e.with != "":
		return e.id + " WITH " + e.with
	}
	return e.id
}

// expression combines the terms of the live evidence in text order:
// with OR when the text offers a choice between licenses, else with AND
// (a main license plus bundled or additional terms all apply).
func (c *classification) expression(live []int) string {
	var terms []string
	for _, i := range live {
		e := &c.ev[i]
		if e.kind == kindException && c.attached(e) {
			continue
		}
		if t := e.term(); t != "" {
			terms = append(terms, t)
		}
	}
	op := "AND"
	if distinct(terms) > 1 && c.offersChoice() {
		op = "OR"
		c.note("the text offers a choice of licenses: combined with OR")
	}
	// Flatten operands joined by the same operator, then drop repeats.
	var flat []string
	for _, t := range terms {
		flat = append(flat, splitTopLevel(t, op)...)
	}
	var parts []string
	seen := make(map[string]bool)
	for _, t := range flat {
		if seen[t] {
			continue
		}
		seen[t] = true
		parts = append(parts, t)
	}
	for i, t := range parts {
		if len(parts) > 1 && (len(splitTopLevel(t, "AND")) > 1 || len(splitTopLevel(t, "OR")) > 1) {
			parts[i] = "(" + t + ")"
		}
	}
	return strings.Join(parts, " "+op+" ")
}

func distinct(terms []string) int {
	seen := make(map[string]bool)
	for _, t := range terms {
		seen[t] = true
	}
	return len(seen)
}

// splitTopLevel splits an expression at the operator op outside
// parentheses, removing parentheses that enclose a whole operand.
func splitTopLevel(expr, op string) []string {
	var out []string
	depth, start := 0, 0
	sep := " " + op + " "
	for i := 0; i < len(expr); i++ {
		switch expr[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ' ':
			if depth == 0 && strings.HasPrefix(expr[i:], sep) {
				out = append(out, stripOuterParens(expr[start:i]))
				start = i + len(sep)
				i += len(sep) - 1
			}
		}
	}
	return append(out, stripOuterParens(expr[start:]))
}

// attached reports whether exception x was attached to a license.
func (c *classification) attached(x *evidence) bool {
	for i := range c.ev {
		if e := &c.ev[i]; !e.dropped && e.kind == kindLicense && e.with == x.id {
			return true
		}
	}
	return false
}
