package licenses

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// maxNesting bounds JSON values nested in declared values.
const maxNesting = 3

// result is Normalize's working state.
type result struct {
	status  Status
	expr    string
	tree    *spdx.Node
	notes   []string
	fileRef string
}

func unknown(note string) result { return result{status: Unknown, notes: []string{note}} }

// Normalize reads one declared license value. In order, it recognises:
// values that declare nothing (empty, NOASSERTION, NONE, UNLICENSED,
// "SEE LICENSE IN <file>", syft's "sha256:…" hashes, "Custom: …"), valid
// SPDX expressions (operators in any case, deprecated ids rewritten), JSON
// objects such as {"type":"MIT"}, PyPI "License :: …" classifiers, URLs of
// well-known license texts, license names ("Apache License, Version 2.0",
// "GPLv2+", "BSD 3-Clause"), and lists of those joined by "or", "/", "and",
// "," or ";". Anything else is Invalid when it is shaped like an SPDX
// expression, and Unknown (custom license text) otherwise.
//
// Combination rules: "or", "/" and "|" mean OR (a choice, as npm and Cargo
// used "MIT/Apache-2.0"); "and", "&", "," and ";" mean AND (all apply, the
// conservative reading of a list). Families without a version map to
// LicenseRef-ospo-gate-… ids (see the Ref constants) with a Note; GNU
// licenses that say neither "only" nor "or later" read as -only, as SPDX
// did for its deprecated "GPL-2.0".
func Normalize(raw string) Normalized {
	return resolve(raw, 0).normalized(raw)
}

func (r result) normalized(raw string) Normalized {
	n := Normalized{Original: raw, Status: r.status, Note: strings.Join(dedupe(r.notes), "; "), FileRef: r.fileRef}
	if r.status == Valid {
		n.Expression, n.Tree = r.expr, r.tree
	}
	return n
}

var reClassifier = regexp.MustCompile(`(?i)^licen[cs]e\s*::\s*(?:osi approved\s*::\s*)?(.*)$`)

func resolve(raw string, depth int) result {
	s := clean(raw)
	if s == "" {
		return unknown("no license declared")
	}
	if len(s) > spdx.MaxLength {
		return unknown(fmt.Sprintf("declared value is %d bytes long: license text, not an identifier", len(s)))
	}
	if m := reClassifier.FindStringSubmatch(s); m != nil {
		if s = clean(m[1]); s == "" {
			return unknown(fmt.Sprintf("the classifier %q names no license", raw))
		}
	}
	if r, ok := commonsClause(s, depth); ok {
		return r
	}
	steps := []func(string, int) (result, bool){parseStep, sentinelStep, jsonStep, urlStep, nameStep, splitStep}
	for _, step := range steps {
		if r, ok := step(s, depth); ok {
			return r
		}
	}
	return fallback(s)
}

var reCommonsClause = regexp.MustCompile(`(?i)\s+(?:with|\+|and)\s+(?:the\s+)?["']?commons[- ]clause["']?(?:\s+(?:license\s+)?condition)?(?:\s+v?1\.0)?\s*$`)

// commonsClause reads "X WITH Commons-Clause", which is not valid SPDX (the
// Commons Clause is a license condition, not an exception), as
// "X AND LicenseRef-Commons-Clause".
func commonsClause(s string, depth int) (result, bool) {
	loc := reCommonsClause.FindStringIndex(s)
	if loc == nil || loc[0] == 0 || depth >= maxNesting {
		return result{}, false
	}
	r := resolve(s[:loc[0]], depth+1)
	note := "the Commons Clause is a license condition, not an SPDX exception; read as AND " + RefCommonsClause
	if r.status != Valid {
		r.notes = append(r.notes, note)
		return r, true
	}
	n, err := spdx.Parse("(" + r.expr + ") AND " + RefCommonsClause)
	if err != nil {
		return result{}, false
	}
	return validTree(n, append(r.notes, note)), true
}

