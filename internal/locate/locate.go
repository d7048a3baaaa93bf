// Package locate finds the line of a dependency inside a manifest or lockfile.
//
// syft reports which file a package was found in but never the line. This package
// fills that gap for annotations: [Parse] builds an [Index] of one file once, and
// [Index.Line] answers "which line names this package?" with a map lookup.
//
// Every supported format has its own focused parser (a JSON tokenizer that tracks
// positions, a small TOML parser, line-oriented scanners for yarn.lock, pnpm-lock.yaml,
// go.mod and friends, encoding/xml for pom.xml and .csproj, and yaml.v3 nodes for GitHub
// workflows). Input is treated as untrusted: size and nesting are bounded, and
// malformed content yields a [*ParseError] naming the line and column.
//
// Lines are numbered from 1 and end at LF, CRLF or a lone CR, as in YAML and in
// editors; columns count characters. A leading UTF-8 byte order mark is ignored.
//
// Supported files (the base name decides, workflows also need their directory):
//
//   - Go: go.mod (require, replace targets), go.work (replace), vendor/modules.txt
//   - npm: package.json, package-lock.json (v1, v2, v3), npm-shrinkwrap.json, yarn.lock
//     (classic and berry), pnpm-lock.yaml (lockfile v5, v6, v9)
//   - Python: *requirements*.txt and *requirements*.in, poetry.lock, uv.lock,
//     Pipfile.lock, pyproject.toml (PEP 621, PEP 735, Poetry, uv)
//   - Rust: Cargo.toml, Cargo.lock
//   - Java: pom.xml
//   - Ruby: Gemfile.lock, gems.locked
//   - PHP: composer.lock, composer.json
//   - .NET: *.csproj, *.fsproj, *.vbproj, packages.config, Directory.Packages.props
//   - GitHub Actions: .github/workflows/*.yml|yaml, action.yml|yaml
package locate

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// MaxSize is the largest file, in bytes, that [Parse] accepts.
const MaxSize = 64 << 20

// MaxDepth is the deepest nesting of JSON, TOML, YAML or XML values that [Parse]
// accepts.
const MaxDepth = 512

var (
	// ErrUnsupported is returned by [Parse] for a file name it has no parser for.
	ErrUnsupported = errors.New("unsupported manifest format")
	// ErrTooDeep is wrapped by a [*ParseError] when nesting exceeds [MaxDepth].
	ErrTooDeep = errors.New("nesting too deep")
	// ErrTooLarge is wrapped by a [*ParseError] when the content exceeds [MaxSize].
	ErrTooLarge = errors.New("file too large")
)

// Query names one package as syft reports it.
type Query struct {
	// Type is the syft package type: "npm", "go-module", "python", "rust-crate",
	// "java-archive", "gem", "php-composer", "github-action", "github-action-workflow",
	// "dotnet". The purl types (npm, golang, pypi, cargo, maven, gem, composer, github,
	// nuget) are accepted as aliases. Empty matches any file; a type that does not
	// belong to the file's ecosystem never matches.
	Type string
	// Name is the package name: npm "@scope/name"; Go module path; Python project name
	// (compared PEP 503-normalised); Maven artifactId; Composer "vendor/name"
	// (case-insensitive); NuGet id (case-insensitive); GitHub Action "owner/repo" or
	// "owner/repo/path" (case-insensitive; "owner/repo" also matches uses of a
	// sub-path).
	Name string
	// Group is the Maven groupId. Optional; when set, entries with another groupId
	// do not match.
	Group string
	// Version is optional: when a name occurs several times, the entry with this
	// version is preferred. It never makes a found name unfound.
	Version string
}

// Index is one parsed manifest or lockfile.
type Index interface {
	// Line returns the 1-based line of the entry that names q, or 0 when the file
	// has none.
	Line(q Query) int
}

// ParseError reports malformed content.
type ParseError struct {
	Path string // the path given to Parse
	Line int    // 1-based; 0 when unknown
	Col  int    // 1-based, in characters; 0 when unknown
	Msg  string
	Err  error // optional cause, such as ErrTooDeep or ErrTooLarge
}

// Error formats the error as "path:line:col: msg".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the cause, if any.
func (e *ParseError) Unwrap() error { return e.Err }

// errAt builds a ParseError without a path; Parse fills the path in.
func errAt(line, col int, format string, args ...any) *ParseError {
	return &ParseError{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// tooDeep builds the error for nesting beyond MaxDepth.
func tooDeep(line, col int) *ParseError {
	return &ParseError{Line: line, Col: col, Msg: fmt.Sprintf("nesting deeper than %d levels", MaxDepth), Err: ErrTooDeep}
}

// Supported reports whether Parse has a parser for path.
func Supported(path string) bool { return detect(path) != nil }

// Parse builds the index for one file. The base name of path (and for workflows
// its directory) selects the format; content is the whole file. It returns
// ErrUnsupported for names it does not know, and a *ParseError for malformed or
// oversized content.
func Parse(path string, content []byte) (Index, error) {
	f := detect(path)
	if f == nil {
		return nil, fmt.Errorf("%s: %w", path, ErrUnsupported)
	}
	if len(content) > MaxSize {
		return nil, &ParseError{Path: path, Msg: fmt.Sprintf("%d bytes exceeds the limit of %d", len(content), MaxSize), Err: ErrTooLarge}
	}
	src := normalizeLoneCR(strings.TrimPrefix(string(content), "\uFEFF"))
	b := newBuilder(f.eco)
	if err := f.parse(src, b); err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			pe.Path = path
			return nil, pe
		}
		return nil, &ParseError{Path: path, Msg: err.Error(), Err: err}
	}
	return b.index(), nil
}

