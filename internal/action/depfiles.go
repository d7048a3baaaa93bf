package action

import (
	"path"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/detect"
	"github.com/ospo-gate/ospo-gate/internal/locate"
)

// dependencyNames are the base names of the manifests, lockfiles and package metadata files that syft's
// catalogers (the ones internal/sbom runs) read, beyond those internal/locate parses.
var dependencyNames = map[string]bool{
	// JavaScript
	"package.json": true, "package-lock.json": true, "npm-shrinkwrap.json": true, "yarn.lock": true,
	"pnpm-lock.yaml": true, "bun.lock": true, "deno.lock": true,
	// Go
	"go.mod": true, "go.sum": true, "go.work": true, "go.work.sum": true, "modules.txt": true,
	// Python
	"setup.py": true, "Pipfile": true, "Pipfile.lock": true, "poetry.lock": true, "pdm.lock": true, "uv.lock": true,
	"pyproject.toml": true, "METADATA": true, "PKG-INFO": true,
	// Rust, Ruby, PHP, .NET, Dart, Elixir, Erlang, Haskell, Swift, C/C++, Terraform
	"Cargo.lock": true, "Cargo.toml": true, "Gemfile": true, "Gemfile.lock": true, "Gemfile.next.lock": true,
	"gems.locked": true, "composer.lock": true, "composer.json": true, "installed.json": true,
	"packages.lock.json": true, "packages.config": true, "Directory.Packages.props": true,
	"pubspec.lock": true, "pubspec.yaml": true, "pubspec.yml": true, "mix.lock": true, "rebar.lock": true,
	"cabal.project.freeze": true, "stack.yaml": true, "stack.yaml.lock": true, "Podfile.lock": true,
	"Package.resolved": true, ".package.resolved": true, "conan.lock": true, "conanfile.txt": true,
	"conaninfo.txt": true, "vcpkg.json": true, ".terraform.lock.hcl": true, "release": true,
}

// dependencyExts are extensions of files syft catalogs by extension: Java archives, gemspecs, Erlang apps.
var dependencyExts = map[string]bool{
	".jar": true, ".war": true, ".ear": true, ".par": true, ".sar": true, ".nar": true, ".jpi": true,
	".hpi": true, ".kar": true, ".far": true, ".lpkg": true, ".gemspec": true, ".app": true,
	".csproj": true, ".fsproj": true, ".vbproj": true,
}

// IsDependencyFile reports whether a change to the file at p (slash-separated, relative to the repository)
// can change the scan's packages or their licenses: a manifest or lockfile that syft or internal/locate
// reads, Java archives, installed-package metadata, and license files (read to resolve licenses).
func IsDependencyFile(p string) bool {
	if locate.Supported(p) {
		return true
	}
	base := path.Base(p)
	lower := strings.ToLower(base)
	switch {
	case dependencyNames[base]:
		return true
	case dependencyExts[strings.ToLower(path.Ext(base))]:
		return true
	case strings.HasSuffix(lower, "pom.xml"), strings.HasSuffix(lower, "pom.properties"):
		return true
	case strings.HasPrefix(lower, "gradle.lockfile"), strings.HasSuffix(lower, ".py.lock"):
		return true
	case strings.Contains(lower, "requirements") && (strings.HasSuffix(lower, ".txt") || strings.HasSuffix(lower, ".in")):
		return true
	case isWorkflowFile(p):
		return true
	}
	return detect.IsLicenseFile(base)
}

// isWorkflowFile matches GitHub Actions workflows and composite action metadata, whose `uses:` are packages.
func isWorkflowFile(p string) bool {
	ext := path.Ext(p)
	if ext != ".yml" && ext != ".yaml" {
		return false
	}
	dir, base := path.Dir(p), path.Base(p)
	return strings.HasSuffix("/"+dir, "/.github/workflows") || base == "action.yml" || base == "action.yaml"
}
