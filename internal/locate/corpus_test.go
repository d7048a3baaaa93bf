package locate

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// corpusDir holds real projects' lockfiles, copied byte for byte.
const corpusDir = "../../../shared/corpus"

func readCorpus(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, rel))
	if err != nil {
		t.Fatalf("reading corpus file: %v", err)
	}
	return data
}

func parseCorpus(t testing.TB, rel string) Index {
	t.Helper()
	ix, err := Parse(rel, readCorpus(t, rel))
	if err != nil {
		t.Fatalf("Parse(%s): %v", rel, err)
	}
	return ix
}

// TestCorpusSpotChecks asserts the lines of entries picked by hand (with grep)
// from the real files.
func TestCorpusSpotChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		q    Query
		want int
	}{
		// go.mod: require block entries, an "// indirect" one, a replace onto itself.
		{"go-pnpm-prometheus/go.mod", Query{Type: "go-module", Name: "github.com/prometheus/common"}, 69},
		{"go-pnpm-prometheus/go.mod", Query{Type: "go-module", Name: "golang.org/x/net", Version: "v0.57.0"}, 252},
		{"go-pnpm-prometheus/go.mod", Query{Type: "go-module", Name: "github.com/linode/linodego"}, 51},
		{"go-pnpm-prometheus/go.mod", Query{Type: "go-module", Name: "cloud.google.com/go", Version: "v0.123.0"}, 276},
		{"go-pnpm-prometheus/go.mod", Query{Type: "npm", Name: "github.com/prometheus/common"}, 0},
		{"go-vendor-containerd/go.mod", Query{Type: "go-module", Name: "golang.org/x/sys"}, 79},
		{"go-vendor-containerd/go.mod", Query{Type: "go-module", Name: "github.com/containerd/containerd/api"}, 15},
		// go.work names only local directories.
		{"go-pnpm-prometheus/go.work", Query{Type: "go-module", Name: "github.com/prometheus/prometheus"}, 0},
		// vendor/modules.txt
		{"go-vendor-containerd/vendor/modules.txt", Query{Type: "go-module", Name: "github.com/containerd/ttrpc"}, 258},
		{"go-vendor-containerd/vendor/modules.txt", Query{Type: "go-module", Name: "golang.org/x/sys", Version: "v0.47.0"}, 733},
		{"go-vendor-containerd/vendor/modules.txt", Query{Type: "go-module", Name: "github.com/containerd/containerd/api"}, 160},
		{"go-vendor-containerd/vendor/go.opentelemetry.io/otel/requirements.txt", Query{Type: "python", Name: "CodeSpell"}, 1},
		// package-lock.json v3 with workspaces.
		{"npm-insomnia/package-lock.json", Query{Type: "npm", Name: "react"}, 18617},
		{"npm-insomnia/package-lock.json", Query{Type: "npm", Name: "react-dom"}, 18806},
		{"npm-insomnia/package-lock.json", Query{Type: "npm", Name: "@babel/core"}, 171},
		{"npm-insomnia/package-lock.json", Query{Type: "npm", Name: "deep-equal"}, 10184},
		// 2.2.3 is nested twice, under aria-query (line 7918) and under the
		// insomnia-sdk workspace (line 23218): the first one wins.
		{"npm-insomnia/package-lock.json", Query{Type: "npm", Name: "deep-equal", Version: "2.2.3"}, 7918},
		{"npm-insomnia/package-lock.json", Query{Type: "npm", Name: "deep-equal", Version: "1.1.2"}, 10184},
		{"npm-insomnia/package-lock.json", Query{Type: "npm", Name: "insomnia", Version: "10.1.1"}, 23018},
		{"npm-insomnia/package-lock.json", Query{Type: "npm", Name: "insomnia-sdk"}, 23198},
		{"npm-insomnia/package-lock.json", Query{Type: "npm", Name: "no-such-package"}, 0},
		{"small-sbom-action/package-lock.json", Query{Type: "npm", Name: "@actions/core"}, 63},
		{"small-sbom-action/package-lock.json", Query{Type: "npm", Name: "@actions/http-client"}, 105},
		{"small-sbom-action/package-lock.json", Query{Type: "npm", Name: "@anchore/sbom-action"}, 7},
		// package-lock.json v1.
		{"small-sbom-action/tests/fixtures/npm-project/package-lock.json", Query{Type: "npm", Name: "chownr", Version: "2.0.0"}, 7},
		{"small-sbom-action/tests/fixtures/npm-project/package-lock.json", Query{Type: "npm", Name: "loose-envify"}, 25},
		// package.json
		{"small-sbom-action/package.json", Query{Type: "npm", Name: "@actions/core"}, 37},
		// yarn berry: multi-descriptor headers, an npm: alias, workspaces.
		{"yarn-jupyterlab/yarn.lock", Query{Type: "npm", Name: "react"}, 18299},
		{"yarn-jupyterlab/yarn.lock", Query{Type: "npm", Name: "react-dom"}, 18198},
		{"yarn-jupyterlab/yarn.lock", Query{Type: "npm", Name: "@lumino/widgets"}, 5698},
		{"yarn-jupyterlab/yarn.lock", Query{Type: "npm", Name: "string-width", Version: "4.2.3"}, 19669},
		{"yarn-jupyterlab/yarn.lock", Query{Type: "npm", Name: "string-width", Version: "5.1.2"}, 19680},
		{"yarn-jupyterlab/yarn.lock", Query{Type: "npm", Name: "string-width-cjs"}, 19669},
		{"yarn-jupyterlab/yarn.lock", Query{Type: "npm", Name: "@jupyterlab/application"}, 2418},
		// yarn classic
		{"small-sbom-action/tests/fixtures/yarn-project/yarn.lock", Query{Type: "npm", Name: "js-tokens"}, 5},
		{"small-sbom-action/tests/fixtures/yarn-project/yarn.lock", Query{Type: "npm", Name: "loose-envify", Version: "1.4.0"}, 10},
		{"small-sbom-action/tests/fixtures/yarn-project/yarn.lock", Query{Type: "npm", Name: "react"}, 36},
		{"small-sbom-action/tests/fixtures/yarn-project/yarn.lock", Query{Type: "npm", Name: "react-is"}, 31},
		// pnpm v9: packages preferred to snapshots, peer suffixes.
		{"go-pnpm-prometheus/web/ui/pnpm-lock.yaml", Query{Type: "npm", Name: "@codemirror/view"}, 512},
		{"go-pnpm-prometheus/web/ui/pnpm-lock.yaml", Query{Type: "npm", Name: "react", Version: "19.2.8"}, 3030},
		{"go-pnpm-prometheus/web/ui/pnpm-lock.yaml", Query{Type: "npm", Name: "react-dom"}, 2933},
		{"go-pnpm-prometheus/web/ui/pnpm-lock.yaml", Query{Type: "npm", Name: "picocolors"}, 2834},
		{"go-pnpm-prometheus/web/ui/react-app/pnpm-lock.yaml", Query{Type: "npm", Name: "@babel/core"}, 241},
		{"go-pnpm-prometheus/web/ui/react-app/pnpm-lock.yaml", Query{Type: "npm", Name: "lodash", Version: "4.18.1"}, 4170},
		// poetry.lock and uv.lock: PEP 503 matching.
		{"py-poetry/poetry.lock", Query{Type: "python", Name: "dulwich"}, 614},
		{"py-poetry/poetry.lock", Query{Type: "python", Name: "Typing_Extensions"}, 2022},
		{"py-poetry/poetry.lock", Query{Type: "python", Name: "keyring", Version: "25.7.0"}, 980},
		{"rust-uv/uv.lock", Query{Type: "python", Name: "anyio"}, 34},
		{"rust-uv/uv.lock", Query{Type: "python", Name: "pydantic_core"}, 1071},
		{"rust-uv/uv.lock", Query{Type: "python", Name: "typing.extensions"}, 1665},
		// Cargo.lock: two versions of one crate.
		{"rust-uv/Cargo.lock", Query{Type: "rust-crate", Name: "cpufeatures"}, 1127},
		{"rust-uv/Cargo.lock", Query{Type: "rust-crate", Name: "cpufeatures", Version: "0.3.0"}, 1136},
		{"rust-uv/Cargo.lock", Query{Type: "rust-crate", Name: "tokio"}, 5419},
		{"rust-uv/Cargo.lock", Query{Type: "rust-crate", Name: "uv-pep508"}, 7042},
		{"rust-uv/Cargo.lock", Query{Type: "python", Name: "tokio"}, 0},
		// Cargo.toml: a renamed dependency and a multi-line inline table.
		{"rust-uv/Cargo.toml", Query{Type: "rust-crate", Name: "astral-pubgrub"}, 191},
		{"rust-uv/Cargo.toml", Query{Type: "rust-crate", Name: "astral_async_zip"}, 111},
		{"rust-uv/Cargo.toml", Query{Type: "rust-crate", Name: "pubgrub"}, 0},
		// pyproject.toml
		{"rust-uv/test/packages/built-by-uv/pyproject.toml", Query{Type: "python", Name: "anyio"}, 7},
		{"rust-uv/test/packages/built-by-uv/pyproject.toml", Query{Type: "python", Name: "uv-build"}, 27},
		// Gemfile.lock
		{"small-sbom-action/tests/fixtures/image-debian-match-coverage/ruby/Gemfile.lock", Query{Type: "gem", Name: "rails", Version: "4.1.1"}, 4},
		{"small-sbom-action/tests/fixtures/image-debian-match-coverage/ruby/Gemfile.lock", Query{Type: "gem", Name: "activerecord"}, 5},
	}
	for _, tc := range tests {
		t.Run(tc.file+"/"+tc.q.Name+"@"+tc.q.Version, func(t *testing.T) {
			t.Parallel()
			if got := parseCorpus(t, tc.file).Line(tc.q); got != tc.want {
				t.Errorf("Line(%+v) = %d, want %d", tc.q, got, tc.want)
			}
		})
	}
}

