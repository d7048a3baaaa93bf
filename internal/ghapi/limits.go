package ghapi

import (
	"strings"
	"unicode/utf8"
)

// GitHub's size limits. GitHub documents characters; they are applied here as bytes, which is never more than
// the number of characters, so a value that fits in bytes always fits.
const (
	// MaxOutputBytes bounds a check run's output.summary and output.text.
	MaxOutputBytes = 65535
	// MaxCommentBytes bounds an issue comment body.
	MaxCommentBytes = 65536
	// MaxAnnotationsPerRequest is the most annotations one create or update request may carry.
	MaxAnnotationsPerRequest = 50
	// MaxAnnotationTitleBytes bounds an annotation title.
	MaxAnnotationTitleBytes = 255
	// MaxAnnotationMessageBytes bounds an annotation message and its raw_details.
	MaxAnnotationMessageBytes = 64 * 1024
	// MaxCheckRunTitleBytes keeps a check run title to one readable line.
	MaxCheckRunTitleBytes = 1024
)

// Truncate returns s if it is at most max bytes; otherwise it cuts s at a UTF-8 boundary, preferably at the end
// of a line in the last quarter, and appends note so that the result is at most max bytes. A note longer than
// max is itself cut.
func Truncate(s string, max int, note string) string {
	if len(s) <= max {
		return s
	}
	if max <= 0 {
		return ""
	}
	if len(note) >= max {
		return cutUTF8(note, max)
	}
	body := cutUTF8(s, max-len(note))
	if i := strings.LastIndexByte(body, '\n'); i >= 0 && i >= len(body)*3/4 {
		body = body[:i+1]
	}
	return body + note
}

// cutUTF8 returns the longest prefix of s of at most n bytes that does not split a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
