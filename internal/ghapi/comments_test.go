package ghapi

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/ghapi/fakegithub"
)

const marker = "<!-- ospo-gate:sticky -->"

func TestUpsertComment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		seed        func(*fakegithub.Server)
		faults      []fakegithub.Fault
		wantCreated bool
		wantCount   int // comments on the PR afterwards
	}{
		{name: "creates the first time", wantCreated: true, wantCount: 1},
		{
			name:      "edits the bot's comment",
			seed:      func(s *fakegithub.Server) { s.AddComment(7, marker+"\nold", "github-actions[bot]", "Bot") },
			wantCount: 1,
		},
		{
			name:        "never takes over a person's comment quoting the marker",
			seed:        func(s *fakegithub.Server) { s.AddComment(7, "> "+marker, "mallory", "User") },
			wantCreated: true, wantCount: 2,
		},
		{
			name: "finds the bot's comment on a later page",
			seed: func(s *fakegithub.Server) {
				for i := 0; i < 150; i++ {
					s.AddComment(7, fmt.Sprintf("chatter %d", i), "someone", "User")
				}
				s.AddComment(7, marker+"\nold", "github-actions[bot]", "Bot")
			},
			wantCount: 151,
		},
		{
			name:        "a create whose response was lost is not repeated",
			faults:      []fakegithub.Fault{{Status: 502, Apply: true}},
			wantCreated: true, wantCount: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakegithub.New(t, testToken)
			if tt.seed != nil {
				tt.seed(srv)
			}
			srv.Inject(fakegithub.OpCreateComment, tt.faults...)
			c, _ := newTestClient(t, srv)
			cm, created, err := c.UpsertComment(context.Background(), 7, marker, "## new body")
			if err != nil {
				t.Fatal(err)
			}
			if created != tt.wantCreated || cm.ID == 0 {
				t.Errorf("created = %v (id %d), want %v", created, cm.ID, tt.wantCreated)
			}
			all := srv.Comments(7)
			if len(all) != tt.wantCount {
				t.Fatalf("comments = %d, want %d", len(all), tt.wantCount)
			}
			var mine []fakegithub.Comment
			for _, c := range all {
				if c.UserType == "Bot" && strings.Contains(c.Body, marker) {
					mine = append(mine, c)
				}
			}
			if len(mine) != 1 || !strings.Contains(mine[0].Body, "## new body") || !strings.HasPrefix(mine[0].Body, marker) {
				t.Errorf("bot comments = %+v, want one with the new body", mine)
			}
		})
	}
}

func TestUpsertCommentCutsLongBodies(t *testing.T) {
	t.Parallel()
	srv := fakegithub.New(t, testToken)
	c, _ := newTestClient(t, srv)
	if _, _, err := c.UpsertComment(context.Background(), 3, marker, strings.Repeat("x", 100000)); err != nil {
		t.Fatal(err)
	}
	got := srv.Comments(3)
	if len(got) != 1 || len(got[0].Body) > MaxCommentBytes || !strings.HasPrefix(got[0].Body, marker) {
		t.Fatalf("body of %d bytes, want at most %d starting with the marker", len(got[0].Body), MaxCommentBytes)
	}
}

func TestUpsertCommentForbidden(t *testing.T) {
	t.Parallel()
	srv := fakegithub.New(t, testToken)
	srv.Inject(fakegithub.OpCreateComment, fakegithub.Fault{Status: 403})
	c, _ := newTestClient(t, srv)
	_, _, err := c.UpsertComment(context.Background(), 3, marker, "body")
	if !IsPermission(err) {
		t.Fatalf("err = %v, want a permission error", err)
	}
	if n := len(srv.Requests(fakegithub.OpCreateComment)); n != 1 {
		t.Errorf("create attempts = %d, want 1 (403 is final)", n)
	}
}
