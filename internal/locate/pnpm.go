package locate

import (
	"strconv"
	"strings"
)

// pnpmSectionRank lists the top-level sections of pnpm-lock.yaml whose keys are
// packages: "packages" (every lockfile version) and "snapshots" (v9, the same
// packages with peer suffixes).
var pnpmSectionRank = map[string]int{"packages": rankPrimary, "snapshots": rankSecondary}

// parsePnpmLock indexes the package keys of pnpm-lock.yaml:
//
//	/name/1.2.3_peer@1.0.0:     lockfile v5
//	/@scope/name@1.2.3(peer@1.0.0):  lockfile v6
//	'@scope/name@1.2.3':        lockfile v9 (packages and snapshots)
//
// The file is scanned line by line rather than decoded as YAML: pnpm writes a
// fixed block layout, and the keys sit at one indentation inside a top-level
// section. Several YAML documents ("---") are allowed.
func parsePnpmLock(src string, b *builder) error {
	ls := newLineScanner(src)
	major, section, childIndent := 0, "", -1
	for ls.next() {
		if isBlankOrComment(ls.text, "#") {
			continue
		}
		ind, tab := indentOf(ls.text)
		if tab {
			return errAt(ls.num, ind+1, "tab character in indentation")
		}
		if ind == 0 {
			if isYAMLDocMarker(ls.text) {
				major, section = 0, ""
				continue
			}
			key, val, err := yamlKey(ls.text, 0, ls.num)
			if err != nil {
				return err
			}
			section, childIndent = key, -1
			if key == "lockfileVersion" {
				major = pnpmMajor(val)
			}
			continue
		}
		rank, ok := pnpmSectionRank[section]
		if !ok {
			continue
		}
		if childIndent < 0 {
			childIndent = ind
		}
		if ind != childIndent {
			continue
		}
		key, _, err := yamlKey(ls.text, ind, ls.num)
		if err != nil {
			return err
		}
		name, version := pnpmPackageKey(key, major)
		b.add(name, ls.num, rank, version)
	}
	return nil
}

func isYAMLDocMarker(s string) bool {
	return s == "---" || s == "..." || strings.HasPrefix(s, "--- ") || strings.HasPrefix(s, "... ")
}

// pnpmMajor reads the major lockfile version from "'9.0'", "5.4" or "\"6.0\"".
func pnpmMajor(v string) int {
	v = strings.Trim(v, `'"`)
	if i := strings.IndexByte(v, '.'); i >= 0 {
		v = v[:i]
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// pnpmPackageKey splits a package key into name and version, dropping the peer
// suffix.
func pnpmPackageKey(key string, major int) (name, version string) {
	k := strings.TrimPrefix(key, "/")
	if i := strings.IndexByte(k, '('); i > 0 {
		k = k[:i]
	}
	if atStyle(k, major) {
		if n, v, ok := splitNameAt(k); ok {
			return n, v
		}
		return k, ""
	}
	i := strings.LastIndexByte(k, '/')
	if i <= 0 {
		return k, ""
	}
	name, version = k[:i], k[i+1:]
	if j := strings.IndexByte(version, '_'); j >= 0 {
		version = version[:j]
	}
	return name, version
}

// atStyle reports whether a key uses name@version (lockfile v6 and later) rather
// than name/version (v5). Without a lockfileVersion it decides from the shape:
// the part before the "@" must be a plain or scoped package name.
func atStyle(k string, major int) bool {
	switch {
	case major >= 6:
		return true
	case major > 0:
		return false
	}
	name, _, ok := splitNameAt(k)
	if !ok {
		return false
	}
	slashes := 0
	if strings.HasPrefix(name, "@") {
		slashes = 1
	}
	return strings.Count(name, "/") == slashes
}

// yamlKey reads a block mapping key that starts at s[ind:], plain or quoted, and
// returns it with the text after the colon.
func yamlKey(s string, ind, num int) (key, rest string, err error) {
	t := s[ind:]
	n, ok := 0, true
	switch t[0] {
	case '\'':
		key, n, ok = yamlSingleQuoted(t)
	case '"':
		key, n, ok = yamlDoubleQuoted(t)
	case '?', '-', '[', '{', '&', '*', '!', '|', '>', '%', '@', '`':
		return "", "", errAt(num, column(s, ind), "expected a mapping key, found %q", t[:1])
	default:
		n = plainKeyEnd(t)
		key = strings.TrimRight(t[:n], " \t")
	}
	if !ok {
		return "", "", errAt(num, column(s, ind), "unterminated quoted key")
	}
	after := strings.TrimLeft(t[n:], " \t")
	if !strings.HasPrefix(after, ":") || key == "" {
		return "", "", errAt(num, column(s, ind+n), "expected 'key:'")
	}
	rest = strings.TrimSpace(after[1:])
	if strings.HasPrefix(rest, "#") {
		rest = ""
	}
	return key, rest, nil
}

// plainKeyEnd returns the length of a plain scalar key: it ends at ": ", at a
// final ":", or at " #".
func plainKeyEnd(t string) int {
	for i := 0; i < len(t); i++ {
		switch {
		case t[i] == ':' && (i+1 == len(t) || t[i+1] == ' ' || t[i+1] == '\t'):
			return i
		case t[i] == '#' && i > 0 && (t[i-1] == ' ' || t[i-1] == '\t'):
			return i
		}
	}
	return len(t)
}

// yamlSingleQuoted reads 'text' where ” is an escaped quote.
func yamlSingleQuoted(t string) (string, int, bool) {
	var b strings.Builder
	for i := 1; i < len(t); i++ {
		if t[i] != '\'' {
			b.WriteByte(t[i])
			continue
		}
		if i+1 < len(t) && t[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		return b.String(), i + 1, true
	}
	return "", 0, false
}

// yamlDoubleQuoted reads "text" with backslash escapes.
func yamlDoubleQuoted(t string) (string, int, bool) {
	for i := 1; i < len(t); i++ {
		switch t[i] {
		case '\\':
			i++
		case '"':
			s, err := strconv.Unquote(t[:i+1])
			if err != nil {
				s = t[1:i] // YAML escapes beyond Go's are kept verbatim
			}
			return s, i + 1, true
		}
	}
	return "", 0, false
}
