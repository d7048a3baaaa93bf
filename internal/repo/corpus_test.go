package repo

import (
	"bufio"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const corpusDir = "../../../shared/corpus"

// goModules lists the modules required by every go.mod and vendored in every
// vendor/modules.txt under dir, deduplicated.
func goModules(t *testing.T, dir string) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch {
		case d.Name() == "go.mod":
			for _, m := range goModRequires(t, path) {
				seen[m] = true
			}
		case strings.HasSuffix(path, "vendor/modules.txt"):
			for _, m := range vendoredModules(t, path) {
				seen[m] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mods := make([]string, 0, len(seen))
	for m := range seen {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	return mods
}

func scanLines(t *testing.T, path string, fn func(fields []string)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		fn(strings.Fields(line))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

func goModRequires(t *testing.T, path string) []string {
	var mods []string
	inBlock := false
	scanLines(t, path, func(f []string) {
		switch {
		case len(f) == 2 && f[0] == "require" && f[1] == "(":
			inBlock = true
		case len(f) == 1 && f[0] == ")":
			inBlock = false
		case inBlock && len(f) == 2:
			mods = append(mods, f[0])
		case len(f) == 3 && f[0] == "require":
			mods = append(mods, f[1])
		}
	})
	return mods
}

func vendoredModules(t *testing.T, path string) []string {
	var mods []string
	scanLines(t, path, func(f []string) {
		if len(f) >= 3 && f[0] == "#" && !strings.HasPrefix(f[1], "=>") {
			mods = append(mods, f[1])
		}
	})
	return mods
}

// npmLockPackages lists name@version of the packages in a package-lock.json
// v2/v3 (the lockfile carries no repository URLs).
func npmLockPackages(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lock struct {
		Packages map[string]struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(data, &lock); err != nil {
		t.Fatal(err)
	}
	var out []string
	for key, p := range lock.Packages {
		i := strings.LastIndex(key, "node_modules/")
		if i < 0 || p.Version == "" {
			continue
		}
		out = append(out, "pkg:npm/"+strings.Replace(key[i+len("node_modules/"):], "@", "%40", 1)+"@"+p.Version)
	}
	return out
}

// TestCorpusOfflineResolution measures the share of packages of the real
// projects in shared/corpus that resolve to a repository offline, from the
// purl alone. Go modules name their host (or a known vanity path); npm
// lockfiles carry no repository URL, so npm packages need metadata from
// node_modules or deps.dev.
func TestCorpusOfflineResolution(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not present: %v", err)
	}
	tests := []struct {
		name   string
		purls  func(t *testing.T) []string
		minPct float64
	}{
		{name: "go/go-vendor-containerd", purls: golangPURLs("go-vendor-containerd"), minPct: 90},
		{name: "go/go-pnpm-prometheus", purls: golangPURLs("go-pnpm-prometheus"), minPct: 90},
		{name: "npm/npm-insomnia (lockfile only)", purls: func(t *testing.T) []string {
			return npmLockPackages(t, filepath.Join(corpusDir, "npm-insomnia", "package-lock.json"))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			purls := tc.purls(t)
			if len(purls) == 0 {
				t.Fatal("no packages found")
			}
			var unresolved []string
			for _, p := range purls {
				if !Resolve(Package{PURL: p}).Resolved() {
					unresolved = append(unresolved, p)
				}
			}
			pct := 100 * float64(len(purls)-len(unresolved)) / float64(len(purls))
			t.Logf("%s: %d/%d packages resolved offline (%.1f%%)", tc.name, len(purls)-len(unresolved), len(purls), pct)
			if tc.minPct > 0 {
				t.Logf("unresolved: %v", unresolved)
			}
			if pct < tc.minPct {
				t.Errorf("%.1f%% resolved, want at least %.0f%%", pct, tc.minPct)
			}
		})
	}
}

func golangPURLs(folder string) func(t *testing.T) []string {
	return func(t *testing.T) []string {
		var purls []string
		for _, m := range goModules(t, filepath.Join(corpusDir, folder)) {
			purls = append(purls, "pkg:golang/"+m+"@v0.0.0")
		}
		return purls
	}
}
