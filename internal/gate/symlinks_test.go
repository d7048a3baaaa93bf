package gate

import (
	"os"
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
	warnings, exclude := preflight(root, 1024)
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
