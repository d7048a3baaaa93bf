package depsdev

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Systems of deps.dev, as used in request paths.
const (
	SystemGo    = "go"
	SystemNPM   = "npm"
	SystemCargo = "cargo"
	SystemMaven = "maven"
	SystemPyPI  = "pypi"
	SystemNuGet = "nuget"
)

// purlSystems maps purl types to deps.dev systems.
var purlSystems = map[string]string{
	"golang": SystemGo,
	"npm":    SystemNPM,
	"cargo":  SystemCargo,
	"maven":  SystemMaven,
	"pypi":   SystemPyPI,
	"nuget":  SystemNuGet,
}

// ErrUnsupported is wrapped by KeyFromPURL for package types deps.dev does
// not cover (github actions, gems, debs...).
var ErrUnsupported = errors.New("package type not covered by deps.dev")

// VersionKey identifies a package version in deps.dev.
type VersionKey struct {
	System  string // one of the System constants
	Name    string // deps.dev package name, e.g. "@types/node", "org.slf4j:slf4j-api"
	Version string
}

// KeyFromPURL maps a package URL to a deps.dev version key: the purl type
// to a system, the name to deps.dev's form (npm "@scope/name", Maven
// "group:artifact", Go module path, PyPI normalized per PEP 503), and Go
// versions prefixed with "v". The purl must carry a version.
func KeyFromPURL(purl string) (VersionKey, error) {
	p, err := ParsePURL(purl)
	if err != nil {
		return VersionKey{}, err
	}
	system, ok := purlSystems[p.Type]
	if !ok {
		return VersionKey{}, fmt.Errorf("package URL %q: %w: %q", purl, ErrUnsupported, p.Type)
	}
	if p.Version == "" {
		return VersionKey{}, fmt.Errorf("package URL %q has no version", purl)
	}
	k := VersionKey{System: system, Name: p.FullName(), Version: p.Version}
	switch system {
	case SystemMaven:
		if p.Namespace == "" {
			return VersionKey{}, fmt.Errorf("package URL %q: maven purl needs a group namespace", purl)
		}
		k.Name = p.Namespace + ":" + p.Name
	case SystemPyPI:
		k.Name = normalizePyPI(p.Name)
	case SystemGo:
		if !strings.HasPrefix(k.Version, "v") {
			k.Version = "v" + k.Version
		}
	}
	return k, nil
}

var pypiSep = regexp.MustCompile(`[-_.]+`)

// normalizePyPI applies PEP 503 name normalization.
func normalizePyPI(name string) string {
	return pypiSep.ReplaceAllString(strings.ToLower(name), "-")
}
