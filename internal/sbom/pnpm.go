package sbom

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/anchore/syft/syft/file"
	"github.com/anchore/syft/syft/pkg"
	"gopkg.in/yaml.v3"
)

// maxPnpmLock bounds the pnpm lockfile read for development scopes (the gate's size limits apply first).
const maxPnpmLock = 64 << 20

// pnpmV9 is the part of a pnpm lockfile (version 9 and later) that says which packages only development
// dependencies bring in. Version 9 dropped the `dev: true` flags of earlier versions, so syft cannot tell;
// the answer is reachability: from each importer's dependencies and optionalDependencies through the
// snapshots' dependencies, against the same walk from devDependencies.
type pnpmV9 struct {
	LockfileVersion string                `yaml:"lockfileVersion"`
	Importers       map[string]pnpmImport `yaml:"importers"`
	Snapshots       map[string]pnpmSnap   `yaml:"snapshots"`
}

type pnpmImport struct {
	Dependencies         map[string]pnpmDep `yaml:"dependencies"`
	OptionalDependencies map[string]pnpmDep `yaml:"optionalDependencies"`
	DevDependencies      map[string]pnpmDep `yaml:"devDependencies"`
}

type pnpmDep struct {
	Version string `yaml:"version"`
}

type pnpmSnap struct {
	Dependencies         map[string]string `yaml:"dependencies"`
	OptionalDependencies map[string]string `yaml:"optionalDependencies"`
}

// pnpmDevOnly reads a pnpm lockfile and returns the packages ("name@version") that only development
// dependencies bring in. It returns nil for lockfiles before version 9 (syft reads their dev flags) and for
// lockfiles it cannot read (syft names those).
func pnpmDevOnly(r io.Reader) (map[string]bool, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxPnpmLock+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxPnpmLock {
		return nil, fmt.Errorf("over %d bytes", maxPnpmLock)
	}
	var lock pnpmV9
	if err := yaml.Unmarshal(b, &lock); err != nil {
		return nil, err
	}
	major, _, _ := strings.Cut(strings.Trim(lock.LockfileVersion, `'"`), ".")
	if n, err := strconv.Atoi(major); err != nil || n < 9 {
		return nil, nil
	}
	walk := func(roots []string) map[string]bool {
		seen := map[string]bool{}
		stack := roots
		for len(stack) > 0 {
			k := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[k] {
				continue
			}
			seen[k] = true
			s := lock.Snapshots[k]
			for name, v := range s.Dependencies {
				if key, ok := pnpmKey(name, v); ok {
					stack = append(stack, key)
				}
			}
			for name, v := range s.OptionalDependencies {
				if key, ok := pnpmKey(name, v); ok {
					stack = append(stack, key)
				}
			}
		}
		return seen
	}
	var prodRoots, devRoots []string
	for _, imp := range lock.Importers {
		for _, deps := range []map[string]pnpmDep{imp.Dependencies, imp.OptionalDependencies} {
			for name, d := range deps {
				if key, ok := pnpmKey(name, d.Version); ok {
					prodRoots = append(prodRoots, key)
				}
			}
		}
		for name, d := range imp.DevDependencies {
			if key, ok := pnpmKey(name, d.Version); ok {
				devRoots = append(devRoots, key)
			}
		}
	}
	prod := map[string]bool{}
	for k := range walk(prodRoots) {
		prod[pnpmNameVersion(k)] = true
	}
	dev := map[string]bool{}
	for k := range walk(devRoots) {
		if nv := pnpmNameVersion(k); !prod[nv] {
			dev[nv] = true
		}
	}
	return dev, nil
}

// pnpmKey is the snapshot key of a dependency: name@version(peers), or the value itself when it names another
// package (an alias, "string-width@4.2.3"). Links to workspace directories have none.
func pnpmKey(name, version string) (string, bool) {
	switch {
	case version == "", strings.HasPrefix(version, "link:"), strings.HasPrefix(version, "file:"):
		return "", false
	case strings.LastIndex(strings.SplitN(version, "(", 2)[0], "@") > 0:
		return version, true
	}
	return name + "@" + version, true
}

// pnpmNameVersion drops the peer-dependency suffix of a snapshot key: "a@1.0.0(b@2.0.0)" is "a@1.0.0".
func pnpmNameVersion(key string) string {
	nv, _, _ := strings.Cut(key, "(")
	return nv
}

// pnpmDevScopes reads every pnpm lockfile the resolver finds and returns, by path (slash-separated, without
// a leading slash), the packages only development dependencies bring in.
func pnpmDevScopes(r file.Resolver) map[string]map[string]bool {
	locs, err := r.FilesByGlob("**/pnpm-lock.yaml")
	if err != nil || len(locs) == 0 {
		return nil
	}
	out := map[string]map[string]bool{}
	for _, loc := range locs {
		if isInstalledPath(strings.TrimPrefix(loc.RealPath, "/")) {
			continue
		}
		rc, err := r.FileContentsByLocation(loc)
		if err != nil {
			continue
		}
		dev, err := pnpmDevOnly(rc)
		rc.Close()
		if err == nil && dev != nil {
			out[strings.TrimPrefix(loc.RealPath, "/")] = dev
		}
	}
	return out
}

// devInPnpm says whether p, found in pnpm lockfiles of version 9 or later, is brought in only by development
// dependencies in every one of them.
func (r *Result) devInPnpm(p pkg.Package) bool {
	if len(r.PnpmDev) == 0 || p.FoundBy != "javascript-lock-cataloger" {
		return false
	}
	found := false
	for _, l := range p.Locations.ToSlice() {
		dev, ok := r.PnpmDev[strings.TrimPrefix(l.RealPath, "/")]
		if !ok {
			continue
		}
		if !dev[p.Name+"@"+p.Version] {
			return false
		}
		found = true
	}
	return found
}
