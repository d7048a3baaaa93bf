package resolve

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/ospo-gate/ospo-gate/internal/detect"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// maxLicenseFile bounds how much of one license file is read: license texts are tens of KiB at most, and a
// longer file is classified on its beginning.
const maxLicenseFile = 256 << 10

// files finds and reads package contents under the scanned root (and the Go module cache).
type files struct {
	root     string
	modCache string

	mu       sync.Mutex
	vendored map[string]map[string]string // vendor dir → module → version, from vendor/modules.txt
}

// vendoredVersion returns the version vendor/modules.txt records for a module ("" when unknown).
func (f *files) vendoredVersion(vendorDir, module string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.vendored == nil {
		f.vendored = map[string]map[string]string{}
	}
	versions, ok := f.vendored[vendorDir]
	if !ok {
		versions = map[string]string{}
		if b, err := readLimited(filepath.Join(f.root, filepath.FromSlash(vendorDir), "modules.txt"), 16<<20); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				fields := strings.Fields(line)
				if len(fields) >= 3 && fields[0] == "#" {
					versions[fields[1]] = fields[2]
				}
			}
		}
		f.vendored[vendorDir] = versions
	}
	return versions[module]
}

// packageDir finds the directory holding the package's own files: where the installer or `go mod vendor` put
// them next to the manifest that declared the package, or the Go module cache.
// The note says when the files are of another version than the package's (a nested module reusing the main
// module's vendor/ directory).
func (f *files) packageDir(p *inventory.Package) (string, string, string) {
	if p.Dir != "" {
		return p.Dir, p.DirRel, ""
	}
	for _, loc := range p.Locations {
		base := path.Dir(loc.Path)
		switch p.Type {
		case "npm":
			for _, cand := range []string{
				path.Join(base, "node_modules", p.Name),
				path.Join(base, "node_modules", ".pnpm", strings.ReplaceAll(p.Name, "/", "+")+"@"+p.Version, "node_modules", p.Name),
			} {
				if dir, ok := f.inside(cand); ok && npmVersion(dir) == p.Version {
					return dir, cand, ""
				}
			}
		case "go-module":
			// A module's vendor directory sits next to its go.mod; a nested module of the same repository
			// (api/go.mod) shares the main module's vendor/ above it.
			for dir := base; ; dir = path.Dir(dir) {
				cand := path.Join(dir, "vendor", p.Name)
				if full, ok := f.inside(cand); ok {
					note := ""
					if v := f.vendoredVersion(path.Join(dir, "vendor"), p.Name); v != "" && v != p.Version {
						note = fmt.Sprintf("license read from the vendored %s %s, not %s", p.Name, v, p.Version)
					}
					return full, cand, note
				}
				if dir == "." || dir == "/" || dir == "" {
					break
				}
			}
		case "rust-crate":
			// `cargo vendor` puts a crate in vendor/<name>, or vendor/<name>-<version> when several versions
			// are vendored.
			for _, cand := range []string{path.Join(base, "vendor", p.Name+"-"+p.Version), path.Join(base, "vendor", p.Name)} {
				if dir, ok := f.inside(cand); ok {
					return dir, cand, ""
				}
			}
		}
	}
	// A version with a path separator (no real one has) would climb out of the module cache.
	if p.Type == "go-module" && f.modCache != "" && p.Version != "" && !strings.ContainsAny(p.Version, `/\`) {
		if esc, ok := escapeModulePath(p.Name); ok {
			dir := filepath.Join(f.modCache, filepath.FromSlash(esc)+"@"+p.Version)
			if st, err := os.Stat(dir); err == nil && st.IsDir() {
				return dir, "", ""
			}
		}
	}
	return "", "", ""
}

// inside resolves a slash path relative to the root and reports whether it is a directory that stays inside
// the root once symlinks are followed (pnpm links node_modules/x into .pnpm/; a link out of the tree is not
// followed).
func (f *files) inside(rel string) (string, bool) {
	if rel == "" || strings.HasPrefix(rel, "../") || path.IsAbs(rel) {
		return "", false
	}
	dir := filepath.Join(f.root, filepath.FromSlash(rel))
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", false
	}
	rootReal, err := filepath.EvalSymlinks(f.root)
	if err != nil {
		return "", false
	}
	if r, err := filepath.Rel(rootReal, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	st, err := os.Stat(real)
	if err != nil || !st.IsDir() {
		return "", false
	}
	return real, true
}

// npmVersion reads the version of an installed npm package, or "" when it cannot.
func npmVersion(dir string) string {
	b, err := readLimited(filepath.Join(dir, "package.json"), 1<<20)
	if err != nil {
		return ""
	}
	var pj struct {
		Version string `json:"version"`
	}
	if json.Unmarshal(b, &pj) != nil {
		return ""
	}
	return pj.Version
}

// escapeModulePath applies the Go module cache's case escaping ("github.com/Azure/x" → "github.com/!azure/x").
func escapeModulePath(p string) (string, bool) {
	var b strings.Builder
	for _, r := range p {
		if r == '!' || r > unicode.MaxASCII {
			return "", false
		}
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	if strings.Contains(p, "..") {
		return "", false
	}
	return b.String(), true
}

// licenseFiles lists the license files at the top of a package directory (and, for Python *.dist-info, in its
// licenses/ folder), most authoritative first. fileRef, from a "SEE LICENSE IN x" declaration, comes first.
func licenseFiles(dir, fileRef string) []string {
	var out []string
	if fileRef != "" && !strings.Contains(fileRef, "..") && !filepath.IsAbs(fileRef) {
		if st, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(fileRef))); err == nil && st.Mode().IsRegular() {
			out = append(out, filepath.ToSlash(fileRef))
		}
	}
	found := detect.LicenseFilesIn(dir, func(e fs.DirEntry) bool { return e.Type().IsRegular() })
	for _, f := range found {
		if f != filepath.ToSlash(fileRef) {
			out = append(out, f)
		}
	}
	return out
}

// detect classifies the package's license files. Every file with a recognised license contributes; distinct
// licenses from several files are combined with AND (each file's terms apply), except that the common
// LICENSE-MIT + LICENSE-APACHE pair of dual-licensed crates keeps whatever the files themselves say.
func (f *files) detect(p *inventory.Package, fileRef string, detector func() *detect.Detector) (*inventory.License, []inventory.Warning) {
	names := licenseFiles(p.Dir, fileRef)
	if len(names) == 0 {
		return nil, nil
	}
	d := detector()
	var exprs, evidence, notes []string
	var warns []inventory.Warning
	for _, name := range names {
		if detect.IsNoticeFile(name) {
			continue
		}
		full := filepath.Join(p.Dir, filepath.FromSlash(name))
		b, err := readLimited(full, maxLicenseFile)
		if err != nil {
			warns = append(warns, inventory.Warning{Path: f.display(full), Message: "reading license file: " + err.Error()})
			continue
		}
		r := d.Classify(b)
		if r.Expression == "" {
			continue
		}
		if what, ok := detect.AdditionalGrant(r.Expression); ok {
			notes = append(notes, fmt.Sprintf("%s is %s (%s), not a license condition", f.display(full), what, r.Expression))
			continue
		}
		if !slices.Contains(exprs, r.Expression) {
			exprs = append(exprs, r.Expression)
		}
		evidence = append(evidence, f.display(full))
		notes = append(notes, r.Notes...)
	}
	if len(exprs) == 0 {
		return &inventory.License{Source: inventory.SourceNone, Evidence: f.display(filepath.Join(p.Dir, filepath.FromSlash(names[0]))), Note: strings.Join(notes, "; ")}, warns
	}
	expr := combineAnd(exprs)
	return &inventory.License{
		Expression: expr, Original: strings.Join(exprs, "; "), Source: inventory.SourceDetected,
		Evidence: strings.Join(evidence, ", "), Note: strings.Join(notes, "; "),
	}, warns
}

func combineAnd(exprs []string) string {
	if len(exprs) == 1 {
		return exprs[0]
	}
	parts := make([]string, 0, len(exprs))
	for _, e := range exprs {
		if n, err := spdx.Parse(e); err == nil && n.Op != spdx.License {
			e = "(" + e + ")"
		}
		parts = append(parts, e)
	}
	joined := strings.Join(parts, " AND ")
	if n, err := spdx.Parse(joined); err == nil {
		return n.String()
	}
	return joined
}

// display names a file for reports: relative to the root inside it, "$GOMODCACHE/..." in the module cache.
func (f *files) display(full string) string {
	if r, err := filepath.Rel(f.root, full); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	if f.modCache != "" {
		if r, err := filepath.Rel(f.modCache, full); err == nil && !strings.HasPrefix(r, "..") {
			return "$GOMODCACHE/" + filepath.ToSlash(r)
		}
	}
	return filepath.Base(full)
}

func readLimited(p string, limit int64) ([]byte, error) {
	fh, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return io.ReadAll(io.LimitReader(fh, limit))
}
