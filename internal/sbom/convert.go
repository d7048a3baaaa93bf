package sbom

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/anchore/syft/syft/pkg"
	"github.com/anchore/syft/syft/sbom"
	"golang.org/x/mod/modfile"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
)

// installedCatalogers read a package's own installed metadata (node_modules/x/package.json, *.dist-info, ...):
// their location is the package's directory, never the manifest that brought it in.
var installedCatalogers = map[string]bool{
	"javascript-package-cataloger":       true,
	"python-installed-package-cataloger": true,
	"php-composer-installed-cataloger":   true,
	"java-archive-cataloger":             true,
}

// Inventory converts the SBOM into ospo-gate's inventory: one package per purl (syft reports a package once per
// cataloger that saw it), the scanned project's own packages dropped, scopes and package directories set.
func (r *Result) Inventory(root string) (*inventory.Inventory, []string) {
	abs, _ := filepath.Abs(root)
	own := ownPackages(abs, r.SBOM)
	byKey := map[string]*inventory.Package{}
	var order []string
	var dropped []string
	for _, p := range r.SBOM.Artifacts.Packages.Sorted() {
		if own.has(p) {
			dropped = append(dropped, p.Name)
			continue
		}
		if insideVendoredCode(p) {
			continue
		}
		ip := convert(p, r.ProductionKeys[p.ID()] && !r.devInPnpm(p))
		ip.Dir, ip.DirRel = packageDir(abs, p)
		key := ip.Key()
		if prev, ok := byKey[key]; ok {
			merge(prev, ip)
			continue
		}
		byKey[key] = &ip
		order = append(order, key)
	}
	inv := &inventory.Inventory{Root: abs}
	for _, k := range order {
		p := byKey[k]
		sortLocations(p.Locations)
		inv.Packages = append(inv.Packages, *p)
	}
	for _, pr := range r.Problems {
		inv.Warnings = append(inv.Warnings, inventory.Warning{Path: pr.Path, Message: pr.Err})
	}
	inv.Sort()
	sort.Strings(dropped)
	return inv, dropped
}

func convert(p pkg.Package, inProductionRun bool) inventory.Package {
	ip := inventory.Package{
		Name:    p.Name,
		Version: p.Version,
		Type:    string(p.Type),
		PURL:    p.PURL,
		Scope:   inventory.ScopeRuntime,
	}
	if p.FoundBy == "javascript-lock-cataloger" && !inProductionRun {
		ip.Scope = inventory.ScopeDevelopment
	}
	for _, l := range p.Locations.ToSlice() {
		if rel := strings.TrimPrefix(l.RealPath, "/"); rel != "" {
			ip.Locations = appendLocation(ip.Locations, rel)
		}
	}
	for _, l := range p.Licenses.ToSlice() {
		v := strings.TrimSpace(l.Value)
		if v == "" {
			v = l.SPDXExpression
		}
		if v == "" || strings.HasPrefix(v, "sha256:") || strings.HasPrefix(v, "UNKNOWN_") {
			continue
		}
		if !slices.Contains(ip.Declared, v) {
			ip.Declared = append(ip.Declared, v)
		}
		if ip.DeclaredIn == "" {
			for _, ll := range l.Locations.ToSlice() {
				if rel := strings.TrimPrefix(ll.RealPath, "/"); rel != "" {
					ip.DeclaredIn = rel
					break
				}
			}
		}
	}
	ip.Group = purlNamespace(p.PURL, "maven")
	ip.URLs = metadataURLs(p.Metadata)
	return ip
}

func appendLocation(locs []inventory.Location, rel string) []inventory.Location {
	for _, l := range locs {
		if l.Path == rel {
			return locs
		}
	}
	return append(locs, inventory.Location{Path: rel})
}

// merge folds another sighting of the same package into p.
func merge(p *inventory.Package, o inventory.Package) {
	for _, l := range o.Locations {
		p.Locations = appendLocation(p.Locations, l.Path)
	}
	for _, d := range o.Declared {
		if !slices.Contains(p.Declared, d) {
			p.Declared = append(p.Declared, d)
		}
	}
	if o.Scope == inventory.ScopeRuntime && !isInstalledOnly(o) {
		p.Scope = inventory.ScopeRuntime
	}
	if p.Dir == "" {
		p.Dir, p.DirRel = o.Dir, o.DirRel
	}
	for _, u := range o.URLs {
		if !slices.Contains(p.URLs, u) {
			p.URLs = append(p.URLs, u)
		}
	}
	if p.Group == "" {
		p.Group = o.Group
	}
	if p.DeclaredIn == "" {
		p.DeclaredIn = o.DeclaredIn
	}
}

// isInstalledOnly reports whether every location of o is inside an installed-package directory, which says
// nothing about the package's scope.
func isInstalledOnly(o inventory.Package) bool {
	for _, l := range o.Locations {
		if !isInstalledPath(l.Path) {
			return false
		}
	}
	return len(o.Locations) > 0
}

