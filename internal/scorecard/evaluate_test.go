package scorecard

import (
	"reflect"
	"testing"
)

func TestEvaluate(t *testing.T) {
	t.Parallel()
	flask, err := Decode(readFlask(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		r       Result
		th      Thresholds
		want    []Violation
		unknown []string
	}{
		{name: "no thresholds", r: flask},
		{name: "aggregate passes", r: flask, th: Thresholds{MinScore: 6.7}},
		{
			name: "aggregate fails",
			r:    flask, th: Thresholds{MinScore: 7},
			want: []Violation{{Check: Aggregate, Score: 6.7, Min: 7, Reason: "aggregate score 6.7 is below the minimum 7"}},
		},
		{
			name: "per-check minimums, sorted, canonical names, reasons",
			r:    flask,
			th:   Thresholds{MinScore: 5, MinChecks: map[string]int{"Token-Permissions": 1, "Maintained": 10, "code-review": 3, "Dangerous-Workflow": 10}},
			want: []Violation{
				{Check: "Code-Review", Score: 1, Min: 3, Reason: "Found 2/11 approved changesets -- score normalized to 1"},
				{Check: "Token-Permissions", Score: 0, Min: 1, Reason: "detected GitHub workflow tokens with excessive permissions"},
			},
		},
		{
			name:    "inconclusive and missing checks are unknown",
			r:       flask,
			th:      Thresholds{MinChecks: map[string]int{"Branch-Protection": 5, "CI-Tests": 5, "Contributors": 0}},
			unknown: []string{"Branch-Protection", "CI-Tests", "Contributors"},
		},
		{
			name:    "inconclusive aggregate is unknown",
			r:       Result{Score: Inconclusive},
			th:      Thresholds{MinScore: 3, MinChecks: map[string]int{"Maintained": 1}},
			unknown: []string{Aggregate, "Maintained"},
		},
		{
			name: "undocumented check names are looked up as given",
			r:    Result{Score: 9, Checks: []CheckResult{{Name: "Future-Check", Score: 2, Reason: "r"}}},
			th:   Thresholds{MinChecks: map[string]int{"Future-Check": 5}},
			want: []Violation{{Check: "Future-Check", Score: 2, Min: 5, Reason: "r"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, unknown := Evaluate(tc.r, tc.th)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("violations:\n got %+v\nwant %+v", got, tc.want)
			}
			if !reflect.DeepEqual(unknown, tc.unknown) {
				t.Errorf("unknown = %q, want %q", unknown, tc.unknown)
			}
		})
	}
}