// clean trims blanks, surrounding quotes and stray trailing separators.
func clean(s string) string {
	s = strings.TrimSpace(trimQuotes(strings.TrimSpace(s)))
	return strings.TrimSpace(strings.TrimRight(s, ",;"))
}

func sentinelStep(s string, _ int) (result, bool) { return sentinel(s) }

// parseStep accepts a valid SPDX expression.
func parseStep(s string, _ int) (result, bool) {
	n, err := spdx.Parse(s)
	if err != nil {
		return result{}, false
	}
	return validTree(n, nil), true
}

func validTree(n *spdx.Node, notes []string) result {
	for _, rw := range n.Rewrites() {
		notes = append(notes, fmt.Sprintf("deprecated SPDX id %q read as %q", rw.From, rw.To))
	}
	return result{status: Valid, expr: n.String(), tree: n, notes: notes}
}

// fromMatch turns a recognised name into a result.
func fromMatch(m match, notes ...string) result {
	if m.note != "" {
		notes = append(notes, m.note)
	}
	if m.ambiguous {
		return result{status: Unknown, notes: notes}
	}
	n, err := spdx.Parse(m.expr)
	if err != nil { // a mapping produced something the parser rejects: report, never guess
		return result{status: Invalid, notes: append(notes, "internal mapping "+strconv.Quote(m.expr)+" is not valid SPDX: "+err.Error())}
	}
	return validTree(n, notes)
}

func urlStep(s string, _ int) (result, bool) {
	m, ok := recognizeURL(s)
	if !ok {
		if reURL.MatchString(s) {
			return unknown(fmt.Sprintf("license given as a URL that ospo-gate does not recognise: %q", s)), true
		}
		return result{}, false
	}
	return fromMatch(m), true
}

func nameStep(s string, _ int) (result, bool) {
	m, ok := recognizeName(s)
	if !ok {
		return result{}, false
	}
	return fromMatch(m), true
}

// jsonStep reads {"type": "MIT", "url": ...} objects, JSON strings and
// arrays that some registries store as text.
func jsonStep(s string, depth int) (result, bool) {
	if depth >= maxNesting || (s[0] != '{' && s[0] != '[') {
		return result{}, false
	}
	var v any
	if json.Unmarshal([]byte(s), &v) != nil && json.Unmarshal([]byte(strings.ReplaceAll(s, "'", `"`)), &v) != nil {
		return result{}, false
	}
	switch v := v.(type) {
	case map[string]any:
		for _, k := range []string{"type", "spdx", "id", "license", "name", "expression"} {
			if str, ok := v[k].(string); ok {
				r := resolve(str, depth+1)
				r.notes = append(r.notes, fmt.Sprintf("read the %q field of a JSON object", k))
				return r, true
			}
		}
		return unknown("JSON object without a license type"), true
	case []any:
		var raws []string
		for _, e := range v {
			b, _ := json.Marshal(e)
			if str, ok := e.(string); ok {
				b = []byte(str)
			}
			raws = append(raws, string(b))
		}
		return combine(raws, depth+1), true
	}
	return result{}, false
}

var (
	reDual = regexp.MustCompile(`(?i)^(?:dual[- ]licen[cs]ed(?:\s+under)?(?:\s+the)?|dual(?:\s+licen[cs]e)?|licen[cs]ed\s+under(?:\s+the)?|under\s+the)\s+`)
	reOr   = regexp.MustCompile(`(?i)\s+or\s+|\s*/\s*|\s*\|\|?\s*`)
	reAnd  = regexp.MustCompile(`(?i)\s+and\s+|\s*&\s*|\s*[,;]\s*`)
)

