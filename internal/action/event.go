package action

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Kind classifies a workflow event by what the gate does with it.
type Kind string

// Kinds of events.
const (
	KindPullRequest Kind = "pull-request" // pull_request, pull_request_target
	KindMergeGroup  Kind = "merge-group"  // merge_group
	KindPush        Kind = "push"         // push
	KindAudit       Kind = "audit"        // workflow_dispatch, schedule and any other event: the checked-out commit
)

// MaxEventSize bounds the event payload read from GITHUB_EVENT_PATH.
const MaxEventSize = 32 << 20

// Event is what the gate needs from a workflow run's event.
type Event struct {
	// Name is GITHUB_EVENT_NAME.
	Name string
	Kind Kind
	// BaseSHA is the commit a diff is taken against: the pull request's or merge group's base, a push's
	// "before". Empty when there is none (a new branch, a dispatch, a schedule).
	BaseSHA string
	// HeadSHA is the commit judged and the one the check run is created on: the pull request's head (never
	// the synthetic merge commit), the merge group's head, a push's "after", else GITHUB_SHA.
	HeadSHA string
	// Number is the pull request number; 0 for other events.
	Number int
	// Fork is set when the pull request's head lives in another repository: its token cannot write.
	Fork bool
	// BaseRef and HeadRef are the branch names, when the event has them.
	BaseRef, HeadRef string
	// Deleted is set for a push that deleted its ref: there is nothing to judge.
	Deleted bool
}

// PRLike reports whether the event proposes a change to review (a pull request or a merge group): the policy
// then comes from the base commit, and mode auto diffs.
func (e *Event) PRLike() bool { return e.Kind == KindPullRequest || e.Kind == KindMergeGroup }

type wireRepo struct {
	FullName string `json:"full_name"`
}

type wireRef struct {
	SHA  string    `json:"sha"`
	Ref  string    `json:"ref"`
	Repo *wireRepo `json:"repo"`
}

type wirePayload struct {
	Number      int `json:"number"`
	PullRequest *struct {
		Number int     `json:"number"`
		Base   wireRef `json:"base"`
		Head   wireRef `json:"head"`
	} `json:"pull_request"`
	MergeGroup *struct {
		BaseSHA string `json:"base_sha"`
		HeadSHA string `json:"head_sha"`
		BaseRef string `json:"base_ref"`
		HeadRef string `json:"head_ref"`
	} `json:"merge_group"`
	Before  string `json:"before"`
	After   string `json:"after"`
	Ref     string `json:"ref"`
	Deleted bool   `json:"deleted"`
}

// ParseEvent reads the payload of the event name (GITHUB_EVENT_NAME). sha is GITHUB_SHA, the commit judged by
// events that name none. Errors name the payload's line and column where the JSON is malformed.
func ParseEvent(name string, payload []byte, sha string) (*Event, error) {
	if name == "" {
		return nil, errors.New("GITHUB_EVENT_NAME is not set")
	}
	if len(payload) > MaxEventSize {
		return nil, fmt.Errorf("event payload is %d bytes, over the %d-byte limit", len(payload), MaxEventSize)
	}
	var w wirePayload
	if len(bytes.TrimSpace(payload)) > 0 {
		if err := json.Unmarshal(payload, &w); err != nil {
			return nil, jsonError(payload, err)
		}
	}
	ev := &Event{Name: name}
	var err error
	switch name {
	case "pull_request", "pull_request_target":
		err = ev.fromPullRequest(&w)
	case "merge_group":
		err = ev.fromMergeGroup(&w)
	case "push":
		err = ev.fromPush(&w, sha)
	default:
		ev.Kind, ev.HeadSHA = KindAudit, sha
		err = checkSHA("GITHUB_SHA", sha)
	}
	if err != nil {
		return nil, fmt.Errorf("%s event: %w", name, err)
	}
	return ev, nil
}

func (ev *Event) fromPullRequest(w *wirePayload) error {
	pr := w.PullRequest
	if pr == nil {
		return errors.New("the payload has no pull_request object")
	}
	ev.Kind = KindPullRequest
	ev.BaseSHA, ev.HeadSHA = pr.Base.SHA, pr.Head.SHA
	ev.BaseRef, ev.HeadRef = pr.Base.Ref, pr.Head.Ref
	ev.Number = pr.Number
	if ev.Number == 0 {
		ev.Number = w.Number
	}
	if ev.Number <= 0 {
		return errors.New("pull_request.number is missing")
	}
	// A deleted fork has no head repository: treat it as a fork, whose token cannot write.
	ev.Fork = pr.Head.Repo == nil || pr.Base.Repo == nil || !strings.EqualFold(pr.Head.Repo.FullName, pr.Base.Repo.FullName)
	return errors.Join(checkSHA("pull_request.base.sha", ev.BaseSHA), checkSHA("pull_request.head.sha", ev.HeadSHA))
}

func (ev *Event) fromMergeGroup(w *wirePayload) error {
	mg := w.MergeGroup
	if mg == nil {
		return errors.New("the payload has no merge_group object")
	}
	ev.Kind = KindMergeGroup
	ev.BaseSHA, ev.HeadSHA, ev.BaseRef, ev.HeadRef = mg.BaseSHA, mg.HeadSHA, mg.BaseRef, mg.HeadRef
	return errors.Join(checkSHA("merge_group.base_sha", ev.BaseSHA), checkSHA("merge_group.head_sha", ev.HeadSHA))
}

func (ev *Event) fromPush(w *wirePayload, sha string) error {
	ev.Kind, ev.HeadRef = KindPush, w.Ref
	if w.Deleted || isZeroSHA(w.After) {
		ev.Deleted = true
		return nil
	}
	ev.HeadSHA = w.After
	if ev.HeadSHA == "" {
		ev.HeadSHA = sha
	}
	if err := checkSHA("after", ev.HeadSHA); err != nil {
		return err
	}
	if w.Before != "" && !isZeroSHA(w.Before) {
		ev.BaseSHA = w.Before
		return checkSHA("before", ev.BaseSHA)
	}
	return nil
}

// checkSHA accepts a full SHA-1 or SHA-256 object name in lower-case hex.
func checkSHA(field, s string) error {
	if s == "" {
		return fmt.Errorf("%s is missing", field)
	}
	if len(s) != 40 && len(s) != 64 {
		return fmt.Errorf("%s %q is not a full commit SHA", field, clip(s, 80))
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return fmt.Errorf("%s %q is not a full commit SHA", field, clip(s, 80))
		}
	}
	return nil
}

func isZeroSHA(s string) bool {
	return s != "" && strings.Trim(s, "0") == ""
}

// jsonError turns a decoding error into "line L, column C: ..." where the position is known.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		return fmt.Errorf("event payload: line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset)
		return fmt.Errorf("event payload: line %d, column %d: %s is %s, want %s", line, col, typ.Field, typ.Value, typ.Type)
	}
	return fmt.Errorf("event payload: %w", err)
}

// position converts a byte offset into a 1-based line and column (in bytes).
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return line, col
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
