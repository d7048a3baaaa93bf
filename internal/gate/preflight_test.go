package gate

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/policy"
	"path/filepath"
	"testing"
)

func TestSymlinkedManifestsAreNamed(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, dir := range []string{"svc", "node_modules/x"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"package-lock.json":                "/etc/passwd",
		"svc/go.mod":                       "../outside/go.mod",
		"notes.txt":                        "/etc/hostname",
		"node_modules/x/package-lock.json": "/etc/passwd",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skip("symlinks unsupported:", err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "svc", "yarn.lock"), make([]byte, 2048), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "svc", "poetry.lock"), make([]byte, 100), 0o644); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	warnings, exclude, err := preflight(context.Background(), root, limits{file: 1024, total: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		got[w.Path] = true
	}
	if len(got) != 3 || !got["package-lock.json"] || !got["svc/go.mod"] || !got["svc/yarn.lock"] {
		t.Fatalf("warnings for %v, want package-lock.json, svc/go.mod and svc/yarn.lock", got)
	}
	if len(exclude) != 1 || exclude[0] != "./svc/yarn.lock" {
		t.Fatalf("exclusions %v", exclude)
	}
	if globEscape("a[1]*.lock") != "a[[]1[]][*].lock" {
		t.Fatalf("globEscape = %q", globEscape("a[1]*.lock"))
	}
}

// TestOversizedLockfileIsNotScanned checks end to end that a lockfile over the limit is excluded from the scan
// (its packages absent) and named in a warning, while the rest of the tree is still checked.
func TestOversizedLockfileIsNotScanned(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	lock := `{"name":"x","lockfileVersion":3,"packages":{"":{"name":"x"},"node_modules/%s":{"version":"1.0.0","license":"MIT"}}}`
	for dir, pkg := range map[string]string{"big": "hidden-pkg", "small": "visible-pkg"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		body := fmt.Sprintf(lock, pkg)
		if dir == "big" {
			body += strings.Repeat(" ", 4096)
		}
		if err := os.WriteFile(filepath.Join(root, dir, "package-lock.json"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run, err := Execute(context.Background(), Config{
		Root: root, Policy: policy.Default(), Now: time.Now(), MaxManifestSize: 2048,
		Online: Online{Offline: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, p := range run.Inventory.Packages {
		names[p.Name] = true
	}
	if names["hidden-pkg"] || !names["visible-pkg"] {
		t.Fatalf("packages %v: want visible-pkg only", names)
	}
	named := false
	for _, f := range run.Result.Findings {
		if f.Rule == "scan/unreadable" && f.Path == "big/package-lock.json" && strings.Contains(f.Message, "limit") {
			named = true
		}
	}
	if !named {
		t.Fatalf("the oversized lockfile is not named: %+v", run.Result.Findings)
	}
}

// TestDirectoryLinksAreNamed checks that directory links that loop or leave the tree are named, and that a
// link staying inside the tree is not.
func TestDirectoryLinksAreNamed(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	outside := t.TempDir()
	for _, dir := range []string{"loop", "pkg/real", "node_modules/x"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"loop/self":          ".",
		"loop/up":            "..",
		"a":                  "b",
		"b":                  "a",
		"escape":             outside,
		"pkg/alias":          "real",
		"pkg/dangling":       "missing",
		"node_modules/x/out": outside,
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skip("symlinks unsupported:", err)
		}
	}
	warnings, _, err := preflight(context.Background(), root, limits{file: 1 << 20, total: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, w := range warnings {
		got[w.Path] = w.Message
	}
	want := map[string]string{
		"loop/self": "(a loop)",
		"loop/up":   "(a loop)",
		"a":         "cannot be resolved",
		"b":         "cannot be resolved",
		"escape":    "outside the scanned tree",
	}
	for path, frag := range want {
		if !strings.Contains(got[path], frag) {
			t.Errorf("%s: warning %q, want one containing %q", path, got[path], frag)
		}
	}
	if len(got) != len(want) {
		t.Errorf("warnings %v, want exactly %v", got, want)
	}
}

// TestPreflightStopsWithContext checks that the walk ends when its context does.
func TestPreflightStopsWithContext(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for i := range 3000 {
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("f%d.txt", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := preflight(ctx, root, limits{file: 1 << 20, total: 1 << 30}); err == nil {
		t.Fatal("preflight of a cancelled context returned no error")
	}
}

// TestTotalSizeLimit checks that once the manifests read add up to the total limit, the following ones (in walk
// order) are excluded and named, while smaller ones that still fit are read.
func TestTotalSizeLimit(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for name, size := range map[string]int{"a/package-lock.json": 600, "b/package-lock.json": 600, "c/go.mod": 300, "d/notes.txt": 5000} {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	warnings, exclude, err := preflight(context.Background(), root, limits{file: 1000, total: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(exclude) != 1 || exclude[0] != "./b/package-lock.json" {
		t.Fatalf("exclusions %v, want only ./b/package-lock.json", exclude)
	}
	if len(warnings) != 1 || warnings[0].Path != "b/package-lock.json" || !strings.Contains(warnings[0].Message, "paths.max-total-mib") {
		t.Fatalf("warnings %+v", warnings)
	}
}
