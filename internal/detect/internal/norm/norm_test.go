package norm

import (
	"strings"
	"testing"
)

func words(text string) string {
	var out []string
	Scan([]byte(text), func(lo, hi int, w []byte) { out = append(out, string(w)) })
	return strings.Join(out, " ")
}

func TestScan(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"", ""},
		{"MIT License", "mit license"},
		{"Copyright (c) 2020 Foo & Bar", "copyright copyright 2020 foo and bar"},
		{"© 2020 Québec Ltd.", "copyright 2020 quebec ltd"},
		{"the licensor's rights; don’t", "the licensors rights dont"},
		{"'as is' licence, licenced LICENCES", "as is license licensed licenses"},
		{"// SPDX-License-Identifier: Apache-2.0", "spdx license identifier apache 2 0"},
		{"non-infringement\n\t* item", "non infringement item"},
		{"bad \xff utf8", "bad utf8"},
		{strings.Repeat("a", 100), strings.Repeat("a", MaxWordLen)},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			if got := words(tc.in); got != tc.want {
				t.Errorf("Scan(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestScanOffsets(t *testing.T) {
	t.Parallel()
	text := "Permission is (C) granted"
	var got []string
	Scan([]byte(text), func(lo, hi int, w []byte) { got = append(got, text[lo:hi]) })
	want := []string{"Permission", "is", "(C)", "granted"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("offsets give %q, want %q", got, want)
	}
}
