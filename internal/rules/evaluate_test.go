package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/policy"
)

func pkg(name, version, expr string, src inventory.LicenseSource) inventory.Package {
	return inventory.Package{
		Name: name, Version: version, Type: "npm", PURL: "pkg:npm/" + name + "@" + version, Scope: inventory.ScopeRuntime,
		Locations: []inventory.Location{{Path: "package-lock.json", Line: 10}},
		Licenses:  []inventory.License{{Expression: expr, Source: src, Evidence: "package-lock.json"}},
	}
}

func evaluate(t *testing.T, pol string, now time.Time, pkgs ...inventory.Package) Result {
	t.Helper()
	p, err := policy.Parse(".github/ospo-gate.yaml", []byte(pol))
	if err != nil {
		t.Fatal(err)
	}
	return Evaluate(Input{Inventory: &inventory.Inventory{Packages: pkgs}, Policy: p, Now: now, PolicyPath: ".github/ospo-gate.yaml"})
}

func rulesOf(r Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Rule+":"+string(f.Severity))
	}
	return out
}

var day = time.Date(2027, 3, 31, 15, 0, 0, 0, time.UTC)

const strict = `version: 1
licenses:
  allow: [permissive]
  deny: [strong-copyleft]
  unknown: fail
  invalid: warn
  not-allowed: fail
`

func TestOutcomesKeptApart(t *testing.T) {
	t.Parallel()
	invalid := pkg("bad", "1.0.0", "", inventory.SourceDeclared)
	invalid.Licenses[0].Invalid = true
	invalid.Licenses[0].Original = "Custom Thing v2"
	unknown := pkg("nothing", "1.0.0", "", inventory.SourceNone)
	r := evaluate(t, strict, day,
		pkg("ok", "1.0.0", "MIT", inventory.SourceDeclared),
		pkg("gpl", "1.0.0", "GPL-3.0-only", inventory.SourceDeclared),
		pkg("mpl", "1.0.0", "MPL-2.0", inventory.SourceDeclared),
		unknown, invalid,
	)
	got := strings.Join(rulesOf(r), " ")
	want := "license/denied:error license/not-allowed:error license/unknown:error license/invalid:warning"
	if got != want {
		t.Fatalf("findings %q, want %q", got, want)
	}
	if r.Verdict != Fail || r.Checked != 5 {
		t.Fatalf("verdict %s checked %d", r.Verdict, r.Checked)
	}
	for _, f := range r.Findings {
		if f.Path != "package-lock.json" || f.Line != 10 || f.PURL == "" || f.Remediation == "" {
			t.Fatalf("finding lacks location data: %+v", f)
		}
	}
}

func TestUnknownIsNeverSilentByDefault(t *testing.T) {
	t.Parallel()
	r := Evaluate(Input{
		Inventory: &inventory.Inventory{Packages: []inventory.Package{pkg("x", "1.0.0", "", inventory.SourceNone)}},
		Policy:    policy.Default(), Now: day,
	})
	if len(r.Findings) != 1 || r.Findings[0].Rule != RuleUnknown || r.Findings[0].Severity != SeverityWarning {
		t.Fatalf("default policy on an unknown license: %+v", r.Findings)
	}
}

func TestExceptions(t *testing.T) {
	t.Parallel()
	pol := strict + `exceptions:
  - package: pkg:npm/gpl
    license: GPL-3.0-only
    reason: LR-1
    until: 2027-03-31
  - package: pkg:npm/old@>=1.0.0,<2.0.0
    reason: LR-2
    until: 2027-03-30
  - package: pkg:npm/gone
    reason: LR-3
  - package: pkg:npm/relicensed
    license: MIT
    reason: LR-4
`
	r := evaluate(t, pol, day,
		pkg("gpl", "1.0.0", "GPL-3.0-only", inventory.SourceDeclared),
		pkg("old", "1.5.0", "GPL-2.0-only", inventory.SourceDeclared),
		pkg("relicensed", "2.0.0", "AGPL-3.0-only", inventory.SourceDeclared),
	)
	got := strings.Join(rulesOf(r), " ")
	want := "license/denied:error license/not-allowed:error exception/expired:warning exception/license-changed:warning exception/unused:note"
	if got != want {
		t.Fatalf("findings %q, want %q", got, want)
	}
	if len(r.Excused) != 1 || r.Excused[0].PURL != "pkg:npm/gpl@1.0.0" || r.Excused[0].Reason != "LR-1" || r.Excused[0].Until != "2027-03-31" {
		t.Fatalf("excused: %+v", r.Excused)
	}
	for _, f := range r.Findings {
		if strings.HasPrefix(f.Rule, "exception/") && (f.Path != ".github/ospo-gate.yaml" || f.Line == 0) {
			t.Fatalf("exception finding must point at the policy line: %+v", f)
		}
	}
	// The next day the first exception has expired too.
	r = evaluate(t, pol, day.Add(24*time.Hour), pkg("gpl", "1.0.0", "GPL-3.0-only", inventory.SourceDeclared))
	if r.Verdict != Fail || len(r.Excused) != 0 {
		t.Fatalf("expired exception still applies: %+v", r)
	}
}

func TestDevelopmentScope(t *testing.T) {
	t.Parallel()
	dev := pkg("jest", "1.0.0", "GPL-3.0-only", inventory.SourceDeclared)
	dev.Scope = inventory.ScopeDevelopment
	r := evaluate(t, strict+"scopes:\n  development: false\n", day, dev)
	if r.Verdict != Pass || r.SkippedDevelopment != 1 || r.Checked != 0 {
		t.Fatalf("dev dependency checked: %+v", r)
	}
	r = evaluate(t, strict, day, dev)
	if r.Verdict != Fail {
		t.Fatalf("dev dependencies are checked by default: %+v", r)
	}
}

func TestMismatchAndScanProblems(t *testing.T) {
	t.Parallel()
	p := pkg("m", "1.0.0", "MIT", inventory.SourceDeclared)
	p.Mismatch = &inventory.Mismatch{Declared: "MIT", Detected: "GPL-3.0-only", File: "node_modules/m/LICENSE"}
	p2, err := policy.Parse("p", []byte(strict))
	if err != nil {
		t.Fatal(err)
	}
	r := Evaluate(Input{Inventory: &inventory.Inventory{
		Packages: []inventory.Package{p},
		Warnings: []inventory.Warning{{Path: "sub/poetry.lock", Message: "toml: line 1: bad"}},
	}, Policy: p2, Now: day})
	got := strings.Join(rulesOf(r), " ")
	if got != "license/mismatch:warning scan/unreadable:warning" || r.Verdict != Pass {
		t.Fatalf("findings %q verdict %s", got, r.Verdict)
	}
	strictScan, err := policy.Parse("p", []byte(strict+"paths:\n  unreadable: fail\n"))
	if err != nil {
		t.Fatal(err)
	}
	r = Evaluate(Input{Inventory: &inventory.Inventory{Warnings: []inventory.Warning{{Path: "package-lock.json", Message: "too deep"}}}, Policy: strictScan, Now: day})
	if r.Verdict != Fail || len(r.Findings) != 1 || r.Findings[0].Severity != SeverityError {
		t.Fatalf("paths.unreadable: fail must fail the gate: %+v", r)
	}
}
