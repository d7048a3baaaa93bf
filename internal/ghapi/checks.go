package ghapi

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// Check run conclusions ospo-gate uses.
const (
	ConclusionSuccess = "success"
	ConclusionFailure = "failure"
	ConclusionNeutral = "neutral"
)

// Annotation levels.
const (
	LevelFailure = "failure"
	LevelWarning = "warning"
	LevelNotice  = "notice"
)

// Output is a check run's visible text. Title and Summary are required by GitHub whenever an output is sent.
type Output struct {
	Title   string
	Summary string // Markdown, cut at MaxOutputBytes
	Text    string // optional Markdown details, cut at MaxOutputBytes
}

// Annotation marks lines of a file in the repository.
type Annotation struct {
	// Path is relative to the repository root, slash-separated.
	Path string
	// StartLine and EndLine are 1-based and inclusive.
	StartLine, EndLine int
	// Level is LevelFailure, LevelWarning or LevelNotice.
	Level      string
	Title      string
	Message    string
	RawDetails string
}

// CheckRun identifies a created check run.
type CheckRun struct {
	ID      int64
	HTMLURL string
}

// NewCheckRun describes a check run to create in progress.
type NewCheckRun struct {
	Name    string
	HeadSHA string
	// ExternalID identifies this attempt (e.g. the workflow run id); a create retried after a lost response
	// finds the run the first request made by it instead of making a second one.
	ExternalID string
	// DetailsURL links the check to the workflow run.
	DetailsURL string
	StartedAt  time.Time
	// Output is optional.
	Output *Output
}

// Completion is a check run's final state.
type Completion struct {
	// Name is repeated on every update: go-github sends it even when empty, and GitHub would rename the check.
	Name        string
	Conclusion  string
	CompletedAt time.Time
	Output      Output
	// Annotations are sent in order, MaxAnnotationsPerRequest per request: the first batch with the
	// conclusion, the others appended by further updates.
	Annotations []Annotation
}

// CreateCheckRun creates a check run with status in_progress.
func (c *Client) CreateCheckRun(ctx context.Context, r NewCheckRun) (CheckRun, error) {
	if r.Name == "" || r.HeadSHA == "" {
		return CheckRun{}, fmt.Errorf("creating the check run: name and head SHA are required")
	}
	opts := github.CreateCheckRunOptions{Name: r.Name, HeadSHA: r.HeadSHA, Status: github.String("in_progress")}
	if r.ExternalID != "" {
		opts.ExternalID = github.String(r.ExternalID)
	}
	if r.DetailsURL != "" {
		opts.DetailsURL = github.String(r.DetailsURL)
	}
	if !r.StartedAt.IsZero() {
		opts.StartedAt = &github.Timestamp{Time: r.StartedAt.UTC().Truncate(time.Second)}
	}
	if r.Output != nil {
		opts.Output = wireOutput(*r.Output, nil)
	}
	var run *github.CheckRun
	found := func() bool {
		if r.ExternalID == "" {
			return false
		}
		run = c.findCheckRun(ctx, r.Name, r.HeadSHA, r.ExternalID)
		return run != nil
	}
	err := c.call(ctx, "creating the check run", func() (*github.Response, error) {
		var resp *github.Response
		var err error
		run, resp, err = c.gh.Checks.CreateCheckRun(ctx, c.owner, c.repo, opts)
		return resp, err
	}, found)
	if err != nil {
		return CheckRun{}, err
	}
	return CheckRun{ID: run.GetID(), HTMLURL: run.GetHTMLURL()}, nil
}

// findCheckRun looks for a run of this name on sha carrying externalID; failures mean "not found".
func (c *Client) findCheckRun(ctx context.Context, name, sha, externalID string) *github.CheckRun {
	opts := &github.ListCheckRunsOptions{CheckName: github.String(name), Filter: github.String("all"), ListOptions: github.ListOptions{PerPage: 100}}
	res, _, err := c.gh.Checks.ListCheckRunsForRef(ctx, c.owner, c.repo, sha, opts)
	if err != nil {
		return nil
	}
	for _, run := range res.CheckRuns {
		if run.GetExternalID() == externalID {
			return run
		}
	}
	return nil
}

