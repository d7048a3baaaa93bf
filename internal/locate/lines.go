package locate

import (
	"strings"
	"unicode/utf8"
)

// normalizeLoneCR turns every "\r" that is not part of "\r\n" into "\n", so
// that all parsers count lines as YAML, XML and editors do: LF, CRLF and a lone
// CR each end a line. No supported format allows a raw CR inside a token, so the
// meaning of the content is unchanged.
func normalizeLoneCR(s string) string {
	i := strings.IndexByte(s, '\r')
	for i >= 0 && i+1 < len(s) && s[i+1] == '\n' {
		j := strings.IndexByte(s[i+2:], '\r')
		if j < 0 {
			return s
		}
		i += 2 + j
	}
	if i < 0 {
		return s
	}
	b := []byte(s)
	for k := i; k < len(b); k++ {
		if b[k] == '\r' && (k+1 == len(b) || b[k+1] != '\n') {
			b[k] = '\n'
		}
	}
	return string(b)
}

// lineScanner walks src one line at a time. Lines end at "\n"; a trailing "\r" is
// dropped, so CRLF files read like LF files.
type lineScanner struct {
	src  string
	pos  int
	num  int    // 1-based number of the current line
	text string // the current line without its terminator
}

func newLineScanner(src string) *lineScanner { return &lineScanner{src: src} }

// next advances to the next line and reports whether there was one.
func (l *lineScanner) next() bool {
	if l.pos >= len(l.src) {
		return false
	}
	end := strings.IndexByte(l.src[l.pos:], '\n')
	if end < 0 {
		l.text = l.src[l.pos:]
		l.pos = len(l.src)
	} else {
		l.text = l.src[l.pos : l.pos+end]
		l.pos += end + 1
	}
	l.text = strings.TrimSuffix(l.text, "\r")
	l.num++
	return true
}

// indentOf returns the number of leading spaces of s and whether a tab occurs in
// the leading whitespace.
func indentOf(s string) (n int, tab bool) {
	for n < len(s) {
		switch s[n] {
		case ' ':
			n++
		case '\t':
			return n, true
		default:
			return n, false
		}
	}
	return n, false
}

// column converts a byte offset within a line to a 1-based character column.
func column(line string, off int) int {
	if off > len(line) {
		off = len(line)
	}
	if off < 0 {
		off = 0
	}
	return utf8.RuneCountInString(line[:off]) + 1
}

// isBlankOrComment reports whether a line holds only whitespace or a comment that
// starts with one of the given prefixes.
func isBlankOrComment(s string, prefixes ...string) bool {
	t := strings.TrimLeft(s, " \t")
	if t == "" {
		return true
	}
	for _, p := range prefixes {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}
