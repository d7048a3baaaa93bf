package scorecard

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// Inconclusive is the score of a check (or aggregate) Scorecard could not
// determine.
const Inconclusive = -1

// Result is a published Scorecard result.
type Result struct {
	// Repo is the repository as the API names it, e.g. "github.com/pallets/flask".
	Repo string
	// Commit is the commit that was scored.
	Commit string
	// Date is when the result was produced (date-only values are midnight UTC).
	Date time.Time
	// ScorecardVersion and ScorecardCommit identify the scorecard build.
	ScorecardVersion, ScorecardCommit string
	// Score is the aggregate 0–10, or Inconclusive when no check was conclusive.
	Score float64
	// ScoreComputed is true when the answer had no aggregate and Score was
	// computed from the checks with Scorecard's risk weights.
	ScoreComputed bool
	// Checks are the scored checks, in the answer's order.
	Checks []CheckResult
	// Metadata is the answer's metadata (a string value becomes one element).
	Metadata []string
}

// CheckResult is one check of a result.
type CheckResult struct {
	// Name is the canonical check name when the check is documented, else
	// the name as received.
	Name string
	// Score is 0–10, or Inconclusive.
	Score int
	// Reason is Scorecard's explanation of the score.
	Reason string
	// Details are Scorecard's detail lines ("Warn: ...: path:line").
	Details []string
	// DocURL and DocShort are the answer's documentation link and summary.
	DocURL, DocShort string
}

// Conclusive reports whether the check has a score.
func (c CheckResult) Conclusive() bool { return c.Score >= 0 }

// Check returns the check named name (case-insensitive).
func (r Result) Check(name string) (CheckResult, bool) {
	for _, c := range r.Checks {
		if strings.EqualFold(c.Name, name) {
			return c, true
		}
	}
	return CheckResult{}, false
}

// Decode parses a Scorecard API answer. Errors carry a line:col position
// where the JSON itself is malformed.
func Decode(data []byte) (Result, error) {
	var w wireResult
	if err := fetch.DecodeJSON(data, &w); err != nil {
		return Result{}, fmt.Errorf("decoding scorecard result: %w", err)
	}
	r, err := w.result()
	if err != nil {
		return Result{}, fmt.Errorf("decoding scorecard result: %w", err)
	}
	return r, nil
}

func (w wireResult) result() (Result, error) {
	if w.Score == nil && len(w.Checks) == 0 {
		return Result{}, errors.New("answer has neither a score nor checks")
	}
	date, err := parseDate(w.Date)
	if err != nil {
		return Result{}, err
	}
	r := Result{
		Repo: w.Repo.Name, Commit: w.Repo.Commit, Date: date,
		ScorecardVersion: w.Scorecard.Version, ScorecardCommit: w.Scorecard.Commit,
		Metadata: w.Metadata,
	}
	if r.Checks, err = decodeChecks(w.Checks); err != nil {
		return Result{}, err
	}
	if r.Score, r.ScoreComputed, err = aggregate(w.Score, r.Checks); err != nil {
		return Result{}, err
	}
	return r, nil
}

func decodeChecks(in []wireCheck) ([]CheckResult, error) {
	out := make([]CheckResult, 0, len(in))
	seen := map[string]bool{}
	for i, wc := range in {
		c, err := wc.check()
		if err != nil {
			return nil, fmt.Errorf("checks[%d]: %w", i, err)
		}
		key := strings.ToLower(c.Name)
		if seen[key] {
			return nil, fmt.Errorf("checks[%d]: duplicate check %q", i, c.Name)
		}
		seen[key] = true
		out = append(out, c)
	}
	return out, nil
}

func (wc wireCheck) check() (CheckResult, error) {
	name := strings.TrimSpace(wc.Name)
	if name == "" {
		return CheckResult{}, errors.New("check without a name")
	}
	if canon, ok := CanonicalCheck(name); ok {
		name = canon
	}
	score := Inconclusive
	if wc.Score != nil {
		f := float64(*wc.Score)
		if f != math.Trunc(f) || f < Inconclusive || f > 10 {
			return CheckResult{}, fmt.Errorf("check %q: score %v is not an integer in -1..10", name, f)
		}
		score = int(f)
	}
	return CheckResult{
		Name: name, Score: score, Reason: wc.Reason, Details: wc.Details,
		DocURL: wc.Documentation.URL, DocShort: wc.Documentation.Short,
	}, nil
}

// aggregate returns the answer's aggregate, or computes it from the checks.
func aggregate(score *flexNumber, checks []CheckResult) (float64, bool, error) {
	if score != nil {
		s := float64(*score)
		if s < 0 {
			return Inconclusive, false, nil
		}
		if s > 10 {
			return 0, false, fmt.Errorf("aggregate score %v is above 10", s)
		}
		return s, false, nil
	}
	return AggregateScore(checks), true, nil
}

// AggregateScore computes Scorecard's aggregate: the mean of conclusive
// check scores weighted by risk (Critical 10, High 7.5, Medium 5, Low 2.5).
// Undocumented checks are left out. It returns Inconclusive when no
// documented check is conclusive.
func AggregateScore(checks []CheckResult) float64 {
	var total, sum float64
	for _, c := range checks {
		info, ok := Check(c.Name)
		w := riskWeights[info.Risk]
		if !ok || w == 0 || !c.Conclusive() {
			continue
		}
		total += w
		sum += w * float64(c.Score)
	}
	if total == 0 {
		return Inconclusive
	}
	return sum / total
}

var dateLayouts = []string{time.RFC3339Nano, "2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05Z07:00"}

// parseDate accepts RFC 3339 and date-only values; empty means unknown.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is neither YYYY-MM-DD nor RFC 3339", s)
}
