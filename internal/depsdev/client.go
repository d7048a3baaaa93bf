package depsdev

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// DefaultBaseURL is the public deps.dev API.
const DefaultBaseURL = "https://api.deps.dev"

// Namespace is the cache namespace of GetVersion answers.
const Namespace = "depsdev-version"

// DefaultTTL is how long a cached GetVersion answer stays fresh. A
// published version's data rarely changes.
const DefaultTTL = 7 * 24 * time.Hour

// Client calls deps.dev through a fetch.Client.
type Client struct {
	fetch *fetch.Client
	base  string
}

// NewClient returns a client for the API at baseURL ("" means
// DefaultBaseURL). The fetch client must allow baseURL's host.
func NewClient(f *fetch.Client, baseURL string) (*Client, error) {
	if f == nil {
		return nil, errors.New("deps.dev client: nil fetch client")
	}
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("deps.dev base URL %q: want an absolute http(s) URL without query", baseURL)
	}
	return &Client{fetch: f, base: strings.TrimRight(u.String(), "/")}, nil
}

// VersionURL returns the GetVersion URL of k, each path parameter escaped
// as a single segment.
func (c *Client) VersionURL(k VersionKey) string {
	return c.base + "/v3/systems/" + escapeSegment(k.System) + "/packages/" + escapeSegment(k.Name) +
		"/versions/" + escapeSegment(k.Version)
}

// escapeSegment percent-encodes everything but RFC 3986 unreserved
// characters, so "/", "@", ":" and "+" cannot change the path's meaning.
func escapeSegment(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if isUnreserved(ch) {
			b.WriteByte(ch)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[ch>>4])
		b.WriteByte(hex[ch&0xF])
	}
	return b.String()
}

func isUnreserved(ch byte) bool {
	return 'a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9' ||
		ch == '-' || ch == '.' || ch == '_' || ch == '~'
}

// GetVersion fetches k. The Version is meaningful when the outcome is Found.
func (c *Client) GetVersion(ctx context.Context, k VersionKey) (Version, fetch.Response) {
	u := c.VersionURL(k)
	return fetch.Get(ctx, c.fetch, fetch.Request{URL: u, Namespace: Namespace, Key: u, TTL: DefaultTTL}, DecodeVersion)
}

// GetVersionForPURL maps purl with KeyFromPURL and fetches it. err is
// non-nil (and no request is made) when the purl is invalid, has no
// version or is of a type deps.dev does not cover (errors.Is ErrUnsupported).
func (c *Client) GetVersionForPURL(ctx context.Context, purl string) (Version, fetch.Response, error) {
	k, err := KeyFromPURL(purl)
	if err != nil {
		return Version{}, fetch.Response{}, err
	}
	v, resp := c.GetVersion(ctx, k)
	return v, resp, nil
}

// SourceRepo returns the source repository deps.dev records for purl (a
// project id or URL, see Version.SourceRepo), "" when the version is found
// without one or not found. err is as for GetVersionForPURL.
func (c *Client) SourceRepo(ctx context.Context, purl string) (string, fetch.Response, error) {
	v, resp, err := c.GetVersionForPURL(ctx, purl)
	if err != nil || resp.Outcome != fetch.Found {
		return "", resp, err
	}
	repo, _ := v.SourceRepo()
	return repo, resp, nil
}
