// Package rules judges an inventory against a policy. It is pure: the same inventory, policy and day always
// give the same findings, and nothing here reads files, the network or the clock.
package rules

import (
	"sort"
)

// Severity is how much a finding matters: error findings fail the gate.
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityNote    Severity = "note"
)

// Rule ids. They are stable: reports, SARIF rules and policy documentation refer to them.
const (
	RuleDenied          = "license/denied"
	RuleNotAllowed      = "license/not-allowed"
	RuleReview          = "license/review"
	RuleUnknown         = "license/unknown"
	RuleInvalid         = "license/invalid"
	RuleMismatch        = "license/mismatch"
	RuleExceptionExpiry = "exception/expired"
	RuleExceptionUnused = "exception/unused"
	RuleExceptionStale  = "exception/license-changed"
	RuleScanProblem     = "scan/unreadable"
)

// RuleInfo describes a rule for people: reports and SARIF use it.
type RuleInfo struct {
	ID          string
	Title       string
	Help        string
	Remediation string
}

// Rules lists every rule with its documentation, in a stable order.
var Rules = []RuleInfo{
	{RuleDenied, "Denied license", "The package's license is in the policy's licenses.deny list (by id or category), and no choice offered by the license expression avoids it.", "Replace the dependency, or, after legal review, add an exceptions entry with a reason and an until date."},
	{RuleNotAllowed, "License not allowed", "The package's license is in none of the policy's lists: nobody has decided whether it is acceptable.", "Ask your OSPO to add the license to licenses.allow, licenses.warn or licenses.deny, or add an exceptions entry for this package."},
	{RuleReview, "License needs review", "The package's license is in the policy's licenses.warn list: it is accepted, but a reviewer should know about it.", "Check that the way the dependency is used meets the license's conditions."},
	{RuleUnknown, "Unknown license", "No license could be found for the package: no usable declaration in its metadata and no license text in its files.", "Add a licenses.overrides entry with the license you verified, or an exceptions entry; vendoring or installing the package lets ospo-gate read its license file."},
	{RuleInvalid, "Invalid license declaration", "The package declares a license value that is not a valid SPDX expression and could not be normalised.", "Verify the license by hand and record it with a licenses.overrides entry."},
	{RuleMismatch, "Declared and detected licenses disagree", "The license the package declares differs from the license text shipped in its files.", "Check which one applies and record it with a licenses.overrides entry."},
	{RuleExceptionExpiry, "Exception expired", "A policy exception's until date has passed; it no longer excuses anything.", "Renew the exception with a new date after review, or remove it and fix the dependency."},
	{RuleExceptionUnused, "Exception unused", "A policy exception matched no finding: the package is gone or now passes.", "Remove the exception from the policy."},
	{RuleExceptionStale, "Exception pinned to another license", "A policy exception accepts one license, but the package's license is now a different one, so the exception does not apply.", "Review the new license and update or remove the exception."},
	{RuleScanProblem, "File could not be read", "A manifest or lockfile could not be read or parsed, so the packages it declares are not checked.", "Fix the file, or exclude it with paths.exclude in the policy if it is a test fixture."},
}

// Info returns the documentation of a rule id.
func Info(id string) RuleInfo {
	for _, r := range Rules {
		if r.ID == id {
			return r
		}
	}
	return RuleInfo{ID: id, Title: id}
}

// Finding is one problem the gate reports. It is data: reporters render it, the verdict counts it.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Package fields are empty for findings about the policy itself (exceptions) or a file.
	Package string `json:"package,omitempty"`
	Version string `json:"version,omitempty"`
	PURL    string `json:"purl,omitempty"`
	// License is the package's resolved license expression, when it has one.
	License string `json:"license,omitempty"`
	// Path and Line locate the finding: the manifest line that brought the package in, or the policy line.
	Path        string `json:"path,omitempty"`
	Line        int    `json:"line,omitempty"`
	Message     string `json:"message"`
	Remediation string `json:"remediation,omitempty"`
}

// SortFindings orders findings by severity (errors first), then path, line, rule and purl.
func SortFindings(fs []Finding) {
	rank := map[Severity]int{SeverityError: 0, SeverityWarning: 1, SeverityNote: 2}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if rank[a.Severity] != rank[b.Severity] {
			return rank[a.Severity] < rank[b.Severity]
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.PURL < b.PURL
	})
}
