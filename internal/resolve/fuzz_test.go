package resolve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/module"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
)

// FuzzEscapeModulePath: the module cache's case escaping agrees with golang.org/x/mod's for every valid
// module path (except those with ".." anywhere, which it refuses by design), reads back to the path, and never
// yields a path that climbs out of the cache.
func FuzzEscapeModulePath(f *testing.F) {
	for _, s := range []string{"github.com/Azure/azure-sdk-for-go", "golang.org/x/mod", "gopkg.in/yaml.v3", "github.com/BurntSushi/toml",
		"example.com/!x", "example.com/../x", "/abs", "github.com/ä/x", "", "a..b", "k8s.io/API"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		esc, ok := escapeModulePath(p)
		if module.CheckPath(p) == nil && !strings.Contains(p, "..") { // ".." anywhere is refused, by choice
			want, err := module.EscapePath(p)
			if err != nil || !ok || esc != want {
				t.Fatalf("escapeModulePath(%q) = %q, %v; x/mod: %q, %v", p, esc, ok, want, err)
			}
		}
		if !ok {
			return
		}
		if strings.Contains(esc, "..") || strings.ToLower(esc) != esc {
			t.Fatalf("escapeModulePath(%q) = %q", p, esc)
		}
		if back, err := module.UnescapePath(esc); err == nil && back != p {
			t.Fatalf("escapeModulePath(%q) = %q reads back as %q", p, esc, back)
		}
	})
}

// FuzzPackageDir: whatever name and version a manifest gives a package, the directory its license files are
// read from is inside the scanned tree or the Go module cache, never beside or above them.
func FuzzPackageDir(f *testing.F) {
	base := f.TempDir()
	root, cache, outside := filepath.Join(base, "root"), filepath.Join(base, "modcache"), filepath.Join(base, "outside")
	writeTree(f, root, map[string]string{
		"vendor/modules.txt":                                     "# github.com/a/vendored v1.0.0\n## explicit\n",
		"vendor/github.com/a/vendored/LICENSE":                   mitText,
		"node_modules/lib/package.json":                          `{"name":"lib","version":"2.0.0"}`,
		"node_modules/.pnpm/p@1.0.0/node_modules/p/package.json": `{"name":"p","version":"1.0.0"}`,
		"vendor/serde-1.0.0/LICENSE":                             mitText,
	})
	writeTree(f, cache, map[string]string{"github.com/!azure/cached@v0.1.0/LICENSE": mitText})
	writeTree(f, outside, map[string]string{"LICENSE": mitText, "package.json": `{"version":"2.0.0"}`})
	if err := os.Symlink(outside, filepath.Join(root, "node_modules", "escape")); err != nil {
		f.Fatal(err)
	}
	for _, s := range [][4]string{
		{"go-module", "github.com/a/vendored", "v1.0.0", "go.mod"},
		{"go-module", "github.com/Azure/cached", "v0.1.0", "api/go.mod"},
		{"go-module", "github.com/Azure/cached", "v0.1.0/../../../../outside", "go.mod"},
		{"npm", "lib", "2.0.0", "package-lock.json"},
		{"npm", "p", "1.0.0", "sub/pnpm-lock.yaml"},
		{"npm", "escape", "2.0.0", "package-lock.json"},
		{"npm", "../../outside", "2.0.0", "package-lock.json"},
		{"rust-crate", "serde", "1.0.0", "Cargo.lock"},
		{"rust-crate", "../../outside", "", "Cargo.lock"},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	fs := &files{root: root, modCache: cache}
	f.Fuzz(func(t *testing.T, typ, name, version, manifest string) {
		p := &inventory.Package{Type: typ, Name: name, Version: version, Locations: []inventory.Location{{Path: manifest}}}
		dir, rel, _ := fs.packageDir(p)
		if dir == "" {
			return
		}
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			t.Fatalf("packageDir(%q %q %q) = %q, which does not resolve: %v", typ, name, version, dir, err)
		}
		if !within(root, real) && !within(cache, real) {
			t.Fatalf("packageDir(%q %q %q from %q) = %q (%q): outside the tree and the module cache", typ, name, version, manifest, dir, rel)
		}
	})
}

func within(dir, p string) bool {
	r, err := filepath.Rel(dir, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

func writeTree(f *testing.F, root string, files map[string]string) {
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			f.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			f.Fatal(err)
		}
	}
}
