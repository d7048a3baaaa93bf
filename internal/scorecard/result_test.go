package scorecard

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

const flaskPath = "../../../shared/scorecard/flask.json"

func readFlask(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(flaskPath)
	if err != nil {
		t.Fatalf("reading the real Scorecard answer: %v", err)
	}
	return data
}

func TestDecodeRealAnswer(t *testing.T) {
	t.Parallel()
	r, err := Decode(readFlask(t))
	if err != nil {
		t.Fatal(err)
	}
	if r.Repo != "github.com/pallets/flask" || r.Commit != "d718ecf6d3dfc4656d262154c59672437c1ea075" {
		t.Errorf("repo = %q @ %q", r.Repo, r.Commit)
	}
	if !r.Date.Equal(time.Date(2024, 6, 17, 0, 0, 0, 0, time.UTC)) || r.Score != 6.7 || r.ScoreComputed {
		t.Errorf("date %v score %v computed %v", r.Date, r.Score, r.ScoreComputed)
	}
	if r.ScorecardVersion != "v5.0.0-rc2-63-g5d08c1cc" || len(r.Checks) != 15 {
		t.Errorf("version %q, %d checks", r.ScorecardVersion, len(r.Checks))
	}
	bp, ok := r.Check("branch-protection")
	if !ok || bp.Conclusive() || bp.Score != Inconclusive || !strings.Contains(bp.Reason, "internal error") {
		t.Errorf("Branch-Protection = %+v", bp)
	}
	pd, _ := r.Check("Pinned-Dependencies")
	if pd.Score != 4 || len(pd.Details) != 1 || !strings.HasSuffix(pd.Details[0], "on-create-command.sh:5") {
		t.Errorf("Pinned-Dependencies = %+v", pd)
	}
	cr, _ := r.Check("Code-Review")
	if cr.Details != nil || cr.DocURL != "u" {
		t.Errorf("Code-Review details %v doc %q", cr.Details, cr.DocURL)
	}
	// The API rounds its aggregate to one decimal; recomputing agrees.
	if got := AggregateScore(r.Checks); math.Abs(got-r.Score) > 0.05 {
		t.Errorf("AggregateScore = %v, API says %v", got, r.Score)
	}
}

func TestDecodeLenient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		check func(t *testing.T, r Result)
	}{
		{
			name: "rfc3339 date, string metadata, unknown fields",
			in:   `{"date":"2025-01-02T03:04:05Z","repo":{"name":"github.com/o/r"},"score":5,"checks":[],"metadata":"m","extra":{"x":[1]}}`,
			check: func(t *testing.T, r Result) {
				if !r.Date.Equal(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)) || len(r.Metadata) != 1 || r.Metadata[0] != "m" {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name: "date with offset, array metadata with null",
			in:   `{"date":"2025-01-02T03:04:05+02:00","score":5,"metadata":["a",null,"b"]}`,
			check: func(t *testing.T, r Result) {
				if r.Date.Hour() != 1 || len(r.Metadata) != 2 {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name: "missing score is computed from checks",
			in:   `{"date":"2025-01-02","checks":[{"name":"Maintained","score":10},{"name":"License","score":0},{"name":"SAST","score":-1}]}`,
			check: func(t *testing.T, r Result) {
				if !r.ScoreComputed || math.Abs(r.Score-7.5) > 1e-9 { // (7.5*10 + 2.5*0) / (7.5+2.5)
					t.Errorf("score %v computed %v", r.Score, r.ScoreComputed)
				}
			},
		},
		{
			name: "all checks inconclusive",
			in:   `{"checks":[{"name":"Maintained","score":-1}]}`,
			check: func(t *testing.T, r Result) {
				if r.Score != Inconclusive {
					t.Errorf("score %v", r.Score)
				}
			},
		},
		{
			name: "aggregate -1, check score null, string score, name case, details string",
			in:   `{"score":-1,"checks":[{"name":"maintained","score":null},{"name":"code-review","score":"7","details":"Info: x"},{"name":"Future-Check","score":3.0}]}`,
			check: func(t *testing.T, r Result) {
				m, _ := r.Check("Maintained")
				cr, _ := r.Check("Code-Review")
				fc, _ := r.Check("Future-Check")
				if r.Score != Inconclusive || m.Name != "Maintained" || m.Score != Inconclusive ||
					cr.Name != "Code-Review" || cr.Score != 7 || len(cr.Details) != 1 || fc.Score != 3 {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name: "empty date is unknown",
			in:   `{"date":"","score":0}`,
			check: func(t *testing.T, r Result) {
				if !r.Date.IsZero() || r.Score != 0 {
					t.Errorf("got %+v", r)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := Decode([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, r)
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{name: "syntax", in: "{\n \"score\": 5,\n \"checks\": [}", want: "3:13: invalid character '}'"},
		{name: "truncated", in: `{"score":5,"checks":[{"name":"Ma`, want: "unexpected end of JSON input"},
		{name: "not an object", in: `[1,2]`, want: "1:1: json: cannot unmarshal array"},
		{name: "null", in: `null`, want: "JSON document is null"},
		{name: "empty object", in: `{}`, want: "neither a score nor checks"},
		{name: "error answer", in: `{"code":500,"message":"boom"}`, want: "neither a score nor checks"},
		{name: "bad date", in: `{"date":"last week","score":1}`, want: `date "last week"`},
		{name: "score above 10", in: `{"score":11}`, want: "above 10"},
		{name: "score not a number", in: `{"score":true}`, want: "not a number"},
		{name: "check score fraction", in: `{"checks":[{"name":"Maintained","score":2.5}]}`, want: "not an integer"},
		{name: "check score out of range", in: `{"checks":[{"name":"Maintained","score":-3}]}`, want: "not an integer in -1..10"},
		{name: "check without name", in: `{"checks":[{"score":3}]}`, want: "checks[0]: check without a name"},
		{name: "duplicate check", in: `{"checks":[{"name":"SAST","score":3},{"name":"sast","score":4}]}`, want: "checks[1]: duplicate"},
		{name: "details wrong type", in: `{"checks":[{"name":"SAST","score":3,"details":{"a":1}}]}`, want: "string or an array"},
		{name: "checks wrong type", in: `{"checks":{"name":"SAST"}}`, want: "cannot unmarshal object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Decode([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Decode error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}
