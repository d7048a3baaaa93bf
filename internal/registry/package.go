package registry

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/depsdev"
)

// Package names one package to resolve. PURL is preferred; without one,
// Type (a syft package type such as "npm", "go-module", "python",
// "rust-crate", "java-archive", "dotnet", or a purl type), Name, Version and,
// for Maven, Group (or a "group:artifact" Name) are used.
type Package struct {
	PURL    string `json:"purl,omitempty"`
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
	Type    string `json:"type,omitempty"`
	Group   string `json:"group,omitempty"`
}

// ecosystem is a purl type this package has sources for.
type ecosystem string

const (
	ecoNPM   ecosystem = "npm"
	ecoGo    ecosystem = "golang"
	ecoPyPI  ecosystem = "pypi"
	ecoCargo ecosystem = "cargo"
	ecoMaven ecosystem = "maven"
	ecoNuGet ecosystem = "nuget"
)

// chains lists the sources of each ecosystem, in order.
var chains = map[ecosystem][]Source{
	ecoNPM:   {SourceDepsDev, SourceNPM},
	ecoGo:    {SourceDepsDev, SourceGoProxy},
	ecoPyPI:  {SourceDepsDev, SourcePyPI},
	ecoCargo: {SourceDepsDev, SourceCrates},
	ecoMaven: {SourceDepsDev, SourceMaven},
	ecoNuGet: {SourceDepsDev},
}

// typeAliases maps syft package types and purl types to ecosystems.
var typeAliases = map[string]ecosystem{
	"npm": ecoNPM, "go-module": ecoGo, "golang": ecoGo, "python": ecoPyPI, "pypi": ecoPyPI,
	"rust-crate": ecoCargo, "cargo": ecoCargo, "java-archive": ecoMaven, "maven": ecoMaven,
	"dotnet": ecoNuGet, "nuget": ecoNuGet,
}

// errNoSource is wrapped for packages of a type no online source covers.
var errNoSource = errors.New("no online license source for this package type")

// target is a package in the form the sources need.
type target struct {
	eco     ecosystem
	name    string // npm "@scope/name", Go module path, PyPI/crate/NuGet name, Maven artifactId
	group   string // Maven groupId
	version string // Go versions start with "v"
}

// key identifies the package version for deduplication.
func (t target) key() string {
	return string(t.eco) + "\x00" + t.group + "\x00" + t.name + "\x00" + t.version
}

// display names the package in notes.
func (t target) display() string {
	if t.group != "" {
		return t.group + ":" + t.name + "@" + t.version
	}
	return t.name + "@" + t.version
}

// depsDevKey returns the deps.dev version key of t.
func (t target) depsDevKey() depsdev.VersionKey {
	k := depsdev.VersionKey{Name: t.name, Version: t.version}
	switch t.eco {
	case ecoNPM:
		k.System = depsdev.SystemNPM
	case ecoGo:
		k.System = depsdev.SystemGo
	case ecoPyPI:
		k.System, k.Name = depsdev.SystemPyPI, normalizePyPI(t.name)
	case ecoCargo:
		k.System = depsdev.SystemCargo
	case ecoMaven:
		k.System, k.Name = depsdev.SystemMaven, t.group+":"+t.name
	case ecoNuGet:
		k.System = depsdev.SystemNuGet
	}
	return k
}

var pypiSep = regexp.MustCompile(`[-_.]+`)

// normalizePyPI applies PEP 503 name normalisation.
func normalizePyPI(name string) string {
	return pypiSep.ReplaceAllString(strings.ToLower(name), "-")
}

// targetOf maps p to a target, from its purl when it has one.
func targetOf(p Package) (target, error) {
	var t target
	if strings.TrimSpace(p.PURL) != "" {
		u, err := depsdev.ParsePURL(p.PURL)
		if err != nil {
			return target{}, err
		}
		eco, ok := typeAliases[u.Type]
		if !ok {
			return target{}, fmt.Errorf("%w: %q", errNoSource, u.Type)
		}
		t = target{eco: eco, name: u.FullName(), version: u.Version}
		if eco == ecoMaven {
			t.group, t.name = u.Namespace, u.Name
		}
	} else {
		eco, ok := typeAliases[strings.ToLower(p.Type)]
		if !ok {
			return target{}, fmt.Errorf("%w: %q", errNoSource, p.Type)
		}
		t = target{eco: eco, name: strings.TrimSpace(p.Name), group: strings.TrimSpace(p.Group), version: strings.TrimSpace(p.Version)}
		if g, a, ok := strings.Cut(t.name, ":"); eco == ecoMaven && t.group == "" && ok {
			t.group, t.name = g, a
		}
	}
	if t.eco == ecoGo && t.version != "" && !strings.HasPrefix(t.version, "v") {
		t.version = "v" + t.version
	}
	return t, t.check()
}

// nameRE bounds the characters of names and versions of every ecosystem to
// those registries accept, so that no value can change a URL's meaning.
var (
	npmNameRE  = regexp.MustCompile(`^(@[a-zA-Z0-9][\w.~-]*/)?[a-zA-Z0-9_.~-][\w.~-]*$`)
	goPathRE   = regexp.MustCompile(`^[a-zA-Z0-9][\w.~+-]*(/[\w.~+-]+)*$`)
	simpleRE   = regexp.MustCompile(`^[a-zA-Z0-9][\w.+-]*$`) // PyPI, crates, Maven ids, NuGet
	versionRE  = regexp.MustCompile(`^[a-zA-Z0-9][\w.+!~-]*$`)
	maxNameLen = 512
)

// check validates the name and version of t for its ecosystem.
func (t target) check() error {
	if t.version == "" {
		return errors.New("no version: online sources need an exact version")
	}
	if len(t.name) > maxNameLen || len(t.group) > maxNameLen || len(t.version) > 256 {
		return errors.New("name or version too long")
	}
	if !versionRE.MatchString(t.version) || strings.Contains(t.version, "..") {
		return fmt.Errorf("version %q is not a plain version", t.version)
	}
	re := simpleRE
	switch t.eco {
	case ecoNPM:
		re = npmNameRE
	case ecoGo:
		re = goPathRE
	case ecoMaven:
		if !simpleRE.MatchString(t.group) {
			return fmt.Errorf("maven groupId %q is missing or invalid", t.group)
		}
	}
	if !re.MatchString(t.name) || hasDotSegment(t.name) {
		return fmt.Errorf("name %q is not a valid %s package name", t.name, t.eco)
	}
	return nil
}

// hasDotSegment reports whether a slash-separated name has a "." or ".."
// element.
func hasDotSegment(name string) bool {
	for _, seg := range strings.Split(name, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}
