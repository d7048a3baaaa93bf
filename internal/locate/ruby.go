package locate

import (
	"strings"
)

// gemSpecSections are the Gemfile.lock sections whose "specs:" list resolved gems.
var gemSpecSections = map[string]bool{"GEM": true, "GIT": true, "PATH": true, "PLUGIN SOURCE": true}

// parseGemfileLock indexes Gemfile.lock (and gems.locked): every resolved gem
// under "specs:" ("    rails (4.1.1)"), and, ranked after them, the direct
// dependencies listed under DEPENDENCIES ("  rails (= 4.1.1)") and the
// requirements of each spec ("      activerecord (= 4.1.1)"), which point at the
// gem that brought a dependency in when it has no spec of its own.
func parseGemfileLock(src string, b *builder) error {
	ls := newLineScanner(src)
	section := ""
	for ls.next() {
		if strings.TrimSpace(ls.text) == "" {
			continue
		}
		ind, tab := indentOf(ls.text)
		if tab {
			return errAt(ls.num, ind+1, "tab character in indentation")
		}
		switch {
		case ind == 0:
			section = strings.TrimSpace(ls.text)
		case gemSpecSections[section] && ind == 4:
			name, version, err := gemSpec(ls.text, ind, ls.num)
			if err != nil {
				return err
			}
			b.add(name, ls.num, rankPrimary, version)
		case gemSpecSections[section] && ind == 6:
			name, _, err := gemSpec(ls.text, ind, ls.num)
			if err != nil {
				return err
			}
			b.add(name, ls.num, rankSecondary+1, "")
		case section == "DEPENDENCIES" && ind == 2:
			name, _, err := gemSpec(ls.text, ind, ls.num)
			if err != nil {
				return err
			}
			b.add(strings.TrimSuffix(name, "!"), ls.num, rankSecondary, "")
		}
	}
	return nil
}

// gemSpec parses "name (version)" or, under DEPENDENCIES, "name", "name!" and
// "name (>= 1, < 2)".
func gemSpec(line string, ind, num int) (name, version string, err error) {
	t := strings.TrimRight(line[ind:], " ")
	name, rest, hasVersion := strings.Cut(t, " ")
	if name == "" || strings.ContainsAny(name, "()") {
		return "", "", errAt(num, ind+1, "expected a gem name")
	}
	if !hasVersion {
		return name, "", nil
	}
	if !strings.HasPrefix(rest, "(") || !strings.HasSuffix(rest, ")") {
		return "", "", errAt(num, column(line, ind+len(name)+1), "expected \"(version)\" after gem name")
	}
	return name, rest[1 : len(rest)-1], nil
}
