package repo

import (
	"strings"
	"testing"
)

func checkRepo(t *testing.T, in string, r Repo) {
	t.Helper()
	if r.Host != "github.com" && r.Host != "gitlab.com" && r.Host != "bitbucket.org" {
		t.Fatalf("%q: unexpected host in %+v", in, r)
	}
	if r.String() != strings.ToLower(r.String()) {
		t.Fatalf("%q: not lower case: %q", in, r)
	}
	for _, s := range append(strings.Split(r.Owner, "/"), r.Name) {
		if !validSegment(s) {
			t.Fatalf("%q: invalid segment %q in %q", in, s, r)
		}
	}
	if again, ok := ParseURL(r.String()); !ok || again != r {
		t.Fatalf("%q: %q does not re-parse to itself (%q, %v)", in, r, again, ok)
	}
}

// FuzzParseURL checks that every accepted URL yields a well-formed,
// lower-case repository that round-trips.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"git+https://github.com/o/x.git#main", "git@github.com:o/x.git", "github:o/x",
		"https://github.com/o/x/tree/main/sub", "https://www.github.com/O/X", "ssh://git@github.com:22/o/x.git",
		"scm:git:git@github.com:a/b.git", "https://gitlab.com/g/s/p/-/tree/main", "bitbucket:o/x", "http://[::1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r, ok := ParseURL(s); ok {
			checkRepo(t, s, r)
		} else if !r.IsZero() {
			t.Fatalf("%q: rejected but returned %+v", s, r)
		}
	})
}

// FuzzFromPURL checks purl- and module-path-based resolution likewise.
func FuzzFromPURL(f *testing.F) {
	for _, s := range []string{
		"pkg:golang/github.com/o/r/v2@v2.0.0", "pkg:golang/golang.org/x/mod@v1", "pkg:golang/gopkg.in/yaml.v3@v3.0.1",
		"pkg:golang/k8s.io/klog/v2@v2", "pkg:github/actions/checkout@v4#x", "pkg:npm/a@1?vcs_url=github:o/x",
		"pkg:gitlab/g/s/p@1", "pkg:golang/modernc.org/v2@v2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r, ok := FromPURL(s); ok {
			checkRepo(t, s, r)
		}
		if r, ok := FromGoModule(s); ok {
			checkRepo(t, s, r)
		}
		if r, ok := FromAction(s); ok {
			checkRepo(t, s, r)
		}
	})
}
