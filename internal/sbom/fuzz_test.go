package sbom

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

// corpusFiles calls add with the shared corpus's first 16 files of one name (at most limit bytes each), as
// seeds: every seed runs before fuzzing starts, and a few real files carry the shapes that matter.
func corpusFiles(name string, limit int64, add func([]byte)) {
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	n := 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if n == 16 {
			return filepath.SkipAll
		}
		if err != nil || d.IsDir() || d.Name() != name {
			return nil
		}
		if info, err := d.Info(); err == nil && info.Size() <= limit {
			if b, err := os.ReadFile(p); err == nil {
				add(b)
				n++
			}
		}
		return nil
	})
}

// FuzzGoModulePath: for every go.mod the go command accepts, goModulePath names the module it declares
// (golang.org/x/mod/modfile's strict parser is the reference).
func FuzzGoModulePath(f *testing.F) {
	for _, s := range []string{
		"module github.com/a/b\n\ngo 1.22\n", "// comment\nmodule \"github.com/a/b\" // c\n", "module\tx\r\n",
		"module `github.com/a/b`\n", "module \"github.com/a/\\x62\"\n", "module (\n\tx\n)\n", "modulex y\nmodule z\n", "",
	} {
		f.Add([]byte(s))
	}
	corpusFiles("go.mod", 64<<10, func(b []byte) { f.Add(b) })
	f.Fuzz(func(t *testing.T, data []byte) {
		got := goModulePath(data)
		mf, err := modfile.Parse("go.mod", data, nil)
		if err != nil || mf.Module == nil {
			return
		}
		if want := mf.Module.Mod.Path; got != want {
			t.Fatalf("goModulePath = %q, the go command reads module %q", got, want)
		}
	})
}

var pep508Name = regexp.MustCompile(`(?i)^([a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$`)

// FuzzPyprojectName: any input gives one trimmed line or nothing; and in a pyproject.toml laid out as real
// ones are (the [project] or [tool.poetry] table, a quoted name, comments, other tables around it), the name
// read is the project's.
func FuzzPyprojectName(f *testing.F) {
	f.Add([]byte("[project]\nname = \"poetry\"\n"), "ospo-gate", "# PEP 621", uint8(0))
	f.Add([]byte("[tool.poetry]\nname='x'\n"), "my_pkg.sub", "", uint8(7))
	f.Add([]byte("[project]\nname = \"a\" # c\n"), "A1", "#", uint8(0x1f))
	corpusFiles("pyproject.toml", 16<<10, func(b []byte) { f.Add(b, "pkg", "", uint8(0)) })
	f.Fuzz(func(t *testing.T, data []byte, name, comment string, layout uint8) {
		got := pyprojectName(data)
		if got != strings.TrimSpace(got) || strings.ContainsAny(got, "\r\n") {
			t.Fatalf("pyprojectName = %q", got)
		}
		if !pep508Name.MatchString(name) || strings.ContainsAny(comment, "\r\n") {
			return
		}
		doc := pyprojectDoc(name, "#"+comment, layout)
		if got := pyprojectName([]byte(doc)); got != name {
			t.Fatalf("pyprojectName = %q, want %q from\n%s", got, name, doc)
		}
	})
}

// pyprojectDoc lays out a pyproject.toml naming the project name; layout's bits pick the variations.
func pyprojectDoc(name, comment string, layout uint8) string {
	var b strings.Builder
	nl := "\n"
	if layout&1 != 0 {
		nl = "\r\n"
	}
	b.WriteString("[build-system]" + nl + "requires = [" + nl + "  \"hatchling\"," + nl + "]" + nl + nl)
	table := "project"
	if layout&2 != 0 {
		table = "tool.poetry"
	}
	header := "[" + table + "]"
	if layout&4 != 0 {
		header += "  " + comment
	}
	b.WriteString(header + nl)
	if layout&8 != 0 {
		b.WriteString(comment + nl + "description = \"name = 'other'\"" + nl)
	}
	quote := `"`
	if layout&16 != 0 {
		quote = "'"
	}
	value := quote + name + quote
	if layout&32 != 0 {
		value += " " + comment
	}
	sep := " = "
	if layout&64 != 0 {
		sep = "="
	}
	b.WriteString("name" + sep + value + nl + "version = \"1.0\"" + nl + nl + "[tool.other]" + nl + "name = \"not-this\"" + nl)
	return b.String()
}
