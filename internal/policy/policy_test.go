package policy

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultPolicyLoads(t *testing.T) {
	t.Parallel()
	p := Default()
	if p.Licenses.Unknown != Warn || p.Licenses.Denied != Fail || !p.Scopes.Development {
		t.Fatalf("default policy actions: %+v", p.Licenses)
	}
	if len(p.Licenses.Allow) == 0 || len(p.Licenses.Deny) == 0 {
		t.Fatalf("default policy has empty lists: %+v", p.Licenses)
	}
}

func TestExamplePolicyLoads(t *testing.T) {
	t.Parallel()
	p, err := Load("../../policy.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Exceptions) != 1 || p.Exceptions[0].Until.Format("2006-01-02") != "2027-03-31" {
		t.Fatalf("exceptions: %+v", p.Exceptions)
	}
	if len(p.Licenses.Overrides) != 1 || p.Licenses.Overrides[0].License != "MIT" {
		t.Fatalf("overrides: %+v", p.Licenses.Overrides)
	}
	if got := p.Paths.Exclude; len(got) != 1 || got[0] != "tests/fixtures/**" {
		t.Fatalf("paths: %v", got)
	}
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	src := `version: 1
licenses:
  allow: [permissive, MPL-2.0, gpl-2.0-only with classpath-exception-2.0]
  warn: weak-copyleft
  deny: [GPL-2.0+, LicenseRef-acme-proprietary]
  unknown: fail
  invalid: ignore
exceptions:
  - package: pkg:npm/%40scope/x@>=1.0.0,<2.0.0
    reason: review R-1
    until: 2026-01-31
scopes:
  development: false
`
	p, err := Parse("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"permissive", "MPL-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"}
	for i, e := range p.Licenses.Allow {
		if got := e.Category + e.License; got != want[i] {
			t.Errorf("allow[%d] = %q, want %q", i, got, want[i])
		}
	}
	if got := p.Licenses.Deny[0].License; got != "GPL-2.0-or-later" {
		t.Errorf("deprecated GPL-2.0+ canonicalised to %q", got)
	}
	if p.Licenses.Warn[0].Category != "weak-copyleft" {
		t.Errorf("a scalar list: %+v", p.Licenses.Warn)
	}
	if p.Licenses.Unknown != Fail || p.Licenses.Invalid != Ignore || p.Scopes.Development {
		t.Errorf("actions/scopes: %+v %+v", p.Licenses, p.Scopes)
	}
	ex := p.Exceptions[0]
	if ex.Line != 9 || ex.Package.Namespace != "@scope" || len(ex.Package.Range) != 2 {
		t.Errorf("exception: %+v", ex)
	}
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	if ex.Expired(day("2026-01-31").Add(23*time.Hour)) || !ex.Expired(day("2026-02-01")) {
		t.Errorf("until is inclusive of its day")
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		{"unknown top key", "version: 1\nlicences: {}\n", `p.yaml:2:1: unknown key "licences" in the policy`},
		{"unknown nested key", "version: 1\nlicenses:\n  alow: [MIT]\n", `p.yaml:3:3: unknown key "alow" in licenses`},
		{"missing version", "licenses: {allow: [MIT]}\n", "p.yaml:1:1: missing `version: 1`"},
		{"wrong version", "version: 2\n", "p.yaml:1:10: unsupported policy version 2"},
		{"version type", "version: one\n", `p.yaml:1:10: version must be a whole number, got "one"`},
		{"invalid spdx id", "version: 1\nlicenses:\n  allow: [MIT, Apache-2]\n", `p.yaml:3:16: licenses.allow: "Apache-2" is neither a category`},
		{"expression in list", "version: 1\nlicenses:\n  deny: [MIT OR GPL-3.0-only]\n", `p.yaml:3:10: licenses.deny: "MIT OR GPL-3.0-only" is an expression`},
		{"bad action", "version: 1\nlicenses:\n  unknown: block\n", `p.yaml:3:12: licenses.unknown must be one of fail | warn | ignore, got "block"`},
		{"bad date", "version: 1\nexceptions:\n  - package: pkg:npm/x\n    reason: r\n    until: 31/03/2027\n", `p.yaml:5:12: exceptions until must be a date written YYYY-MM-DD`},
		{"bad purl", "version: 1\nexceptions:\n  - package: npm/x\n    reason: r\n", `p.yaml:3:14: exceptions package: "npm/x" is not a package URL`},
		{"missing reason", "version: 1\nexceptions:\n  - package: pkg:npm/x\n", `p.yaml:3:5: an exceptions entry needs a "reason"`},
		{"wrong type list", "version: 1\nlicenses:\n  allow: {MIT: true}\n", `p.yaml:3:10: licenses.allow must be a list, got a mapping`},
		{"wrong type bool", "version: 1\nscopes:\n  development: maybe\n", `p.yaml:3:16: scopes.development must be true or false`},
		{"both lists", "version: 1\nlicenses:\n  allow: [MIT]\n  deny: [mit]\n", `p.yaml:4:10: "mit" is in both licenses.allow and licenses.deny`},
		{"alias", "version: 1\nlicenses:\n  allow: &a [MIT]\n  warn: *a\n", `p.yaml:4:9: YAML aliases`},
		{"syntax", "version: 1\nlicenses: [\n", "p.yaml:2:1: invalid YAML"},
		{"empty", "", "p.yaml:1:1: policy is empty"},
		{"duplicate key", "version: 1\nversion: 1\n", `p.yaml:2:1: duplicate key "version"`},
		{"unknown scorecard check", "version: 1\nscorecard:\n  checks:\n    Maintaned: 5\n", `p.yaml:4:5: scorecard.checks: "Maintaned" is not a Scorecard check`},
		{"scorecard score range", "version: 1\nscorecard:\n  min-score: 11\n", `p.yaml:3:14: scorecard.min-score must be a number from 0 to 10`},
		{"scorecard unavailable ignore", "version: 1\nscorecard:\n  unavailable: ignore\n", `p.yaml:3:16: scorecard.unavailable must be fail or warn`},
		{"scorecard unknown key", "version: 1\nscorecard:\n  minimum: 3\n", `p.yaml:3:3: unknown key "minimum" in scorecard`},
		{"escaping path", "version: 1\npaths:\n  exclude: [../x]\n", `p.yaml:3:13: paths.exclude entry "../x" must be relative`},
		{"total size range", "version: 1\npaths:\n  max-total-mib: 0\n", `p.yaml:3:18: paths.max-total-mib must be from 1 to 65536`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("p.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error:\n%s\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

func TestScorecardSection(t *testing.T) {
	t.Parallel()
	p, err := Parse("p.yaml", []byte("version: 1\nscorecard:\n  min-score: 4.5\n  checks: {maintained: 3, Dangerous-Workflow: 10}\n  types: [go-module]\n  exceptions:\n    - package: pkg:golang/github.com/a/b\n      reason: r\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := p.Scorecard
	if s == nil || s.MinScore != 4.5 || s.Checks["Maintained"] != 3 || s.Checks["Dangerous-Workflow"] != 10 ||
		s.Unknown != Warn || s.Unavailable != Warn || !s.AppliesTo("go-module") || s.AppliesTo("npm") || len(s.Exceptions) != 1 {
		t.Fatalf("scorecard section: %+v", s)
	}
	if Default().Scorecard != nil {
		t.Fatal("the default policy must not look anything up")
	}
}

func TestAliasBombRejectedFast(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("version: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("a" + string(rune('0'+i%10)) + string(rune('a'+i)) + ": &a" + string(rune('a'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			if i == 1 {
				b.WriteString("*a0")
			} else {
				b.WriteString("*a" + string(rune('a'+i-1)))
			}
		}
		b.WriteString("]\n")
	}
	start := time.Now()
	_, err := Parse("bomb.yaml", []byte(b.String()))
	if err == nil {
		t.Fatal("alias bomb accepted")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("alias bomb took %v", d)
	}
}

func TestPackagePatterns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, purl string
		want          bool
	}{
		{"pkg:npm/left-pad", "pkg:npm/left-pad@1.3.0", true},
		{"pkg:npm/left-pad@1.3.0", "pkg:npm/left-pad@1.3.0", true},
		{"pkg:npm/left-pad@1.3.0", "pkg:npm/left-pad@1.3.1", false},
		{"pkg:npm/left-pad", "pkg:npm/left-pad-x@1.0.0", false},
		{"pkg:npm/@scope/x@2.0.0", "pkg:npm/%40scope/x@2.0.0", true},
		{"pkg:npm/x@>=1.0.0,<2.0.0", "pkg:npm/x@1.9.9", true},
		{"pkg:npm/x@>=1.0.0,<2.0.0", "pkg:npm/x@2.0.0", false},
		{"pkg:npm/x@>=1.0.0,<2.0.0", "pkg:npm/x@2.0.0-rc.1", true},
		{"pkg:golang/github.com/a/b@v1.2.3", "pkg:golang/github.com/a/b@v1.2.3", true},
		{"pkg:golang/github.com/a/b@>=v1.2.0", "pkg:golang/github.com/a/b@v1.10.0", true},
		{"pkg:pypi/Foo_Bar", "pkg:pypi/foo-bar@1.0", true},
		{"pkg:maven/org.x/y@1.0", "pkg:maven/org.x/y@1.0?type=jar", true},
		{"pkg:cargo/serde", "pkg:npm/serde@1.0.0", false},
	}
	for _, tt := range tests {
		p, err := ParsePackagePattern(tt.pattern)
		if err != nil {
			t.Fatalf("%s: %v", tt.pattern, err)
		}
		if got := p.MatchesPURL(tt.purl); got != tt.want {
			t.Errorf("%s matches %s = %v, want %v", tt.pattern, tt.purl, got, tt.want)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"1.0.0", "1.0.0", 0}, {"v1.2.0", "1.2", 0}, {"1.10.0", "1.9.9", 1}, {"1.0.0-rc.1", "1.0.0", -1},
		{"1.0.0-alpha", "1.0.0-beta", -1}, {"2.0", "10.0", -1}, {"1.0.0+build", "1.0.0", 0},
		{"v0.0.0-20240806141605-e8a1dd7889d6", "v0.0.1", -1}, {"1.2.3.post1", "1.2.3", 1},
	}
	for _, tt := range tests {
		if got := CompareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := CompareVersions(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d (antisymmetry)", tt.b, tt.a, got, -tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"version: 1\n", "version: 1\nlicenses: {allow: [MIT], deny: [GPL-3.0-only]}\n",
		"version: 1\nexceptions:\n  - package: pkg:npm/x@>=1\n    reason: r\n    until: 2027-01-01\n",
		"a: &a [*a]\n", "version: [1\n", "---\n...\n", "version: 1\nlicenses:\n  overrides:\n    - {package: 'pkg:npm/x', license: MIT, reason: r}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yaml", data)
		if err == nil && p == nil {
			t.Fatal("nil policy without error")
		}
		if err != nil && !strings.Contains(err.Error(), "fuzz.yaml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}

func FuzzPackagePattern(f *testing.F) {
	for _, s := range []string{"pkg:npm/x", "pkg:npm/@s/x@1", "pkg:golang/a/b/c@>=v1,<v2", "pkg:/x", "pkg:npm/%zz"} {
		f.Add(s, "pkg:npm/x@1.0.0")
	}
	f.Fuzz(func(t *testing.T, pattern, purl string) {
		p, err := ParsePackagePattern(pattern)
		if err != nil {
			return
		}
		_ = p.MatchesPURL(purl)
	})
}
