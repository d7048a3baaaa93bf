package locate

import (
	"slices"
	"strings"
)

// yarnEntry is one block of a yarn.lock: a header naming one or more
// descriptors, then indented fields.
type yarnEntry struct {
	line    int
	names   []string
	version string
}

// parseYarnLock indexes yarn.lock, classic (v1) and berry (v2+). Each block's
// header line is indexed under every package name it names, including the target
// of npm: aliases and the name in a berry "resolution" field, with the block's
// version.
func parseYarnLock(src string, b *builder) error {
	ls := newLineScanner(src)
	var cur *yarnEntry
	fieldIndent := -1
	flush := func() {
		if cur != nil {
			slices.Sort(cur.names)
			for _, n := range slices.Compact(cur.names) {
				b.add(n, cur.line, rankPrimary, cur.version)
			}
		}
	}
	for ls.next() {
		if isBlankOrComment(ls.text, "#") {
			continue
		}
		ind, tab := indentOf(ls.text)
		if tab {
			return errAt(ls.num, ind+1, "tab character in indentation")
		}
		if ind == 0 {
			flush()
			e, err := yarnHeader(ls.text, ls.num)
			if err != nil {
				return err
			}
			cur, fieldIndent = e, -1
			continue
		}
		if cur == nil {
			return errAt(ls.num, ind+1, "indented line outside an entry")
		}
		if fieldIndent < 0 {
			fieldIndent = ind
		}
		if ind == fieldIndent {
			yarnField(cur, ls.text[ind:])
		}
	}
	flush()
	return nil
}

// yarnHeader parses a header line such as
//
//	loose-envify@^1.1.0, loose-envify@^1.4.0:
//	"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.8.3":
//	"@scope/name@npm:^1.2.0, @scope/name@npm:^1.3.0":
func yarnHeader(line string, num int) (*yarnEntry, error) {
	h := strings.TrimRight(line, " \t")
	if !strings.HasSuffix(h, ":") {
		return nil, errAt(num, column(line, len(h)), "expected ':' at the end of an entry header")
	}
	h = h[:len(h)-1]
	e := &yarnEntry{line: num}
	if h == "__metadata" {
		return e, nil
	}
	descs, err := yarnDescriptors(h, line, num)
	if err != nil {
		return nil, err
	}
	if len(descs) == 0 {
		return nil, errAt(num, 1, "empty entry header")
	}
	for _, d := range descs {
		name, rng, ok := splitNameAt(d)
		if !ok {
			return nil, errAt(num, 1, "invalid descriptor %q: expected name@range", truncate(d, 80))
		}
		e.addName(name)
		if target, ok := npmAliasTarget(rng); ok {
			e.addName(target)
		}
	}
	return e, nil
}

// addName records a name; duplicates are removed when the entry is flushed.
func (e *yarnEntry) addName(n string) { e.names = append(e.names, n) }

// yarnDescriptors splits a header into descriptors. v1 quotes each descriptor
// that needs it; berry quotes the whole comma-separated list.
func yarnDescriptors(h, line string, num int) ([]string, error) {
	var out []string
	i := 0
	for i < len(h) {
		for i < len(h) && h[i] == ' ' {
			i++
		}
		var tok string
		if i < len(h) && h[i] == '"' {
			s, n, ok := yarnUnquote(h[i:])
			if !ok {
				return nil, errAt(num, column(line, i), "unterminated quoted descriptor")
			}
			tok, i = s, i+n
		} else {
			j := strings.IndexByte(h[i:], ',')
			if j < 0 {
				j = len(h) - i
			}
			tok, i = h[i:i+j], i+j
		}
		for _, d := range strings.Split(tok, ",") {
			if d = strings.TrimSpace(d); d != "" {
				out = append(out, d)
			}
		}
		for i < len(h) && h[i] == ' ' {
			i++
		}
		if i < len(h) && h[i] != ',' {
			return nil, errAt(num, column(line, i), "expected ',' between descriptors")
		}
		i++
	}
	return out, nil
}

// yarnUnquote reads a double-quoted string at the start of s and returns its
// value and length.
func yarnUnquote(s string) (string, int, bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '"':
			return b.String(), i + 1, true
		case '\\':
			if i+1 < len(s) {
				i++
			}
		}
		b.WriteByte(s[i])
	}
	return "", 0, false
}

// splitNameAt splits "name@range" or "@scope/name@range" at the separating "@".
func splitNameAt(d string) (name, rest string, ok bool) {
	start := 0
	if strings.HasPrefix(d, "@") {
		start = 1
	}
	i := strings.IndexByte(d[start:], '@')
	if i < 0 || start+i == 0 {
		return "", "", false
	}
	return d[:start+i], d[start+i+1:], true
}

// npmAliasTarget returns the real package of an alias range "npm:real@^1.0.0".
func npmAliasTarget(rng string) (string, bool) {
	r, ok := strings.CutPrefix(rng, "npm:")
	if !ok {
		return "", false
	}
	name, _, ok := splitNameAt(r)
	return name, ok
}

// yarnField reads one field of an entry: `version "1.2.3"` (v1) or
// `version: 1.2.3` and `resolution: "name@npm:1.2.3"` (berry).
func yarnField(e *yarnEntry, s string) {
	key, val := s, ""
	if i := strings.IndexAny(s, " :"); i >= 0 {
		key, val = s[:i], strings.TrimSpace(s[i:])
	}
	val = strings.TrimSpace(strings.TrimPrefix(val, ":"))
	if strings.HasPrefix(val, `"`) {
		if v, _, ok := yarnUnquote(val); ok {
			val = v
		}
	}
	switch key {
	case "version":
		e.version = val
	case "resolution":
		if name, _, ok := splitNameAt(val); ok {
			e.addName(name)
		}
	}
}
