// Package health gathers dependency-health facts: for every package the policy's scorecard: section covers, its
// source repository (from the purl, the package metadata, or deps.dev when online) and that repository's
// published OpenSSF Scorecard result (from the Scorecard API or the on-disk cache). Repositories are looked up
// once each, concurrently, within the fetch client's bounds; failures become an "unavailable" status, never an
// error and never a silent pass.
package health

import (
	"context"
	"slices"
	"sort"
	"sync"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/repo"
	"github.com/ospo-gate/ospo-gate/internal/scorecard"
)

// Options configure the lookups.
type Options struct {
	// Scorecard looks results up; required.
	Scorecard *scorecard.Client
	// Repos resolves packages to repositories; its DepsDev is nil offline.
	Repos repo.Resolver
	// Covers says whether a package is in the policy's scope for scorecard checks.
	Covers func(p *inventory.Package) bool
	// Workers bounds concurrent repository resolutions (deps.dev lookups); 0 means 16.
	Workers int
}

// Annotate sets the Scorecard fact of every covered package in inv.
func Annotate(ctx context.Context, inv *inventory.Inventory, opts Options) {
	idx := covered(inv, opts.Covers)
	resolutions := resolveAll(ctx, inv, idx, opts)
	var repos []string
	for _, r := range resolutions {
		if r.Resolved() {
			repos = append(repos, r.Repo.String())
		}
	}
	sort.Strings(repos)
	lookups := opts.Scorecard.LookupMany(ctx, slices.Compact(repos))
	for k, i := range idx {
		inv.Packages[i].Scorecard = fact(resolutions[k], lookups)
	}
}

func covered(inv *inventory.Inventory, covers func(*inventory.Package) bool) []int {
	var idx []int
	for i := range inv.Packages {
		if covers == nil || covers(&inv.Packages[i]) {
			idx = append(idx, i)
		}
	}
	return idx
}

func resolveAll(ctx context.Context, inv *inventory.Inventory, idx []int, opts Options) []repo.Resolution {
	out := make([]repo.Resolution, len(idx))
	workers := opts.Workers
	if workers <= 0 {
		workers = 16
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(idx)) {
		wg.Go(func() {
			for k := range jobs {
				p := &inv.Packages[idx[k]]
				out[k] = opts.Repos.Resolve(ctx, repo.Package{PURL: p.PURL, URLs: p.URLs})
			}
		})
	}
	for k := range idx {
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	return out
}

func fact(res repo.Resolution, lookups map[string]scorecard.Lookup) *inventory.ScorecardFact {
	if !res.Resolved() {
		f := &inventory.ScorecardFact{Status: inventory.ScorecardUnresolved, Score: -1, Reason: "no source repository found (purl, package metadata)"}
		if res.Unavailable != nil {
			f.Status = inventory.ScorecardUnavailable
			f.Reason = "resolving the source repository: " + res.Unavailable.Error()
		}
		return f
	}
	name := res.Repo.String()
	f := &inventory.ScorecardFact{Repo: name, RepoMethod: string(res.Method), Score: -1, URL: scorecard.ViewerURL(name)}
	l, ok := lookups[name]
	if !ok {
		f.Status, f.Reason = inventory.ScorecardUnavailable, "not looked up"
		return f
	}
	switch l.Outcome() {
	case fetch.Found:
		f.Status = inventory.ScorecardScored
		f.Score = l.Result.Score
		if !l.Result.Date.IsZero() {
			f.Date = l.Result.Date.Format("2006-01-02")
		}
		for _, c := range l.Result.Checks {
			f.Checks = append(f.Checks, inventory.CheckScore{Name: c.Name, Score: c.Score, Reason: c.Reason})
		}
	case fetch.NotFound:
		f.Status, f.Reason = inventory.ScorecardUnscored, "no published Scorecard result for "+name
	default:
		f.Status = inventory.ScorecardUnavailable
		f.Reason = "Scorecard API unavailable"
		if l.Response.Err != nil {
			f.Reason = l.Response.Err.Error()
		}
	}
	f.Source = source(l.Response)
	return f
}

func source(r fetch.Response) string {
	switch r.Source {
	case "":
		return ""
	case fetch.SourceCache:
		return "cache"
	}
	return "api"
}
