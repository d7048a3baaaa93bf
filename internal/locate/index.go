package locate

import (
	"strings"
)

// ecosystem holds the name and version rules shared by an ecosystem's formats.
type ecosystem struct {
	name        string
	types       []string // syft package types and purl types served by this ecosystem
	normName    func(string) string
	normVersion func(string) string
}

// accepts reports whether a query of type t can match this ecosystem.
func (e *ecosystem) accepts(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" {
		return true
	}
	for _, x := range e.types {
		if strings.EqualFold(x, t) {
			return true
		}
	}
	return false
}

// key normalises a package name into an index key. It is idempotent.
func (e *ecosystem) key(name string) string {
	return strings.TrimSpace(e.normName(strings.TrimSpace(name)))
}

var (
	ecoGo       = &ecosystem{"go", []string{"go-module", "golang"}, identity, normVersion}
	ecoNPM      = &ecosystem{"npm", []string{"npm"}, identity, normVersion}
	ecoPython   = &ecosystem{"python", []string{"python", "pypi"}, normPEP503, normVersion}
	ecoRust     = &ecosystem{"rust", []string{"rust-crate", "cargo"}, normCrate, normVersion}
	ecoMaven    = &ecosystem{"maven", []string{"java-archive", "maven"}, identity, normVersion}
	ecoGem      = &ecosystem{"gem", []string{"gem"}, identity, normGemVersion}
	ecoComposer = &ecosystem{"composer", []string{"php-composer", "composer"}, strings.ToLower, normVersion}
	ecoDotnet   = &ecosystem{"dotnet", []string{"dotnet", "nuget"}, strings.ToLower, normVersion}
	ecoActions  = &ecosystem{"github-actions", []string{"github-action", "github-action-workflow", "github", "githubactions"}, strings.ToLower, normActionRef}
)

func identity(s string) string { return s }

// normPEP503 normalises a Python project name: runs of "-", "_" and "." become a
// single "-", and the result is lower case.
func normPEP503(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	sep := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' || c == '_' || c == '.' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// normCrate folds case and treats "_" like "-", as crates.io does for uniqueness.
func normCrate(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "_", "-")
}

// normVersion strips a leading "=", "==" or "v" and folds case.
func normVersion(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimSpace(strings.TrimLeft(v, "="))
	if len(v) > 1 && (v[0] == 'v' || v[0] == 'V') && isDigit(v[1]) {
		v = v[1:]
	}
	return strings.ToLower(v)
}

// normGemVersion also drops a platform suffix ("1.15.4-x86_64-linux").
func normGemVersion(v string) string {
	v = normVersion(v)
	if i := strings.IndexByte(v, '-'); i > 0 {
		v = v[:i]
	}
	return v
}

// normActionRef keeps refs as written (tags and branches are case-sensitive) but
// folds case for full commit SHAs.
func normActionRef(v string) string {
	v = strings.TrimSpace(v)
	if len(v) == 40 && isHex(v) {
		return strings.ToLower(v)
	}
	return v
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isDigit(c) && !('a' <= c && c <= 'f') && !('A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// Ranks order entries of the same name when the version does not decide: lower wins.
const (
	rankPrimary   = 0 // a direct declaration or top-level lock entry
	rankSecondary = 1 // a dev, managed, nested or otherwise weaker declaration
)

// entry is one occurrence of a package name.
type entry struct {
	line    int
	rank    int
	version string // normalised
	group   string // Maven groupId
}

// index is the Index implementation shared by all formats.
type index struct {
	eco     *ecosystem
	entries map[string][]entry
}

// Line implements Index.
func (ix *index) Line(q Query) int {
	if !ix.eco.accepts(q.Type) {
		return 0
	}
	es := ix.entries[ix.eco.key(q.Name)]
	if len(es) == 0 {
		return 0
	}
	version := ""
	if strings.TrimSpace(q.Version) != "" {
		version = ix.eco.normVersion(q.Version)
	}
	group := strings.TrimSpace(q.Group)
	best := -1
	for i := range es {
		if !groupMatches(es[i].group, group) {
			continue
		}
		if best < 0 || better(&es[i], &es[best], version) {
			best = i
		}
	}
	if best < 0 {
		return 0
	}
	return es[best].line
}

// groupMatches compares a Maven groupId; unknown or property-valued groups match.
func groupMatches(have, want string) bool {
	return want == "" || have == "" || strings.Contains(have, "${") || have == want
}

// better reports whether a should be chosen over b for a query of version v.
func better(a, b *entry, v string) bool {
	if v != "" {
		am, bm := a.version == v, b.version == v
		if am != bm {
			return am
		}
	}
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	return a.line < b.line
}

// builder collects entries while a file is parsed.
type builder struct {
	eco *ecosystem
	m   map[string][]entry
}

func newBuilder(eco *ecosystem) *builder {
	return &builder{eco: eco, m: make(map[string][]entry)}
}

// add records that name occurs on line with the given rank and version.
func (b *builder) add(name string, line, rank int, version string) {
	b.addGroup("", name, line, rank, version)
}

// addGroup is add with a Maven groupId.
func (b *builder) addGroup(group, name string, line, rank int, version string) {
	key := b.eco.key(name)
	if key == "" || line <= 0 {
		return
	}
	b.m[key] = append(b.m[key], entry{
		line:    line,
		rank:    rank,
		version: b.eco.normVersion(version),
		group:   strings.TrimSpace(group),
	})
}

func (b *builder) index() *index { return &index{eco: b.eco, entries: b.m} }
