package gate

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/depsdev"
	"github.com/ospo-gate/ospo-gate/internal/fetch"
	"github.com/ospo-gate/ospo-gate/internal/health"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/licenses"
	"github.com/ospo-gate/ospo-gate/internal/registry"
	"github.com/ospo-gate/ospo-gate/internal/repo"
	"github.com/ospo-gate/ospo-gate/internal/rules"
	"github.com/ospo-gate/ospo-gate/internal/scorecard"
)

// Online configures every network lookup of a run. The zero value is online with the public endpoints and no
// cache.
type Online struct {
	// Offline answers lookups from the cache only: nothing goes over the network.
	Offline bool
	// CacheDir keeps answers between runs ("" = no cache).
	CacheDir string
	// ScorecardAPI and DepsDevAPI are base URLs ("" = the public services).
	ScorecardAPI string
	DepsDevAPI   string
	// HTTPClient sends the requests (nil = a default client).
	HTTPClient *http.Client
	// Concurrency bounds requests in flight (0 = fetch's default).
	Concurrency int
	// Timeout bounds all lookups of the run (0 = two minutes); remaining lookups then become unavailable.
	Timeout time.Duration
	// Now is the clock for cache expiry (nil = time.Now).
	Now func() time.Time
	// Registries are the package registries' base URLs ("" = the public ones) and the Go proxy settings
	// (GOPROXY, GONOPROXY/GOPRIVATE as the go command reads them).
	NPMAPI, PyPIAPI, CratesAPI, MavenAPI string
	GoProxy, GoNoProxy                   string
	// NoRegistries turns the online license sources off (Scorecard lookups still happen when the policy asks).
	NoRegistries bool
}

// registryConfig is the online license sources' configuration, without its fetch clients.
func (o Online) registryConfig() registry.Config {
	return registry.Config{
		DepsDevURL: o.DepsDevAPI, NPMURL: o.NPMAPI, PyPIURL: o.PyPIAPI, CratesURL: o.CratesAPI, MavenURL: o.MavenAPI,
		GoProxy: o.GoProxy, GoNoProxy: o.GoNoProxy, Now: o.Now,
	}
}

// session holds one run's lookup clients; they share the cache, the deadline and the concurrency bound.
type session struct {
	fetch, zips *fetch.Client
	cache       *fetch.Cache
	// cached answers from the cache alone; nil without a cache or when already offline.
	cached, cachedZips *fetch.Client
}

// open builds the run's lookup clients, allowed to reach only the configured hosts.
func (o Online) open() (*session, error) {
	hosts := []string{orDefault(o.ScorecardAPI, scorecard.DefaultBaseURL), orDefault(o.DepsDevAPI, depsdev.DefaultBaseURL)}
	rc := o.registryConfig()
	regHosts, err := rc.AllowedHosts()
	if err != nil {
		return nil, err
	}
	cfg, err := o.fetchConfig(hosts)
	if err != nil {
		return nil, err
	}
	cfg.AllowedHosts = append(cfg.AllowedHosts, regHosts...)
	f, err := fetch.New(cfg)
	if err != nil {
		return nil, err
	}
	z, err := fetch.New(registry.ZipFetchConfig(cfg))
	if err != nil {
		return nil, err
	}
	sess := &session{fetch: f, zips: z, cache: cfg.Cache}
	if cfg.Cache != nil && !o.Offline {
		off := cfg
		off.Offline = true
		if sess.cached, err = fetch.New(off); err != nil {
			return nil, err
		}
		if sess.cachedZips, err = fetch.New(registry.ZipFetchConfig(off)); err != nil {
			return nil, err
		}
	}
	return sess, nil
}

// stats adds up both clients' counters.
func (s *session) stats() fetch.Stats {
	a := s.fetch.Stats()
	for _, c := range []*fetch.Client{s.zips, s.cached, s.cachedZips} {
		if c != nil {
			a = addStats(a, c.Stats())
		}
	}
	return a
}

func addStats(a, b fetch.Stats) fetch.Stats {
	a.Lookups += b.Lookups
	a.Requests += b.Requests
	a.Retries += b.Retries
	a.CacheHits += b.CacheHits
	a.CacheMisses += b.CacheMisses
	a.Found += b.Found
	a.NotFound += b.NotFound
	a.Unavailable += b.Unavailable
	return a
}

// Stats reports what the run's lookups cost.
type Stats = fetch.Stats

