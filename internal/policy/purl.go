package policy

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// PackagePattern matches packages by purl: type, namespace and name exactly (case-insensitively where the
// ecosystem is), and the version either not at all, exactly, or against a range of comparators.
//
// Accepted forms:
//
//	pkg:npm/left-pad                   any version
//	pkg:npm/%40scope/name@1.2.3        exactly 1.2.3 (an "@scope" may also be written unescaped)
//	pkg:golang/github.com/x/y@>=1.2.0,<2.0.0
//	                                   every comparator must hold; operators: = != < <= > >=
type PackagePattern struct {
	Raw       string
	Type      string
	Namespace string
	Name      string
	Exact     string       // exact version, or ""
	Range     []Comparator // every comparator must hold
}

// Comparator is one "op version" term of a version range.
type Comparator struct {
	Op      string
	Version string
}

// ParsePackagePattern parses a purl with an optional version or version range.
func ParsePackagePattern(s string) (PackagePattern, error) {
	p := PackagePattern{Raw: s}
	rest, ok := strings.CutPrefix(s, "pkg:")
	if !ok {
		return p, fmt.Errorf("%q is not a package URL: it must start with pkg:<type>/", s)
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		return p, fmt.Errorf("%q: qualifiers and subpaths are not supported in a package pattern", s)
	}
	typ, path, ok := strings.Cut(rest, "/")
	if !ok || typ == "" {
		return p, fmt.Errorf("%q: a package URL needs a type and a name, like pkg:npm/left-pad", s)
	}
	for _, r := range typ {
		if !(unicode.IsLower(r) || unicode.IsDigit(r) || r == '.' || r == '+' || r == '-') {
			return p, fmt.Errorf("%q: the package type %q must be lower-case letters, digits, '.', '+' or '-'", s, typ)
		}
	}
	p.Type = typ
	// The version starts at the last '@' that is not the first character of a path segment (npm scopes are
	// written "@scope" by people, "%40scope" by the spec).
	version := ""
	if i := versionAt(path); i >= 0 {
		path, version = path[:i], path[i+1:]
	}
	path = strings.Trim(path, "/")
	if path == "" {
		return p, fmt.Errorf("%q: the package name is missing", s)
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		dec, err := url.PathUnescape(seg)
		if err != nil || dec == "" {
			return p, fmt.Errorf("%q: bad path segment %q", s, seg)
		}
		segs[i] = dec
	}
	p.Name = segs[len(segs)-1]
	p.Namespace = strings.Join(segs[:len(segs)-1], "/")
	if version == "" {
		return p, nil
	}
	if strings.ContainsAny(version[:1], "<>=!") {
		r, err := parseRange(version)
		if err != nil {
			return p, fmt.Errorf("%q: %v", s, err)
		}
		p.Range = r
		return p, nil
	}
	v, err := url.PathUnescape(version)
	if err != nil {
		return p, fmt.Errorf("%q: bad version %q", s, version)
	}
	p.Exact = v
	return p, nil
}

func versionAt(path string) int {
	for i := len(path) - 1; i > 0; i-- {
		if path[i] == '@' && path[i-1] != '/' {
			return i
		}
	}
	return -1
}

func parseRange(s string) ([]Comparator, error) {
	var out []Comparator
	for _, term := range strings.Split(s, ",") {
		term = strings.TrimSpace(term)
		op := ""
		for _, cand := range []string{">=", "<=", "!=", ">", "<", "="} {
			if strings.HasPrefix(term, cand) {
				op = cand
				break
			}
		}
		v := strings.TrimSpace(strings.TrimPrefix(term, op))
		if op == "" || v == "" {
			return nil, fmt.Errorf("bad version range term %q: write it like >=1.2.0,<2.0.0", term)
		}
		out = append(out, Comparator{Op: op, Version: v})
	}
	return out, nil
}

