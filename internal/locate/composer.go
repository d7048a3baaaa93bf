package locate

// parseComposerLock indexes the "packages" and "packages-dev" arrays of
// composer.lock at the line of each package's "name" member.
func parseComposerLock(src string, b *builder) error {
	s := newJSONScanner(src)
	err := s.object(func(key string, _ int) error {
		switch key {
		case "packages":
			return composerPackages(s, b, rankPrimary)
		case "packages-dev":
			return composerPackages(s, b, rankSecondary)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.finish()
}

func composerPackages(s *jsonScanner, b *builder, rank int) error {
	return s.array(func(int) error {
		var name, version string
		var nameLine int
		err := s.object(func(key string, line int) error {
			var err error
			switch key {
			case "name":
				name, _, err = s.stringOrSkip()
				nameLine = line
			case "version":
				version, _, err = s.stringOrSkip()
			}
			return err
		})
		if err != nil {
			return err
		}
		b.add(name, nameLine, rank, version)
		return nil
	})
}

// composerSections are the dependency objects of composer.json.
var composerSections = map[string]int{"require": rankPrimary, "require-dev": rankSecondary}

// parseComposerJSON indexes the "require" and "require-dev" objects of
// composer.json. Platform requirements ("php", "ext-json") are not packages and
// are left out.
func parseComposerJSON(src string, b *builder) error {
	s := newJSONScanner(src)
	err := s.object(func(key string, _ int) error {
		rank, ok := composerSections[key]
		if !ok {
			return nil
		}
		return s.object(func(name string, line int) error {
			spec, _, err := s.stringOrSkip()
			if isComposerPackage(name) {
				b.add(name, line, rank, spec)
			}
			return err
		})
	})
	if err != nil {
		return err
	}
	return s.finish()
}

// isComposerPackage reports whether a require key names a package ("vendor/name")
// rather than a platform requirement.
func isComposerPackage(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] == '/' {
			return i > 0 && i < len(name)-1
		}
	}
	return false
}
