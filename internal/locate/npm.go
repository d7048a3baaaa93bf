package locate

import (
	"strings"
)

// packageJSONSections are the dependency objects of package.json with their rank:
// runtime dependencies win over optional, dev and peer declarations of the same name.
var packageJSONSections = map[string]int{
	"dependencies":         0,
	"optionalDependencies": 1,
	"devDependencies":      2,
	"peerDependencies":     3,
}

// parsePackageJSON indexes the keys of the dependency objects of package.json.
func parsePackageJSON(src string, b *builder) error {
	s := newJSONScanner(src)
	err := s.object(func(key string, _ int) error {
		rank, ok := packageJSONSections[key]
		if !ok {
			return nil
		}
		return dependencyObject(s, b, rank)
	})
	if err != nil {
		return err
	}
	return s.finish()
}

// dependencyObject indexes an object of name → version-spec members. Other
// values (null, as some tools write) are skipped, as npm does.
func dependencyObject(s *jsonScanner, b *builder, rank int) error {
	if s.peek() != '{' {
		return s.skip()
	}
	return s.object(func(name string, line int) error {
		spec, _, err := s.stringOrSkip()
		b.add(name, line, rank, spec)
		return err
	})
}

// lockEntry accumulates the fields of one package-lock entry.
type lockEntry struct {
	name, version, resolved string
	link                    bool
}

// readLockEntry reads the fields of a package-lock entry object; children is
// called for a nested v1 "dependencies" object.
func readLockEntry(s *jsonScanner, children func() error) (lockEntry, error) {
	var e lockEntry
	err := s.object(func(key string, _ int) error {
		var err error
		switch key {
		case "name":
			e.name, _, err = s.stringOrSkip()
		case "version":
			e.version, _, err = s.stringOrSkip()
		case "resolved":
			e.resolved, _, err = s.stringOrSkip()
		case "link":
			e.link = s.peek() == 't'
		case "dependencies":
			if children != nil && s.peek() == '{' {
				err = children()
			}
		}
		return err
	})
	return e, err
}

// parsePackageLock indexes package-lock.json and npm-shrinkwrap.json: the
// "packages" map of lockfile v2/v3 and the nested "dependencies" tree of v1.
func parsePackageLock(src string, b *builder) error {
	s := newJSONScanner(src)
	err := s.object(func(key string, _ int) error {
		switch key {
		case "packages":
			return lockPackages(s, b)
		case "dependencies":
			return lockDependencies(s, b, 0)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.finish()
}

// lockV1Rank puts v1 tree entries behind v2/v3 "packages" entries, which a v2
// lockfile carries as well.
const lockV1Rank = 16

// workspaceFolder is a v2/v3 entry for a workspace folder ("packages/x"), whose
// name is only known from the link entry that points at it when the entry has
// no "name" field.
type workspaceFolder struct {
	path, version string
	line          int
}

// lockPackages indexes the "packages" object of lockfile v2/v3. A key is an
// install path: "" (the root project), "node_modules/a",
// "node_modules/a/node_modules/@s/b", or a workspace folder such as "packages/x".
func lockPackages(s *jsonScanner, b *builder) error {
	var folders []workspaceFolder
	links := make(map[string]string) // workspace folder → package name
	err := s.object(func(key string, line int) error {
		e, err := readLockEntry(s, nil)
		if err != nil {
			return err
		}
		name, rank := lockPathName(key)
		switch {
		case e.link:
			links[e.resolved] = name
			rank++ // the workspace folder entry is the real declaration
		case name == "" && e.name == "" && key != "":
			folders = append(folders, workspaceFolder{key, e.version, line})
			return nil
		case name == "":
			name = e.name
		}
		b.add(name, line, rank, e.version)
		if e.name != "" && e.name != name {
			b.add(e.name, line, rank, e.version) // npm alias: "node_modules/x": {"name": "real"}
		}
		return nil
	})
	for _, f := range folders {
		b.add(links[f.path], f.line, rankPrimary, f.version)
	}
	return err
}

// lockPathName derives the package name from a v2/v3 install path and ranks it
// by nesting: top-level node_modules entries are primary.
func lockPathName(key string) (name string, rank int) {
	const nm = "node_modules/"
	i := strings.LastIndex(key, nm)
	if i < 0 {
		if key == "" {
			return "", 4 // the root project: reported by syft, rarely the culprit
		}
		return "", rankPrimary // a workspace folder: the name is in the entry
	}
	rank = strings.Count(key, nm) - 1
	if !strings.HasPrefix(key, nm) {
		rank++ // nested under a workspace folder
	}
	return key[i+len(nm):], rank
}

// lockDependencies indexes the recursive "dependencies" object of lockfile v1.
func lockDependencies(s *jsonScanner, b *builder, depth int) error {
	return s.object(func(name string, line int) error {
		e, err := readLockEntry(s, func() error { return lockDependencies(s, b, depth+1) })
		if err != nil {
			return err
		}
		b.add(name, line, lockV1Rank+depth, e.version)
		return nil
	})
}