// MatchesPURL reports whether a package's purl falls under the pattern.
func (p PackagePattern) MatchesPURL(purl string) bool {
	q, err := ParsePackagePattern(stripQualifiers(purl))
	if err != nil || q.Type != p.Type {
		return false
	}
	fold := caseInsensitiveTypes[p.Type]
	if !sameName(p.Namespace, q.Namespace, fold) || !sameName(p.Name, q.Name, fold) {
		return false
	}
	switch {
	case p.Exact != "":
		return CompareVersions(strings.TrimPrefix(q.Exact, "v"), strings.TrimPrefix(p.Exact, "v")) == 0 || q.Exact == p.Exact
	case len(p.Range) > 0:
		if q.Exact == "" {
			return false
		}
		for _, c := range p.Range {
			if !c.holds(q.Exact) {
				return false
			}
		}
	}
	return true
}

// caseInsensitiveTypes are purl types whose names compare case-insensitively (purl spec).
var caseInsensitiveTypes = map[string]bool{"pypi": true, "npm": false, "github": true, "bitbucket": true, "composer": true, "nuget": true, "githubactions": true}

func sameName(a, b string, fold bool) bool {
	if fold {
		return strings.EqualFold(normalizePy(a), normalizePy(b))
	}
	return a == b
}

// normalizePy folds '_' and '.' to '-' as PEP 503 does; harmless for the other case-insensitive types.
func normalizePy(s string) string {
	return strings.NewReplacer("_", "-", ".", "-").Replace(s)
}

func stripQualifiers(purl string) string {
	if i := strings.IndexAny(purl, "?#"); i >= 0 {
		return purl[:i]
	}
	return purl
}

func (c Comparator) holds(v string) bool {
	r := CompareVersions(v, c.Version)
	switch c.Op {
	case "=":
		return r == 0
	case "!=":
		return r != 0
	case "<":
		return r < 0
	case "<=":
		return r <= 0
	case ">":
		return r > 0
	case ">=":
		return r >= 0
	}
	return false
}

// CompareVersions orders two version strings across ecosystems: a leading "v" is ignored, numeric parts compare
// as numbers, other parts as text, a pre-release ("1.0.0-rc.1") sorts before its release, and build metadata
// ("+meta") is ignored. It returns -1, 0 or 1.
func CompareVersions(a, b string) int {
	a, b = strings.TrimPrefix(a, "v"), strings.TrimPrefix(b, "v")
	a, _, _ = strings.Cut(a, "+")
	b, _, _ = strings.Cut(b, "+")
	ar, apre, _ := strings.Cut(a, "-")
	br, bpre, _ := strings.Cut(b, "-")
	if c := compareParts(ar, br); c != 0 {
		return c
	}
	switch {
	case apre == "" && bpre == "":
		return 0
	case apre == "":
		return 1
	case bpre == "":
		return -1
	}
	return compareParts(apre, bpre)
}

func compareParts(a, b string) int {
	as, bs := splitVersion(a), splitVersion(b)
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y string
		if i < len(as) {
			x = as[i]
		}
		if i < len(bs) {
			y = bs[i]
		}
		if c := comparePart(x, y); c != 0 {
			return c
		}
	}
	return 0
}

func splitVersion(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '-' || r == '_' })
}

func comparePart(x, y string) int {
	xn, xok := number(x)
	yn, yok := number(y)
	switch {
	case xok && yok:
		if len(xn) != len(yn) {
			if len(xn) < len(yn) {
				return -1
			}
			return 1
		}
		return strings.Compare(xn, yn)
	case x == "":
		if yok && strings.Trim(y, "0") == "" {
			return 0
		}
		return -1
	case y == "":
		if xok && strings.Trim(x, "0") == "" {
			return 0
		}
		return 1
	case xok:
		return 1 // numbers sort after words: 1.0.0 > 1.0.0.beta
	case yok:
		return -1
	}
	return strings.Compare(x, y)
}

// number reports whether s is all digits, returning it without leading zeros.
func number(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	t := strings.TrimLeft(s, "0")
	if t == "" {
		t = "0"
	}
	return t, true
}
