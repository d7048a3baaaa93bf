package registry

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
	"github.com/ospo-gate/ospo-gate/internal/licenses"
)

// corpus is the shared corpus of real projects, from this package's
// directory.
const corpus = "../../../shared/corpus"

// TestOnlineCorpus resolves the Go modules and pnpm/yarn packages of two
// corpus projects against the real Go module proxy and npm registry. It is
// skipped unless OSPO_GATE_ONLINE=1; deps.dev, PyPI, crates.io and Maven
// Central are not used. Run it with
//
//	OSPO_GATE_ONLINE=1 go test -run TestOnlineCorpus -v -count=1 ./internal/registry/
//
// Each project is resolved twice with one cache directory: the first run
// starts empty, the second must make no request. GOPROXY from the
// environment is honoured.
func TestOnlineCorpus(t *testing.T) {
	if os.Getenv("OSPO_GATE_ONLINE") != "1" {
		t.Skip("set OSPO_GATE_ONLINE=1 to resolve corpus packages against the real Go proxy and npm registry")
	}
	projects := []struct {
		name string
		sets map[string][]Package
	}{
		{"go-pnpm-prometheus", map[string][]Package{
			"go":   goModRequires(t, filepath.Join(corpus, "go-pnpm-prometheus")),
			"pnpm": pnpmPackages(t, filepath.Join(corpus, "go-pnpm-prometheus")),
		}},
		{"yarn-jupyterlab", map[string][]Package{
			"yarn": yarnPackages(t, filepath.Join(corpus, "yarn-jupyterlab")),
		}},
	}
	minShare := map[string]float64{"go": 97, "pnpm": 95, "yarn": 95}
	for _, p := range projects {
		var all []Package
		kinds := make([]string, 0, len(p.sets))
		for k, pkgs := range p.sets {
			all = append(all, pkgs...)
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		cacheDir := t.TempDir()
		var first []Result
		for run := 1; run <= 2; run++ {
			res, stats, took := resolveOnline(t, cacheDir, all)
			t.Logf("%s run %d: %d packages in %s, %d requests (%d retries), %d cache hits",
				p.name, run, len(all), took.Round(10*time.Millisecond), stats.Requests, stats.Retries, stats.CacheHits)
			if run == 1 {
				first = res
				if took > 30*time.Second {
					t.Errorf("%s: first run took %s, want under 30s", p.name, took)
				}
				continue
			}
			if stats.Requests != 0 {
				t.Errorf("%s: second run made %d requests, want 0", p.name, stats.Requests)
			}
		}
		offset := 0
		for _, k := range kinds {
			n := len(p.sets[k])
			share := coverage(t, p.name+"/"+k, first[offset:offset+n])
			if share < minShare[k] {
				t.Errorf("%s %s: %.1f%% resolved, want at least %.0f%%", p.name, k, share, minShare[k])
			}
			offset += n
		}
	}
}

// resolveOnline resolves pkgs with a fresh client on cacheDir.
func resolveOnline(t *testing.T, cacheDir string, pkgs []Package) ([]Result, fetch.Stats, time.Duration) {
	t.Helper()
	cache, err := fetch.OpenCache(cacheDir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Cache: cache, GoProxy: os.Getenv("GOPROXY"), Disable: []Source{SourceDepsDev}}
	hosts, err := cfg.AllowedHosts()
	if err != nil {
		t.Fatal(err)
	}
	fc := fetch.Config{AllowedHosts: hosts, Cache: cache, Concurrency: fetch.DefaultConcurrency}
	if cfg.Fetch, err = fetch.New(fc); err != nil {
		t.Fatal(err)
	}
	if cfg.ZipFetch, err = fetch.New(ZipFetchConfig(fc)); err != nil {
		t.Fatal(err)
	}
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := r.Resolve(context.Background(), pkgs)
	took := time.Since(start)
	s, z := cfg.Fetch.Stats(), cfg.ZipFetch.Stats()
	s.Requests += z.Requests
	s.Retries += z.Retries
	s.CacheHits += z.CacheHits
	return res, s, took
}

// coverage logs and returns the share of results with a valid SPDX
// license, listing the others.
func coverage(t *testing.T, label string, res []Result) float64 {
	t.Helper()
	valid := 0
	bySource := map[Source]int{}
	var misses []string
	for _, r := range res {
		if r.Outcome == Found && r.License.Status == licenses.Valid {
			valid++
			bySource[r.Source]++
			continue
		}
		why := r.Note
		if r.Err != nil {
			why = r.Err.Error()
		}
		if r.Outcome == Found {
			why = fmt.Sprintf("%s %q: %s", r.License.Status, r.Values, r.License.Note)
		}
		misses = append(misses, fmt.Sprintf("%s@%s: %s: %s", r.Package.Name, r.Package.Version, r.Outcome, why))
	}
	share := 100 * float64(valid) / float64(max(len(res), 1))
	t.Logf("%s: %d/%d valid SPDX (%.1f%%), by source %v", label, valid, len(res), share, bySource)
	for _, m := range misses {
		t.Logf("  unresolved %s", m)
	}
	return share
}

var (
	goRequireLine = regexp.MustCompile(`^\s*(?:require\s+)?([^\s()]+)\s+(v[^\s]+)(?:\s*//.*)?$`)
	goReplaceLine = regexp.MustCompile(`^\s*(?:replace\s+)?([^\s()]+)(?:\s+v\S+)?\s*=>\s*(\S+)\s+(v\S+)\s*$`)
)

// goModRequires lists the required modules of every go.mod under dir
// (replaced by their module replacements; local replacements dropped).
func goModRequires(t *testing.T, dir string) []Package {
	t.Helper()
	seen := map[string]bool{}
	var out []Package
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "go.mod" {
			return err
		}
		for _, mv := range parseGoMod(t, p) {
			if !seen[mv] {
				seen[mv] = true
				name, version, _ := strings.Cut(mv, "@")
				out = append(out, Package{Type: "go-module", Name: name, Version: version})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func parseGoMod(t *testing.T, file string) []string {
	lines := readLines(t, file)
	replaced := map[string]string{}
	block := ""
	for _, l := range lines {
		if f := strings.Fields(l); len(f) == 2 && f[1] == "(" {
			block = f[0]
			continue
		}
		if strings.TrimSpace(l) == ")" {
			block = ""
			continue
		}
		if m := goReplaceLine.FindStringSubmatch(l); m != nil && (block == "replace" || strings.HasPrefix(l, "replace")) {
			replaced[m[1]] = m[2] + "@" + m[3]
		} else if strings.Contains(l, "=>") && (block == "replace" || strings.HasPrefix(l, "replace")) {
			replaced[strings.Fields(strings.TrimPrefix(l, "replace"))[0]] = "" // local directory
		}
	}
	var out []string
	block = ""
	for _, l := range lines {
		if f := strings.Fields(l); len(f) == 2 && f[1] == "(" {
			block = f[0]
			continue
		}
		if strings.TrimSpace(l) == ")" {
			block = ""
			continue
		}
		if block != "require" && !strings.HasPrefix(l, "require ") {
			continue
		}
		m := goRequireLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		mv := m[1] + "@" + m[2]
		if r, ok := replaced[m[1]]; ok {
			mv = r
		}
		if mv != "" {
			out = append(out, mv)
		}
	}
	return out
}

// pnpmPackages lists the packages of every pnpm-lock.yaml (v9) under dir:
// the keys of its "packages:" section.
func pnpmPackages(t *testing.T, dir string) []Package {
	t.Helper()
	keyRE := regexp.MustCompile(`^  '?(@?[^@'\s]+)@([^'():\s]+)'?:\s*$`)
	return collect(t, dir, "pnpm-lock.yaml", func(lines []string, add func(name, version string)) {
		in := false
		for _, l := range lines {
			if !strings.HasPrefix(l, " ") && strings.HasSuffix(l, ":") {
				in = l == "packages:"
				continue
			}
			if m := keyRE.FindStringSubmatch(l); in && m != nil {
				add(m[1], m[2])
			}
		}
	})
}

// yarnPackages lists the npm packages of every yarn.lock (berry) under
// dir, from their resolution lines; workspace, patch and other protocols
// are not registry packages.
func yarnPackages(t *testing.T, dir string) []Package {
	t.Helper()
	resRE := regexp.MustCompile(`^  resolution: "(@?[^@"]+)@npm:([^"]+)"$`)
	return collect(t, dir, "yarn.lock", func(lines []string, add func(name, version string)) {
		for _, l := range lines {
			if m := resRE.FindStringSubmatch(l); m != nil {
				add(m[1], m[2])
			}
		}
	})
}

// collect applies parse to every file named base under dir and returns the
// distinct npm packages it reports.
func collect(t *testing.T, dir, base string, parse func([]string, func(name, version string))) []Package {
	t.Helper()
	seen := map[string]bool{}
	var out []Package
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != base {
			return err
		}
		parse(readLines(t, p), func(name, version string) {
			if key := name + "@" + version; !seen[key] {
				seen[key] = true
				out = append(out, Package{Type: "npm", Name: name, Version: version})
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("no packages in %s files under %s", base, dir)
	}
	return out
}

func readLines(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}
