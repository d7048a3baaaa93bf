package action

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const dispatchSHA = "0123456789abcdef0123456789abcdef01234567"

func readEvent(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "events", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseEventPayloads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file, name string
		want       Event
	}{
		{"pull_request.opened.json", "pull_request", Event{Kind: KindPullRequest, BaseSHA: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", HeadSHA: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", Number: 2, BaseRef: "master", HeadRef: "changes"}},
		{"pull_request.reopened.json", "pull_request", Event{Kind: KindPullRequest, BaseSHA: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", HeadSHA: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", Number: 2, BaseRef: "master", HeadRef: "changes"}},
		{"pull_request.synchronize.json", "pull_request_target", Event{Kind: KindPullRequest, BaseSHA: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", HeadSHA: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", Number: 2, BaseRef: "master", HeadRef: "changes"}},
		{"merge_group.checks_requested.json", "merge_group", Event{Kind: KindMergeGroup, BaseSHA: "380387fbc80638b734a49e1be1c4dfec1c01b33c", HeadSHA: "2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d", BaseRef: "refs/heads/main", HeadRef: "refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64"}},
		{"push.json", "push", Event{Kind: KindPush, HeadSHA: "6113728f27ae82c7b1a177c8d03f9e96e0adf246", HeadRef: "refs/tags/simple-tag"}},
		{"workflow_dispatch.json", "workflow_dispatch", Event{Kind: KindAudit, HeadSHA: dispatchSHA}},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.file, func(t *testing.T) {
			t.Parallel()
			ev, err := ParseEvent(tt.name, readEvent(t, tt.file), dispatchSHA)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Name = tt.name
			if *ev != tt.want {
				t.Errorf("ParseEvent =\n %+v\nwant\n %+v", *ev, tt.want)
			}
		})
	}
}

func TestParseEventEdgeCases(t *testing.T) {
	t.Parallel()
	sha := strings.Repeat("a", 40)
	tests := []struct {
		name, event, payload string
		want                 Event
	}{
		{"schedule has no payload fields", "schedule", `{"schedule": "0 3 * * 1"}`, Event{Kind: KindAudit, HeadSHA: dispatchSHA}},
		{"empty payload", "workflow_dispatch", ``, Event{Kind: KindAudit, HeadSHA: dispatchSHA}},
		{"other events audit the checkout", "release", `{"action": "published"}`, Event{Kind: KindAudit, HeadSHA: dispatchSHA}},
		{"fork pull request", "pull_request_target", `{"number": 9, "pull_request": {"number": 9, "base": {"sha": "` + sha + `", "repo": {"full_name": "o/r"}}, "head": {"sha": "` + sha + `", "repo": {"full_name": "fork/r"}}}}`,
			Event{Kind: KindPullRequest, BaseSHA: sha, HeadSHA: sha, Number: 9, Fork: true}},
		{"deleted fork", "pull_request", `{"number": 9, "pull_request": {"base": {"sha": "` + sha + `", "repo": {"full_name": "o/r"}}, "head": {"sha": "` + sha + `", "repo": null}}}`,
			Event{Kind: KindPullRequest, BaseSHA: sha, HeadSHA: sha, Number: 9, Fork: true}},
		{"push of a deleted branch", "push", `{"ref": "refs/heads/x", "before": "` + sha + `", "after": "0000000000000000000000000000000000000000", "deleted": true}`,
			Event{Kind: KindPush, HeadRef: "refs/heads/x", Deleted: true}},
		{"push with a before", "push", `{"ref": "refs/heads/main", "before": "` + sha + `", "after": "` + dispatchSHA + `"}`,
			Event{Kind: KindPush, HeadRef: "refs/heads/main", BaseSHA: sha, HeadSHA: dispatchSHA}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := ParseEvent(tt.event, []byte(tt.payload), dispatchSHA)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Name = tt.event
			if *ev != tt.want {
				t.Errorf("ParseEvent =\n %+v\nwant\n %+v", *ev, tt.want)
			}
		})
	}
}

func TestParseEventErrors(t *testing.T) {
	t.Parallel()
	sha := strings.Repeat("b", 40)
	tests := []struct {
		name, event, payload, sha, want string
	}{
		{"no event name", "", `{}`, dispatchSHA, "GITHUB_EVENT_NAME is not set"},
		{"malformed JSON", "pull_request", "{\n  \"number\": 1,\n  \"pull_request\": {\n    \"base\": {\"sha\": }\n", dispatchSHA, "line 4, column"},
		{"wrong type", "pull_request", "{\n\"number\": \"seven\"}", dispatchSHA, "line 2, column"},
		{"no pull_request object", "pull_request", `{"number": 1}`, dispatchSHA, "no pull_request object"},
		{"no number", "pull_request", `{"pull_request": {"base": {"sha": "` + sha + `"}, "head": {"sha": "` + sha + `"}}}`, dispatchSHA, "number is missing"},
		{"short head sha", "pull_request", `{"number": 1, "pull_request": {"base": {"sha": "` + sha + `"}, "head": {"sha": "abc123"}}}`, dispatchSHA, `pull_request.head.sha "abc123" is not a full commit SHA`},
		{"upper-case sha", "merge_group", `{"merge_group": {"base_sha": "` + strings.ToUpper(sha) + `", "head_sha": "` + sha + `"}}`, dispatchSHA, "merge_group.base_sha"},
		{"missing merge group", "merge_group", `{}`, dispatchSHA, "no merge_group object"},
		{"bad GITHUB_SHA", "workflow_dispatch", `{}`, "main", "GITHUB_SHA"},
		{"sha with a newline", "push", `{"after": "` + sha[:39] + `\n"}`, dispatchSHA, "not a full commit SHA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseEvent(tt.event, []byte(tt.payload), tt.sha)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestParseEventRejectsHugePayloads(t *testing.T) {
	t.Parallel()
	_, err := ParseEvent("push", make([]byte, MaxEventSize+1), dispatchSHA)
	if err == nil || !strings.Contains(err.Error(), "limit") {
		t.Fatalf("err = %v", err)
	}
}

func FuzzParseEvent(f *testing.F) {
	entries, err := os.ReadDir(filepath.Join("testdata", "events"))
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		name := strings.SplitN(e.Name(), ".", 2)[0]
		f.Add(name, readEvent(f, e.Name()))
	}
	f.Add("pull_request_target", []byte(`{"pull_request": {"number": 1, "base": {"sha": 5}}}`))
	f.Add("push", []byte(`{"after": "0000", "before": []}`))
	f.Add("merge_group", []byte("{\"merge_group\": {\"base_sha\": \"\xff\"}}"))
	f.Fuzz(func(t *testing.T, name string, payload []byte) {
		ev, err := ParseEvent(name, payload, dispatchSHA)
		if err != nil {
			return
		}
		if ev.Deleted {
			return
		}
		if checkSHA("head", ev.HeadSHA) != nil {
			t.Fatalf("accepted event with head %q", ev.HeadSHA)
		}
		if ev.BaseSHA != "" && checkSHA("base", ev.BaseSHA) != nil {
			t.Fatalf("accepted event with base %q", ev.BaseSHA)
		}
		if ev.Kind == KindPullRequest && ev.Number <= 0 {
			t.Fatalf("accepted pull request without a number")
		}
		if ev.PRLike() && ev.BaseSHA == "" {
			t.Fatalf("accepted %s without a base", ev.Kind)
		}
	})
}