// TestCorpusParsesCleanly parses every supported file of the corpus. The only
// file expected to fail is Poetry's deliberately broken fixture.
func TestCorpusParsesCleanly(t *testing.T) {
	t.Parallel()
	broken := map[string]string{
		"py-poetry/tests/fixtures/invalid_lock/poetry.lock": "py-poetry/tests/fixtures/invalid_lock/poetry.lock:1:6: unexpected 'l', expected '='",
	}
	n := 0
	err := filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !Supported(p) {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, p)
		rel = filepath.ToSlash(rel)
		n++
		_, perr := Parse(rel, readCorpus(t, rel))
		switch want, bad := broken[rel]; {
		case bad && (perr == nil || perr.Error() != want):
			t.Errorf("Parse(%s) error = %v, want %s", rel, perr, want)
		case !bad && perr != nil:
			t.Errorf("Parse(%s): %v", rel, perr)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 400 {
		t.Errorf("found %d supported corpus files, want at least 400", n)
	}
}

// oracle lists (name, version, line) triples found by a regular expression that
// is independent of the parsers.
type oracle struct {
	file, eco string
	re        *regexp.Regexp // submatches: name, version
	ignore    []string       // name@version matches the regex over-reports
}

// TestCorpusOracle checks every entry of the big lockfiles against a regex
// oracle: each (name, version) that occurs once must map to its own line.
func TestCorpusOracle(t *testing.T) {
	t.Parallel()
	pkgList := regexp.MustCompile(`(?m)^name = "([^"]+)"\r?\nversion = "([^"]+)"`)
	tests := []oracle{
		{file: "rust-uv/Cargo.lock", eco: "rust-crate", re: pkgList},
		{file: "py-poetry/poetry.lock", eco: "python", re: pkgList},
		{file: "rust-uv/uv.lock", eco: "python", re: pkgList},
		{file: "go-pnpm-prometheus/go.mod", eco: "go-module", re: regexp.MustCompile(`(?m)^\t(\S+) (v\S+)`),
			ignore: []string{"github.com/grpc-ecosystem/grpc-gateway@v1.14.7", "google.golang.org/api@v0.30.0"}}, // exclude ( ... )
		{file: "go-vendor-containerd/go.mod", eco: "go-module", re: regexp.MustCompile(`(?m)^\t(\S+) (v\S+)`)},
		{file: "go-vendor-containerd/vendor/modules.txt", eco: "go-module", re: regexp.MustCompile(`(?m)^# (\S+) (\S+)$`)},
		{file: "npm-insomnia/package-lock.json", eco: "npm", re: regexp.MustCompile(`(?m)^    "node_modules/((?:@[^/"]+/)?[^/"]+)": \{\n      "version": "([^"]+)"`)},
		{file: "yarn-jupyterlab/yarn.lock", eco: "npm", re: regexp.MustCompile(`(?m)^"((?:@[^/"@]+/)?[^/"@]+)@[^\n]*:\n  version: (\S+)`)},
		{file: "go-pnpm-prometheus/web/ui/react-app/pnpm-lock.yaml", eco: "npm", re: regexp.MustCompile(`(?m)^  '?((?:@[^/@']+/)?[^/@'\s]+)@([^(':\s]+)'?:\n    resolution:`)},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			checkOracle(t, tc)
		})
	}
}