func isInstalledPath(p string) bool {
	return strings.Contains("/"+p, "/node_modules/") || strings.Contains("/"+p, "/vendor/") ||
		strings.Contains(p, ".dist-info/") || strings.Contains(p, "site-packages/")
}

// sortLocations puts manifests and lockfiles first and installed metadata last, each group by path.
func sortLocations(locs []inventory.Location) {
	sort.SliceStable(locs, func(i, j int) bool {
		ii, ij := isInstalledPath(locs[i].Path), isInstalledPath(locs[j].Path)
		if ii != ij {
			return !ii
		}
		di, dj := strings.Count(locs[i].Path, "/"), strings.Count(locs[j].Path, "/")
		if di != dj {
			return di < dj
		}
		return locs[i].Path < locs[j].Path
	})
}

// insideVendoredCode reports a package declared only by a manifest that is itself part of vendored code
// (vendor/go.opentelemetry.io/otel/requirements.txt): the vendored module's own tooling, not a dependency of
// the project. Composer's vendor/composer/installed.json is the exception: it is how PHP records what is
// installed.
func insideVendoredCode(p pkg.Package) bool {
	if p.FoundBy == "php-composer-installed-cataloger" {
		return false
	}
	n := 0
	for _, l := range p.Locations.ToSlice() {
		n++
		if !strings.Contains("/"+strings.TrimPrefix(l.RealPath, "/"), "/vendor/") {
			return false
		}
	}
	return n > 0
}

// packageDir finds the directory holding the package's own files inside the scanned tree: the directory of its
// installed metadata (node_modules/x/package.json, x.dist-info/METADATA, vendor/composer...).
func packageDir(root string, p pkg.Package) (string, string) {
	if !installedCatalogers[p.FoundBy] {
		return "", ""
	}
	for _, l := range p.Locations.ToSlice() {
		rel := strings.TrimPrefix(l.RealPath, "/")
		if rel == "" {
			continue
		}
		dir := path.Dir(rel)
		if dir == "." {
			continue
		}
		return filepath.Join(root, filepath.FromSlash(dir)), dir
	}
	return "", ""
}

// purlNamespace returns the namespace of a purl of the given type ("pkg:maven/org.x/y@1" → "org.x").
func purlNamespace(purl, typ string) string {
	prefix := "pkg:" + typ + "/"
	if !strings.HasPrefix(purl, prefix) {
		return ""
	}
	rest := strings.TrimPrefix(purl, prefix)
	if i := strings.IndexAny(rest, "@?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, "/"); i >= 0 {
		return rest[:i]
	}
	return ""
}

// metadataURLs extracts homepage/repository/source URLs from package metadata.
func metadataURLs(m any) []string {
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	switch md := m.(type) {
	case pkg.NpmPackage:
		add(md.URL)
		add(md.Homepage)
	case pkg.JavaArchive:
		if md.PomProject != nil {
			add(md.PomProject.URL)
		}
	case pkg.RustCargoLockEntry:
		if strings.HasPrefix(md.Source, "git+") {
			add(md.Source)
		}
	case pkg.PythonPackage:
		if md.DirectURLOrigin != nil {
			add(md.DirectURLOrigin.URL)
		}
	}
	return out
}

// owned records the packages the scanned project declares itself (its own manifests' names), per syft package
// type and name: where each declaration is, and the version it declares.
//
// A declaration only makes packages own that are found in its directory or below: a pull request that adds
// evil/package.json named like a dependency of the root lockfile must not drop that dependency from the gate.
// The version must match too, when both are known.
type owned map[pkg.Type]map[string][]ownDecl

// ownDecl is one manifest naming a project package.
type ownDecl struct {
	dir     string // slash-separated, relative to the root; "." for the root
	version string
}

func (o owned) add(t pkg.Type, name, dir, version string) {
	if name == "" {
		return
	}
	if o[t] == nil {
		o[t] = map[string][]ownDecl{}
	}
	o[t][name] = append(o[t][name], ownDecl{dir: dir, version: version})
}

func (o owned) has(p pkg.Package) bool {
	if p.Type == pkg.RustPkg {
		// A Cargo.lock entry without a source is a path dependency: a crate of the workspace itself.
		if md, ok := p.Metadata.(pkg.RustCargoLockEntry); ok && md.Source == "" {
			return true
		}
	}
	if (p.Type == pkg.GithubActionPkg || p.Type == pkg.GithubActionWorkflowPkg) && (strings.HasPrefix(p.Name, "./") || p.Name == ".") {
		// `uses: ./` or `uses: ./.github/workflows/x.yml`: an action or workflow of the repository itself.
		return true
	}
	if (p.Type == pkg.NpmPkg || p.Type == pkg.JavaPkg) && isInstalledPath(firstPath(p)) {
		return false
	}
	if p.Type == pkg.JavaPkg && p.FoundBy != "java-pom-cataloger" {
		return false // an archive in the tree is a dependency even when it shares the project's name
	}
	decls := o[p.Type][p.Name]
	if len(decls) == 0 {
		return false
	}
	if localLockEntry(p) {
		// A workspace member or a link in a lockfile: nothing is downloaded for it, so it is the project's own
		// code when the project declares the name.
		return true
	}
	for _, l := range p.Locations.ToSlice() {
		dir := path.Dir(strings.TrimPrefix(l.RealPath, "/"))
		for _, d := range decls {
			if within(d.dir, dir) && (d.version == "" || p.Version == "" || d.version == p.Version) {
				return true
			}
		}
	}
	return false
}

