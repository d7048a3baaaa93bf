package registry

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
	"github.com/ospo-gate/ospo-gate/internal/licenses"
)

// pomURL is the path of a POM in a Maven repository layout.
func (r *Resolver) pomURL(c pomCoord) string {
	a, v := url.PathEscape(c.Artifact), url.PathEscape(c.Version)
	return r.base[SourceMaven] + "/" + strings.ReplaceAll(c.Group, ".", "/") + "/" + a + "/" + v + "/" + a + "-" + v + ".pom"
}

// pomMemo remembers the POMs fetched during a run: parent POMs such as
// org.apache:apache are shared by many artifacts.
type pomMemo struct {
	mu sync.Mutex
	m  map[string]pomAnswer
}

type pomAnswer struct {
	p    pom
	resp fetch.Response
}

// getPOM fetches a POM (through the run memo and the fetch cache).
func (r *Resolver) getPOM(ctx context.Context, u string) (pom, fetch.Response) {
	r.poms.mu.Lock()
	got, ok := r.poms.m[u]
	r.poms.mu.Unlock()
	if ok {
		return got.p, got.resp
	}
	req := fetch.Request{URL: u, Namespace: NamespaceMaven, Accept: "application/xml, text/xml;q=0.9, */*;q=0.1"}
	p, resp := fetch.Get(ctx, r.fetch, req, decodePOM)
	if resp.Outcome != fetch.Unavailable {
		r.poms.mu.Lock()
		if r.poms.m == nil {
			r.poms.m = map[string]pomAnswer{}
		}
		r.poms.m[u] = pomAnswer{p: p, resp: resp}
		r.poms.mu.Unlock()
	}
	return p, resp
}

// lookupMaven reads the <licenses> of the artifact's POM, following
// <parent> POMs (up to MaxParentDepth) while a POM declares none: a
// project inherits its parent's licenses.
func (r *Resolver) lookupMaven(ctx context.Context, t target) answer {
	coord := pomCoord{Group: t.group, Artifact: t.name, Version: t.version}
	first := r.pomURL(coord)
	seen := map[pomCoord]bool{}
	allCached := true
	for depth := 0; ; depth++ {
		u := r.pomURL(coord)
		p, resp := r.getPOM(ctx, u)
		a := fromResponse(SourceMaven, resp)
		a.url, allCached = first, allCached && a.cached
		a.cached = allCached
		switch {
		case a.outcome == Unavailable:
			return a
		case a.outcome == NotFound && depth == 0:
			a.note = "POM not in the Maven repository"
			return a
		case a.outcome == NotFound:
			a.note = fmt.Sprintf("no <licenses> in the POM; its ancestor %s is not in the Maven repository", coord)
			return a
		case len(p.Licenses) > 0:
			return mavenFound(a, p, u, coord, depth)
		}
		next, why := r.nextParent(p, seen, coord, depth)
		if why != "" {
			a.outcome, a.note = NotFound, why
			return a
		}
		coord = next
	}
}

// nextParent returns the parent to read after coord, or why the walk ends.
func (r *Resolver) nextParent(p pom, seen map[pomCoord]bool, coord pomCoord, depth int) (pomCoord, string) {
	seen[coord] = true
	switch {
	case p.Parent == nil && depth == 0:
		return pomCoord{}, "the POM declares no <licenses> and has no parent"
	case p.Parent == nil:
		return pomCoord{}, fmt.Sprintf("neither the POM nor its %d ancestor POM(s) declare <licenses>", depth)
	case depth >= r.cfg.MaxParentDepth:
		return pomCoord{}, fmt.Sprintf("no <licenses> in the POM and its first %d ancestors; stopped there", depth)
	case seen[*p.Parent]:
		return pomCoord{}, fmt.Sprintf("parent POM chain loops back to %s", *p.Parent)
	}
	next := *p.Parent
	pt := target{eco: ecoMaven, group: next.Group, name: next.Artifact, version: next.Version}
	if err := pt.check(); err != nil {
		return pomCoord{}, fmt.Sprintf("parent POM %s cannot be looked up: %v", next, err)
	}
	return next, ""
}

// mavenFound fills a with the licenses of the POM at u (coord, depth
// levels above the artifact).
func mavenFound(a answer, p pom, u string, coord pomCoord, depth int) answer {
	for _, l := range p.Licenses {
		a.values = append(a.values, pomLicenseValue(l))
	}
	a.values = cleanValues(a.values)
	a.license = normalizeChoice(a.values)
	a.evidence = u
	if depth > 0 {
		a.note = fmt.Sprintf("inherited from the parent POM %s", coord)
	}
	return a
}

// pomLicenseValue picks the value of a <license>: its name or its URL,
// whichever normalises best (a specific SPDX id, then one of the
// LicenseRef-… ids for unversioned families, then anything), the name
// winning ties. "GNU Lesser General Public License" with an lgpl-2.1 URL
// thus reads as LGPL-2.1.
func pomLicenseValue(l pomLicense) string {
	if l.URL == "" || (l.Name != "" && valueScore(l.Name) >= valueScore(l.URL)) {
		return l.Name
	}
	return l.URL
}

// valueScore ranks how precisely a value names a license.
func valueScore(v string) int {
	n := licenses.Normalize(v)
	switch {
	case n.Status != licenses.Valid:
		return 0
	case strings.Contains(n.Expression, "LicenseRef-"):
		return 1
	}
	return 2
}
