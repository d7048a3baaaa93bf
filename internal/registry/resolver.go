package registry

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ospo-gate/ospo-gate/internal/depsdev"
	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// Resolver looks package licenses up online. It is safe for concurrent use.
type Resolver struct {
	cfg      Config
	fetch    *fetch.Client
	zipFetch *fetch.Client
	depsdev  *depsdev.Client
	base     map[Source]string // cleaned base URLs
	proxies  []goProxy
	noProxy  []string
	disabled map[Source]bool
	breaker  *breaker
	poms     pomMemo
	warm     sync.Once
}

// New returns a resolver for cfg after applying defaults and validating it.
func New(cfg Config) (*Resolver, error) {
	if cfg.Fetch == nil {
		return nil, errors.New("registry config: nil fetch client")
	}
	cfg.applyDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("registry config: %w", err)
	}
	r := &Resolver{
		cfg: cfg, fetch: cfg.Fetch, zipFetch: cfg.ZipFetch, base: map[Source]string{},
		noProxy: splitPatterns(cfg.GoNoProxy), disabled: map[Source]bool{},
		breaker: newBreaker(cfg.MaxConsecutiveFailures),
	}
	if r.zipFetch == nil {
		r.zipFetch = cfg.Fetch
	}
	for src, raw := range cfg.baseURLs() {
		r.base[src], _ = cleanBase(raw) // validated above
	}
	r.proxies, _ = parseGoProxy(cfg.GoProxy)
	for _, s := range cfg.Disable {
		r.disabled[s] = true
	}
	dd, err := depsdev.NewClient(cfg.Fetch, r.base[SourceDepsDev])
	if err != nil {
		return nil, fmt.Errorf("registry config: %w", err)
	}
	r.depsdev = dd
	return r, nil
}

// Resolve looks up every package and returns one result per package, in
// the order given. Packages naming the same version are looked up once.
// Resolve never fails as a whole: problems are reported per package.
func (r *Resolver) Resolve(ctx context.Context, pkgs []Package) []Result {
	out := make([]Result, len(pkgs))
	jobs := plan(pkgs, out)
	work := make(chan *job)
	var wg sync.WaitGroup
	for range min(r.workers(), len(jobs)) {
		wg.Go(func() {
			for j := range work {
				res := r.resolveTarget(ctx, pkgs[j.idxs[0]], j.t)
				for _, i := range j.idxs {
					out[i] = res
					out[i].Package = pkgs[i]
				}
			}
		})
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
	return out
}

// job is one distinct package version and the indexes asking for it.
type job struct {
	t    target
	idxs []int
}

// plan maps packages to distinct jobs, filling out for the packages that
// cannot be looked up.
func plan(pkgs []Package, out []Result) []*job {
	var jobs []*job
	byKey := map[string]*job{}
	for i, p := range pkgs {
		t, err := targetOf(p)
		if err != nil {
			out[i] = skipped(p, err.Error())
			continue
		}
		if j, ok := byKey[t.key()]; ok {
			j.idxs = append(j.idxs, i)
			continue
		}
		j := &job{t: t, idxs: []int{i}}
		byKey[t.key()] = j
		jobs = append(jobs, j)
	}
	return jobs
}

// ResolveOne looks up one package.
func (r *Resolver) ResolveOne(ctx context.Context, p Package) Result {
	t, err := targetOf(p)
	if err != nil {
		return skipped(p, err.Error())
	}
	return r.resolveTarget(ctx, p, t)
}

func (r *Resolver) workers() int {
	if r.cfg.Workers > 0 {
		return r.cfg.Workers
	}
	return 2 * r.fetch.Concurrency()
}

func skipped(p Package, note string) Result {
	return Result{Package: p, Outcome: Skipped, Note: note}
}

// resolveTarget consults the sources of t's ecosystem in order: the first
// answer with a valid SPDX license wins; failing that, the first answer
// with any declared value.
func (r *Resolver) resolveTarget(ctx context.Context, p Package, t target) Result {
	if t.eco == ecoGo && matchPatterns(r.noProxy, t.name) {
		return skipped(p, "private module (matches GONOPROXY/GOPRIVATE): not sent to any online source")
	}
	res := Result{Package: p}
	var weak *answer
	for _, src := range chains[t.eco] {
		if r.disabled[src] {
			continue
		}
		a := r.consult(ctx, src, t)
		res.Tried = append(res.Tried, a.attempt())
		if a.usable() {
			return res.keep(a)
		}
		if a.outcome == Found && weak == nil {
			weak = &a
		}
	}
	if weak != nil {
		return res.keep(*weak)
	}
	return res.settle()
}

// consult asks one source unless it has been failing all run.
func (r *Resolver) consult(ctx context.Context, src Source, t target) answer {
	if err := r.breaker.allow(src); err != nil {
		return answer{source: src, outcome: Unavailable, reason: ReasonSourceDown, err: err}
	}
	var a answer
	switch src {
	case SourceDepsDev:
		a = r.lookupDepsDev(ctx, t)
	case SourceNPM:
		a = r.lookupNPM(ctx, t)
	case SourceGoProxy:
		a = r.lookupGoProxy(ctx, t)
	case SourcePyPI:
		a = r.lookupPyPI(ctx, t)
	case SourceCrates:
		a = r.lookupCrates(ctx, t)
	case SourceMaven:
		a = r.lookupMaven(ctx, t)
	}
	a.source = src
	r.breaker.record(src, a)
	return a
}

// keep makes a the result.
func (res Result) keep(a answer) Result {
	res.Outcome, res.Source, res.Values, res.License = Found, a.source, a.values, a.license
	res.Evidence = a.url
	if a.evidence != "" {
		res.Evidence = a.evidence
	}
	res.Files, res.Note = a.files, a.note
	return res
}

// settle ends a resolution that found nothing: Unavailable when a source
// could not answer (the license may exist), NotFound when all answered.
func (res Result) settle() Result {
	if len(res.Tried) == 0 {
		res.Outcome, res.Note = Skipped, "every online source of this ecosystem is disabled"
		return res
	}
	res.Outcome = NotFound
	var notes []string
	for _, at := range res.Tried {
		if at.Outcome == Unavailable {
			res.Outcome, res.Err = Unavailable, at.Err
			notes = append(notes, fmt.Sprintf("%s: unavailable (%s)", at.Source, at.Reason))
		}
		if at.Note != "" {
			notes = append(notes, string(at.Source)+": "+at.Note)
		}
	}
	res.Note = strings.Join(slices.Compact(notes), "; ")
	return res
}
