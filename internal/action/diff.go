package action

import (
	"sort"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// ChangeKind says how a package differs between base and head.
type ChangeKind string

// Change kinds.
const (
	Added   ChangeKind = "added"
	Changed ChangeKind = "changed" // a new version, or the same version with a new license
	Removed ChangeKind = "removed"
)

// Change is one package the change under review adds, changes or removes.
type Change struct {
	Kind    ChangeKind
	Type    string
	Name    string
	Version string
	PURL    string
	Scope   inventory.Scope
	License string
	// FromVersion and FromLicense are the base's, for changed packages.
	FromVersion string
	FromLicense string
	// Path and Line locate the head's declaration (the base's for removed packages), relative to the scan root.
	Path string
	Line int
}

// Diff compares the base and head inventories.
type Diff struct {
	Added, Changed, Removed []Change
	// Unchanged counts head packages identical to the base's (same version and license): not judged.
	Unchanged int
	// judged indexes the head packages that are judged (added or changed).
	judged []int
}

type pkgIdentity struct{ typ, group, name string }

func identity(typ, group, name string) pkgIdentity {
	return pkgIdentity{typ, strings.ToLower(group), name}
}

// diffInventories finds what head adds or changes relative to base. A package is identified by type, group
// and name; it is changed when its version is new (another version was in the base) or its version is the
// same but its license differs. Removed packages are listed, never judged.
func diffInventories(base *baseInventory, head *inventory.Inventory) *Diff {
	byID := map[pkgIdentity][]basePackage{}
	for _, b := range base.Packages {
		id := identity(b.Type, b.Group, b.Name)
		byID[id] = append(byID[id], b)
	}
	d := &Diff{}
	headVersions := map[pkgIdentity]map[string]bool{}
	changedIDs := map[pkgIdentity]bool{}
	for i := range head.Packages {
		p := &head.Packages[i]
		id := identity(p.Type, p.Group, p.Name)
		if headVersions[id] == nil {
			headVersions[id] = map[string]bool{}
		}
		headVersions[id][p.Version] = true
		c, judged := classify(p, byID[id])
		if !judged {
			d.Unchanged++
			continue
		}
		d.judged = append(d.judged, i)
		if c.Kind == Added {
			d.Added = append(d.Added, c)
		} else {
			d.Changed = append(d.Changed, c)
			changedIDs[id] = true
		}
	}
	for _, b := range base.Packages {
		id := identity(b.Type, b.Group, b.Name)
		if headVersions[id][b.Version] || changedIDs[id] {
			continue // unchanged, or shown as the "from" of a change
		}
		d.Removed = append(d.Removed, Change{Kind: Removed, Type: b.Type, Name: b.Name, Version: b.Version, PURL: b.PURL, Scope: b.Scope, License: b.License, Path: b.Path, Line: b.Line})
	}
	sortChanges(d.Added)
	sortChanges(d.Changed)
	sortChanges(d.Removed)
	return d
}

// classify compares one head package with the base packages of the same identity.
func classify(p *inventory.Package, base []basePackage) (Change, bool) {
	l := p.License()
	loc := p.PrimaryLocation()
	c := Change{Type: p.Type, Name: p.Name, Version: p.Version, PURL: p.PURL, Scope: p.Scope, License: l.Expression, Path: loc.Path, Line: loc.Line}
	if len(base) == 0 {
		c.Kind = Added
		return c, true
	}
	var others []string
	for _, b := range base {
		if b.Version != p.Version {
			others = append(others, b.Version)
			continue
		}
		if b.License == l.Expression && (!l.Invalid || b.Raw == l.Original) {
			return Change{}, false
		}
		c.Kind, c.FromVersion, c.FromLicense = Changed, b.Version, b.License
		if l.Invalid && c.License == "" {
			c.License = l.Original
		}
		return c, true
	}
	sort.Strings(others)
	c.Kind, c.FromVersion = Changed, strings.Join(dedupeSorted(others), ", ")
	c.FromLicense = base[0].License
	return c, true
}

func dedupeSorted(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Version < b.Version
	})
}

// judgeDiff evaluates only the head packages the diff judges, and the scan problems that are new in head.
// Findings about exceptions are kept only where they concern a judged package: an exception unused by a
// handful of packages says nothing about the policy.
func judgeDiff(head *inventory.Inventory, d *Diff, baseWarnings []inventory.Warning, pol *policy.Policy, now time.Time, policyPath string) rules.Result {
	sub := &inventory.Inventory{Root: head.Root}
	for _, i := range d.judged {
		sub.Packages = append(sub.Packages, head.Packages[i])
	}
	old := map[inventory.Warning]bool{}
	for _, w := range baseWarnings {
		old[w] = true
	}
	for _, w := range head.Warnings {
		if !old[w] {
			sub.Warnings = append(sub.Warnings, w)
		}
	}
	res := rules.Evaluate(rules.Input{Inventory: sub, Policy: pol, Now: now, PolicyPath: policyPath})
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if keepInDiff(f, pol, sub) {
			kept = append(kept, f)
		}
	}
	res.Findings = kept
	return res
}

func keepInDiff(f rules.Finding, pol *policy.Policy, judged *inventory.Inventory) bool {
	switch f.Rule {
	case rules.RuleExceptionUnused:
		return false
	case rules.RuleExceptionExpiry:
		exceptions := pol.Exceptions
		if pol.Scorecard != nil {
			exceptions = append(append([]policy.Exception(nil), exceptions...), pol.Scorecard.Exceptions...)
		}
		for _, ex := range exceptions {
			if ex.Line == f.Line && matchesAny(ex.Package, judged) {
				return true
			}
		}
		return false
	}
	return true
}

func matchesAny(pp policy.PackagePattern, inv *inventory.Inventory) bool {
	for i := range inv.Packages {
		if pp.MatchesPURL(inv.Packages[i].PURL) {
			return true
		}
	}
	return false
}

// applyThreshold sets the verdict from the fail-on threshold: the rules fail on errors only.
func applyThreshold(res *rules.Result, f FailOn) {
	res.Verdict = rules.Pass
	for _, fd := range res.Findings {
		if f.Fails(fd.Severity) {
			res.Verdict = rules.Fail
			return
		}
	}
}