// CompleteCheckRun sets the conclusion and output, then appends the remaining annotations in batches. It
// returns how many annotations GitHub accepted; after an error, those accepted before it.
func (c *Client) CompleteCheckRun(ctx context.Context, id int64, comp Completion) (int, error) {
	switch comp.Conclusion {
	case ConclusionSuccess, ConclusionFailure, ConclusionNeutral:
	default:
		return 0, fmt.Errorf("completing the check run: conclusion %q is not one of success, failure, neutral", comp.Conclusion)
	}
	anns, err := validAnnotations(comp.Annotations)
	if err != nil {
		return 0, fmt.Errorf("completing the check run: %w", err)
	}
	batches := batch(anns, MaxAnnotationsPerRequest)
	first := github.UpdateCheckRunOptions{
		Name: comp.Name, Status: github.String("completed"), Conclusion: github.String(comp.Conclusion),
		CompletedAt: &github.Timestamp{Time: comp.CompletedAt.UTC().Truncate(time.Second)},
		Output:      wireOutput(comp.Output, batches[0]),
	}
	if err := c.update(ctx, id, first, "completing the check run"); err != nil {
		return 0, err
	}
	sent := len(batches[0])
	for i, b := range batches[1:] {
		more := github.UpdateCheckRunOptions{Name: comp.Name, Output: wireOutput(comp.Output, b)}
		if err := c.update(ctx, id, more, fmt.Sprintf("adding annotations (batch %d of %d)", i+2, len(batches))); err != nil {
			return sent, err
		}
		sent += len(b)
	}
	return sent, nil
}

func (c *Client) update(ctx context.Context, id int64, opts github.UpdateCheckRunOptions, op string) error {
	return c.call(ctx, op, func() (*github.Response, error) {
		_, resp, err := c.gh.Checks.UpdateCheckRun(ctx, c.owner, c.repo, id, opts)
		return resp, err
	}, nil)
}

func wireOutput(o Output, anns []*github.CheckRunAnnotation) *github.CheckRunOutput {
	title := Truncate(strings.TrimSpace(o.Title), MaxCheckRunTitleBytes, "…")
	if title == "" {
		title = "ospo-gate"
	}
	out := &github.CheckRunOutput{
		Title:       github.String(title),
		Summary:     github.String(Truncate(o.Summary, MaxOutputBytes, "\n\n…(cut at GitHub's size limit)\n")),
		Annotations: anns,
	}
	if o.Text != "" {
		out.Text = github.String(Truncate(o.Text, MaxOutputBytes, "\n\n…(cut at GitHub's size limit)\n"))
	}
	return out
}

// validAnnotations checks what GitHub would reject and cuts what it would refuse for size.
func validAnnotations(in []Annotation) ([]*github.CheckRunAnnotation, error) {
	out := make([]*github.CheckRunAnnotation, 0, len(in))
	for i, a := range in {
		switch {
		case a.Path == "" || strings.HasPrefix(a.Path, "/") || strings.Contains(a.Path, "\\"):
			return nil, fmt.Errorf("annotation %d: path %q must be relative to the repository root, slash-separated", i, a.Path)
		case a.StartLine < 1 || a.EndLine < a.StartLine:
			return nil, fmt.Errorf("annotation %d: lines %d-%d must start at 1 and not run backwards", i, a.StartLine, a.EndLine)
		case a.Level != LevelFailure && a.Level != LevelWarning && a.Level != LevelNotice:
			return nil, fmt.Errorf("annotation %d: level %q is not one of failure, warning, notice", i, a.Level)
		case strings.TrimSpace(a.Message) == "":
			return nil, fmt.Errorf("annotation %d: empty message", i)
		}
		w := &github.CheckRunAnnotation{
			Path: github.String(a.Path), StartLine: github.Int(a.StartLine), EndLine: github.Int(a.EndLine),
			AnnotationLevel: github.String(a.Level),
			Message:         github.String(Truncate(a.Message, MaxAnnotationMessageBytes, "…")),
		}
		if t := strings.TrimSpace(a.Title); t != "" {
			w.Title = github.String(Truncate(t, MaxAnnotationTitleBytes, "…"))
		}
		if a.RawDetails != "" {
			w.RawDetails = github.String(Truncate(a.RawDetails, MaxAnnotationMessageBytes, "…"))
		}
		out = append(out, w)
	}
	return out, nil
}

// batch splits s into chunks of at most n; it always returns at least one (possibly empty) chunk.
func batch[T any](s []T, n int) [][]T {
	if len(s) == 0 {
		return [][]T{nil}
	}
	var out [][]T
	for len(s) > n {
		out = append(out, s[:n:n])
		s = s[n:]
	}
	return append(out, s)
}
