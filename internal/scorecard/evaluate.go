package scorecard

import (
	"fmt"
	"sort"
)

// Aggregate is the Check name used in a [Violation] or in the unknown list
// for the aggregate score.
const Aggregate = ""

// Thresholds are the minimum scores a result must reach.
type Thresholds struct {
	// MinScore is the minimum aggregate score; <= 0 means no requirement.
	MinScore float64
	// MinChecks maps canonical check names (see CanonicalCheck) to minimum
	// scores 0–10.
	MinChecks map[string]int
}

// Violation is a score below its threshold.
type Violation struct {
	// Check is the canonical check name, or Aggregate ("") for the aggregate.
	Check string
	// Score is the score reached and Min the threshold it missed.
	Score, Min float64
	// Reason is Scorecard's reason for the check's score; for the aggregate
	// it states the score and the minimum.
	Reason string
}

// Evaluate compares r with t. It returns the violated thresholds (aggregate
// first, then checks by name) and the names of required checks that could
// not be judged because they are missing from r or inconclusive (-1);
// Aggregate ("") is listed when a minimum aggregate is required and r's is
// inconclusive. A check name t does not know is still looked up in r as
// given.
func Evaluate(r Result, t Thresholds) (violations []Violation, unknown []string) {
	if t.MinScore > 0 {
		switch {
		case r.Score < 0:
			unknown = append(unknown, Aggregate)
		case r.Score < t.MinScore:
			violations = append(violations, Violation{
				Check: Aggregate, Score: r.Score, Min: t.MinScore,
				Reason: fmt.Sprintf("aggregate score %.1f is below the minimum %g", r.Score, t.MinScore),
			})
		}
	}
	mins := canonicalMins(t.MinChecks)
	for _, name := range sortedKeys(mins) {
		min := mins[name]
		c, ok := r.Check(name)
		switch {
		case !ok || !c.Conclusive():
			unknown = append(unknown, name)
		case c.Score < min:
			violations = append(violations, Violation{Check: name, Score: float64(c.Score), Min: float64(min), Reason: c.Reason})
		}
	}
	return violations, unknown
}

// canonicalMins re-keys minimums by canonical check name; if two spellings
// of one check are given, the stricter minimum wins.
func canonicalMins(in map[string]int) map[string]int {
	out := make(map[string]int, len(in))
	for name, min := range in {
		if canon, ok := CanonicalCheck(name); ok {
			name = canon
		}
		if prev, ok := out[name]; !ok || min > prev {
			out[name] = min
		}
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
