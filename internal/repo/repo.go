package repo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// Repo is a source repository. All fields are lower case.
type Repo struct {
	Host  string // "github.com", "gitlab.com" or "bitbucket.org"
	Owner string // for GitLab, may contain "/" (subgroups)
	Name  string
}

// String returns "host/owner/name", or "" for the zero Repo.
func (r Repo) String() string {
	if r.IsZero() {
		return ""
	}
	return r.Host + "/" + r.Owner + "/" + r.Name
}

// IsZero reports whether r is unset.
func (r Repo) IsZero() bool { return r == Repo{} }

// Method says how a repository was found.
type Method string

// Resolution methods.
const (
	MethodPURL     Method = "purl"
	MethodMetadata Method = "metadata"
	MethodDepsDev  Method = "deps.dev"
)

// Package is what is known about a package offline.
type Package struct {
	// PURL is the package URL, e.g. "pkg:golang/github.com/o/r/v2@v2.1.0".
	PURL string
	// URLs are metadata URLs in order of preference: repository, source,
	// homepage (as the SBOM or installed package gives them).
	URLs []string
}

// Resolution is the outcome of resolving a package.
type Resolution struct {
	// Repo is the repository; zero when unresolved.
	Repo Repo
	// Method is how Repo was found; "" when unresolved.
	Method Method
	// Evidence is the purl, URL or deps.dev value Repo was derived from.
	Evidence string
	// Unavailable is set when the package is unresolved and deps.dev could
	// not be asked or did not answer (offline, network, deadline...): the
	// repository may exist but is unknown for now.
	Unavailable error
}

// Resolved reports whether a repository was found.
func (r Resolution) Resolved() bool { return !r.Repo.IsZero() }

// Resolve resolves p offline: from its purl, then its metadata URLs.
func Resolve(p Package) Resolution {
	if r, ok := FromPURL(p.PURL); ok {
		return Resolution{Repo: r, Method: MethodPURL, Evidence: p.PURL}
	}
	for _, u := range p.URLs {
		if r, ok := ParseURL(u); ok {
			return Resolution{Repo: r, Method: MethodMetadata, Evidence: u}
		}
	}
	return Resolution{}
}

// SourceRepoFinder asks an online source for a package's repository;
// *depsdev.Client implements it. repo is a project id ("github.com/o/r") or
// URL, "" when unknown; err reports a purl the source does not cover.
type SourceRepoFinder interface {
	SourceRepo(ctx context.Context, purl string) (repo string, resp fetch.Response, err error)
}

// Resolver resolves packages offline and, when DepsDev is set, online.
type Resolver struct {
	// DepsDev is consulted for packages Resolve cannot place; nil means
	// offline only.
	DepsDev SourceRepoFinder
}

// Resolve resolves p with the offline methods, then deps.dev.
func (r Resolver) Resolve(ctx context.Context, p Package) Resolution {
	if res := Resolve(p); res.Resolved() || r.DepsDev == nil || p.PURL == "" {
		return res
	}
	id, resp, err := r.DepsDev.SourceRepo(ctx, p.PURL)
	switch {
	case err != nil:
		return Resolution{} // not covered by deps.dev: simply unresolved
	case resp.Outcome == fetch.Unavailable:
		if resp.Err == nil {
			return Resolution{Unavailable: errors.New("deps.dev lookup unavailable")}
		}
		return Resolution{Unavailable: fmt.Errorf("deps.dev: %w", resp.Err)}
	}
	if repo, ok := ParseURL(id); ok {
		return Resolution{Repo: repo, Method: MethodDepsDev, Evidence: id}
	}
	return Resolution{}
}

func newRepo(host string, path ...string) (Repo, bool) {
	if len(path) < 2 {
		return Repo{}, false
	}
	for _, s := range path {
		if !validSegment(s) {
			return Repo{}, false
		}
	}
	r := Repo{
		Host:  strings.ToLower(host),
		Owner: strings.ToLower(strings.Join(path[:len(path)-1], "/")),
		Name:  strings.ToLower(path[len(path)-1]),
	}
	if r.Host == "github.com" && githubReserved[r.Owner] {
		return Repo{}, false
	}
	return r, true
}

// validSegment accepts the characters forges allow in owner and repository
// names.
func validSegment(s string) bool {
	if s == "" || s == "." || s == ".." || len(s) > 100 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// githubReserved are first path segments of github.com that are site pages,
// not owners.
var githubReserved = map[string]bool{
	"about": true, "apps": true, "collections": true, "contact": true, "customer-stories": true,
	"enterprise": true, "events": true, "explore": true, "features": true, "issues": true, "join": true,
	"login": true, "marketplace": true, "new": true, "notifications": true, "orgs": true, "pricing": true,
	"pulls": true, "search": true, "security": true, "settings": true, "site": true, "sponsors": true,
	"topics": true, "trending": true, "users": true,
}
