package policy

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ospo-gate/ospo-gate/internal/licenses"
	"github.com/ospo-gate/ospo-gate/internal/scorecard"
	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// policySeeds are the real policies of the repository: the embedded default, the documented example, and
// the example and hostile trees' policies.
func policySeeds(f *testing.F) {
	f.Add(DefaultYAML())
	for _, p := range []string{
		"../../policy.example.yaml",
		"../../testdata/examples/go-scorecard/.github/ospo-gate.yaml",
		"../../testdata/hostile/combined/base/.github/ospo-gate.yaml",
		"../../testdata/hostile/combined/head/.github/ospo-gate.yaml",
		"../../testdata/hostile/alias-bomb.yaml",
	} {
		if b, err := os.ReadFile(filepath.FromSlash(p)); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"version: 1\nscorecard:\n  min-score: 4.5\n  checks: {maintained: 5, Code-Review: 3}\n  unavailable: fail\n  types: [npm]\n  development: false\n  exceptions:\n    - {package: 'pkg:npm/x@>=1,<2', reason: r, until: 2027-02-28}\n",
		"version: 1\npaths:\n  exclude: ['tests/**', '/abs', 'a/../b']\n  unreadable: fail\n  max-file-mib: 1024\n",
		"version: 1\nlicenses:\n  allow: [permissive, MIT, 'GPL-2.0-only WITH Classpath-exception-2.0', LicenseRef-acme]\n  deny: [mit]\n",
		"version: 1\nexceptions:\n  - package: pkg:npm/%40s/x@1.0.0\n    license: MIT OR Apache-2.0\n    reason: reviewed\n    until: '2026-02-30'\n",
	} {
		f.Add([]byte(s))
	}
}

// FuzzParsePolicy: Parse either reports file:line:col errors (*Error values naming the file) or returns a
// policy whose every field is valid as the gate relies on: canonical single-license entries, canonical
// expressions, complete exceptions with day-precision dates, relative excluded paths, scores in range. A
// second parse gives the same policy.
func FuzzParsePolicy(f *testing.F) {
	policySeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yaml", data)
		if err != nil {
			if p != nil {
				t.Fatal("policy returned with an error")
			}
			checkErrors(t, err)
			return
		}
		checkPolicy(t, p)
		again, err := Parse("fuzz.yaml", data)
		if err != nil || !reflect.DeepEqual(p, again) {
			t.Fatalf("second parse differs: %v", err)
		}
	})
}

func checkErrors(t *testing.T, err error) {
	t.Helper()
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var pe *Error
		if !errors.As(e, &pe) || pe.File != "fuzz.yaml" || pe.Line < 0 || pe.Column < 0 || pe.Message == "" {
			t.Fatalf("error %v (%T) is not a positioned *Error", e, e)
		}
	}
}

func checkPolicy(t *testing.T, p *Policy) {
	t.Helper()
	if p.Version != 1 {
		t.Fatalf("version %d accepted", p.Version)
	}
	l := p.Licenses
	for _, list := range [][]Entry{l.Allow, l.Warn, l.Deny} {
		for _, e := range list {
			switch {
			case e.Category != "" && e.License != "":
				t.Fatalf("entry %q is both a category and a license", e.Raw)
			case e.Category != "":
				if !licenses.IsCategory(e.Category) {
					t.Fatalf("entry %q: unknown category", e.Raw)
				}
			default:
				n := checkCanonical(t, e.License)
				if n.Op != spdx.License {
					t.Fatalf("entry %q is an expression", e.Raw)
				}
			}
		}
	}
	for _, a := range []Action{l.Denied, l.NotAllowed, l.Unknown, l.Invalid, l.Mismatch, p.Paths.Unreadable} {
		checkAction(t, a)
	}
	for _, o := range l.Overrides {
		checkCanonical(t, o.License)
		checkPattern(t, o.Package)
		checkText(t, o.Reason)
	}
	for _, e := range p.Exceptions {
		checkException(t, e)
		if e.License != "" {
			checkCanonical(t, e.License)
		}
	}
	for _, x := range p.Paths.Exclude {
		if strings.HasPrefix(x, "/") || strings.Contains(x, "..") || x == "" {
			t.Fatalf("paths.exclude %q accepted", x)
		}
	}
	if p.Paths.MaxFileMiB < 0 || p.Paths.MaxFileMiB > 1024 {
		t.Fatalf("max-file-mib %d accepted", p.Paths.MaxFileMiB)
	}
	if s := p.Scorecard; s != nil {
		if !(s.MinScore >= 0 && s.MinScore <= 10) {
			t.Fatalf("min-score %v accepted", s.MinScore)
		}
		for name, v := range s.Checks {
			if canon, ok := scorecard.CanonicalCheck(name); !ok || canon != name || v < 0 || v > 10 {
				t.Fatalf("check %q: %d accepted", name, v)
			}
		}
		checkAction(t, s.Unknown)
		checkAction(t, s.Unavailable)
		if s.Unavailable == Ignore {
			t.Fatal("scorecard.unavailable: ignore accepted")
		}
		for _, e := range s.Exceptions {
			checkException(t, e)
			if e.License != "" {
				t.Fatal("scorecard exception with a license accepted")
			}
		}
	}
}

func checkCanonical(t *testing.T, expr string) *spdx.Node {
	t.Helper()
	n, err := spdx.Parse(expr)
	if err != nil || n.String() != expr {
		t.Fatalf("expression %q is not canonical (%v)", expr, err)
	}
	return n
}

func checkAction(t *testing.T, a Action) {
	t.Helper()
	if !slices.Contains(Actions, string(a)) {
		t.Fatalf("action %q accepted", a)
	}
}

