package locate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fuzzParser fuzzes the parser behind the given paths. The seed corpus is every
// inline fixture and error case of those formats. For any input, Parse must not
// panic, must return either an index or a *ParseError naming the path and a line
// inside the input, and every indexed entry must lie inside the input and be
// found again by its own name.
func fuzzParser(f *testing.F, paths ...string) {
	formats := map[*format]bool{}
	for _, p := range paths {
		formats[detect(p)] = true
	}
	fixtures := [][]fixture{goFixtures, npmFixtures, pythonFixtures, rustFixtures, otherFixtures, actionsFixtures}
	for _, fs := range fixtures {
		for _, fx := range fs {
			if formats[detect(fx.path)] {
				f.Add([]byte(fx.content))
			}
		}
	}
	for _, ec := range errorCases {
		if formats[detect(ec.path)] {
			f.Add([]byte(ec.content))
		}
	}
	addRealFiles(f, formats)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, p := range paths {
			checkParse(t, p, data)
		}
	})
}

// maxRealSeed and maxRealSeeds bound the real files used as seeds: mutating a large input is slow, every seed
// is run before fuzzing starts, and a few small real files already carry the constructs the parsers handle.
const (
	maxRealSeed  = 24 << 10
	maxRealSeeds = 16
)

// addRealFiles seeds with the repository's example trees and the shared corpus of real projects' manifests
// (../shared/corpus beside the repository, when present): the first maxRealSeeds files of the fuzzed formats.
func addRealFiles(f *testing.F, formats map[*format]bool) {
	n := 0
	for _, root := range []string{filepath.Join("..", "..", "testdata", "examples"), filepath.Join("..", "..", "..", "shared", "corpus")} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if n == maxRealSeeds {
				return fs.SkipAll
			}
			if err != nil || d.IsDir() {
				return nil
			}
			rel, err := filepath.Rel(root, p)
			if err != nil || !formats[detect(filepath.ToSlash(rel))] {
				return nil
			}
			if info, err := d.Info(); err == nil && info.Size() <= maxRealSeed {
				if b, err := os.ReadFile(p); err == nil {
					f.Add(b)
					n++
				}
			}
			return nil
		})
	}
}

// hangTimeout turns a parse that runs this long into a crash the fuzzer records.
const hangTimeout = 5 * time.Second

func checkParse(t *testing.T, path string, data []byte) {
	norm := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Count(norm, "\n") + strings.Count(norm, "\r") + 1
	watchdog := time.AfterFunc(hangTimeout, func() {
		panic(fmt.Sprintf("Parse(%s) still running after %v on %q", path, hangTimeout, data))
	})
	ix, err := Parse(path, data)
	watchdog.Stop()
	if err != nil {
		var pe *ParseError
		switch {
		case !errors.As(err, &pe):
			t.Fatalf("Parse(%s) error %v (%T) is not a *ParseError", path, err, err)
		case ix != nil:
			t.Fatalf("Parse(%s) returned an index with error %v", path, err)
		case pe.Path != path || pe.Line < 0 || pe.Line > lines || pe.Col < 0:
			t.Fatalf("Parse(%s) error %q has a bad position (input has %d lines)", path, err, lines)
		}
		return
	}
	idx := ix.(*index)
	for key, es := range idx.entries {
		for _, e := range es {
			if e.line < 1 || e.line > lines {
				t.Fatalf("entry %q at line %d outside 1..%d", key, e.line, lines)
			}
		}
		if got := ix.Line(Query{Name: key}); got < 1 {
			t.Fatalf("Line(%q) = %d, but the index holds %d entries for it", key, got, len(es))
		}
	}
}

func FuzzGoMod(f *testing.F)         { fuzzParser(f, "go.mod", "go.work") }
func FuzzModulesTxt(f *testing.F)    { fuzzParser(f, "vendor/modules.txt") }
func FuzzPackageJSON(f *testing.F)   { fuzzParser(f, "package.json") }
func FuzzPackageLock(f *testing.F)   { fuzzParser(f, "package-lock.json") }
func FuzzYarnLock(f *testing.F)      { fuzzParser(f, "yarn.lock") }
func FuzzPnpmLock(f *testing.F)      { fuzzParser(f, "pnpm-lock.yaml") }
func FuzzRequirements(f *testing.F)  { fuzzParser(f, "requirements.txt") }
func FuzzPipfileLock(f *testing.F)   { fuzzParser(f, "Pipfile.lock") }
func FuzzPyproject(f *testing.F)     { fuzzParser(f, "pyproject.toml") }
func FuzzTOMLLockfiles(f *testing.F) { fuzzParser(f, "Cargo.lock", "poetry.lock", "uv.lock") }
func FuzzCargoToml(f *testing.F)     { fuzzParser(f, "Cargo.toml") }
func FuzzPom(f *testing.F)           { fuzzParser(f, "pom.xml") }
func FuzzMSBuild(f *testing.F)       { fuzzParser(f, "a.csproj", "packages.config") }
func FuzzGemfileLock(f *testing.F)   { fuzzParser(f, "Gemfile.lock") }
func FuzzComposer(f *testing.F)      { fuzzParser(f, "composer.lock", "composer.json") }
func FuzzWorkflow(f *testing.F)      { fuzzParser(f, ".github/workflows/ci.yml", "action.yml") }
