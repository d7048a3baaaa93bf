package ghapi

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"
)

// MaxCommentPages bounds how many pages of 100 comments are searched for the sticky comment.
const MaxCommentPages = 30

// Comment is an issue or pull-request comment.
type Comment struct {
	ID      int64
	HTMLURL string
}

// FindComment returns the first comment on issue number that contains marker and was written by a bot (the
// identity of the Actions token), or nil. Comments by people are never taken over, even if they quote the
// marker.
func (c *Client) FindComment(ctx context.Context, number int, marker string) (*Comment, error) {
	if marker == "" {
		return nil, fmt.Errorf("finding the comment: empty marker")
	}
	opts := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	for page := 0; page < MaxCommentPages; page++ {
		var list []*github.IssueComment
		var resp *github.Response
		err := c.call(ctx, "listing the pull request's comments", func() (*github.Response, error) {
			var err error
			list, resp, err = c.gh.Issues.ListComments(ctx, c.owner, c.repo, number, opts)
			return resp, err
		}, nil)
		if err != nil {
			return nil, err
		}
		for _, cm := range list {
			if cm.GetUser().GetType() == "Bot" && strings.Contains(cm.GetBody(), marker) {
				return &Comment{ID: cm.GetID(), HTMLURL: cm.GetHTMLURL()}, nil
			}
		}
		if resp == nil || resp.NextPage == 0 {
			return nil, nil
		}
		opts.Page = resp.NextPage
	}
	return nil, nil
}

// UpsertComment edits the bot's comment carrying marker on issue number, or creates one. The body must contain
// the marker (it is prepended otherwise) and is cut at MaxCommentBytes. A create whose response was lost is
// not repeated blindly: the retry looks for the marker first. created reports whether a new comment was made.
func (c *Client) UpsertComment(ctx context.Context, number int, marker, body string) (cm Comment, created bool, err error) {
	if !strings.Contains(body, marker) {
		body = marker + "\n" + body
	}
	body = Truncate(body, MaxCommentBytes, "\n\n…(cut at GitHub's size limit)\n")
	existing, err := c.FindComment(ctx, number, marker)
	if err != nil {
		return Comment{}, false, err
	}
	ic := &github.IssueComment{Body: github.String(body)}
	if existing != nil {
		err = c.call(ctx, "editing the pull request comment", func() (*github.Response, error) {
			got, resp, err := c.gh.Issues.EditComment(ctx, c.owner, c.repo, existing.ID, ic)
			if err == nil {
				cm = Comment{ID: got.GetID(), HTMLURL: got.GetHTMLURL()}
			}
			return resp, err
		}, nil)
		return cm, false, err
	}
	again := func() bool {
		found, err := c.FindComment(ctx, number, marker)
		if err != nil || found == nil {
			return false
		}
		cm, created = *found, true
		return true
	}
	err = c.call(ctx, "commenting on the pull request", func() (*github.Response, error) {
		got, resp, err := c.gh.Issues.CreateComment(ctx, c.owner, c.repo, number, ic)
		if err == nil {
			cm, created = Comment{ID: got.GetID(), HTMLURL: got.GetHTMLURL()}, true
		}
		return resp, err
	}, again)
	return cm, created, err
}
