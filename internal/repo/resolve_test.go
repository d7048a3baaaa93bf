package repo

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// fakeFinder answers SourceRepo from a map and counts calls.
type fakeFinder struct {
	answers map[string]string
	calls   atomic.Int64
}

func (f *fakeFinder) SourceRepo(_ context.Context, purl string) (string, fetch.Response, error) {
	f.calls.Add(1)
	switch {
	case strings.HasPrefix(purl, "pkg:gem/"):
		return "", fetch.Response{}, errors.New("package type not covered by deps.dev")
	case strings.Contains(purl, "down"):
		return "", fetch.Response{Outcome: fetch.Unavailable, Err: &fetch.UnavailableError{Reason: fetch.ReasonOffline}}, nil
	}
	id, ok := f.answers[purl]
	if !ok {
		return "", fetch.Response{Outcome: fetch.NotFound}, nil
	}
	return id, fetch.Response{Outcome: fetch.Found}, nil
}

func TestResolver(t *testing.T) {
	t.Parallel()
	finder := &fakeFinder{answers: map[string]string{
		"pkg:npm/left-pad@1.3.0":     "github.com/stevemao/left-pad",
		"pkg:pypi/flask@3.0.0":       "github.com/pallets/flask",
		"pkg:cargo/nohost@1.0.0":     "sourcehut.org/~x/y",
		"pkg:golang/go.example/m@v1": "github.com/example/m",
	}}
	tests := []struct {
		name     string
		pkg      Package
		online   bool
		repo     string
		method   Method
		evidence string
		unavail  bool
	}{
		{
			name: "purl wins over metadata", online: true,
			pkg:  Package{PURL: "pkg:golang/github.com/o/r/v2@v2.0.0", URLs: []string{"https://github.com/other/thing"}},
			repo: "github.com/o/r", method: MethodPURL, evidence: "pkg:golang/github.com/o/r/v2@v2.0.0",
		},
		{
			name: "first usable metadata URL", online: true,
			pkg:  Package{PURL: "pkg:npm/x@1.0.0", URLs: []string{"https://x.dev", "git+https://github.com/o/x.git#main", "https://github.com/o/y"}},
			repo: "github.com/o/x", method: MethodMetadata, evidence: "git+https://github.com/o/x.git#main",
		},
		{
			name: "npm via deps.dev", online: true,
			pkg:  Package{PURL: "pkg:npm/left-pad@1.3.0", URLs: []string{"https://left-pad.io"}},
			repo: "github.com/stevemao/left-pad", method: MethodDepsDev, evidence: "github.com/stevemao/left-pad",
		},
		{name: "go vanity via deps.dev", online: true, pkg: Package{PURL: "pkg:golang/go.example/m@v1"}, repo: "github.com/example/m", method: MethodDepsDev, evidence: "github.com/example/m"},
		{name: "offline resolver does not ask deps.dev", pkg: Package{PURL: "pkg:npm/left-pad@1.3.0"}},
		{name: "deps.dev knows no repo", online: true, pkg: Package{PURL: "pkg:npm/unknown@1.0.0"}},
		{name: "deps.dev repo on another forge", online: true, pkg: Package{PURL: "pkg:cargo/nohost@1.0.0"}},
		{name: "type not covered", online: true, pkg: Package{PURL: "pkg:gem/rails@7.1.0"}},
		{name: "deps.dev unavailable", online: true, pkg: Package{PURL: "pkg:npm/down@1.0.0"}, unavail: true},
		{name: "no purl", online: true, pkg: Package{URLs: []string{"https://example.com"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Resolver{}
			if tc.online {
				r.DepsDev = finder
			}
			got := r.Resolve(context.Background(), tc.pkg)
			if got.Repo.String() != tc.repo || got.Method != tc.method || got.Evidence != tc.evidence || got.Resolved() != (tc.repo != "") {
				t.Errorf("Resolve = %+v, want repo %q method %q evidence %q", got, tc.repo, tc.method, tc.evidence)
			}
			if (got.Unavailable != nil) != tc.unavail {
				t.Errorf("Unavailable = %v, want set=%v", got.Unavailable, tc.unavail)
			}
		})
	}
}
