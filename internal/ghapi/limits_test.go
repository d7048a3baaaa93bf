package ghapi

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    string
		max  int
		note string
		want string
	}{
		{"fits", "hello", 5, "…", "hello"},
		{"cut with note", "hello world", 8, "..", "hello .."},
		{"never splits a character", "aéé", 4, "", "aé"},
		{"prefers a line end in the last quarter", "line one\nline two\nline three", 24, "+", "line one\nline two\n+"},
		{"note longer than max is cut", "abcdef", 3, "12345", "123"},
		{"zero max", "abc", 0, "x", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Truncate(tt.s, tt.max, tt.note); got != tt.want {
				t.Errorf("Truncate(%q, %d, %q) = %q, want %q", tt.s, tt.max, tt.note, got, tt.want)
			}
		})
	}
}

func FuzzTruncate(f *testing.F) {
	f.Add("hello world", 5, "…")
	f.Add(strings.Repeat("é\n", 100), 33, "\n(cut)")
	f.Add("", 0, "")
	f.Fuzz(func(t *testing.T, s string, max int, note string) {
		if max < 0 || max > 1<<20 {
			return
		}
		got := Truncate(s, max, note)
		if len(got) > max {
			t.Fatalf("Truncate gave %d bytes, max %d", len(got), max)
		}
		if len(s) <= max && got != s {
			t.Fatalf("Truncate changed a string that fits")
		}
		if utf8.ValidString(s) && utf8.ValidString(note) && !utf8.ValidString(got) {
			t.Fatalf("Truncate split a character: %q", got)
		}
	})
}
