package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// Verdict is the gate's answer.
type Verdict string

// Verdicts.
const (
	Pass Verdict = "pass"
	Fail Verdict = "fail"
)

// Excused records a finding that a policy exception suppressed.
type Excused struct {
	Rule       string `json:"rule"`
	PURL       string `json:"purl"`
	Reason     string `json:"reason"`
	PolicyLine int    `json:"policy_line"`
	Until      string `json:"until,omitempty"`
}

// Result is the outcome of an evaluation.
type Result struct {
	Verdict  Verdict   `json:"verdict"`
	Findings []Finding `json:"findings"`
	Excused  []Excused `json:"excused,omitempty"`
	// Checked counts the packages judged; SkippedDevelopment those left out because the policy does not check
	// development dependencies.
	Checked            int `json:"checked"`
	SkippedDevelopment int `json:"skipped_development"`
}

// Input is what Evaluate needs. Now is the day exceptions are judged on; PolicyPath is how findings about the
// policy file name it (relative to the scanned root when the policy lives there).
type Input struct {
	Inventory  *inventory.Inventory
	Policy     *policy.Policy
	Now        time.Time
	PolicyPath string
}

// Evaluate judges every package and returns the findings and the verdict.
func Evaluate(in Input) Result {
	e := &evaluation{in: in, judge: NewLicenseJudge(in.Policy.Licenses), used: map[int]bool{}, expired: map[int]bool{},
		scUsed: map[int]bool{}, scExpired: map[int]bool{}}
	for i := range in.Inventory.Packages {
		p := &in.Inventory.Packages[i]
		e.scorecardPkg(p)
		if p.Scope == inventory.ScopeDevelopment && !in.Policy.Scopes.Development {
			e.res.SkippedDevelopment++
			continue
		}
		e.res.Checked++
		e.pkg(p)
	}
	unreadable, report := severity(in.Policy.Paths.Unreadable)
	for _, w := range in.Inventory.Warnings {
		if !report {
			break
		}
		e.res.Findings = append(e.res.Findings, Finding{
			Rule: RuleScanProblem, Severity: unreadable, Path: w.Path,
			Message:     fmt.Sprintf("%s could not be read: %s", orDefault(w.Path, "a file"), w.Message),
			Remediation: Info(RuleScanProblem).Remediation,
		})
	}
	e.exceptionFindings()
	SortFindings(e.res.Findings)
	e.res.Verdict = Pass
	for _, f := range e.res.Findings {
		if f.Severity == SeverityError {
			e.res.Verdict = Fail
			break
		}
	}
	return e.res
}

type evaluation struct {
	in      Input
	judge   *LicenseJudge
	res     Result
	used    map[int]bool // exception index → excused something
	expired map[int]bool // exception index → matched a finding but had expired
	stale   []Finding

	scUsed, scExpired map[int]bool // the same for scorecard.exceptions
}

func (e *evaluation) pkg(p *inventory.Package) {
	lic := p.License()
	l := e.in.Policy.Licenses
	switch {
	case lic.Invalid:
		e.report(p, RuleInvalid, l.Invalid, fmt.Sprintf("%s %s declares the license %q, which is not a valid SPDX expression", p.Name, p.Version, lic.Original))
	case !lic.Known():
		msg := fmt.Sprintf("no license found for %s %s", p.Name, p.Version)
		if len(p.Declared) > 0 {
			msg += fmt.Sprintf(" (declared %q, which names no license)", strings.Join(p.Declared, ", "))
		}
		e.report(p, RuleUnknown, l.Unknown, msg)
	default:
		node, err := spdx.Parse(lic.Expression)
		if err != nil {
			e.report(p, RuleInvalid, l.Invalid, fmt.Sprintf("%s %s has the license %q, which is not a valid SPDX expression: %v", p.Name, p.Version, lic.Expression, err))
			break
		}
		j := e.judge.Judge(node)
		switch j.Outcome {
		case Denied:
			e.report(p, RuleDenied, l.Denied, fmt.Sprintf("%s %s is licensed %s: %s is denied by the policy (%s)", p.Name, p.Version, lic.Expression, j.Deciding, j.Entry))
		case NotAllowed:
			e.report(p, RuleNotAllowed, l.NotAllowed, fmt.Sprintf("%s %s is licensed %s: %s is not in the policy's allow list", p.Name, p.Version, lic.Expression, j.Deciding))
		case Review:
			e.report(p, RuleReview, policy.Warn, fmt.Sprintf("%s %s is licensed %s: %s is accepted with a warning by the policy (%s)", p.Name, p.Version, lic.Expression, j.Deciding, j.Entry))
		}
	}
	if p.Mismatch != nil {
		e.report(p, RuleMismatch, l.Mismatch, fmt.Sprintf("%s %s declares %s but its license file %s reads as %s", p.Name, p.Version, p.Mismatch.Declared, p.Mismatch.File, p.Mismatch.Detected))
	}
}

