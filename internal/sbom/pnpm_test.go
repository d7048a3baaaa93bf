package sbom

import (
	"strings"
	"testing"
)

// pnpmLockV9 has a production root (app → shared, peer-suffixed), a development root (tester → shared, only)
// and an aliased production dependency, plus a workspace link that has no snapshot.
const pnpmLockV9 = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      app:
        specifier: ^1.0.0
        version: 1.0.0(react@18.3.1)
      str:
        specifier: npm:string-width@^4
        version: string-width@4.2.3
      local:
        specifier: workspace:*
        version: link:packages/local
    devDependencies:
      tester:
        specifier: ^2.0.0
        version: 2.0.0

  packages/local:
    optionalDependencies:
      opt:
        specifier: ^3.0.0
        version: 3.0.0

packages:

  app@1.0.0:
    resolution: {integrity: sha512-AAAA}
  shared@1.0.0:
    resolution: {integrity: sha512-AAAA}
  only@1.0.0:
    resolution: {integrity: sha512-AAAA}
  tester@2.0.0:
    resolution: {integrity: sha512-AAAA}
  string-width@4.2.3:
    resolution: {integrity: sha512-AAAA}
  opt@3.0.0:
    resolution: {integrity: sha512-AAAA}
  react@18.3.1:
    resolution: {integrity: sha512-AAAA}

snapshots:

  app@1.0.0(react@18.3.1):
    dependencies:
      shared: 1.0.0
      react: 18.3.1

  react@18.3.1: {}

  shared@1.0.0: {}

  only@1.0.0: {}

  tester@2.0.0:
    dependencies:
      shared: 1.0.0
      only: 1.0.0

  string-width@4.2.3: {}

  opt@3.0.0: {}
`

func TestPnpmDevOnly(t *testing.T) {
	t.Parallel()
	dev, err := pnpmDevOnly(strings.NewReader(pnpmLockV9))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"tester@2.0.0": true, "only@1.0.0": true}
	if len(dev) != len(want) {
		t.Errorf("dev-only packages %v, want %v", dev, want)
	}
	for k := range want {
		if !dev[k] {
			t.Errorf("%s is not development-only: %v", k, dev)
		}
	}
	if dev, err := pnpmDevOnly(strings.NewReader("lockfileVersion: '6.0'\nimporters: {}\n")); err != nil || dev != nil {
		t.Errorf("a v6 lockfile: %v, %v; want nil (syft reads its dev flags)", dev, err)
	}
	if _, err := pnpmDevOnly(strings.NewReader("lockfileVersion: [\n")); err == nil {
		t.Error("a malformed lockfile gave no error")
	}
}

// TestPnpmV9Scopes scans a tree with a v9 pnpm lockfile: packages that only devDependencies bring in are
// development, the rest runtime.
func TestPnpmV9Scopes(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write(t, root, map[string]string{
		"package.json":   `{"name": "victim", "version": "1.0.0", "dependencies": {"app": "^1.0.0"}, "devDependencies": {"tester": "^2.0.0"}}`,
		"pnpm-lock.yaml": pnpmLockV9,
	})
	inv := scan(t, root)
	for name, scope := range map[string]string{
		"app": "runtime", "shared": "runtime", "react": "runtime", "string-width": "runtime", "opt": "runtime",
		"tester": "development", "only": "development",
	} {
		p := find(inv, name)
		if p == nil {
			t.Errorf("%s is missing", name)
			continue
		}
		if string(p.Scope) != scope {
			t.Errorf("%s: scope %s, want %s", name, p.Scope, scope)
		}
	}
}

func FuzzPnpmDevOnly(f *testing.F) {
	f.Add(pnpmLockV9)
	f.Add("lockfileVersion: '9.0'\nimporters: {'.': {devDependencies: {a: {version: 'b@1(c@2'}}}}\n")
	f.Fuzz(func(t *testing.T, s string) {
		dev, err := pnpmDevOnly(strings.NewReader(s))
		if err != nil && dev != nil {
			t.Fatalf("an error with a result: %v", err)
		}
		for k := range dev {
			if strings.Contains(k, "(") {
				t.Fatalf("key %q keeps a peer suffix", k)
			}
		}
	})
}
