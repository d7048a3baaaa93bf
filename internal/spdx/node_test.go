package spdx

import (
	"slices"
	"testing"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
)

func TestLicenses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"MIT", []string{"MIT"}},
		{"MIT OR MIT AND Apache-2.0", []string{"Apache-2.0", "MIT"}},
		{"Apache-1.0+ OR GPL-2.0+", []string{"Apache-1.0", "GPL-2.0-or-later"}},
		{"GPL-2.0-only WITH Classpath-exception-2.0 OR LicenseRef-b OR LicenseRef-a", []string{"GPL-2.0-only", "LicenseRef-a", "LicenseRef-b"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			n, err := Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := n.Licenses(); !slices.Equal(got, tt.want) {
				t.Errorf("Licenses() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"MIT OR ISC", "(mit or isc)", true},
		{"GPL-2.0+", "GPL-2.0-or-later", true}, // Rewritten is ignored
		{"MIT OR ISC", "ISC OR MIT", false},    // order is significant
		{"MIT OR ISC", "MIT AND ISC", false},
		{"Apache-1.0+", "Apache-1.0", false},
		{"GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only", false},
		{"MIT OR ISC OR Zlib", "MIT OR ISC", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			t.Parallel()
			a, errA := Parse(tt.a)
			b, errB := Parse(tt.b)
			if errA != nil || errB != nil {
				t.Fatal(errA, errB)
			}
			if got := a.Equal(b); got != tt.want {
				t.Errorf("Equal = %v, want %v", got, tt.want)
			}
		})
	}
	var nilNode *Node
	if !nilNode.Equal(nil) || nilNode.Equal(&Node{}) {
		t.Error("Equal on nil nodes is wrong")
	}
}

func TestOpString(t *testing.T) {
	t.Parallel()
	for op, want := range map[Op]string{License: "LICENSE", And: "AND", Or: "OR", Op(9): "Op(?)"} {
		if got := op.String(); got != want {
			t.Errorf("Op(%d).String() = %q, want %q", op, got, want)
		}
	}
}

func TestIsReference(t *testing.T) {
	t.Parallel()
	n, err := Parse("MIT OR LicenseRef-x OR DocumentRef-d:LicenseRef-y")
	if err != nil {
		t.Fatal(err)
	}
	var got []bool
	for _, l := range n.Leaves() {
		got = append(got, l.IsReference())
	}
	if want := []bool{false, true, true}; !slices.Equal(got, want) {
		t.Errorf("IsReference per leaf = %v, want %v", got, want)
	}
}

func TestIDLookups(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id                          string
		known, exception, deprecate bool
		canonical                   string
	}{
		{"mit", true, false, false, "MIT"},
		{"GPL-2.0", true, false, true, "GPL-2.0"},
		{"gpl-2.0+", true, false, true, "GPL-2.0+"},
		{"GPL-2.0-or-later", true, false, false, "GPL-2.0-or-later"},
		{"classpath-exception-2.0", false, true, false, ""},
		{"LicenseRef-foo", false, false, false, ""},
		{"", false, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			c, ok := CanonicalID(tt.id)
			if IsKnownID(tt.id) != tt.known || ok != tt.known || (ok && c != tt.canonical) {
				t.Errorf("IsKnownID/CanonicalID(%q) = %v/%q, want %v/%q", tt.id, IsKnownID(tt.id), c, tt.known, tt.canonical)
			}
			if IsKnownException(tt.id) != tt.exception {
				t.Errorf("IsKnownException(%q) = %v", tt.id, !tt.exception)
			}
			if IsDeprecatedID(tt.id) != tt.deprecate {
				t.Errorf("IsDeprecatedID(%q) = %v", tt.id, !tt.deprecate)
			}
		})
	}
	if ListVersion() == "" {
		t.Error("ListVersion() is empty")
	}
}

// TestEveryListIDRoundTrips parses every id of the SPDX list, alone and with
// "+", and checks that the canonical output parses back to the same tree.
// It also fails when a new deprecated id appears without a replacement, so a
// go-spdx upgrade cannot silently change how ids are rewritten.
func TestEveryListIDRoundTrips(t *testing.T) {
	t.Parallel()
	ids := append(spdxlicenses.GetLicenses(), spdxlicenses.GetDeprecated()...)
	for _, id := range ids {
		for _, in := range []string{id, id + "+"} {
			n, err := Parse(in)
			if err != nil {
				continue // "X-only+" and "X++" are rejected on purpose
			}
			assertRoundTrip(t, in, n)
			for _, l := range n.Leaves() {
				if IsDeprecatedID(l.License) && l.License != "Net-SNMP" {
					t.Errorf("Parse(%q) kept deprecated id %q", in, l.License)
				}
			}
		}
	}
	for _, id := range spdxlicenses.GetDeprecated() {
		if _, ok := deprecatedReplacements[id]; !ok && id != "Net-SNMP" {
			t.Errorf("deprecated id %q has no replacement; add one to deprecatedReplacements", id)
		}
	}
	for from, r := range deprecatedReplacements {
		if !IsKnownID(r.id) || IsDeprecatedID(r.id) || (r.exception != "" && !IsKnownException(r.exception)) {
			t.Errorf("replacement of %q is not a current id/exception: %+v", from, r)
		}
	}
}

func TestReplacement(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id, want string
		ok       bool
	}{
		{"gpl-2.0", "GPL-2.0-only", true},
		{"GPL-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0", true},
		{"Net-SNMP", "", false},
		{"MIT", "", false},
	}
	for _, tt := range tests {
		got, ok := Replacement(tt.id)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Replacement(%q) = %q, %v; want %q, %v", tt.id, got, ok, tt.want, tt.ok)
		}
	}
}

func assertRoundTrip(t *testing.T, in string, n *Node) {
	t.Helper()
	s := n.String()
	back, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q) = %q, which does not parse: %v", in, s, err)
	}
	if !back.Equal(n) {
		t.Fatalf("Parse(%q) = %q, which parses to %q", in, s, back)
	}
	if again := back.String(); again != s {
		t.Fatalf("String() not stable for %q: %q then %q", in, s, again)
	}
}
