package action

import (
	"fmt"
	"net/url"
	"strings"
)

// linker builds links to the repository on GitHub.
type linker struct {
	server string // https://github.com or the GHES host, no trailing slash
	repo   string // owner/name
	sha    string // the commit files are linked at
	runID  string
}

func newLinker(getenv func(string) string, sha string) linker {
	server := strings.TrimRight(orDefault(getenv("GITHUB_SERVER_URL"), "https://github.com"), "/")
	if u, err := url.Parse(server); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		server = ""
	}
	repo := getenv("GITHUB_REPOSITORY")
	if strings.Count(repo, "/") != 1 || strings.ContainsAny(repo, " ()<>\"'") {
		repo = ""
	}
	return linker{server: server, repo: repo, sha: sha, runID: getenv("GITHUB_RUN_ID")}
}

// blob links a file of the repository at a line; "" when the server or repository is unknown.
func (l linker) blob(path string, line int) string {
	if l.server == "" || l.repo == "" || l.sha == "" || path == "" {
		return ""
	}
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = escapeLinkSegment(s)
	}
	u := fmt.Sprintf("%s/%s/blob/%s/%s", l.server, l.repo, l.sha, strings.Join(segs, "/"))
	if line > 0 {
		u += fmt.Sprintf("#L%d", line)
	}
	return u
}

// run links the workflow run.
func (l linker) run() string {
	if l.server == "" || l.repo == "" || l.runID == "" || strings.Trim(l.runID, "0123456789") != "" {
		return ""
	}
	return fmt.Sprintf("%s/%s/actions/runs/%s", l.server, l.repo, l.runID)
}

// commit links a commit.
func (l linker) commit(sha string) string {
	if l.server == "" || l.repo == "" || sha == "" {
		return ""
	}
	return fmt.Sprintf("%s/%s/commit/%s", l.server, l.repo, sha)
}

// escapeLinkSegment escapes a path segment for a Markdown link target: parentheses and spaces too.
func escapeLinkSegment(s string) string {
	s = url.PathEscape(s)
	return strings.NewReplacer("(", "%28", ")", "%29", "*", "%2A", "[", "%5B", "]", "%5D").Replace(s)
}

// runURL is the workflow run's page, the check run's details link.
func (s *session) runURL() string {
	return newLinker(s.env.Getenv, "").run()
}
