package hostile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/cli"
)

// outsideMarker is written only outside the scanned tree: it must never reach a report.
const outsideMarker = "OUTSIDE-WORKSPACE-7f3a9c"

// lockWith is a package-lock.json (v3) declaring one dependency, pkg@1.0.0, with license (empty: none).
func lockWith(pkg, license string) string {
	lic := ""
	if license != "" {
		lic = `,
      "license": "` + license + `"`
	}
	return `{
  "name": "victim",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {"name": "victim", "version": "1.0.0", "license": "MIT", "dependencies": {"` + pkg + `": "^1.0.0"}},
    "node_modules/` + pkg + `": {
      "version": "1.0.0",
      "resolved": "https://registry.npm.example/` + pkg + `/-/` + pkg + `-1.0.0.tgz",
      "integrity": "sha512-AAAA"` + lic + `
    }
  }
}
`
}

// outsideDir makes a directory outside the scanned tree holding a package with a marked license.
func outsideDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "package.json", `{"name": "stolen", "version": "1.0.0", "license": "`+outsideMarker+`"}`)
	writeFile(t, dir, "LICENSE", outsideMarker+"\n\nPermission is hereby granted, free of charge, to any person obtaining a copy")
	return dir
}

// TestSymlinksOutOfTree builds trees whose lockfile or dependency directories are symlinks out of the
// workspace: nothing from the targets may appear in any report format.
func TestSymlinksOutOfTree(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		build func(t *testing.T, root string)
		codes []int
	}{
		{"lockfile links to /etc/passwd", func(t *testing.T, root string) {
			if _, err := os.Stat("/etc/passwd"); err != nil {
				t.Skip("no /etc/passwd")
			}
			writeFile(t, root, "package.json", `{"name": "victim", "version": "1.0.0", "license": "MIT"}`)
			symlink(t, "/etc/passwd", root, "package-lock.json")
		}, []int{cli.ExitPass, cli.ExitFail, cli.ExitBroken}},
		{"lockfile links to an outside lockfile", func(t *testing.T, root string) {
			out := t.TempDir()
			writeFile(t, out, "package-lock.json", lockWith("stolen-"+strings.ToLower(outsideMarker), ""))
			symlink(t, filepath.Join(out, "package-lock.json"), root, "package-lock.json")
		}, []int{cli.ExitPass, cli.ExitFail, cli.ExitBroken}},
		{"dependency directory links outside", func(t *testing.T, root string) {
			writeFile(t, root, "package-lock.json", lockWith("stolen", ""))
			symlink(t, outsideDir(t), root, "node_modules/stolen")
		}, []int{cli.ExitPass, cli.ExitFail}},
		{"dependency LICENSE links outside", func(t *testing.T, root string) {
			writeFile(t, root, "package-lock.json", lockWith("stolen", ""))
			writeFile(t, root, "node_modules/stolen/package.json", `{"name": "stolen", "version": "1.0.0"}`)
			symlink(t, filepath.Join(outsideDir(t), "LICENSE"), root, "node_modules/stolen/LICENSE")
		}, []int{cli.ExitPass, cli.ExitFail}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			tt.build(t, root)
			for _, format := range []string{"text", "json", "markdown"} {
				r := run(t, 60*time.Second, "check", "--offline", "--format", format, root)
				wantCode(t, r, tt.codes...)
				for _, leak := range []string{"root:x:0", "/bin/sh", "nologin", outsideMarker, strings.ToLower(outsideMarker)} {
					if strings.Contains(r.stdout, leak) || strings.Contains(r.stderr, leak) {
						t.Errorf("--format %s: output contains %q from outside the workspace\nstdout: %s\nstderr: %s", format, leak, r.stdout, r.stderr)
					}
				}
			}
		})
	}
}

// TestSymlinkLoop scans a tree with directory symlink loops: the run finishes in bounded time with a verdict.
func TestSymlinkLoop(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFile(t, root, "package-lock.json", lockWith("left-pad", "MIT"))
	symlink(t, ".", root, "loop/self")
	symlink(t, "..", root, "loop/up")
	symlink(t, "b", root, "a")
	symlink(t, "a", root, "b")
	symlink(t, root, root, "node_modules/left-pad")
	r := run(t, 30*time.Second, "check", "--offline", root)
	wantCode(t, r, cli.ExitPass, cli.ExitFail)
	if r.elapsed > 30*time.Second {
		t.Errorf("took %v", r.elapsed)
	}
}

// TestPolicyLinkOutOfTree checks that a policy found in the scanned tree is not read through a link out of it:
// YAML errors would otherwise quote the target's lines.
func TestPolicyLinkOutOfTree(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/etc/passwd"); err != nil {
		t.Skip("no /etc/passwd")
	}
	root := t.TempDir()
	writeFile(t, root, "package-lock.json", lockWith("left-pad", "MIT"))
	symlink(t, "/etc/passwd", root, ".github/ospo-gate.yaml")
	r := run(t, 30*time.Second, "check", "--offline", root)
	wantCode(t, r, cli.ExitUsage)
	if !strings.Contains(r.stderr, "symbolic link out of the scanned tree") {
		t.Errorf("the error does not say why the policy was refused:\n%s", r.stderr)
	}
	for _, leak := range []string{"root:x:0", "/bin/sh", "nologin"} {
		if strings.Contains(r.stdout+r.stderr, leak) {
			t.Errorf("output contains %q from /etc/passwd:\n%s%s", leak, r.stdout, r.stderr)
		}
	}
}

// TestOwnNameDoesNotHideADependency adds, next to a lockfile that brings in a GPL package, a manifest elsewhere
// in the tree that names itself after that package (same version): the dependency is still judged, and fails.
func TestOwnNameDoesNotHideADependency(t *testing.T) {
	t.Parallel()
	for name, manifest := range map[string]string{
		"evil/package.json":   `{"name": "readline-gpl", "version": "1.0.0", "license": "MIT"}`,
		"evil/pyproject.toml": "[project]\nname = \"readline-gpl\"\nversion = \"1.0.0\"\n",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			writeFile(t, root, "package-lock.json", lockWith("readline-gpl", "GPL-3.0-only"))
			writeFile(t, root, name, manifest)
			writeFile(t, root, "evil/package-lock.json", lockWith("left-pad", "MIT"))
			r := run(t, 30*time.Second, "check", "--offline", root)
			wantCode(t, r, cli.ExitFail)
			if !strings.Contains(r.stdout, "readline-gpl") || !strings.Contains(r.stdout, "license/denied") {
				t.Errorf("the GPL dependency is not judged:\n%s", r.stdout)
			}
		})
	}
}
