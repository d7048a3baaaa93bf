package sbom

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
)

func write(t *testing.T, root string, files map[string]string) {
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

func scan(t *testing.T, root string) *inventory.Inventory {
	t.Helper()
	r, err := Scan(context.Background(), root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	inv, _ := r.Inventory(root)
	return inv
}

func find(inv *inventory.Inventory, name string) *inventory.Package {
	for i := range inv.Packages {
		if inv.Packages[i].Name == name {
			return &inv.Packages[i]
		}
	}
	return nil
}

func TestExamplesScan(t *testing.T) {
	t.Parallel()
	inv := scan(t, "../../testdata/examples/npm-fail")
	if find(inv, "storefront") != nil {
		t.Fatal("the project's own root package is listed as a dependency")
	}
	gpl := find(inv, "readline-gpl")
	if gpl == nil || gpl.PURL != "pkg:npm/readline-gpl@2.1.0" || gpl.Scope != inventory.ScopeRuntime {
		t.Fatalf("readline-gpl: %+v", gpl)
	}
	if len(gpl.Declared) != 1 || gpl.Declared[0] != "GPL-3.0-or-later" || gpl.PrimaryLocation().Path != "package-lock.json" {
		t.Fatalf("readline-gpl declared/location: %+v", gpl)
	}
	if tr := find(inv, "test-runner"); tr == nil || tr.Scope != inventory.ScopeDevelopment {
		t.Fatalf("test-runner should be a development dependency: %+v", tr)
	}
	vt := find(inv, "vendored-text")
	if vt == nil || vt.PrimaryLocation().Path != "package-lock.json" || vt.DirRel != "node_modules/vendored-text" {
		t.Fatalf("installed + locked sightings must merge with the lockfile first: %+v", vt)
	}
}

func TestMalformedLockfileIsAWarning(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write(t, root, map[string]string{
		"good/package-lock.json": `{"name":"x","lockfileVersion":3,"packages":{"":{"name":"x"},"node_modules/a":{"version":"1.0.0","license":"MIT"}}}`,
		"bad/poetry.lock":        "this is [not toml\n",
		"go.mod":                 "module example.com/x\n\ngo 1.22\n\nrequire github.com/a/b v1.0.0\n",
	})
	inv := scan(t, root)
	if find(inv, "a") == nil || find(inv, "github.com/a/b") == nil {
		t.Fatalf("good files not scanned: %+v", inv.Packages)
	}
	if find(inv, "example.com/x") != nil {
		t.Fatal("the main module is listed as a dependency")
	}
	found := false
	for _, w := range inv.Warnings {
		if w.Path == "bad/poetry.lock" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no warning names bad/poetry.lock: %+v", inv.Warnings)
	}
}

func TestScanErrors(t *testing.T) {
	t.Parallel()
	if _, err := Scan(context.Background(), filepath.Join(t.TempDir(), "missing"), Options{}); err == nil {
		t.Fatal("scanning a missing directory succeeded")
	}
	f := filepath.Join(t.TempDir(), "file")
	write(t, filepath.Dir(f), map[string]string{"file": "x"})
	if _, err := Scan(context.Background(), f, Options{}); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("scanning a file: %v", err)
	}
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob("../../../shared/corpus/*")
	if err != nil || len(dirs) == 0 {
		t.Skip("../shared/corpus is not beside the repository")
	}
	for _, d := range dirs {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			continue
		}
		inv := scan(t, d)
		if len(inv.Packages) == 0 {
			t.Errorf("%s: no packages", d)
		}
		for _, p := range inv.Packages {
			if p.Name == "" || p.Type == "" || len(p.Locations) == 0 {
				t.Errorf("%s: incomplete package %+v", d, p)
				break
			}
		}
	}
}

func BenchmarkScanCorpus(b *testing.B) {
	dirs, _ := filepath.Glob("../../../shared/corpus/*")
	for _, d := range dirs {
		b.Run(filepath.Base(d), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r, err := Scan(context.Background(), d, Options{})
				if err != nil {
					b.Fatal(err)
				}
				r.Inventory(d)
			}
		})
	}
}

// TestLocalActionsAreOwn checks that `uses: ./` and `uses: ./.github/workflows/x.yml` (the repository's own
// action and workflows) are not listed as dependencies, while a remote action is.
func TestLocalActionsAreOwn(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write(t, root, map[string]string{
		".github/workflows/ci.yml": `on: push
jobs:
  reuse:
    uses: ./.github/workflows/build.yml
  gate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - uses: ./
`,
		".github/workflows/build.yml": "on: workflow_call\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n",
	})
	inv := scan(t, root)
	var names []string
	for _, p := range inv.Packages {
		names = append(names, p.Name)
	}
	if find(inv, "actions/checkout") == nil {
		t.Errorf("the remote action is missing: %v", names)
	}
	for _, p := range inv.Packages {
		if strings.HasPrefix(p.Name, "./") || p.Name == "." {
			t.Errorf("a local action or workflow is listed as a dependency: %q (all: %v)", p.Name, names)
		}
	}
}
