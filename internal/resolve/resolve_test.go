package resolve

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/policy"
)

const mitText = `MIT License

Copyright (c) 2021 Acme

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
IN THE SOFTWARE.
`

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func goPkg(name, version, manifest string) inventory.Package {
	return inventory.Package{Name: name, Version: version, Type: "go-module", PURL: "pkg:golang/" + name + "@" + version,
		Locations: []inventory.Location{{Path: manifest}}}
}

func TestLicensesFromTheTree(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"vendor/modules.txt":                   "# github.com/a/vendored v1.0.0\n## explicit\n# github.com/a/nested v1.2.0\n## explicit\n",
		"vendor/github.com/a/vendored/LICENSE": mitText,
		"vendor/github.com/a/nested/LICENSE":   mitText,
		"node_modules/lib/package.json":        `{"name":"lib","version":"2.0.0"}`,
		"node_modules/lib/LICENSE":             mitText,
		"node_modules/wrongver/package.json":   `{"name":"wrongver","version":"9.9.9"}`,
		"node_modules/wrongver/LICENSE":        mitText,
		"node_modules/declared/package.json":   `{"name":"declared","version":"1.0.0"}`,
		"node_modules/declared/LICENSE":        mitText,
	})
	mod := filepath.Join(t.TempDir(), "mod")
	writeFiles(t, mod, map[string]string{"github.com/!azure/cached@v0.1.0/LICENSE": mitText})
	npm := func(name, version string, declared ...string) inventory.Package {
		return inventory.Package{Name: name, Version: version, Type: "npm", PURL: "pkg:npm/" + name + "@" + version,
			Locations: []inventory.Location{{Path: "package-lock.json"}}, Declared: declared}
	}
	pat, err := policy.ParsePackagePattern("pkg:npm/overridden")
	if err != nil {
		t.Fatal(err)
	}
	inv := &inventory.Inventory{Root: root, Packages: []inventory.Package{
		goPkg("github.com/a/vendored", "v1.0.0", "go.mod"),
		goPkg("github.com/a/nested", "v1.1.0", "api/go.mod"), // shares the main module's vendor/, other version
		goPkg("github.com/Azure/cached", "v0.1.0", "go.mod"),
		npm("lib", "2.0.0"),
		npm("wrongver", "1.0.0"),
		npm("declared", "1.0.0", "GPL-3.0-only"),
		npm("overridden", "1.0.0", "Custom"),
		npm("bogus", "1.0.0", "MIT OR FooBar-9.0"),
	}}
	err = Licenses(context.Background(), inv, Options{
		GoModCache: mod, PolicyPath: "policy.yaml",
		Overrides: []policy.Override{{Package: pat, License: "Apache-2.0", Reason: "verified", Line: 7}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		expr     string
		source   inventory.LicenseSource
		evidence string
	}{
		"github.com/a/vendored":   {"MIT", inventory.SourceDetected, "vendor/github.com/a/vendored/LICENSE"},
		"github.com/a/nested":     {"MIT", inventory.SourceDetected, "vendor/github.com/a/nested/LICENSE"},
		"github.com/Azure/cached": {"MIT", inventory.SourceDetected, "$GOMODCACHE/github.com/!azure/cached@v0.1.0/LICENSE"},
		"lib":                     {"MIT", inventory.SourceDetected, "node_modules/lib/LICENSE"},
		"wrongver":                {"", inventory.SourceNone, ""},
		"declared":                {"GPL-3.0-only", inventory.SourceDeclared, "package-lock.json"},
		"overridden":              {"Apache-2.0", inventory.SourceOverride, "policy.yaml:7"},
	}
	for _, p := range inv.Packages {
		l := p.License()
		w, ok := want[p.Name]
		if !ok {
			continue
		}
		if l.Expression != w.expr || l.Source != w.source || l.Evidence != w.evidence {
			t.Errorf("%s: got %q from %s (%s), want %q from %s (%s)", p.Name, l.Expression, l.Source, l.Evidence, w.expr, w.source, w.evidence)
		}
		switch p.Name {
		case "declared":
			if p.Mismatch == nil || p.Mismatch.Detected != "MIT" {
				t.Errorf("declared GPL vs shipped MIT text not reported: %+v", p.Mismatch)
			}
		case "github.com/a/nested":
			if l.Note == "" {
				t.Error("a license read from another vendored version must say so")
			}
		}
	}
	for _, p := range inv.Packages {
		if p.Name == "bogus" && !p.License().Invalid {
			t.Errorf("an unrecognisable declaration must be invalid: %+v", p.License())
		}
	}
}

func TestSymlinkOutOfTreeIsNotFollowed(t *testing.T) {
	t.Parallel()
	root, outside := t.TempDir(), t.TempDir()
	writeFiles(t, outside, map[string]string{"LICENSE": mitText, "package.json": `{"name":"x","version":"1.0.0"}`})
	if err := os.MkdirAll(filepath.Join(root, "node_modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "node_modules", "x")); err != nil {
		t.Skip("symlinks unsupported:", err)
	}
	inv := &inventory.Inventory{Root: root, Packages: []inventory.Package{{Name: "x", Version: "1.0.0", Type: "npm",
		PURL: "pkg:npm/x@1.0.0", Locations: []inventory.Location{{Path: "package-lock.json"}}}}}
	if err := Licenses(context.Background(), inv, Options{}); err != nil {
		t.Fatal(err)
	}
	if l := inv.Packages[0].License(); l.Known() {
		t.Fatalf("read a license through a symlink out of the tree: %+v", l)
	}
}

func TestSameLicensesAndEscaping(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"MIT OR Apache-2.0", "Apache-2.0 AND MIT", true},
		{"GPL-3.0-or-later", "GPL-3.0-only", true},
		{"MIT", "ISC", false},
		{"MIT", "MIT AND BSD-3-Clause", false},
	} {
		if got := sameLicenses(c.a, c.b); got != c.same {
			t.Errorf("sameLicenses(%q, %q) = %v", c.a, c.b, got)
		}
	}
	if got, ok := escapeModulePath("github.com/BurntSushi/toml"); !ok || got != "github.com/!burnt!sushi/toml" {
		t.Errorf("escapeModulePath = %q, %v", got, ok)
	}
	if _, ok := escapeModulePath("github.com/x/../../etc"); ok {
		t.Error("a module path with .. must be refused")
	}
}