func checkOracle(t *testing.T, o oracle) {
	data := string(readCorpus(t, o.file))
	ix, err := Parse(o.file, []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ name, version string }
	var newlines []int
	for i := 0; i < len(data); i++ {
		if data[i] == '\n' {
			newlines = append(newlines, i)
		}
	}
	lines := map[key][]int{}
	for _, m := range o.re.FindAllStringSubmatchIndex(data, -1) {
		k := key{data[m[2]:m[3]], data[m[4]:m[5]]}
		lines[k] = append(lines[k], 1+sort.SearchInts(newlines, m[0]))
	}
	if len(lines) < 50 {
		t.Fatalf("oracle found only %d entries", len(lines))
	}
	for _, nv := range o.ignore {
		name, version, _ := strings.Cut(nv, "@")
		delete(lines, key{name, version})
	}
	for k, want := range lines {
		got := ix.Line(Query{Type: o.eco, Name: k.name, Version: k.version})
		if len(want) == 1 && got != want[0] {
			t.Errorf("Line(%s@%s) = %d, want %d", k.name, k.version, got, want[0])
		}
		if len(want) > 1 && !containsInt(want, got) {
			t.Errorf("Line(%s@%s) = %d, want one of %v", k.name, k.version, got, want)
		}
	}
	t.Logf("%d entries agree with the oracle", len(lines))
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
