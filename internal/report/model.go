// Package report renders a gate run. The JSON report is the versioned wire model (schema in
// docs/report.schema.json) that every other reporter reads: text and markdown are built from a Report, never
// from the pipeline's internals, so a saved JSON report can be re-rendered in any format.
package report

import (
	"sort"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// SchemaVersion is the version of the JSON report model. It changes when a field changes meaning or is
// removed; added fields do not change it (the optional diff section was added in version 1).
const SchemaVersion = "1"

// Report is the wire model.
type Report struct {
	SchemaVersion string              `json:"schema_version"`
	Tool          Tool                `json:"tool"`
	Target        string              `json:"target"`
	Policy        PolicyRef           `json:"policy"`
	Verdict       rules.Verdict       `json:"verdict"`
	Summary       Summary             `json:"summary"`
	Packages      []inventory.Package `json:"packages"`
	Findings      []rules.Finding     `json:"findings"`
	Excused       []rules.Excused     `json:"excused"`
	Warnings      []inventory.Warning `json:"warnings"`
	Excluded      Excluded            `json:"excluded"`
	// Diff is what the change under review does to the dependencies; present only for a diff gate.
	Diff *Diff `json:"diff,omitempty"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// PolicyRef says which policy judged the run.
type PolicyRef struct {
	Path     string `json:"path"`
	Embedded bool   `json:"embedded"`
}

// Summary holds the run's counts.
type Summary struct {
	Packages int            `json:"packages"`
	Checked  int            `json:"checked"`
	Findings map[string]int `json:"findings"`
	// Licenses counts packages by where their license came from.
	Licenses LicenseStats `json:"licenses"`
	// Ecosystems breaks the license figures down by package type.
	Ecosystems []EcosystemStats `json:"ecosystems"`
	// Scorecard counts packages by Scorecard status; absent when the policy has no scorecard section.
	Scorecard map[string]int `json:"scorecard,omitempty"`
}

// LicenseStats counts resolved licenses.
type LicenseStats struct {
	Resolved int            `json:"resolved"`
	BySource map[string]int `json:"by_source"`
}

// EcosystemStats is one package type's share of resolved licenses.
type EcosystemStats struct {
	Type     string         `json:"type"`
	Packages int            `json:"packages"`
	Resolved int            `json:"resolved"`
	BySource map[string]int `json:"by_source"`
}

// Excluded says what the run left out and why.
type Excluded struct {
	// Development counts development dependencies not checked because the policy's scopes.development is false.
	Development int `json:"development"`
	// OwnPackages are the scanned project's own packages (workspace members, the main module).
	OwnPackages []string `json:"own_packages"`
	// Paths are the policy's paths.exclude globs.
	Paths []string `json:"paths"`
}

// Input is what Build needs from a run.
type Input struct {
	ToolVersion    string
	Target         string
	PolicyPath     string
	PolicyEmbedded bool
	Inventory      *inventory.Inventory
	Result         rules.Result
	Own            []string
	ExcludedPaths  []string
	// Diff is the diff gate's comparison of base and head; nil for audits and the CLI.
	Diff *Diff
}

// Build assembles the wire model.
func Build(in Input) *Report {
	r := &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "ospo-gate", Version: in.ToolVersion},
		Target:        in.Target,
		Policy:        PolicyRef{Path: in.PolicyPath, Embedded: in.PolicyEmbedded},
		Verdict:       in.Result.Verdict,
		Packages:      nonNil(in.Inventory.Packages),
		Findings:      nonNil(in.Result.Findings),
		Excused:       nonNil(in.Result.Excused),
		Warnings:      nonNil(in.Inventory.Warnings),
		Excluded: Excluded{
			Development: in.Result.SkippedDevelopment,
			OwnPackages: nonNil(in.Own),
			Paths:       nonNil(in.ExcludedPaths),
		},
	}
	for i := range r.Packages {
		if r.Packages[i].Licenses == nil {
			r.Packages[i].Licenses = []inventory.License{}
		}
		if r.Packages[i].Locations == nil {
			r.Packages[i].Locations = []inventory.Location{}
		}
	}
	r.Summary = summarize(r.Packages, r.Findings, in.Result.Checked)
	if in.Diff != nil {
		d := *in.Diff
		d.normalize()
		r.Diff = &d
	}
	return r
}

func summarize(pkgs []inventory.Package, findings []rules.Finding, checked int) Summary {
	s := Summary{
		Packages: len(pkgs), Checked: checked,
		Findings: map[string]int{string(rules.SeverityError): 0, string(rules.SeverityWarning): 0, string(rules.SeverityNote): 0},
		Licenses: LicenseStats{BySource: map[string]int{}},
	}
	for _, f := range findings {
		s.Findings[string(f.Severity)]++
	}
	eco := map[string]*EcosystemStats{}
	for i := range pkgs {
		p := &pkgs[i]
		l := p.License()
		src := string(l.Source)
		if !l.Known() {
			src = string(inventory.SourceNone)
		}
		s.Licenses.BySource[src]++
		e := eco[p.Type]
		if e == nil {
			e = &EcosystemStats{Type: p.Type, BySource: map[string]int{}}
			eco[p.Type] = e
		}
		e.Packages++
		e.BySource[src]++
		if l.Known() {
			s.Licenses.Resolved++
			e.Resolved++
		}
	}
	for i := range pkgs {
		if f := pkgs[i].Scorecard; f != nil {
			if s.Scorecard == nil {
				s.Scorecard = map[string]int{}
			}
			s.Scorecard[f.Status]++
		}
	}
	for _, e := range eco {
		s.Ecosystems = append(s.Ecosystems, *e)
	}
	sort.Slice(s.Ecosystems, func(i, j int) bool { return s.Ecosystems[i].Type < s.Ecosystems[j].Type })
	if s.Ecosystems == nil {
		s.Ecosystems = []EcosystemStats{}
	}
	return s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
