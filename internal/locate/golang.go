package locate

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// goToken is one token of a go.mod or go.work line.
type goToken struct {
	text   string
	off    int // byte offset in the line
	quoted bool
}

// goTokens splits one line of go.mod syntax into tokens, dropping a "//"
// comment. Punctuation "(" and ")" is a token of its own only at the start of a
// token, as in golang.org/x/mod/modfile.
func goTokens(line string, num int) ([]goToken, error) {
	var toks []goToken
	i := 0
	for i < len(line) {
		r, size := utf8.DecodeRuneInString(line[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case strings.HasPrefix(line[i:], "//"):
			return toks, nil
		case strings.HasPrefix(line[i:], "/*"):
			return nil, errAt(num, column(line, i), "block comments are not allowed")
		case r == '(' || r == ')':
			toks = append(toks, goToken{text: line[i : i+1], off: i})
			i++
		case r == '"' || r == '`':
			tok, n, err := goQuoted(line, i, num)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i += n
		default:
			start := i
			for i < len(line) && !strings.HasPrefix(line[i:], "//") {
				r, size := utf8.DecodeRuneInString(line[i:])
				if unicode.IsSpace(r) {
					break
				}
				i += size
			}
			toks = append(toks, goToken{text: line[start:i], off: start})
		}
	}
	return toks, nil
}

// goQuoted reads an interpreted or raw Go string starting at line[i].
func goQuoted(line string, i, num int) (goToken, int, error) {
	q := line[i]
	j := i + 1
	for j < len(line) && line[j] != q {
		if q == '"' && line[j] == '\\' {
			j++
		}
		j++
	}
	if j >= len(line) {
		return goToken{}, 0, errAt(num, column(line, i), "unterminated quoted string")
	}
	s, err := strconv.Unquote(line[i : j+1])
	if err != nil {
		return goToken{}, 0, errAt(num, column(line, i), "invalid quoted string %s", line[i:j+1])
	}
	return goToken{text: s, off: i, quoted: true}, j + 1 - i, nil
}

func (t goToken) is(s string) bool { return !t.quoted && t.text == s }

// parseGoModSyntax indexes go.mod and go.work, including the block form
// "verb ( ... )": the module of every require directive, and both sides of every
// replace directive (the replacement target is the module that is built, so it
// ranks first; local directory replacements are not modules). The use directives
// of go.work name local directories and are not indexed.
func parseGoModSyntax(src string, b *builder) error {
	ls := newLineScanner(src)
	block, blockLine := "", 0
	for ls.next() {
		toks, err := goTokens(ls.text, ls.num)
		if err != nil {
			return err
		}
		if len(toks) == 0 {
			continue
		}
		if block != "" {
			if toks[0].is(")") {
				if len(toks) > 1 {
					return errAt(ls.num, column(ls.text, toks[1].off), "unexpected %q after ')'", toks[1].text)
				}
				block = ""
				continue
			}
			if err := goDirective(b, block, toks, ls.text, ls.num); err != nil {
				return err
			}
			continue
		}
		switch {
		case toks[0].is(")") || toks[0].is("("):
			return errAt(ls.num, column(ls.text, toks[0].off), "unexpected %q", toks[0].text)
		case len(toks) == 2 && toks[1].is("("):
			block, blockLine = toks[0].text, ls.num
		default:
			if err := goDirective(b, toks[0].text, toks[1:], ls.text, ls.num); err != nil {
				return err
			}
		}
	}
	if block != "" {
		return errAt(blockLine, 1, "%s block is not closed", block)
	}
	return nil
}

// goDirective indexes one require or replace directive; other verbs are ignored.
func goDirective(b *builder, verb string, args []goToken, line string, num int) error {
	for _, a := range args {
		if a.is("(") || a.is(")") {
			return errAt(num, column(line, a.off), "unexpected %q", a.text)
		}
	}
	switch verb {
	case "require":
		if len(args) != 2 {
			return errAt(num, argsColumn(line, args), "usage: require module/path v1.2.3")
		}
		b.add(args[0].text, num, rankPrimary, args[1].text)
	case "replace":
		return goReplace(b, args, line, num)
	}
	return nil
}

// argsColumn is the column of a directive's first argument, or of the line's
// first non-blank character when there is none.
func argsColumn(line string, args []goToken) int {
	if len(args) > 0 {
		return column(line, args[0].off)
	}
	return column(line, len(line)-len(strings.TrimLeft(line, " \t")))
}

// goReplace indexes "old [v] => new [v]".
func goReplace(b *builder, args []goToken, line string, num int) error {
	arrow := -1
	for i, a := range args {
		if a.is("=>") {
			arrow = i
			break
		}
	}
	n := len(args) - arrow - 1
	if arrow < 1 || arrow > 2 || n < 1 || n > 2 {
		return errAt(num, argsColumn(line, args), "usage: replace module/path [v1.2.3] => other/module v1.4.5 | ../local/dir")
	}
	oldVersion, newVersion := "", ""
	if arrow == 2 {
		oldVersion = args[1].text
	}
	if n == 2 {
		newVersion = args[arrow+2].text
	}
	if target := args[arrow+1].text; !isLocalPath(target) {
		b.add(target, num, rankPrimary, newVersion)
	}
	b.add(args[0].text, num, rankSecondary, oldVersion)
	return nil
}

// isLocalPath reports whether a replacement target is a directory, as the go
// command decides it.
func isLocalPath(p string) bool {
	return p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") ||
		strings.HasPrefix(p, "/") || strings.HasPrefix(p, `.\`) || strings.HasPrefix(p, `..\`) ||
		len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
}

// parseModulesTxt indexes the "# module version" lines of vendor/modules.txt,
// including replaced modules ("# old v1 => new v2" and "# old => ../dir").
func parseModulesTxt(src string, b *builder) error {
	ls := newLineScanner(src)
	for ls.next() {
		rest, ok := strings.CutPrefix(ls.text, "# ")
		if !ok {
			continue // package lines and "## explicit" annotations
		}
		f := strings.Fields(rest)
		arrow := -1
		for i, s := range f {
			if s == "=>" {
				arrow = i
			}
		}
		switch {
		case arrow < 0 && len(f) == 2:
			b.add(f[0], ls.num, rankPrimary, f[1])
		case arrow == 1 || arrow == 2:
			if err := vendorReplace(b, f, arrow, ls.num); err != nil {
				return err
			}
		default:
			return errAt(ls.num, 1, "malformed module line %q", truncate(ls.text, 80))
		}
	}
	return nil
}

// vendorReplace indexes a "# old [v] => new [v]" line of vendor/modules.txt.
func vendorReplace(b *builder, f []string, arrow, num int) error {
	n := len(f) - arrow - 1
	if n < 1 || n > 2 {
		return errAt(num, 1, "malformed module replacement")
	}
	oldVersion, newVersion := "", ""
	if arrow == 2 {
		oldVersion = f[1]
	}
	if n == 2 {
		newVersion = f[arrow+2]
	}
	b.add(f[0], num, rankPrimary, oldVersion)
	if !isLocalPath(f[arrow+1]) {
		b.add(f[arrow+1], num, rankPrimary, newVersion)
	}
	return nil
}
