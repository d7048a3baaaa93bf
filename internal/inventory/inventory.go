// Package inventory is ospo-gate's model of what a checkout depends on: the packages found in its SBOM, where
// each one was declared, and the facts resolved about it (its license and where that license came from).
//
// Data flows one way: the sbom package fills Packages from syft, the resolve package fills License, the locate
// step fills Location.Line, and the rules package reads all of it to produce findings. Nothing in this package
// does I/O.
package inventory

import "sort"

// Scope says whether a package is needed at run time or only to develop the project.
type Scope string

// Scopes.
const (
	ScopeRuntime     Scope = "runtime"
	ScopeDevelopment Scope = "development"
)

// Location is a place in the scanned tree that declares a package: a workspace-relative, slash-separated path
// and, when the locator found it, the 1-based line. Line 0 means "somewhere in this file".
type Location struct {
	Path string `json:"path"`
	Line int    `json:"line,omitempty"`
}

// LicenseSource says where a resolved license came from.
type LicenseSource string

// License sources, from the most to the least authoritative for policy purposes.
const (
	SourceOverride LicenseSource = "override" // the policy's licenses.overrides entry
	SourceDeclared LicenseSource = "declared" // package metadata: lockfile, manifest or installed metadata
	SourceDetected LicenseSource = "detected" // license text found in the package's files
	SourceRegistry LicenseSource = "registry" // deps.dev or the ecosystem's registry (evidence: the URL)
	SourceNone     LicenseSource = "none"     // nothing usable was found
)

// License is the license resolved for a package.
type License struct {
	// Expression is the SPDX expression in canonical form; empty when the license is unknown.
	Expression string `json:"expression,omitempty"`
	// Original is the raw value the expression was derived from (declared string, or detector output).
	Original string `json:"original,omitempty"`
	// Source says where the license came from.
	Source LicenseSource `json:"source"`
	// Evidence names what the license was read from: a file path relative to the scanned root, a manifest, or
	// the policy file for overrides.
	Evidence string `json:"evidence,omitempty"`
	// Invalid is set when a value was declared but is not a valid SPDX expression and could not be normalised.
	Invalid bool `json:"invalid,omitempty"`
	// Note explains a normalisation or a detection choice (e.g. "GPL-3.0 text without notice: assumed -only").
	Note string `json:"note,omitempty"`
}

// Known reports whether the license resolved to an SPDX expression.
func (l License) Known() bool { return l.Expression != "" }

// Mismatch records a declared license that disagrees with the license text shipped in the package.
type Mismatch struct {
	Declared string `json:"declared"`
	Detected string `json:"detected"`
	File     string `json:"file"`
}

// Package is one dependency of the scanned project.
type Package struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	// Type is syft's package type (npm, go-module, python, rust-crate, java-archive, github-action, ...).
	Type string `json:"type"`
	PURL string `json:"purl,omitempty"`
	// Group is the Maven groupId (or other namespace) where the ecosystem has one.
	Group string `json:"-"`
	Scope Scope  `json:"scope"`
	// Locations are the manifests and lockfiles that declare the package, primary evidence first.
	Locations []Location `json:"locations"`
	// Declared holds the raw license values the package metadata carries, in the order found.
	Declared []string `json:"declared_licenses,omitempty"`
	// DeclaredIn is the file the declared license was read from (a lockfile, a jar, installed metadata),
	// relative to the scanned root.
	DeclaredIn string `json:"-"`
	// DeclaredFile is the license file a declaration points at ("SEE LICENSE IN x"), relative to Dir.
	DeclaredFile string `json:"-"`
	// Licenses is the resolved license; one entry, or empty before resolution.
	Licenses []License `json:"licenses"`
	// Mismatch is set when declared and detected licenses disagree.
	Mismatch *Mismatch `json:"license_mismatch,omitempty"`
	// Scorecard holds the package's OpenSSF Scorecard facts, when the policy asks for them.
	Scorecard *ScorecardFact `json:"scorecard,omitempty"`
	// URLs are homepage/repository/source URLs from the package metadata.
	URLs []string `json:"-"`
	// Dir is the package's own directory in the scanned tree or a module cache, when one exists (absolute).
	Dir string `json:"-"`
	// DirRel is Dir relative to the scanned root, slash-separated, when Dir is inside it.
	DirRel string `json:"-"`
}

// License returns the resolved license, or an unknown one.
func (p *Package) License() License {
	if len(p.Licenses) == 0 {
		return License{Source: SourceNone}
	}
	return p.Licenses[0]
}

// Key identifies a package in an inventory: its purl when it has one, else type/name@version.
func (p *Package) Key() string {
	if p.PURL != "" {
		return p.PURL
	}
	return p.Type + "/" + p.Name + "@" + p.Version
}

// PrimaryLocation is the first location, or the zero Location.
func (p *Package) PrimaryLocation() Location {
	if len(p.Locations) == 0 {
		return Location{}
	}
	return p.Locations[0]
}

// Scorecard lookup statuses.
const (
	ScorecardScored      = "scored"      // a published result was found
	ScorecardUnscored    = "unscored"    // the repository has no published result
	ScorecardUnresolved  = "unresolved"  // no source repository could be found for the package
	ScorecardUnavailable = "unavailable" // the lookup failed (network, API, deadline)
)

// ScorecardFact is what is known about a package's source repository's OpenSSF Scorecard.
type ScorecardFact struct {
	Status string `json:"status"`
	// Repo is "host/owner/name"; RepoMethod says how it was found (purl, metadata, deps.dev).
	Repo       string `json:"repo,omitempty"`
	RepoMethod string `json:"repo_method,omitempty"`
	// Score is the aggregate score (0–10, -1 inconclusive), Date the result's date (YYYY-MM-DD).
	Score  float64      `json:"score"`
	Date   string       `json:"date,omitempty"`
	Checks []CheckScore `json:"checks,omitempty"`
	// Source says where the answer came from: api, cache.
	Source string `json:"source,omitempty"`
	// Reason explains an unavailable or unresolved status.
	Reason string `json:"reason,omitempty"`
	// URL is the Scorecard viewer page of the repository.
	URL string `json:"url,omitempty"`
}

// CheckScore is one Scorecard check's result (-1 = inconclusive).
type CheckScore struct {
	Name   string `json:"name"`
	Score  int    `json:"score"`
	Reason string `json:"reason,omitempty"`
}

// Warning is a problem that did not stop the scan: a lockfile that could not be parsed, a file skipped, a source
// that was unavailable. It always names what was affected.
type Warning struct {
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

// Inventory is everything the scan found.
type Inventory struct {
	// Root is the absolute path of the scanned directory.
	Root     string    `json:"-"`
	Packages []Package `json:"packages"`
	Warnings []Warning `json:"warnings,omitempty"`
}

// Sort orders packages by type, name, version and purl so that every report is deterministic.
func (inv *Inventory) Sort() {
	sort.SliceStable(inv.Packages, func(i, j int) bool {
		a, b := &inv.Packages[i], &inv.Packages[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Version != b.Version {
			return a.Version < b.Version
		}
		return a.PURL < b.PURL
	})
	sort.SliceStable(inv.Warnings, func(i, j int) bool {
		if inv.Warnings[i].Path != inv.Warnings[j].Path {
			return inv.Warnings[i].Path < inv.Warnings[j].Path
		}
		return inv.Warnings[i].Message < inv.Warnings[j].Message
	})
}
