package action

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
)

func TestIsDependencyFile(t *testing.T) {
	t.Parallel()
	yes := []string{
		"package-lock.json", "web/yarn.lock", "pnpm-lock.yaml", "bun.lock", "go.mod", "go.sum", "vendor/modules.txt",
		"requirements.txt", "requirements/dev-requirements.in", "poetry.lock", "uv.lock", "Pipfile.lock", "setup.py",
		"lib/python3.12/site-packages/x-1.0.dist-info/METADATA", "Cargo.lock", "pom.xml", "module/app-pom.xml",
		"gradle.lockfile", "Gemfile.lock", "x.gemspec", "composer.lock", "app/App.csproj", "packages.lock.json",
		"pubspec.lock", "mix.lock", "Podfile.lock", "Package.resolved", "conan.lock", ".terraform.lock.hcl",
		"libs/dep.jar", ".github/workflows/ci.yml", "tools/action.yaml", "LICENSE", "vendor/x/COPYING.md",
		"node_modules/a/LICENSE-MIT",
	}
	no := []string{"README.md", "src/app.js", "docs/ci.yml", "main.go", "package.js", "notes/requirements.md", "Makefile"}
	for _, p := range yes {
		if !IsDependencyFile(p) {
			t.Errorf("IsDependencyFile(%q) = false, want true", p)
		}
	}
	for _, p := range no {
		if IsDependencyFile(p) {
			t.Errorf("IsDependencyFile(%q) = true, want false", p)
		}
	}
}

func TestLookGit(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	ws := filepath.Join(root, "ws")
	inside, outside := filepath.Join(ws, "bin"), filepath.Join(root, "usr", "bin")
	for _, d := range []string{inside, outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "git"), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	notExec := filepath.Join(root, "noexec")
	if err := os.MkdirAll(notExec, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notExec, "git"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want, err string
	}{
		{strings.Join([]string{inside, "relative/bin", notExec, outside}, string(os.PathListSeparator)), filepath.Join(outside, "git"), ""},
		{inside, "", "not found"},
		{"", "", "not found"},
	}
	for _, tt := range tests {
		got, err := LookGit(tt.path, ws)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("LookGit(%q) = %q, %v; want error %q", tt.path, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("LookGit(%q) = %q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
}

func TestBaseCacheRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sha := strings.Repeat("c", 40)
	key := cacheKey("v1", sha, ".", "", []byte("version: 1\n"))
	inv := &inventory.Inventory{Packages: []inventory.Package{headPkg("maven", "core", "1.0", "Apache-2.0")}}
	inv.Packages[0].Group = "org.acme"
	if err := saveBase(dir, newBaseInventory(key, sha, inv)); err != nil {
		t.Fatal(err)
	}
	got := loadBase(dir, key, sha)
	if got == nil || len(got.Packages) != 1 || got.Packages[0].Group != "org.acme" || got.Packages[0].License != "Apache-2.0" ||
		got.Packages[0].Path != "package-lock.json" || got.Packages[0].Line != 3 {
		t.Fatalf("loadBase = %+v", got)
	}
	if loadBase(dir, key, strings.Repeat("d", 40)) != nil {
		t.Errorf("an entry for another commit was accepted")
	}
	if other := cacheKey("v1", sha, ".", "", []byte("version: 1\nscopes: {development: false}\n")); other == key {
		t.Errorf("the policy does not change the cache key")
	}
	if err := os.WriteFile(cachePath(dir, key), []byte(`{"schema": `+strconv.Itoa(baseSchema)+`, "key": "`+key+`", "sha": "`+sha+`", "packages": [], "extra": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if loadBase(dir, key, sha) != nil {
		t.Errorf("an entry with unknown fields was accepted")
	}
	if loadBase("", key, sha) != nil {
		t.Errorf("no cache dir still loaded something")
	}
}

func TestAppendOutputsCannotBeInjected(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "out")
	evil := "pass\nghadelimiter_x\nverdict<<EOF\nfail\nEOF"
	if err := appendOutputs(p, [][2]string{{"verdict", "fail"}, {"note", evil}, {"reports", "a.json\nb.md"}}); err != nil {
		t.Fatal(err)
	}
	got := parseOutputFile(t, p)
	if got["verdict"] != "fail" || got["note"] != evil || got["reports"] != "a.json\nb.md" || len(got) != 3 {
		t.Errorf("outputs = %q", got)
	}
	if err := appendOutputs(p, [][2]string{{"bad<<name", "x"}}); err == nil {
		t.Errorf("an invalid name was accepted")
	}
}

func parseOutputFile(t *testing.T, p string) map[string]string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, delim, _ := strings.Cut(sc.Text(), "<<")
		var lines []string
		for sc.Scan() && sc.Text() != delim {
			lines = append(lines, sc.Text())
		}
		out[name] = strings.Join(lines, "\n")
	}
	return out
}

func TestLinks(t *testing.T) {
	t.Parallel()
	env := map[string]string{"GITHUB_SERVER_URL": "https://ghe.example.com/", "GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "77"}
	l := newLinker(func(k string) string { return env[k] }, "abc")
	if got, want := l.blob("dir (x)/a b.json", 4), "https://ghe.example.com/o/r/blob/abc/dir%20%28x%29/a%20b.json#L4"; got != want {
		t.Errorf("blob = %q, want %q", got, want)
	}
	if got := l.run(); got != "https://ghe.example.com/o/r/actions/runs/77" {
		t.Errorf("run = %q", got)
	}
	env["GITHUB_SERVER_URL"] = "javascript:alert(1)"
	if l := newLinker(func(k string) string { return env[k] }, "abc"); l.blob("a", 1) != "" || l.run() != "" {
		t.Errorf("a non-http server URL was linked")
	}
}
