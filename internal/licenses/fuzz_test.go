package licenses

import (
	"testing"
)

// FuzzNormalize checks that Normalize never panics and that every result
// keeps the invariants of checkInvariants (canonical, idempotent Valid
// expressions; explained Unknown and Invalid results).
func FuzzNormalize(f *testing.F) {
	for _, c := range normalizeCases {
		f.Add(c.in)
	}
	for _, c := range pypiClassifiers {
		f.Add(c.in)
	}
	f.Add(`[[["MIT"]]]`)
	f.Add(`{"type":{"type":"MIT"}}`)
	f.Add("((MIT or (Apache 2.0 and (ISC))))")
	f.Fuzz(func(t *testing.T, in string) {
		got := Normalize(in)
		if got.Original != in {
			t.Fatalf("Original = %q, want %q", got.Original, in)
		}
		checkInvariants(t, got)
	})
}

// FuzzNormalizeAll splits its input on newlines into several values.
func FuzzNormalizeAll(f *testing.F) {
	f.Add("MIT\nApache-2.0")
	f.Add("UNKNOWN\nSEE LICENSE IN x")
	f.Add("GPLv2+\nFoo")
	f.Fuzz(func(t *testing.T, in string) {
		var raws []string
		start := 0
		for i := 0; i < len(in); i++ {
			if in[i] == '\n' {
				raws = append(raws, in[start:i])
				start = i + 1
			}
		}
		checkInvariants(t, NormalizeAll(append(raws, in[start:])))
	})
}
