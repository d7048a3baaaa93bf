package rules

import (
	"fmt"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/scorecard"
)

// Scorecard rule ids.
const (
	RuleScorecardBelow       = "scorecard/below-threshold"
	RuleScorecardUnknown     = "scorecard/unknown"
	RuleScorecardUnavailable = "scorecard/unavailable"
)

func init() {
	Rules = append(Rules,
		RuleInfo{RuleScorecardBelow, "OpenSSF Scorecard below the policy's minimum", "The dependency's source repository scores below the policy's minimum aggregate score or a per-check minimum in its published OpenSSF Scorecard result.", "Pick a better-maintained alternative, help the project improve the failing checks, or add a scorecard exception with a reason and an until date."},
		RuleInfo{RuleScorecardUnknown, "OpenSSF Scorecard unknown", "No Scorecard result could be judged: the source repository is unknown, it has no published result, or a required check is missing or inconclusive.", "Ask the project to publish results with scorecard-action, or add a scorecard exception after review."},
		RuleInfo{RuleScorecardUnavailable, "OpenSSF Scorecard lookup failed", "The Scorecard API (or deps.dev) could not be reached or answered with an error, so the dependency's health was not checked.", "Re-run the check; with a cache directory, earlier answers are reused."},
	)
}

// CoversScorecard reports whether the policy's scorecard section covers a package.
func CoversScorecard(p *policy.Policy, pkg *inventory.Package) bool {
	s := p.Scorecard
	if s == nil || !s.AppliesTo(pkg.Type) {
		return false
	}
	dev := p.Scopes.Development
	if s.Development != nil {
		dev = *s.Development
	}
	return pkg.Scope != inventory.ScopeDevelopment || dev
}

// scorecardPkg judges one package's Scorecard fact.
func (e *evaluation) scorecardPkg(p *inventory.Package) {
	s := e.in.Policy.Scorecard
	f := p.Scorecard
	if s == nil || f == nil || !CoversScorecard(e.in.Policy, p) {
		return
	}
	switch f.Status {
	case inventory.ScorecardUnresolved, inventory.ScorecardUnscored:
		e.scorecardFinding(p, RuleScorecardUnknown, s.Unknown, fmt.Sprintf("%s %s: %s", p.Name, p.Version, f.Reason))
	case inventory.ScorecardUnavailable:
		e.scorecardFinding(p, RuleScorecardUnavailable, s.Unavailable, fmt.Sprintf("%s %s: Scorecard of %s could not be looked up: %s", p.Name, p.Version, orDefault(f.Repo, "its repository"), f.Reason))
	case inventory.ScorecardScored:
		res := scorecard.Result{Repo: f.Repo, Score: f.Score}
		for _, c := range f.Checks {
			res.Checks = append(res.Checks, scorecard.CheckResult{Name: c.Name, Score: c.Score, Reason: c.Reason})
		}
		violations, unknown := scorecard.Evaluate(res, scorecard.Thresholds{MinScore: s.MinScore, MinChecks: s.Checks})
		if len(violations) > 0 {
			e.scorecardFinding(p, RuleScorecardBelow, policy.Fail, fmt.Sprintf("%s %s: %s scores %.1f (result of %s); %s; see %s",
				p.Name, p.Version, f.Repo, f.Score, orDefault(f.Date, "unknown date"), describeViolations(violations), f.URL))
		}
		if len(unknown) > 0 {
			names := make([]string, len(unknown))
			for i, u := range unknown {
				names[i] = orDefault(u, "the aggregate score")
			}
			e.scorecardFinding(p, RuleScorecardUnknown, s.Unknown, fmt.Sprintf("%s %s: %s has no conclusive result for %s; see %s",
				p.Name, p.Version, f.Repo, strings.Join(names, ", "), f.URL))
		}
	}
}

func describeViolations(vs []scorecard.Violation) string {
	parts := make([]string, 0, len(vs))
	for _, v := range vs {
		if v.Check == scorecard.Aggregate {
			parts = append(parts, fmt.Sprintf("aggregate %.1f < %g", v.Score, v.Min))
			continue
		}
		part := fmt.Sprintf("%s %g < %g", v.Check, v.Score, v.Min)
		if v.Reason != "" {
			part += " (" + v.Reason + ")"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ", ")
}

// scorecardFinding records a finding unless the action ignores it or a scorecard exception excuses it.
func (e *evaluation) scorecardFinding(p *inventory.Package, rule string, action policy.Action, msg string) {
	sev, ok := severity(action)
	if !ok {
		return
	}
	for i, ex := range e.in.Policy.Scorecard.Exceptions {
		if !ex.Package.MatchesPURL(p.PURL) {
			continue
		}
		if ex.Expired(e.in.Now) {
			e.scExpired[i] = true
			continue
		}
		e.scUsed[i] = true
		x := Excused{Rule: rule, PURL: p.PURL, Reason: ex.Reason, PolicyLine: ex.Line}
		if !ex.Until.IsZero() {
			x.Until = ex.Until.Format("2006-01-02")
		}
		e.res.Excused = append(e.res.Excused, x)
		return
	}
	loc := p.PrimaryLocation()
	e.res.Findings = append(e.res.Findings, Finding{
		Rule: rule, Severity: sev, Package: p.Name, Version: p.Version, PURL: p.PURL, License: p.License().Expression,
		Path: loc.Path, Line: loc.Line, Message: msg, Remediation: Info(rule).Remediation,
	})
}
