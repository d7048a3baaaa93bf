package scorecard

import (
	"math"
	"strings"
	"testing"
)

// FuzzDecode feeds arbitrary API answers to Decode and checks the invariants
// of what it accepts.
func FuzzDecode(f *testing.F) {
	f.Add(readFlask(f))
	for _, s := range []string{
		`{"date":"2025-01-02T03:04:05Z","score":5,"metadata":"m"}`,
		`{"score":-1,"checks":[{"name":"maintained","score":null,"details":"x"},{"name":"X","score":"7"}]}`,
		`{"checks":[{"name":"Maintained","score":10},{"name":"License","score":0}]}`,
		`{"score":11}`, `null`, `[]`, `{"checks":[{"name":"SAST","score":2.5}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode(data)
		if err != nil {
			return
		}
		if math.IsNaN(r.Score) || r.Score > 10 || (r.Score < 0 && r.Score != Inconclusive) {
			t.Fatalf("aggregate %v out of range", r.Score)
		}
		seen := map[string]bool{}
		for _, c := range r.Checks {
			if c.Name == "" || c.Score < Inconclusive || c.Score > 10 || seen[strings.ToLower(c.Name)] {
				t.Fatalf("bad check %+v", c)
			}
			seen[strings.ToLower(c.Name)] = true
		}
		Evaluate(r, Thresholds{MinScore: 5, MinChecks: map[string]int{"Maintained": 5, "x": 1}})
	})
}

// FuzzNormalizeRepo checks that accepted repos are stable and URL-safe.
func FuzzNormalizeRepo(f *testing.F) {
	for _, s := range []string{"github.com/o/r", "GitLab.com/g/s/p", "a/b", "github.com/../x", "github.com/o/r?x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizeRepo(s)
		if err != nil {
			return
		}
		if again, err := NormalizeRepo(n); err != nil || again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", s, n, again, err)
		}
		wrapped := "/" + n + "/"
		if strings.ContainsAny(n, "?#% \\") || strings.Contains(wrapped, "/../") || strings.Contains(wrapped, "/./") {
			t.Fatalf("unsafe repo %q", n)
		}
	})
}
