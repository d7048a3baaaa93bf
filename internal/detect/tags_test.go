package detect

import (
	"slices"
	"strings"
	"testing"
)

func TestNormalizeExpression(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, want, err string
	}{
		{in: "MIT", want: "MIT"},
		{in: "mit or apache-2.0", want: "MIT OR Apache-2.0"},
		{in: "(MIT OR Apache-2.0)", want: "MIT OR Apache-2.0"},
		{in: "(MIT OR Apache-2.0) AND BSD-3-Clause", want: "(MIT OR Apache-2.0) AND BSD-3-Clause"},
		{in: "GPL-2.0", want: "GPL-2.0-only"},
		{in: "GPL-2.0+", want: "GPL-2.0-or-later"},
		{in: "LGPL-2.1-or-later", want: "LGPL-2.1-or-later"},
		{in: "GPL-2.0-only WITH classpath-exception-2.0", want: "GPL-2.0-only WITH Classpath-exception-2.0"},
		{in: "Apache-2.0 WITH LLVM-exception", want: "Apache-2.0 WITH LLVM-exception"},
		{in: "licenseref-Acme-Proprietary", want: "LicenseRef-Acme-Proprietary"},
		{in: "MPL-1.1+", want: "MPL-1.1+"},
		{in: "StandardML-NJ", want: "SMLNJ"},
		{in: "NOASSERTION", want: ""},
		{in: "NONE", want: ""},
		{in: "", err: "empty expression"},
		{in: "Foo-1.0", err: `unknown license id "Foo-1.0"`},
		{in: "MIT AND", err: "ends where a license id was expected"},
		{in: "(MIT", err: "missing closing parenthesis"},
		{in: "MIT)", err: `unexpected ")"`},
		{in: "MIT WITH Foo-exception", err: `unknown license exception "Foo-exception"`},
		{in: strings.Repeat("(", 40) + "MIT" + strings.Repeat(")", 40), err: "nested deeper"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			got, err := normalizeExpression(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("normalizeExpression(%q) = %q, %v; want error containing %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("normalizeExpression(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

// TestTagPositions checks tags are found in any comment style and that
// invalid ones are reported with their line and column.
func TestTagPositions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text, want, note string
	}{
		{"C block comment", "/* SPDX-License-Identifier: BSD-2-Clause */\nint x;\n", "BSD-2-Clause", ""},
		{"HTML comment", "<!-- SPDX-License-Identifier: MIT -->\n<p>hi</p>\n", "MIT", ""},
		{"two tags", "# SPDX-License-Identifier: MIT\n# SPDX-License-Identifier: ISC\n", "MIT AND ISC", ""},
		{"repeated tag", "// SPDX-License-Identifier: MIT\n// SPDX-License-Identifier: MIT\n", "MIT", ""},
		{"invalid tag", "package x\n\n  // SPDX-License-Identifier: Apache-2 OR\n", "", "SPDX-License-Identifier at 3:6:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Default().Classify([]byte(tc.text))
			if r.Expression != tc.want {
				t.Fatalf("Expression = %q, want %q (notes %q)", r.Expression, tc.want, r.Notes)
			}
			if tc.note != "" && !slices.ContainsFunc(r.Notes, func(n string) bool { return strings.HasPrefix(n, tc.note) }) {
				t.Errorf("notes %q lack %q", r.Notes, tc.note)
			}
		})
	}
}