// format is one supported file format.
type format struct {
	name  string
	eco   *ecosystem
	parse func(src string, b *builder) error
}

var (
	fmtGoMod        = &format{"go.mod", ecoGo, parseGoModSyntax}
	fmtGoWork       = &format{"go.work", ecoGo, parseGoModSyntax}
	fmtModulesTxt   = &format{"vendor/modules.txt", ecoGo, parseModulesTxt}
	fmtPackageJSON  = &format{"package.json", ecoNPM, parsePackageJSON}
	fmtPackageLock  = &format{"package-lock.json", ecoNPM, parsePackageLock}
	fmtYarnLock     = &format{"yarn.lock", ecoNPM, parseYarnLock}
	fmtPnpmLock     = &format{"pnpm-lock.yaml", ecoNPM, parsePnpmLock}
	fmtRequirements = &format{"requirements.txt", ecoPython, parseRequirements}
	fmtPoetryLock   = &format{"poetry.lock", ecoPython, parseTOMLPackages}
	fmtUVLock       = &format{"uv.lock", ecoPython, parseTOMLPackages}
	fmtPipfileLock  = &format{"Pipfile.lock", ecoPython, parsePipfileLock}
	fmtPyproject    = &format{"pyproject.toml", ecoPython, parsePyproject}
	fmtCargoToml    = &format{"Cargo.toml", ecoRust, parseCargoToml}
	fmtCargoLock    = &format{"Cargo.lock", ecoRust, parseTOMLPackages}
	fmtPom          = &format{"pom.xml", ecoMaven, parsePom}
	fmtGemfileLock  = &format{"Gemfile.lock", ecoGem, parseGemfileLock}
	fmtComposerLock = &format{"composer.lock", ecoComposer, parseComposerLock}
	fmtComposerJSON = &format{"composer.json", ecoComposer, parseComposerJSON}
	fmtMSBuild      = &format{"*.csproj", ecoDotnet, parseMSBuild}
	fmtPackagesCfg  = &format{"packages.config", ecoDotnet, parsePackagesConfig}
	fmtWorkflow     = &format{".github/workflows/*.yml", ecoActions, parseWorkflow}
	fmtAction       = &format{"action.yml", ecoActions, parseActionYAML}
)

// byBaseName maps exact base names to formats.
var byBaseName = map[string]*format{
	"go.mod":                   fmtGoMod,
	"go.work":                  fmtGoWork,
	"package.json":             fmtPackageJSON,
	"package-lock.json":        fmtPackageLock,
	"npm-shrinkwrap.json":      fmtPackageLock,
	"yarn.lock":                fmtYarnLock,
	"pnpm-lock.yaml":           fmtPnpmLock,
	"poetry.lock":              fmtPoetryLock,
	"uv.lock":                  fmtUVLock,
	"Pipfile.lock":             fmtPipfileLock,
	"pyproject.toml":           fmtPyproject,
	"Cargo.toml":               fmtCargoToml,
	"Cargo.lock":               fmtCargoLock,
	"pom.xml":                  fmtPom,
	"Gemfile.lock":             fmtGemfileLock,
	"gems.locked":              fmtGemfileLock,
	"composer.lock":            fmtComposerLock,
	"composer.json":            fmtComposerJSON,
	"packages.config":          fmtPackagesCfg,
	"Directory.Packages.props": fmtMSBuild,
	"action.yml":               fmtAction,
	"action.yaml":              fmtAction,
}

// detect picks the format for a path, or nil.
func detect(p string) *format {
	p = strings.ReplaceAll(p, `\`, "/")
	base := path.Base(p)
	if f, ok := byBaseName[base]; ok {
		return f
	}
	dir := path.Dir(p)
	lower := strings.ToLower(base)
	ext := path.Ext(lower)
	switch {
	case base == "modules.txt" && (dir == "vendor" || strings.HasSuffix(dir, "/vendor")):
		return fmtModulesTxt
	case ext == ".csproj" || ext == ".fsproj" || ext == ".vbproj":
		return fmtMSBuild
	case strings.Contains(lower, "requirements") && (ext == ".txt" || ext == ".in"):
		return fmtRequirements
	case (ext == ".yml" || ext == ".yaml") && isWorkflowDir(dir):
		return fmtWorkflow
	}
	return nil
}

// isWorkflowDir reports whether dir is a repository's .github/workflows directory.
func isWorkflowDir(dir string) bool {
	return dir == ".github/workflows" || strings.HasSuffix(dir, "/.github/workflows")
}
