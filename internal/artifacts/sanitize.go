package artifacts

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sanitizeText makes a license or notice text from the scanned tree safe to print and stable to compare:
// valid UTF-8, LF line ends, form feeds as line breaks, no trailing blanks, and every other control or
// bidirectional-formatting character shown as an escape, so a text cannot rewrite a terminal or hide a
// reordered passage.
func sanitizeText(b []byte) string {
	b = trimPartialRune(b)
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\f", "\n").Replace(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(escapeControls(l), unicode.IsSpace)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// trimPartialRune drops an incomplete UTF-8 sequence left at the end by a size cut.
func trimPartialRune(b []byte) []byte {
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < utf8.RuneSelf {
			return b
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

// escapeControls shows control characters (other than tab), line and paragraph separators and bidirectional
// controls as escapes.
func escapeControls(s string) string {
	if strings.IndexFunc(s, isHidden) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !isHidden(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

func isHidden(r rune) bool {
	if r == '\t' {
		return false
	}
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}

// oneLine makes a value from the scanned tree (a package name, a path) safe on one line of text.
func oneLine(s string) string {
	return escapeControls(strings.ToValidUTF8(strings.ReplaceAll(s, "\t", " "), "\uFFFD"))
}
