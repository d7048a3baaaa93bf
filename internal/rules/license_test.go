package rules

import (
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

func judgeWith(t *testing.T, pol string) *LicenseJudge {
	t.Helper()
	p, err := policy.Parse("p.yaml", []byte("version: 1\nlicenses:\n"+pol))
	if err != nil {
		t.Fatal(err)
	}
	return NewLicenseJudge(p.Licenses)
}

func TestLicenseSemantics(t *testing.T) {
	t.Parallel()
	const base = "  allow: [permissive, public-domain]\n  warn: [weak-copyleft]\n  deny: [strong-copyleft, network-copyleft, source-available]\n"
	tests := []struct {
		name, policy, expr string
		want               Outcome
		deciding           string
	}{
		{"allowed id via category", base, "MIT", Allowed, "MIT"},
		{"OR takes the best side", base, "MIT OR GPL-3.0-only", Allowed, "MIT"},
		{"OR of two denied", base, "GPL-2.0-only OR AGPL-3.0-only", Denied, "GPL-2.0-only"},
		{"AND takes the worst side", base, "MIT AND GPL-3.0-only", Denied, "GPL-3.0-only"},
		{"AND with a warned side", base, "MIT AND MPL-2.0", Review, "MPL-2.0"},
		{"nested", base, "(MIT OR GPL-3.0-only) AND (Apache-2.0 OR LGPL-2.1-only)", Allowed, "MIT"},
		{"BUSL is source-available", base, "BUSL-1.1", Denied, "BUSL-1.1"},
		{"unlisted is not allowed", "  allow: [MIT]\n", "ISC", NotAllowed, "ISC"},
		{"empty allow allows the rest", "  deny: [GPL-3.0-only]\n", "ISC", Allowed, "ISC"},
		{"id beats category", "  allow: [GPL-2.0-only WITH Classpath-exception-2.0]\n  deny: [strong-copyleft]\n", "GPL-2.0-only WITH Classpath-exception-2.0", Allowed, "GPL-2.0-only WITH Classpath-exception-2.0"},
		{"exception falls back to the license", "  allow: [MIT]\n  deny: [GPL-2.0-only]\n", "GPL-2.0-only WITH Classpath-exception-2.0", Denied, "GPL-2.0-only WITH Classpath-exception-2.0"},
		{"or-later matched exactly", "  allow: [GPL-2.0-or-later]\n", "GPL-2.0-or-later", Allowed, "GPL-2.0-or-later"},
		{"allowing or-later does not allow a later only", "  allow: [GPL-2.0-or-later]\n", "GPL-3.0-only", NotAllowed, "GPL-3.0-only"},
		{"or-later may pick a later allowed version", "  allow: [GPL-3.0-only]\n", "GPL-2.0-or-later", Allowed, "GPL-2.0-or-later"},
		{"or-later denied when every version is", "  allow: [MIT]\n  deny: [GPL-2.0-only, GPL-3.0-only]\n", "GPL-2.0+", Denied, "GPL-2.0-or-later"},
		{"plus on a non-GNU id", "  allow: [Apache-2.0]\n", "Apache-1.1+", Allowed, "Apache-1.1+"},
		{"deprecated id", "  deny: [GPL-3.0-only]\n  allow: [MIT]\n", "GPL-3.0", Denied, "GPL-3.0-only"},
		{"LicenseRef listed", "  allow: [LicenseRef-acme]\n", "LicenseRef-acme", Allowed, "LicenseRef-acme"},
		{"LicenseRef unlisted", "  allow: [MIT]\n", "LicenseRef-other", NotAllowed, "LicenseRef-other"},
		{"case-insensitive ids", "  allow: [mit]\n", "MIT", Allowed, "MIT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			j := judgeWith(t, tt.policy)
			n, err := spdx.Parse(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			got := j.Judge(n)
			if got.Outcome != tt.want || got.Deciding != tt.deciding {
				t.Fatalf("Judge(%q) = %v by %q (entry %q), want %v by %q", tt.expr, got.Outcome, got.Deciding, got.Entry, tt.want, tt.deciding)
			}
		})
	}
}

func FuzzJudge(f *testing.F) {
	for _, s := range []string{"MIT", "MIT OR GPL-3.0-only", "(A AND B", "GPL-2.0+ WITH Classpath-exception-2.0", "LicenseRef-x AND (MIT OR ISC)"} {
		f.Add(s)
	}
	p := policy.Default()
	j := NewLicenseJudge(p.Licenses)
	f.Fuzz(func(t *testing.T, expr string) {
		n, err := spdx.Parse(expr)
		if err != nil {
			return
		}
		got := j.Judge(n)
		if got.Outcome < Allowed || got.Outcome > Denied {
			t.Fatalf("outcome %d out of range", got.Outcome)
		}
	})
}
