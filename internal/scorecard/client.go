package scorecard

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// DefaultBaseURL is the public Scorecard REST API.
const DefaultBaseURL = "https://api.scorecard.dev"

// Namespace is the cache namespace of Scorecard answers.
const Namespace = "scorecard"

// DefaultTTL is how long a cached Scorecard answer stays fresh; results are
// republished weekly.
const DefaultTTL = 24 * time.Hour

// Client looks Scorecard results up through a fetch.Client.
type Client struct {
	fetch *fetch.Client
	base  string
}

// NewClient returns a client for the API at baseURL ("" means
// DefaultBaseURL). The fetch client must allow baseURL's host.
func NewClient(f *fetch.Client, baseURL string) (*Client, error) {
	if f == nil {
		return nil, errors.New("scorecard client: nil fetch client")
	}
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("scorecard API base URL %q: want an absolute http(s) URL", baseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("scorecard API base URL %q: must not have a query or fragment", baseURL)
	}
	return &Client{fetch: f, base: strings.TrimRight(u.String(), "/")}, nil
}

// Lookup is the outcome of looking one repository up.
type Lookup struct {
	// Repo is the normalized repository ("github.com/owner/repo").
	Repo string
	// Result is meaningful when Response.Outcome is fetch.Found.
	Result Result
	// Response says whether a result was found, not published (404) or
	// unavailable, and whether it came from the network or the cache.
	Response fetch.Response
}

// Outcome is shorthand for l.Response.Outcome.
func (l Lookup) Outcome() fetch.Outcome { return l.Response.Outcome }

// Lookup fetches the published result of repo ("github.com/owner/repo").
// An invalid repo yields an Unavailable lookup with ReasonInvalidRequest.
func (c *Client) Lookup(ctx context.Context, repo string) Lookup {
	norm, err := NormalizeRepo(repo)
	if err != nil {
		resp := fetch.Response{URL: repo, Err: &fetch.UnavailableError{URL: repo, Reason: fetch.ReasonInvalidRequest, Err: err}}
		return Lookup{Repo: repo, Response: resp}
	}
	req := fetch.Request{URL: c.ProjectURL(norm), Namespace: Namespace, Key: c.ProjectURL(norm), TTL: DefaultTTL}
	res, resp := fetch.Get(ctx, c.fetch, req, Decode)
	return Lookup{Repo: norm, Result: res, Response: resp}
}

// LookupMany looks every repo up concurrently (bounded by the fetch
// client's concurrency), once per distinct normalized repo, and returns the
// lookups keyed by the repo strings as given.
func (c *Client) LookupMany(ctx context.Context, repos []string) map[string]Lookup {
	order, byNorm := groupRepos(repos)
	results := make([]Lookup, len(order))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(c.fetch.Concurrency(), len(order)) {
		wg.Go(func() {
			for i := range jobs {
				results[i] = c.Lookup(ctx, byNorm[order[i]][0])
			}
		})
	}
	for i := range order {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	out := make(map[string]Lookup, len(repos))
	for i, n := range order {
		for _, r := range byNorm[n] {
			out[r] = results[i]
		}
	}
	return out
}

// groupRepos groups repo strings by normalized form, keeping first-seen
// order. Invalid repos form their own groups so each reports its error.
func groupRepos(repos []string) (order []string, byNorm map[string][]string) {
	byNorm = map[string][]string{}
	for _, r := range repos {
		n, err := NormalizeRepo(r)
		if err != nil {
			n = "\x00" + r
		}
		if _, ok := byNorm[n]; !ok {
			order = append(order, n)
		}
		byNorm[n] = append(byNorm[n], r)
	}
	return order, byNorm
}

// ProjectURL returns the API URL of a normalized repo.
func (c *Client) ProjectURL(repo string) string {
	return c.base + "/projects/" + escapeSegments(repo)
}

// ViewerURL returns the Scorecard viewer page of a repo, for reports.
func ViewerURL(repo string) string {
	return "https://scorecard.dev/viewer/?uri=" + url.QueryEscape(repo)
}

func escapeSegments(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

var segmentRE = regexp.MustCompile(`^[A-Za-z0-9_.~-]+$`)

// NormalizeRepo validates "host/owner/repo" (more owner segments are allowed
// for GitLab subgroups) and lower-cases it.
func NormalizeRepo(repo string) (string, error) {
	segs := strings.Split(strings.ToLower(strings.TrimSpace(repo)), "/")
	if len(segs) < 3 {
		return "", fmt.Errorf("repository %q: want host/owner/repo", repo)
	}
	if !strings.Contains(segs[0], ".") {
		return "", fmt.Errorf("repository %q: host %q is not a domain", repo, segs[0])
	}
	for _, s := range segs {
		if !segmentRE.MatchString(s) || s == "." || s == ".." {
			return "", fmt.Errorf("repository %q: invalid path segment %q", repo, s)
		}
	}
	return strings.Join(segs, "/"), nil
}
