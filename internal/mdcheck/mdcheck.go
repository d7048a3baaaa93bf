// Package mdcheck reads Markdown the way GitHub's renderer splits it into blocks, for tests that prove a
// summary, comment or report built from hostile values cannot break out of its structure: fenced blocks close
// only at their own fence, table rows keep their column count, and no HTML appears outside code but the
// <details> and <summary> ospo-gate writes itself.
package mdcheck

import (
	"fmt"
	"strings"
)

// Check returns the first structural problem of md, or nil. Block quotes ("> ") are read through.
func Check(md string) error {
	fence := 0     // length of the open backtick fence, 0 outside a fenced block
	tableCols := 0 // cell separators per row of the current table, 0 outside a table
	details := 0
	for i, raw := range strings.Split(md, "\n") {
		line := raw
		if rest, ok := strings.CutPrefix(line, ">"); ok {
			line = strings.TrimPrefix(rest, " ")
		}
		if fence > 0 {
			if ClosesFence(line, fence) {
				if strings.TrimSpace(line) != strings.Repeat("`", fence) {
					return fmt.Errorf("line %d %q closes a fenced block it did not open", i+1, raw)
				}
				fence = 0
			}
			continue
		}
		if trimmed := strings.TrimLeft(line, " "); len(line)-len(trimmed) <= 3 && strings.HasPrefix(trimmed, "```") {
			n := len(trimmed) - len(strings.TrimLeft(trimmed, "`"))
			if strings.Contains(trimmed[n:], "`") {
				return fmt.Errorf("line %d %q: a fence with a backtick in its info string", i+1, raw)
			}
			fence = n
			continue
		}
		if strings.HasPrefix(raw, "|") {
			n := CountPipes(raw)
			if tableCols == 0 {
				tableCols = n
			} else if n != tableCols {
				return fmt.Errorf("table row %d %q has %d cell separators, the table %d", i+1, raw, n, tableCols)
			}
		} else {
			tableCols = 0
		}
		text := StripCodeSpans(line)
		details += strings.Count(text, "<details>") - strings.Count(text, "</details>")
		for _, tag := range []string{"<details>", "</details>", "<summary>", "</summary>"} {
			text = strings.ReplaceAll(text, tag, "")
		}
		if strings.Contains(text, "<") {
			return fmt.Errorf("line %d %q has HTML outside code", i+1, raw)
		}
	}
	if fence > 0 {
		return fmt.Errorf("a fenced block is never closed")
	}
	if details != 0 {
		return fmt.Errorf("unbalanced <details>")
	}
	return nil
}

// ClosesFence reports whether a line would close a backtick fence of n characters (CommonMark: up to three
// spaces, at least n backticks, then only spaces or tabs).
func ClosesFence(line string, n int) bool {
	l := strings.TrimLeft(line, " ")
	if len(line)-len(l) > 3 {
		return false
	}
	rest := strings.TrimLeft(l, "`")
	return len(l)-len(rest) >= n && strings.Trim(rest, " \t") == ""
}

// CountPipes counts the cell separators of a table row: a backslash escapes the next character (GFM).
func CountPipes(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

// StripCodeSpans removes inline code spans (a run of n backticks up to the next run of exactly n; no escapes
// inside) and backslash-escaped characters.
func StripCodeSpans(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch s[i] {
		case '\\':
			i += 2
			continue
		case '`':
			n := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
			end := -1
			for j := i + n; j < len(s); {
				if s[j] != '`' {
					j++
					continue
				}
				m := len(s[j:]) - len(strings.TrimLeft(s[j:], "`"))
				if m == n {
					end = j + m
					break
				}
				j += m
			}
			if end < 0 {
				i += n // literal backticks
				continue
			}
			i = end
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
