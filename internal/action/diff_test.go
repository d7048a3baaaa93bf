package action

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

func headPkg(typ, name, version, license string) inventory.Package {
	p := inventory.Package{Type: typ, Name: name, Version: version, PURL: fmt.Sprintf("pkg:%s/%s@%s", typ, name, version), Scope: inventory.ScopeRuntime,
		Locations: []inventory.Location{{Path: "package-lock.json", Line: 3}}}
	if license != "" {
		p.Licenses = []inventory.License{{Expression: license, Source: inventory.SourceDeclared}}
	}
	return p
}

func basePkgOf(typ, name, version, license string) basePackage {
	p := headPkg(typ, name, version, license)
	return toBase(&p)
}

func TestDiffInventories(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                    string
		base                    []basePackage
		head                    []inventory.Package
		added, changed, removed string
		unchanged               int
	}{
		{"identical", []basePackage{basePkgOf("npm", "a", "1.0.0", "MIT")}, []inventory.Package{headPkg("npm", "a", "1.0.0", "MIT")}, "", "", "", 1},
		{"added", nil, []inventory.Package{headPkg("npm", "a", "1.0.0", "MIT")}, "a@1.0.0", "", "", 0},
		{"new version", []basePackage{basePkgOf("npm", "a", "1.0.0", "MIT")}, []inventory.Package{headPkg("npm", "a", "2.0.0", "MIT")}, "", "a@2.0.0<-1.0.0", "", 0},
		{"new license, same version", []basePackage{basePkgOf("npm", "a", "1.0.0", "MIT")}, []inventory.Package{headPkg("npm", "a", "1.0.0", "GPL-3.0-only")}, "", "a@1.0.0<-1.0.0", "", 0},
		{"license became unknown", []basePackage{basePkgOf("npm", "a", "1.0.0", "MIT")}, []inventory.Package{headPkg("npm", "a", "1.0.0", "")}, "", "a@1.0.0<-1.0.0", "", 0},
		{"removed", []basePackage{basePkgOf("npm", "a", "1.0.0", "MIT"), basePkgOf("npm", "b", "1.0.0", "MIT")}, []inventory.Package{headPkg("npm", "a", "1.0.0", "MIT")}, "", "", "b@1.0.0", 1},
		{"same name in another ecosystem is another package", []basePackage{basePkgOf("pypi", "a", "1.0.0", "MIT")}, []inventory.Package{headPkg("npm", "a", "1.0.0", "MIT")}, "a@1.0.0", "", "a@1.0.0", 0},
		{"a second version next to the old one", []basePackage{basePkgOf("npm", "a", "1.0.0", "MIT")}, []inventory.Package{headPkg("npm", "a", "1.0.0", "MIT"), headPkg("npm", "a", "2.0.0", "MIT")}, "", "a@2.0.0<-1.0.0", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := diffInventories(&baseInventory{Packages: tt.base}, &inventory.Inventory{Packages: tt.head})
			if got := changeList(d.Added); got != tt.added {
				t.Errorf("added = %q, want %q", got, tt.added)
			}
			if got := changeList(d.Changed); got != tt.changed {
				t.Errorf("changed = %q, want %q", got, tt.changed)
			}
			if got := changeList(d.Removed); got != tt.removed {
				t.Errorf("removed = %q, want %q", got, tt.removed)
			}
			if d.Unchanged != tt.unchanged || len(d.judged) != len(d.Added)+len(d.Changed) {
				t.Errorf("unchanged = %d (want %d), judged %v", d.Unchanged, tt.unchanged, d.judged)
			}
		})
	}
}

func changeList(cs []Change) string {
	var parts []string
	for _, c := range cs {
		s := c.Name + "@" + c.Version
		if c.Kind == Changed {
			s += "<-" + c.FromVersion
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

// TestJudgeDiffKeepsOnlyRelevantFindings: only judged packages are evaluated, only new scan problems count,
// and exception findings about other packages are dropped.
func TestJudgeDiffKeepsOnlyRelevantFindings(t *testing.T) {
	t.Parallel()
	pol, err := policy.Parse("p.yaml", []byte(`version: 1
licenses:
  allow: [permissive]
  deny: [strong-copyleft]
exceptions:
  - package: pkg:npm/other
    reason: unused by this change
  - package: pkg:npm/expired
    reason: expired long ago
    until: 2020-01-01
  - package: pkg:npm/new-gpl
    reason: expired, and about a judged package
    until: 2020-01-01
`))
	if err != nil {
		t.Fatal(err)
	}
	head := &inventory.Inventory{
		Packages: []inventory.Package{headPkg("npm", "old-gpl", "1.0.0", "GPL-3.0-only"), headPkg("npm", "new-gpl", "1.0.0", "GPL-3.0-only")},
		Warnings: []inventory.Warning{{Path: "old.lock", Message: "bad"}, {Path: "new.lock", Message: "bad"}},
	}
	base := &baseInventory{Packages: []basePackage{basePkgOf("npm", "old-gpl", "1.0.0", "GPL-3.0-only")}, Warnings: []inventory.Warning{{Path: "old.lock", Message: "bad"}}}
	d := diffInventories(base, head)
	res := judgeDiff(head, d, base.Warnings, pol, testNow, "p.yaml")
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s %s%s", f.Rule, f.Package, f.Path))
	}
	want := []string{"license/denied new-gplpackage-lock.json", "scan/unreadable new.lock", "exception/expired p.yaml"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("findings =\n %q\nwant\n %q", got, want)
	}
	if res.Checked != 1 || res.Verdict != rules.Fail {
		t.Errorf("checked %d, verdict %s", res.Checked, res.Verdict)
	}
}
