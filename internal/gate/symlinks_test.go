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
	got := map[string]bool{}
	for _, w := range symlinkedManifests(root) {
		got[w.Path] = true
	}
	if len(got) != 2 || !got["package-lock.json"] || !got["svc/go.mod"] {
		t.Fatalf("warnings for %v, want package-lock.json and svc/go.mod only", got)
	}
}
