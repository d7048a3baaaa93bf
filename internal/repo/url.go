package repo

import (
	"net/url"
	"strings"
)

// forgeHosts maps the host names seen in metadata to a forge.
var forgeHosts = map[string]string{
	"github.com":                "github.com",
	"www.github.com":            "github.com",
	"raw.githubusercontent.com": "github.com",
	"gitlab.com":                "gitlab.com",
	"www.gitlab.com":            "gitlab.com",
	"bitbucket.org":             "bitbucket.org",
	"www.bitbucket.org":         "bitbucket.org",
}

// shorthands are npm-style "forge:owner/repo" prefixes.
var shorthands = map[string]string{"github:": "github.com", "gitlab:": "gitlab.com", "bitbucket:": "bitbucket.org"}

// ParseURL normalises a repository, source or homepage URL to a Repo. It
// accepts https/http/git/ssh URLs with or without "git+" or Maven's
// "scm:git:" prefix, scp-like "git@host:owner/repo.git", npm shorthands
// ("github:owner/repo"), scheme-less "github.com/owner/repo", and deep links
// (/tree/…, /blob/…, GitLab /-/…). It returns false for other hosts and for
// URLs that do not name a repository.
func ParseURL(raw string) (Repo, bool) {
	s := strings.TrimSpace(raw)
	if rest, ok := cutPrefixFold(s, "scm:"); ok { // Maven: scm:git:URL
		_, s, _ = strings.Cut(rest, ":")
	}
	s = trimPrefixFold(s, "git+")
	for prefix, host := range shorthands {
		if rest, ok := cutPrefixFold(s, prefix); ok {
			return fromPath(host, rest)
		}
	}
	if host, path, ok := scpLike(s); ok {
		return fromHostPath(host, path)
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return Repo{}, false
	}
	return fromHostPath(u.Hostname(), u.EscapedPath())
}

// scpLike recognises "[user@]host:path" (no scheme, and the part after ':'
// is not a port followed by '/').
func scpLike(s string) (host, path string, ok bool) {
	if strings.Contains(s, "://") {
		s = trimPrefixFold(s, "ssh://")
		if strings.Contains(s, "://") {
			return "", "", false
		}
	}
	hostPart, path, found := strings.Cut(s, ":")
	if !found || strings.Contains(hostPart, "/") {
		return "", "", false
	}
	if i := strings.LastIndex(hostPart, "@"); i >= 0 {
		hostPart = hostPart[i+1:]
	}
	port, _, _ := strings.Cut(path, "/")
	if port != "" && strings.Trim(port, "0123456789") == "" {
		return "", "", false
	}
	return hostPart, path, hostPart != ""
}

func fromHostPath(host, path string) (Repo, bool) {
	forge, ok := forgeHosts[strings.ToLower(strings.TrimSuffix(host, "."))]
	if !ok {
		return Repo{}, false
	}
	return fromPath(forge, path)
}

// fromPath extracts owner/repo from a forge path.
func fromPath(forge, path string) (Repo, bool) {
	path, _, _ = strings.Cut(path, "#")
	path, _, _ = strings.Cut(path, "?")
	segs := splitPath(path)
	if forge == "gitlab.com" {
		segs = gitlabRepoPath(segs)
	} else if len(segs) > 2 {
		segs = segs[:2]
	}
	if len(segs) < 2 {
		return Repo{}, false
	}
	last := len(segs) - 1
	if name, ok := cutSuffixFold(segs[last], ".git"); ok {
		segs[last] = name
	}
	if _, ok := cutSuffixFold(segs[last], ".git"); ok {
		return Repo{}, false // "x.git.git": no forge names a repository x.git
	}
	return newRepo(forge, segs...)
}

// gitlabRepoPath keeps the group/subgroup/project segments of a GitLab path,
// dropping the "/-/…" part and legacy deep links.
func gitlabRepoPath(segs []string) []string {
	for i, s := range segs {
		if i >= 2 && (s == "-" || gitlabRoutes[s]) {
			return segs[:i]
		}
	}
	return segs
}

var gitlabRoutes = map[string]bool{
	"tree": true, "blob": true, "raw": true, "issues": true, "merge_requests": true, "commits": true,
	"commit": true, "tags": true, "releases": true, "wikis": true, "pipelines": true, "archive": true,
}

func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

func trimPrefixFold(s, prefix string) string {
	rest, _ := cutPrefixFold(s, prefix)
	return rest
}