// localLockEntry says whether a lockfile entry stands for the project's own code rather than a download:
// package-lock.json workspace members and links ("resolved": "packages/ui", no integrity), yarn berry
// workspaces ("0.0.0-use.local", "@workspace:"), and links or portals.
func localLockEntry(p pkg.Package) bool {
	switch md := p.Metadata.(type) {
	case pkg.NpmPackageLockEntry:
		return md.Integrity == "" && !strings.Contains(md.Resolved, "://")
	case pkg.YarnLockEntry:
		return p.Version == "0.0.0-use.local" || strings.Contains(md.Resolved, "@workspace:") ||
			strings.Contains(md.Resolved, "@link:") || strings.Contains(md.Resolved, "@portal:")
	}
	return false
}

// within says whether dir is base or below it (both slash-separated, relative; "." is the root).
func within(base, dir string) bool {
	return base == "." || dir == base || strings.HasPrefix(dir, base+"/")
}

func firstPath(p pkg.Package) string {
	for _, l := range p.Locations.ToSlice() {
		return strings.TrimPrefix(l.RealPath, "/")
	}
	return ""
}

// ownPackages reads the names the project gives itself in the manifests next to every file syft cataloged:
// package.json "name" (workspaces included), go.mod "module", pyproject.toml project name. Files under
// node_modules/ and vendor/ are third-party and skipped.
func ownPackages(root string, s *sbom.SBOM) owned {
	o := owned{}
	for _, dir := range locationDirs(s) {
		if isInstalledPath(dir + "/") {
			continue
		}
		base := filepath.Join(root, filepath.FromSlash(dir))
		if b, err := readSmall(filepath.Join(base, "package.json")); err == nil {
			var pj struct {
				Name    string `json:"name"`
				Version string `json:"version"`
			}
			if json.Unmarshal(b, &pj) == nil {
				o.add(pkg.NpmPkg, pj.Name, dir, pj.Version)
			}
		}
		if b, err := readSmall(filepath.Join(base, "go.mod")); err == nil {
			o.add(pkg.GoModulePkg, goModulePath(b), dir, "")
		}
		if b, err := readSmall(filepath.Join(base, "pyproject.toml")); err == nil {
			o.add(pkg.PythonPkg, pyprojectName(b), dir, "")
		}
		if b, err := readSmall(filepath.Join(base, "pom.xml")); err == nil {
			var pom struct {
				ArtifactID string `xml:"artifactId"`
			}
			if xml.Unmarshal(b, &pom) == nil {
				o.add(pkg.JavaPkg, pom.ArtifactID, dir, "")
			}
		}
	}
	return o
}

// locationDirs lists the distinct directories of every file a package was found in.
func locationDirs(s *sbom.SBOM) []string {
	seen := map[string]bool{}
	var out []string
	for p := range s.Artifacts.Packages.Enumerate() {
		for _, l := range p.Locations.ToSlice() {
			d := path.Dir(strings.TrimPrefix(l.RealPath, "/"))
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	sort.Strings(out)
	return out
}

// maxManifest bounds what ownPackages reads from one manifest.
const maxManifest = 8 << 20

func readSmall(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxManifest {
		return nil, os.ErrInvalid
	}
	return io.ReadAll(io.LimitReader(f, maxManifest))
}

// goModulePath returns the module path a go.mod declares, read as the go command reads it (quoted paths,
// escapes, a module block), or "".
func goModulePath(b []byte) string {
	if f, err := modfile.ParseLax("go.mod", b, nil); err == nil && f.Module != nil {
		return f.Module.Mod.Path
	}
	return ""
}

// pyprojectName returns [project].name or [tool.poetry].name.
func pyprojectName(b []byte) string {
	section := ""
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			if i := strings.Index(line, "]"); i >= 0 {
				line = line[:i] // and a comment after the header
			}
			section = strings.Trim(line, "[ \t")
			continue
		}
		if section != "project" && section != "tool.poetry" {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) == "name" {
			v = strings.TrimSpace(v)
			if v != "" && (v[0] == '"' || v[0] == '\'') {
				if i := strings.IndexByte(v[1:], v[0]); i >= 0 {
					return v[1 : 1+i] // the quoted name, without a comment after it
				}
			}
			return strings.TrimSpace(strings.Trim(v, `"'`))
		}
	}
	return ""
}