// splitStep reads lists of license names: "MIT or Apache 2.0",
// "Apache-2.0 / MIT", "Dual MIT/GPL", "BSD, Public Domain",
// "(MIT or Apache 2.0) and ISC". Separators inside parentheses belong to the
// nested group.
func splitStep(s string, _ int) (result, bool) {
	t, dual := s, false
	if loc := reDual.FindStringIndex(t); loc != nil {
		t, dual = t[loc[1]:], true
	}
	l := &listReader{}
	expr, ok := l.read(t, 0)
	if !ok || (l.splits == 0 && !dual) {
		return result{}, false // nothing was split: the name steps already failed on it
	}
	if l.slash && !dual {
		l.notes = append(l.notes, `"/" read as OR: a choice between the licenses`)
	}
	if l.comma {
		l.notes = append(l.notes, "comma-separated licenses read as AND: all of them apply")
	}
	n, err := spdx.Parse(expr)
	if err != nil {
		return result{}, false
	}
	return validTree(n, l.notes), true
}

// listReader splits free-text license lists recursively.
type listReader struct {
	notes        []string
	splits       int
	slash, comma bool
}

const maxListDepth = 8

// read returns t as an SPDX expression text, splitting at OR separators,
// then AND separators, at parenthesis depth 0.
func (l *listReader) read(t string, depth int) (string, bool) {
	t = trimOuterParens(strings.TrimSpace(t))
	if depth > maxListDepth || !balanced(t) {
		return "", false
	}
	for _, sep := range []struct {
		re *regexp.Regexp
		op string
	}{{reOr, " OR "}, {reAnd, " AND "}} {
		parts := splitTop(t, sep.re)
		if len(parts) < 2 {
			continue
		}
		l.splits++
		l.slash = l.slash || (sep.op == " OR " && strings.Contains(t, "/"))
		l.comma = l.comma || (sep.op == " AND " && strings.ContainsAny(t, ",;"))
		var exprs []string
		for _, p := range parts {
			e, ok := l.read(p, depth+1)
			if !ok {
				return "", false
			}
			exprs = append(exprs, "("+e+")")
		}
		return strings.Join(exprs, sep.op), true
	}
	r, ok := resolvePart(t)
	l.notes = append(l.notes, r.notes...)
	return r.expr, ok
}

// splitTop splits s at matches of re that are outside parentheses.
func splitTop(s string, re *regexp.Regexp) []string {
	var parts []string
	last := 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		if depthAt(s, m[0]) == 0 {
			parts = append(parts, s[last:m[0]])
			last = m[1]
		}
	}
	return append(parts, s[last:])
}

func depthAt(s string, i int) int {
	return strings.Count(s[:i], "(") - strings.Count(s[:i], ")")
}

// balanced reports whether parentheses in s are properly nested.
func balanced(s string) bool {
	d := 0
	for _, r := range s {
		switch r {
		case '(':
			d++
		case ')':
			if d--; d < 0 {
				return false
			}
		}
	}
	return d == 0
}

// resolvePart resolves one element of a list; only definite licenses count.
func resolvePart(part string) (result, bool) {
	p := trimOuterParens(clean(part))
	if p == "" || !balanced(p) {
		return result{}, false
	}
	for _, step := range []func(string, int) (result, bool){parseStep, urlStep, nameStep} {
		if r, ok := step(p, maxNesting); ok {
			return r, r.status == Valid
		}
	}
	return result{}, false
}

func trimOuterParens(s string) string {
	for strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		if main, groups := splitParens(s); strings.TrimSpace(main) != "" || len(groups) != 1 {
			break
		}
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

var (
	reExprShape = regexp.MustCompile(`^[A-Za-z0-9.\-+:()\s]+$`)
	reOperator  = regexp.MustCompile(`(?i)(?:^|[\s(])(?:and|or|with)(?:[\s)]|$)`)
)

// fallback classifies what nothing recognised.
func fallback(s string) result {
	single := !strings.ContainsAny(strings.TrimSpace(s), " \t\r\n")
	if reExprShape.MatchString(s) && (single || reOperator.MatchString(s)) {
		_, err := spdx.Parse(s)
		return result{status: Invalid, notes: []string{"not a valid SPDX expression: " + err.Error()}}
	}
	return unknown("not a license id or expression: custom license text")
}

func dedupe(notes []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range notes {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
