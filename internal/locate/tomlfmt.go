package locate

import (
	"strings"
)

// tomlPackageList indexes lockfiles made of [[package]] tables with name and
// version keys: Cargo.lock, poetry.lock and uv.lock. The entry line is the line
// of the "name" key.
type tomlPackageList struct {
	b       *builder
	in      bool // inside a [[package]] table (not a sub-table)
	name    string
	line    int
	version string
}

func (t *tomlPackageList) table(path []string, array bool, _ int) {
	t.flush()
	t.in = array && len(path) == 1 && path[0] == "package"
}

func (t *tomlPackageList) want(path []string) bool {
	return t.in && len(path) == 2 && (path[1] == "name" || path[1] == "version")
}

func (t *tomlPackageList) value(path []string, line int, v *tomlValue) {
	if v.kind != tomlString {
		return
	}
	if path[1] == "name" {
		t.name, t.line = v.str, line
	} else {
		t.version = v.str
	}
}

func (t *tomlPackageList) flush() {
	if t.name != "" {
		t.b.add(t.name, t.line, rankPrimary, t.version)
	}
	t.name, t.line, t.version = "", 0, ""
}

// parseTOMLPackages parses Cargo.lock, poetry.lock and uv.lock.
func parseTOMLPackages(src string, b *builder) error {
	v := &tomlPackageList{b: b}
	err := parseTOML(src, v)
	v.flush()
	return err
}

// keyedDeps collects dependency tables whose keys are package names, in all
// their TOML spellings:
//
//	[dependencies]
//	a = "1"
//	b = { version = "2", package = "real-b" }
//	c.workspace = true
//	[dependencies.d]
//	version = "3"
//
// The entry line is the line of the key, or of the header for the table form.
type keyedDeps struct {
	// match returns the length of the dependency-table prefix of path and its
	// rank; n is 0 when path is not inside a dependency table.
	match func(path []string) (n, rank int)
	// rename is the inline key that names the real package ("package" in Cargo).
	rename string
	// skip drops names that are not packages ("python" in Poetry).
	skip  func(name string) bool
	deps  map[string]*keyedDep
	order []*keyedDep
}

type keyedDep struct {
	alias, real, version string
	line, rank           int
}

// dep returns the dependency named by path[n], creating it at line.
func (k *keyedDeps) dep(path []string, n, rank, line int) *keyedDep {
	id := strings.Join(path[:n+1], "\x00")
	d := k.deps[id]
	if d == nil {
		if k.deps == nil {
			k.deps = make(map[string]*keyedDep)
		}
		d = &keyedDep{alias: path[n], line: line, rank: rank}
		k.deps[id] = d
		k.order = append(k.order, d)
	}
	return d
}

func (k *keyedDeps) table(path []string, line int) {
	if n, rank := k.match(path); n > 0 && len(path) == n+1 {
		k.dep(path, n, rank, line)
	}
}

func (k *keyedDeps) want(path []string) bool {
	n, _ := k.match(path)
	return n > 0 && len(path) > n
}

func (k *keyedDeps) value(path []string, line int, v *tomlValue) {
	n, rank := k.match(path)
	if n == 0 || len(path) <= n {
		return
	}
	d := k.dep(path, n, rank, line)
	rest := path[n+1:]
	switch {
	case len(rest) == 0 && v.kind == tomlString:
		d.version = v.str
	case len(rest) == 0 && v.kind == tomlTable:
		if s, ok := v.field("version"); ok {
			d.version = s
		}
		if s, ok := v.field(k.rename); ok && k.rename != "" {
			d.real = s
		}
	case len(rest) == 1 && v.kind == tomlString && rest[0] == "version":
		d.version = v.str
	case len(rest) == 1 && v.kind == tomlString && k.rename != "" && rest[0] == k.rename:
		d.real = v.str
	}
}

func (k *keyedDeps) flush(b *builder) {
	for _, d := range k.order {
		name := d.real
		if name == "" {
			name = d.alias
		}
		if k.skip != nil && k.skip(name) {
			continue
		}
		b.add(name, d.line, d.rank, d.version)
	}
}

// cargoToml is the visitor for Cargo.toml.
type cargoToml struct{ keyedDeps }

func (c *cargoToml) table(path []string, _ bool, line int) { c.keyedDeps.table(path, line) }

// parseCargoToml indexes the dependency tables of Cargo.toml: [dependencies],
// [dev-dependencies], [build-dependencies], their [target.'cfg'.*] forms,
// [workspace.dependencies] and [patch.*]. Renamed dependencies are indexed under
// the real crate name.
func parseCargoToml(src string, b *builder) error {
	v := &cargoToml{keyedDeps{match: cargoDepTable, rename: "package"}}
	if err := parseTOML(src, v); err != nil {
		return err
	}
	v.flush(b)
	return nil
}

// cargoDepRank ranks Cargo dependency-table names; unknown names are not
// dependency tables.
var cargoDepRank = map[string]int{
	"dependencies":       rankPrimary,
	"build-dependencies": rankSecondary,
	"build_dependencies": rankSecondary,
	"dev-dependencies":   rankSecondary,
	"dev_dependencies":   rankSecondary,
}

func cargoDepTable(path []string) (n, rank int) {
	if len(path) >= 1 {
		if r, ok := cargoDepRank[path[0]]; ok {
			return 1, r
		}
	}
	if len(path) >= 3 && path[0] == "target" {
		if r, ok := cargoDepRank[path[2]]; ok {
			return 3, r
		}
	}
	if len(path) >= 2 && path[0] == "workspace" && path[1] == "dependencies" {
		return 2, rankSecondary
	}
	if len(path) >= 2 && path[0] == "patch" {
		return 2, rankSecondary + 1
	}
	return 0, 0
}