// fetchConfig is the lookup clients' shared configuration.
func (o Online) fetchConfig(hosts []string) (fetch.Config, error) {
	cfg := fetch.Config{
		HTTPClient: o.HTTPClient, Offline: o.Offline, Concurrency: o.Concurrency, Now: o.Now,
	}
	for _, h := range hosts {
		if host, err := fetch.HostOf(h); err == nil {
			cfg.AllowedHosts = append(cfg.AllowedHosts, host)
		} else {
			return cfg, fmt.Errorf("endpoint %q: %w", h, err)
		}
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	cfg.Deadline = now().Add(timeout)
	if o.CacheDir != "" {
		c, err := fetch.OpenCache(o.CacheDir)
		if err != nil {
			return cfg, fmt.Errorf("opening the cache: %w", err)
		}
		cfg.Cache = c
	}
	return cfg, nil
}

// annotateScorecards looks up the Scorecard of every package the policy's scorecard section covers.
func annotateScorecards(ctx context.Context, cfg Config, s *session, inv *inventory.Inventory) error {
	o := cfg.Online
	sc, err := scorecard.NewClient(s.fetch, orDefault(o.ScorecardAPI, scorecard.DefaultBaseURL))
	if err != nil {
		return err
	}
	resolver := repo.Resolver{}
	if !o.Offline {
		dd, err := depsdev.NewClient(s.fetch, orDefault(o.DepsDevAPI, depsdev.DefaultBaseURL))
		if err != nil {
			return err
		}
		resolver.DepsDev = dd
	}
	health.Annotate(ctx, inv, health.Options{
		Scorecard: sc, Repos: resolver,
		Covers: func(p *inventory.Package) bool { return rules.CoversScorecard(cfg.Policy, p) },
	})
	return nil
}

// resolveOnline asks deps.dev and the package registries for the licenses still unknown after the tree was read.
// Only package names and versions are sent. A package the sources cannot answer for keeps its unknown license,
// with the reason in its note.
//
// With a cache, a first pass answers from the cache alone, so that a source that failed last time (and whose
// failure was not cached) is not asked again for packages another source already answered.
func resolveOnline(ctx context.Context, cfg Config, s *session, inv *inventory.Inventory) error {
	if s.cached != nil {
		if err := resolvePass(ctx, cfg, s.cached, s.cachedZips, s.cache, inv, false); err != nil {
			return err
		}
	}
	return resolvePass(ctx, cfg, s.fetch, s.zips, s.cache, inv, true)
}

// resolvePass asks the sources for every license still unknown; final says whether a miss is recorded.
func resolvePass(ctx context.Context, cfg Config, f, zips *fetch.Client, cache *fetch.Cache, inv *inventory.Inventory, final bool) error {
	var idx []int
	var pkgs []registry.Package
	for i := range inv.Packages {
		p := &inv.Packages[i]
		l := p.License()
		if l.Known() || l.Source == inventory.SourceOverride {
			continue
		}
		idx = append(idx, i)
		pkgs = append(pkgs, registry.Package{PURL: p.PURL, Name: p.Name, Version: p.Version, Type: p.Type, Group: p.Group})
	}
	if len(pkgs) == 0 {
		return nil
	}
	rc := cfg.Online.registryConfig()
	rc.Fetch, rc.ZipFetch, rc.Cache = f, zips, cache
	r, err := registry.New(rc)
	if err != nil {
		return err
	}
	for k, res := range r.Resolve(ctx, pkgs) {
		if final || (res.Outcome == registry.Found && res.License.Status == licenses.Valid) {
			applyRegistry(&inv.Packages[idx[k]], res)
		}
	}
	return nil
}

func applyRegistry(p *inventory.Package, res registry.Result) {
	switch {
	case res.Outcome == registry.Found && res.License.Status == licenses.Valid:
		p.Licenses = []inventory.License{{
			Expression: res.License.Expression, Original: strings.Join(res.Values, "; "), Source: inventory.SourceRegistry,
			Evidence: res.Evidence, Note: strings.TrimPrefix(string(res.Source)+": "+res.Note, ": "),
		}}
		if res.Note == "" {
			p.Licenses[0].Note = string(res.Source)
		}
	default:
		l := p.License()
		why := res.Note
		if res.Outcome == registry.Unavailable && res.Err != nil {
			why = "online sources unavailable: " + res.Err.Error()
		} else if res.Outcome == registry.Found {
			why = fmt.Sprintf("%s gave %q, which names no usable license", res.Source, strings.Join(res.Values, "; "))
		}
		if why != "" {
			l.Note = strings.TrimPrefix(l.Note+"; "+why, "; ")
			p.Licenses = []inventory.License{l}
		}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
