package spdx

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics, that errors carry a column
// inside the input, and that accepted expressions round-trip through String.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"MIT", "mit or apache-2.0", "(MIT OR Apache-2.0) AND BSD-3-Clause",
		"GPL-2.0+", "GPL-2.0-with-classpath-exception", "LGPL-2.1-only WITH Libtool-exception",
		"DocumentRef-a:LicenseRef-b", "LicenseRef-x OR (ISC AND (Zlib OR 0BSD))",
		"((((MIT))))", "MIT AND", "(MIT", "MIT/Apache-2.0", "GPL-2.0-only+", "eCos-2.0+",
		"MIT WITH AdditionRef-x", "Apache-1.0+ WITH LLVM-exception", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n, err := Parse(in)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): error %T is not *Error", in, err)
			}
			if pe.Col < 1 || pe.Col > utf8.RuneCountInString(in)+1 {
				t.Fatalf("Parse(%q): column %d outside the input", in, pe.Col)
			}
			return
		}
		assertRoundTrip(t, in, n)
	})
}
