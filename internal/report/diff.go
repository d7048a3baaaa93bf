package report

import (
	"sort"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
)

// SkipNoDependencyChange is Diff.SkipReason when no dependency file changed between the base and the head:
// nothing was scanned and every list is empty.
const SkipNoDependencyChange = "no-dependency-change"

// Diff is what the change under review does to the dependencies. It is present only when the run was a diff
// gate (the action on pull requests and merge groups, or with mode: diff); audits and the CLI have none.
// Paths are relative to the repository root, like the action's findings.
type Diff struct {
	// Base is the commit diffed against; Head the commit judged (the workspace's checkout).
	Base string `json:"base"`
	Head string `json:"head"`
	// Skipped is true when no dependency file changed: nothing was scanned, SkipReason says why, and
	// DependencyFiles and the lists are empty.
	Skipped    bool   `json:"skipped"`
	SkipReason string `json:"skip_reason,omitempty"`
	// DependencyFiles are the dependency files (manifests, lockfiles) the change touches, sorted.
	DependencyFiles []string   `json:"dependency_files"`
	Counts          DiffCounts `json:"counts"`
	// Added and Changed are the packages judged; Removed are listed, never judged.
	Added   []Change `json:"added"`
	Changed []Change `json:"changed"`
	Removed []Change `json:"removed"`
}

// DiffCounts counts the head's packages by what the change did to them; Added, Changed and Removed are the
// lengths of the lists, Unchanged counts the head packages identical to the base's (not judged, not listed).
type DiffCounts struct {
	Added     int `json:"added"`
	Changed   int `json:"changed"`
	Removed   int `json:"removed"`
	Unchanged int `json:"unchanged"`
}

// Change is one package the change adds, changes or removes.
type Change struct {
	Name    string          `json:"name"`
	Version string          `json:"version,omitempty"`
	Type    string          `json:"type"`
	PURL    string          `json:"purl,omitempty"`
	Scope   inventory.Scope `json:"scope,omitempty"`
	// License is the resolved SPDX expression (the base's for removed packages); absent when unknown.
	License string `json:"license,omitempty"`
	// FromVersion and FromLicense are the base's, for changed packages only. FromVersion lists the base's
	// versions, comma-separated, when it had several; FromLicense is absent when it was unknown.
	FromVersion string `json:"from_version,omitempty"`
	FromLicense string `json:"from_license,omitempty"`
	// Path and Line locate the head's declaration (the base's for removed packages), when known.
	Path string `json:"path,omitempty"`
	Line int    `json:"line,omitempty"`
}

// normalize makes the diff deterministic and self-consistent: lists non-nil and sorted, counts matching the
// lists. Unchanged is kept as given.
func (d *Diff) normalize() {
	d.DependencyFiles = append([]string{}, d.DependencyFiles...)
	sort.Strings(d.DependencyFiles)
	for _, l := range []*[]Change{&d.Added, &d.Changed, &d.Removed} {
		*l = append([]Change{}, *l...)
		sortChanges(*l)
	}
	d.Counts.Added, d.Counts.Changed, d.Counts.Removed = len(d.Added), len(d.Changed), len(d.Removed)
}

// sortChanges orders changes like the job summary does (type, name, version), then by what else tells two
// entries apart, so that the order never depends on the scan's.
func sortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		switch {
		case a.Type != b.Type:
			return a.Type < b.Type
		case a.Name != b.Name:
			return a.Name < b.Name
		case a.Version != b.Version:
			return a.Version < b.Version
		case a.FromVersion != b.FromVersion:
			return a.FromVersion < b.FromVersion
		case a.Path != b.Path:
			return a.Path < b.Path
		case a.Line != b.Line:
			return a.Line < b.Line
		}
		return a.PURL < b.PURL
	})
}