// report records a package finding unless the action ignores it or an exception excuses it.
func (e *evaluation) report(p *inventory.Package, rule string, action policy.Action, msg string) {
	sev, ok := severity(action)
	if !ok {
		return
	}
	if e.excuse(p, rule) {
		return
	}
	loc := p.PrimaryLocation()
	lic := p.License()
	msg = fmt.Sprintf("%s [%s]", msg, licenseSourceNote(lic))
	e.res.Findings = append(e.res.Findings, Finding{
		Rule: rule, Severity: sev,
		Package: p.Name, Version: p.Version, PURL: p.PURL, License: lic.Expression,
		Path: loc.Path, Line: loc.Line, Message: msg, Remediation: Info(rule).Remediation,
	})
}

func licenseSourceNote(l inventory.License) string {
	if !l.Known() && !l.Invalid {
		if l.Evidence != "" && l.Source == inventory.SourceNone {
			return "no license recognised in " + l.Evidence
		}
		return "no license evidence"
	}
	switch l.Source {
	case inventory.SourceDeclared, inventory.SourceDetected, inventory.SourceOverride, inventory.SourceRegistry:
		if l.Evidence != "" {
			return fmt.Sprintf("license %s from %s", l.Source, l.Evidence)
		}
		return "license " + string(l.Source)
	}
	return "no license evidence"
}

func severity(a policy.Action) (Severity, bool) {
	switch a {
	case policy.Fail:
		return SeverityError, true
	case policy.Warn:
		return SeverityWarning, true
	}
	return "", false
}

// excuse looks for a live exception covering the package. Expired exceptions and exceptions pinned to another
// license do not apply; both are reported once.
func (e *evaluation) excuse(p *inventory.Package, rule string) bool {
	for i, ex := range e.in.Policy.Exceptions {
		if !ex.Package.MatchesPURL(p.PURL) {
			continue
		}
		if ex.Expired(e.in.Now) {
			e.expired[i] = true
			continue
		}
		lic := p.License().Expression
		if ex.License != "" && !sameExpression(ex.License, lic) {
			e.stale = append(e.stale, Finding{
				Rule: RuleExceptionStale, Severity: SeverityWarning,
				Package: p.Name, Version: p.Version, PURL: p.PURL, License: lic,
				Path: e.in.PolicyPath, Line: ex.Line,
				Message: fmt.Sprintf("the exception for %s accepts %s, but the package is now %s, so it does not apply",
					ex.Package.Raw, ex.License, orDefault(lic, "of unknown license")),
				Remediation: Info(RuleExceptionStale).Remediation,
			})
			e.used[i] = true
			continue
		}
		e.used[i] = true
		x := Excused{Rule: rule, PURL: p.PURL, Reason: ex.Reason, PolicyLine: ex.Line}
		if !ex.Until.IsZero() {
			x.Until = ex.Until.Format("2006-01-02")
		}
		e.res.Excused = append(e.res.Excused, x)
		return true
	}
	return false
}

func sameExpression(a, b string) bool {
	na, err1 := spdx.Parse(a)
	nb, err2 := spdx.Parse(b)
	if err1 != nil || err2 != nil {
		return strings.EqualFold(a, b)
	}
	return na.String() == nb.String()
}

func (e *evaluation) exceptionFindings() {
	seenStale := map[string]bool{}
	for _, f := range e.stale {
		key := fmt.Sprintf("%d|%s", f.Line, f.PURL)
		if !seenStale[key] {
			seenStale[key] = true
			e.res.Findings = append(e.res.Findings, f)
		}
	}
	e.exceptionStatus(e.in.Policy.Exceptions, e.used, e.expired)
	if sc := e.in.Policy.Scorecard; sc != nil {
		e.exceptionStatus(sc.Exceptions, e.scUsed, e.scExpired)
	}
}

// exceptionStatus reports expired and unused exceptions of one list.
func (e *evaluation) exceptionStatus(list []policy.Exception, used, expired map[int]bool) {
	for i, ex := range list {
		base := Finding{Path: e.in.PolicyPath, Line: ex.Line, Severity: SeverityWarning}
		switch {
		case ex.Expired(e.in.Now):
			f := base
			f.Rule = RuleExceptionExpiry
			f.Message = fmt.Sprintf("the exception for %s expired on %s (%s)", ex.Package.Raw, ex.Until.Format("2006-01-02"), ex.Reason)
			if expired[i] {
				f.Message += "; the findings it covered are reported again"
			}
			f.Remediation = Info(RuleExceptionExpiry).Remediation
			e.res.Findings = append(e.res.Findings, f)
		case !used[i]:
			f := base
			f.Rule = RuleExceptionUnused
			f.Severity = SeverityNote
			f.Message = fmt.Sprintf("the exception for %s matched no finding", ex.Package.Raw)
			f.Remediation = Info(RuleExceptionUnused).Remediation
			e.res.Findings = append(e.res.Findings, f)
		}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
