package spdx

import (
	"errors"
	"strings"
	"testing"
)

func TestParseCanonicalString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"single id", "MIT", "MIT"},
		{"id case fixed", "apache-2.0", "Apache-2.0"},
		{"lower-case operators", "mit or apache-2.0", "MIT OR Apache-2.0"},
		{"mixed-case operators", "MIT aNd Zlib", "MIT AND Zlib"},
		{"outer parentheses dropped", "(MIT OR Apache-2.0)", "MIT OR Apache-2.0"},
		{"AND binds tighter than OR", "MIT OR ISC AND Zlib", "MIT OR ISC AND Zlib"},
		{"needed parentheses kept", "(MIT OR ISC) AND Zlib", "(MIT OR ISC) AND Zlib"},
		{"redundant parentheses dropped", "MIT OR (ISC AND Zlib)", "MIT OR ISC AND Zlib"},
		{"same-operator groups flattened", "MIT AND (ISC AND (Zlib AND 0BSD))", "MIT AND ISC AND Zlib AND 0BSD"},
		{"single-element groups", "((MIT))", "MIT"},
		{"whitespace", " \tMIT\nOR\r\nISC ", "MIT OR ISC"},
		{"with exception", "gpl-2.0-only with classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"},
		{"with inside AND", "Apache-2.0 WITH LLVM-exception AND MIT", "Apache-2.0 WITH LLVM-exception AND MIT"},
		{"plus on a non-GNU id", "Apache-1.0+", "Apache-1.0+"},
		{"plus on GPL-2.0", "GPL-2.0+", "GPL-2.0-or-later"},
		{"or-later id", "GPL-3.0-or-later", "GPL-3.0-or-later"},
		{"redundant plus on or-later", "LGPL-2.1-or-later+", "LGPL-2.1-or-later"},
		{"deprecated GPL-2.0", "GPL-2.0", "GPL-2.0-only"},
		{"deprecated LGPL-2.1+", "LGPL-2.1+", "LGPL-2.1-or-later"},
		{"deprecated AGPL-3.0", "agpl-3.0", "AGPL-3.0-only"},
		{"deprecated GFDL-1.3", "GFDL-1.3", "GFDL-1.3-only"},
		{"deprecated GFDL-1.2 plus", "GFDL-1.2+", "GFDL-1.2-or-later"},
		{"deprecated with exception", "GPL-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0"},
		{"deprecated with exception plus", "GPL-3.0-with-GCC-exception+", "GPL-3.0-or-later WITH GCC-exception-3.1"},
		{"deprecated eCos", "eCos-2.0", "GPL-2.0-or-later WITH eCos-exception-2.0"},
		{"deprecated wxWindows", "wxWindows", "LGPL-2.0-or-later WITH WxWindows-exception-3.1"},
		{"deprecated duplicate", "StandardML-NJ", "SMLNJ"},
		{"deprecated plus on non-GNU", "bzip2-1.0.5+", "bzip2-1.0.6+"},
		{"deprecated without replacement kept", "Net-SNMP", "Net-SNMP"},
		{"LicenseRef", "licenseref-My.Lic-1", "LicenseRef-My.Lic-1"},
		{"DocumentRef", "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2"},
		{"AdditionRef exception", "MIT WITH additionref-foo", "MIT WITH AdditionRef-foo"},
		{"kitchen sink", "(mit AND (LGPL-2.1+ WITH Libtool-exception OR licenseref-x)) or GPL-2.0", "MIT AND (LGPL-2.1-or-later WITH Libtool-exception OR LicenseRef-x) OR GPL-2.0-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := n.String(); got != tt.want {
				t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseTree(t *testing.T) {
	t.Parallel()
	leaf := func(id string, orLater bool, exc string) *Node {
		return &Node{Op: License, License: id, OrLater: orLater, Exception: exc}
	}
	tests := []struct {
		name string
		in   string
		want *Node
	}{
		{"or-later leaf", "GPL-2.0-or-later", leaf("GPL-2.0-or-later", true, "")},
		{"plus leaf", "GPL-2.0-only OR Apache-1.1+", &Node{Op: Or, Children: []*Node{
			leaf("GPL-2.0-only", false, ""), leaf("Apache-1.1", true, "")}}},
		{"precedence", "MIT OR ISC AND Zlib WITH Classpath-exception-2.0", &Node{Op: Or, Children: []*Node{
			leaf("MIT", false, ""),
			{Op: And, Children: []*Node{leaf("ISC", false, ""), leaf("Zlib", false, "Classpath-exception-2.0")}},
		}}},
		{"flattened", "(MIT OR ISC) OR (Zlib OR 0BSD)", &Node{Op: Or, Children: []*Node{
			leaf("MIT", false, ""), leaf("ISC", false, ""), leaf("Zlib", false, ""), leaf("0BSD", false, "")}}},
		{"deprecated exception leaf", "GPL-2.0-with-font-exception", leaf("GPL-2.0-only", false, "Font-exception-2.0")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseRewrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []Rewrite
	}{
		{"MIT OR GPL-2.0-only", nil},
		{"gpl-2.0+ OR LGPL-2.1", []Rewrite{{"GPL-2.0+", "GPL-2.0-or-later"}, {"LGPL-2.1", "LGPL-2.1-only"}}},
		{"GPL-2.0-with-bison-exception", []Rewrite{{"GPL-2.0-with-bison-exception", "GPL-2.0-only WITH Bison-exception-2.2"}}},
		{"bzip2-1.0.5+", []Rewrite{{"bzip2-1.0.5+", "bzip2-1.0.6+"}}},
		{"Net-SNMP", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			n, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got := n.Rewrites()
			if len(got) != len(tt.want) {
				t.Fatalf("Rewrites() = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Rewrites()[%d] = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		col      int
		msg      string
	}{
		{"empty", "", 1, "empty license expression"},
		{"blank", "   ", 1, "empty license expression"},
		{"unknown id", "MIT OR Foo-1.0", 8, `unknown license id "Foo-1.0"`},
		{"suggestion", "apache2.0", 1, `did you mean "Apache-2.0"?`},
		{"missing operator", "MIT Apache-2.0", 5, `expected AND, OR or WITH before "Apache-2.0"`},
		{"slash", "MIT/Apache-2.0", 4, `unexpected character '/'`},
		{"comma", "MIT, ISC", 4, `unexpected character ','`},
		{"non-ASCII column in characters", "MIT OR Ünïcode", 8, `unexpected character 'Ü'`},
		{"trailing operator", "MIT AND", 8, "expected a license at end of expression"},
		{"leading operator", "OR MIT", 1, `expected a license, found "OR"`},
		{"double operator", "MIT AND OR ISC", 9, `expected a license, found "OR"`},
		{"unclosed", "(MIT OR ISC", 1, `missing ")" to close this "("`},
		{"unclosed inner", "MIT AND ((ISC)", 9, `missing ")"`},
		{"stray close", "MIT)", 4, `unexpected ")" without a matching "("`},
		{"empty group", "()", 2, `expected a license, found ")"`},
		{"plus after only", "GPL-2.0-only+", 1, `"+" contradicts "GPL-2.0-only"; write "GPL-2.0-or-later"`},
		{"detached plus", "MIT +", 5, `unexpected "+"`},
		{"double plus", "GPL-2.0++", 9, `unexpected "+" after "+"`},
		{"plus on operator", "MIT AND+ ISC", 8, `unexpected "+" after operator "AND"`},
		{"plus on ref", "LicenseRef-x+", 1, `"+" cannot follow the reference "LicenseRef-x"`},
		{"with on group", "(MIT OR ISC) WITH Classpath-exception-2.0", 14, "WITH must follow a license id"},
		{"with without exception", "MIT WITH", 9, "expected a license exception after WITH"},
		{"with a license", "MIT WITH GPL-2.0-only", 10, `"GPL-2.0-only" is a license, not an exception`},
		{"unknown exception", "MIT WITH Foo-exception", 10, `unknown license exception "Foo-exception"`},
		{"exception as license", "Classpath-exception-2.0", 1, "is a license exception: it can only follow WITH"},
		{"double exception", "GPL-2.0-with-GCC-exception WITH Classpath-exception-2.0", 33, `already includes the exception "GCC-exception-2.0"`},
		{"plus on exception", "MIT WITH LLVM-exception+", 10, `"+" cannot follow the exception`},
		{"malformed ref", "LicenseRef-", 1, `malformed reference "LicenseRef-"`},
		{"malformed document ref", "DocumentRef-:LicenseRef-x", 1, "malformed reference"},
		{"document ref without license ref", "DocumentRef-x:Foo", 1, "malformed reference"},
		{"colon in id", "MIT:ISC", 1, `unexpected ":" in "MIT:ISC"`},
		{"chained WITH", "MIT WITH LLVM-exception WITH LLVM-exception", 25, `unexpected "WITH": one exception may follow each license id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %s, want an error", tt.in, n)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T is not *Error", tt.in, err)
			}
			if pe.Col != tt.col || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("Parse(%q) = %q, want col %d and a message containing %q", tt.in, err, tt.col, tt.msg)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	t.Parallel()
	deep := func(n int) string {
		return strings.Repeat("(", n) + "MIT" + strings.Repeat(")", n)
	}
	long := "MIT" + strings.Repeat(" OR MIT", MaxLength/7)
	tests := []struct {
		name  string
		in    string
		ok    bool
		inMsg string
	}{
		{"depth at limit", deep(MaxDepth), true, ""},
		{"depth past limit", deep(MaxDepth + 1), false, "nested deeper than"},
		{"very deep", deep(100000)[:MaxLength], false, "nested deeper than"},
		{"length at limit", long[:strings.LastIndex(long[:MaxLength], " OR")], true, ""},
		{"length past limit", long + " OR MIT", false, "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.in)
			if tt.ok != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.inMsg)) {
				t.Errorf("Parse(len %d) error = %v, want ok=%v / %q", len(tt.in), err, tt.ok, tt.inMsg)
			}
		})
	}
}
