package ghapi

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/ghapi/fakegithub"
)

func annotations(n int) []Annotation {
	out := make([]Annotation, n)
	for i := range out {
		out[i] = Annotation{Path: "package-lock.json", StartLine: i + 1, EndLine: i + 1, Level: LevelFailure, Title: "Denied license", Message: fmt.Sprintf("finding %d", i)}
	}
	return out
}

func TestCompleteCheckRunBatchesAnnotations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n         int
		wantBatch []int // annotations per update request, in order
	}{
		{0, []int{0}},
		{1, []int{1}},
		{50, []int{50}},
		{51, []int{50, 1}},
		{120, []int{50, 50, 20}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			t.Parallel()
			srv := fakegithub.New(t, testToken)
			c, _ := newTestClient(t, srv)
			ctx := context.Background()
			sha := strings.Repeat("d", 40)
			run, err := c.CreateCheckRun(ctx, NewCheckRun{Name: "ospo-gate", HeadSHA: sha, ExternalID: "run-1", StartedAt: time.Unix(1700000000, 0)})
			if err != nil {
				t.Fatal(err)
			}
			sent, err := c.CompleteCheckRun(ctx, run.ID, Completion{
				Name: "ospo-gate", Conclusion: ConclusionFailure, CompletedAt: time.Unix(1700000100, 0),
				Output: Output{Title: "1 error", Summary: "## failed"}, Annotations: annotations(tt.n),
			})
			if err != nil || sent != tt.n {
				t.Fatalf("CompleteCheckRun = %d, %v; want %d, nil", sent, err, tt.n)
			}
			reqs := srv.Requests(fakegithub.OpUpdateCheckRun)
			var got []int
			for _, r := range reqs {
				out, _ := r.Body["output"].(map[string]any)
				anns, _ := out["annotations"].([]any)
				got = append(got, len(anns))
				if r.Body["name"] != "ospo-gate" {
					t.Errorf("update without the check name: %v", r.Body["name"])
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.wantBatch) {
				t.Errorf("annotations per request = %v, want %v", got, tt.wantBatch)
			}
			if reqs[0].Body["conclusion"] != ConclusionFailure || reqs[0].Body["status"] != "completed" {
				t.Errorf("first update = %v, want the conclusion", reqs[0].Body)
			}
			runs := srv.CheckRuns()
			if len(runs) != 1 || len(runs[0].Annotations) != tt.n || runs[0].Conclusion != ConclusionFailure || runs[0].HeadSHA != sha {
				t.Errorf("server state = %+v", runs)
			}
		})
	}
}

func TestCompleteCheckRunRejectsInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		comp Completion
		want string
	}{
		{"bad conclusion", Completion{Conclusion: "stale"}, "conclusion"},
		{"absolute path", Completion{Conclusion: ConclusionSuccess, Annotations: []Annotation{{Path: "/etc/passwd", StartLine: 1, EndLine: 1, Level: LevelNotice, Message: "m"}}}, "relative"},
		{"line zero", Completion{Conclusion: ConclusionSuccess, Annotations: []Annotation{{Path: "a", StartLine: 0, EndLine: 0, Level: LevelNotice, Message: "m"}}}, "lines"},
		{"backwards", Completion{Conclusion: ConclusionSuccess, Annotations: []Annotation{{Path: "a", StartLine: 3, EndLine: 2, Level: LevelNotice, Message: "m"}}}, "lines"},
		{"bad level", Completion{Conclusion: ConclusionSuccess, Annotations: []Annotation{{Path: "a", StartLine: 1, EndLine: 1, Level: "error", Message: "m"}}}, "level"},
		{"no message", Completion{Conclusion: ConclusionSuccess, Annotations: []Annotation{{Path: "a", StartLine: 1, EndLine: 1, Level: LevelNotice}}}, "empty message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakegithub.New(t, testToken)
			c, _ := newTestClient(t, srv)
			_, err := c.CompleteCheckRun(context.Background(), 1, tt.comp)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if n := len(srv.Requests("")); n != 0 {
				t.Errorf("%d requests sent for an invalid completion", n)
			}
		})
	}
}

func TestCompleteCheckRunCutsOversizedText(t *testing.T) {
	t.Parallel()
	srv := fakegithub.New(t, testToken)
	c, _ := newTestClient(t, srv)
	long := strings.Repeat("é", 70000) // 140,000 bytes
	ann := Annotation{Path: "go.mod", StartLine: 2, EndLine: 2, Level: LevelWarning, Title: strings.Repeat("t", 400), Message: strings.Repeat("m", 70000), RawDetails: long}
	_, err := c.CompleteCheckRun(context.Background(), 1, Completion{Name: "n", Conclusion: ConclusionNeutral, Output: Output{Title: "x", Summary: long, Text: long}, Annotations: []Annotation{ann}})
	// The fake knows no run 1, so it answers 404 after validating the body against the schema.
	if StatusOf(err) != 404 {
		t.Fatalf("err = %v, want the fake's 404 after a valid request", err)
	}
}

// TestCreateCheckRunRetryDoesNotDuplicate loses the response of a create that succeeded: the retry must find
// the run by its external id rather than create a second one.
func TestCreateCheckRunRetryDoesNotDuplicate(t *testing.T) {
	t.Parallel()
	srv := fakegithub.New(t, testToken)
	c, _ := newTestClient(t, srv)
	srv.Inject(fakegithub.OpCreateCheckRun, fakegithub.Fault{Status: 500, Apply: true})
	sha := strings.Repeat("e", 40)
	run, err := c.CreateCheckRun(context.Background(), NewCheckRun{Name: "ospo-gate", HeadSHA: sha, ExternalID: "12345-1"})
	if err != nil {
		t.Fatal(err)
	}
	runs := srv.CheckRuns()
	if len(runs) != 1 || runs[0].ID != run.ID {
		t.Fatalf("check runs = %+v, want exactly the one returned (id %d)", runs, run.ID)
	}
	if n := len(srv.Requests(fakegithub.OpListCheckRuns)); n != 1 {
		t.Errorf("list requests = %d, want 1", n)
	}
}