func checkText(t *testing.T, s string) {
	t.Helper()
	if s == "" || s != strings.TrimSpace(s) {
		t.Fatalf("text %q accepted", s)
	}
}

func checkPattern(t *testing.T, pp PackagePattern) {
	t.Helper()
	if pp.Type == "" || pp.Name == "" || (pp.Exact != "" && len(pp.Range) > 0) {
		t.Fatalf("pattern %+v accepted", pp)
	}
}

func checkException(t *testing.T, e Exception) {
	t.Helper()
	checkPattern(t, e.Package)
	checkText(t, e.Reason)
	if e.Until.IsZero() {
		return
	}
	if e.Until.Location() != time.UTC || !e.Until.Equal(e.Until.Truncate(24*time.Hour)) {
		t.Fatalf("until %v is not a UTC day", e.Until)
	}
	if e.Expired(e.Until.Add(24*time.Hour-time.Nanosecond)) || !e.Expired(e.Until.Add(24*time.Hour)) {
		t.Fatalf("until %v does not end after its day", e.Until)
	}
}

// FuzzPolicyDate: an exceptions "until" given as any string is accepted only as a real YYYY-MM-DD day, which
// it then is exactly.
func FuzzPolicyDate(f *testing.F) {
	for _, s := range []string{"2027-01-01", " 2026-12-31 ", "2026-02-29", "2028-02-29", "2027-1-1", "27-01-01", "2027-01-01T00:00:00Z", "tomorrow", "", "9999-12-31", "0000-01-01", "2027-13-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := yaml.Marshal(map[string]any{"version": 1, "exceptions": []map[string]string{{"package": "pkg:npm/x", "reason": "r", "until": s}}})
		if err != nil {
			t.Skip()
		}
		p, err := Parse("fuzz.yaml", doc)
		if err != nil {
			checkErrors(t, err)
			return
		}
		e := p.Exceptions[0]
		checkException(t, e)
		if got := e.Until.Format("2006-01-02"); got != strings.TrimSpace(s) {
			t.Fatalf("until %q read as %s", s, got)
		}
	})
}

// FuzzCompareVersions: CompareVersions is a three-way comparison that is reflexive and antisymmetric, ignores
// a leading "v" and build metadata. (It is not transitive across ecosystems' conventions: "1" = "1.0", "1.0" >
// "1.a", but "1" < "1.a"; see docs/fuzzing.md.)
func FuzzCompareVersions(f *testing.F) {
	for _, p := range [][2]string{{"1.0.0", "1.0.0"}, {"v1.2.0", "1.2"}, {"1.10.0", "1.9.9"}, {"1.0.0-rc.1", "1.0.0"},
		{"1.0.0-alpha", "1.0.0-beta"}, {"v0.0.0-20240806141605-e8a1dd7889d6", "v0.0.1"}, {"1.2.3.post1", "1.2.3"}, {"1.0", "1.a"}, {"", "0"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := CompareVersions(a, b), CompareVersions(b, a)
		if ab < -1 || ab > 1 || ab != -ba {
			t.Fatalf("CompareVersions(%q, %q) = %d, reversed %d", a, b, ab, ba)
		}
		if CompareVersions(a, a) != 0 {
			t.Fatalf("CompareVersions(%q, itself) != 0", a)
		}
		if !strings.HasPrefix(a, "v") && CompareVersions("v"+a, b) != ab {
			t.Fatalf("a leading v changes CompareVersions(%q, %q)", a, b)
		}
		if !strings.Contains(a, "+") && CompareVersions(a+"+build.5", b) != ab {
			t.Fatalf("build metadata changes CompareVersions(%q, %q)", a, b)
		}
	})
}

// FuzzPatternMatch: an accepted pattern without a range matches its own purl (with or without qualifiers);
// a range pattern matches a version of the same package exactly when every comparator holds.
func FuzzPatternMatch(f *testing.F) {
	for _, s := range []string{"pkg:npm/left-pad", "pkg:npm/@s/x@1.0.0", "pkg:npm/%40s/x", "pkg:golang/a/b/c@>=v1,<v2",
		"pkg:pypi/Zope_Interface@6", "pkg:maven/org.apache/commons@!=2.0", "pkg:github/Actions/Checkout@v4", "pkg:npm/a%2Fb@1"} {
		f.Add(s, "1.5.0")
	}
	f.Fuzz(func(t *testing.T, pattern, version string) {
		p, err := ParsePackagePattern(pattern)
		if err != nil {
			return
		}
		checkPattern(t, p)
		if len(p.Range) == 0 {
			if !p.MatchesPURL(pattern) || !p.MatchesPURL(pattern+"?type=jar#sub") {
				t.Fatalf("%q does not match itself", pattern)
			}
			return
		}
		if version == "" || strings.ContainsAny(version[:1], "<>=!") {
			return
		}
		segs := []string{}
		if p.Namespace != "" {
			segs = strings.Split(p.Namespace, "/")
		}
		for i, s := range append(segs, p.Name) {
			if i < len(segs) {
				segs[i] = pctEscape(s)
			} else {
				segs = append(segs, pctEscape(s))
			}
		}
		purl := "pkg:" + p.Type + "/" + strings.Join(segs, "/") + "@" + pctEscape(version)
		want := true
		for _, c := range p.Range {
			want = want && c.holds(version)
		}
		if got := p.MatchesPURL(purl); got != want {
			t.Fatalf("%q matches %q: %v, want %v", pattern, purl, got, want)
		}
	})
}

// pctEscape percent-encodes all but RFC 3986 unreserved bytes.
func pctEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
