package repo

import (
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/depsdev"
)

// FromPURL returns the repository a package URL names by itself: Go modules
// (see FromGoModule), GitHub Actions and other pkg:github/gitlab/bitbucket
// packages, or a vcs_url qualifier.
func FromPURL(purl string) (Repo, bool) {
	if purl == "" {
		return Repo{}, false
	}
	p, err := depsdev.ParsePURL(purl)
	if err != nil {
		return Repo{}, false
	}
	switch p.Type {
	case "golang":
		return FromGoModule(p.FullName())
	case "github", "githubactions":
		return newRepo("github.com", p.Namespace, p.Name)
	case "gitlab":
		return newRepo("gitlab.com", append(splitPath(p.Namespace), p.Name)...)
	case "bitbucket":
		return newRepo("bitbucket.org", p.Namespace, p.Name)
	}
	if vcs := p.Qualifiers["vcs_url"]; vcs != "" {
		return ParseURL(vcs)
	}
	return Repo{}, false
}

// FromAction returns the repository of a GitHub Actions "uses:" reference
// ("owner/repo@ref", "owner/repo/path@ref"). Local ("./…") and docker://
// references have none.
func FromAction(uses string) (Repo, bool) {
	ref, _, _ := strings.Cut(strings.TrimSpace(uses), "@")
	if strings.HasPrefix(ref, ".") || strings.Contains(ref, ":") {
		return Repo{}, false
	}
	segs := strings.Split(ref, "/")
	if len(segs) < 2 {
		return Repo{}, false
	}
	return newRepo("github.com", segs[0], segs[1])
}
