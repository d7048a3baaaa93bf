// Package gate runs ospo-gate's pipeline over one directory: SBOM → inventory → licenses → manifest lines →
// rules → result. It is the single place where the stages are wired together; the CLI and the Action mode
// only choose inputs and reporters.
package gate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/anchore/syft/syft/sbom"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/locate"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/resolve"
	"github.com/ospo-gate/ospo-gate/internal/rules"
	ssbom "github.com/ospo-gate/ospo-gate/internal/sbom"
)

// Config is one run's input.
type Config struct {
	// Root is the directory to scan.
	Root string
	// Policy is the loaded policy; PolicyPath is how findings name it.
	Policy     *policy.Policy
	PolicyPath string
	// Now is the day exceptions are judged on.
	Now time.Time
	// GoModCache is the Go module cache to read license files from ("" for none).
	GoModCache string
	// ToolVersion is recorded in the SBOM.
	ToolVersion string
	// Online configures network lookups (Scorecard, deps.dev).
	Online Online
	// MaxManifestSize is the largest manifest or lockfile read (0 = DefaultMaxManifestSize).
	MaxManifestSize int64
	// MaxTotalSize bounds the manifests and lockfiles read in all (0 = DefaultMaxTotalSize).
	MaxTotalSize int64
	// DiscardSBOM drops syft's SBOM once the inventory is built (Run.SBOM is then nil): set it when no SBOM
	// artifact (SPDX, CycloneDX) will be written, to lower the run's peak memory.
	DiscardSBOM bool
}

// Run is a completed evaluation.
type Run struct {
	Config    Config
	Inventory *inventory.Inventory
	Result    rules.Result
	SBOM      *sbom.SBOM
	// Own lists the project's own packages that were left out of the dependency list.
	Own []string
	// Catalogers lists the syft catalogers that ran.
	Catalogers []string
	// Lookups counts the run's network lookups (zero when the policy needed none).
	Lookups  Stats
	Duration time.Duration
}

// Execute runs the pipeline. An error means the gate could not evaluate (exit 3); policy failures are in the
// result, not errors.
func Execute(ctx context.Context, cfg Config) (*Run, error) {
	start := time.Now()
	lim := limits{file: cfg.MaxManifestSize, total: cfg.MaxTotalSize}
	if mib := cfg.Policy.Paths.MaxFileMiB; mib > 0 {
		lim.file = int64(mib) << 20
	}
	if mib := cfg.Policy.Paths.MaxTotalMiB; mib > 0 {
		lim.total = int64(mib) << 20
	}
	if lim.file <= 0 {
		lim.file = DefaultMaxManifestSize
	}
	if lim.total <= 0 {
		lim.total = DefaultMaxTotalSize
	}
	skipped, tooBig, err := preflight(ctx, cfg.Root, lim)
	if err != nil {
		return nil, fmt.Errorf("walking %s: %w", cfg.Root, err)
	}
	exclude := append(excludeGlobs(cfg.Policy.Paths.Exclude), tooBig...)
	scan, err := ssbom.Scan(ctx, cfg.Root, ssbom.Options{ToolVersion: cfg.ToolVersion, Exclude: exclude})
	if err != nil {
		return nil, fmt.Errorf("building the SBOM: %w", err)
	}
	inv, own := scan.Inventory(cfg.Root)
	if cfg.DiscardSBOM {
		// syft's packages are the largest thing in memory (about 5 KB each); without SBOM artifacts to write,
		// they can go before licenses are resolved.
		scan.SBOM = nil
	}
	inv.Warnings = append(inv.Warnings, skipped...)
	err = resolve.Licenses(ctx, inv, resolve.Options{
		Overrides:  cfg.Policy.Licenses.Overrides,
		PolicyPath: cfg.PolicyPath,
		GoModCache: cfg.GoModCache,
	})
	if err != nil {
		return nil, fmt.Errorf("resolving licenses: %w", err)
	}
	Locate(inv)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("locating dependency lines: %w", context.Cause(ctx))
	}
	var stats Stats
	if needsLookups(cfg, inv) {
		s, err := cfg.Online.open()
		if err != nil {
			return nil, fmt.Errorf("setting up lookups: %w", err)
		}
		if !cfg.Online.NoRegistries {
			if err := resolveOnline(ctx, cfg, s, inv); err != nil {
				return nil, fmt.Errorf("looking up licenses online: %w", err)
			}
		}
		if cfg.Policy.Scorecard != nil {
			if err := annotateScorecards(ctx, cfg, s, inv); err != nil {
				return nil, fmt.Errorf("looking up Scorecard results: %w", err)
			}
		}
		stats = s.stats()
	}
	inv.Sort()
	res := rules.Evaluate(rules.Input{Inventory: inv, Policy: cfg.Policy, Now: cfg.Now, PolicyPath: cfg.PolicyPath})
	return &Run{
		Config: cfg, Inventory: inv, Result: res, SBOM: scan.SBOM, Own: slices.Compact(own),
		Catalogers: scan.Catalogers, Lookups: stats, Duration: time.Since(start),
	}, nil
}

// needsLookups reports whether the run has anything to ask the network (or the cache): Scorecard results, or
// licenses still unknown after reading the tree.
func needsLookups(cfg Config, inv *inventory.Inventory) bool {
	if cfg.Policy.Scorecard != nil {
		return true
	}
	if cfg.Online.NoRegistries || (cfg.Online.Offline && cfg.Online.CacheDir == "") {
		return false
	}
	for i := range inv.Packages {
		if l := inv.Packages[i].License(); !l.Known() && l.Source != inventory.SourceOverride {
			return true
		}
	}
	return false
}

// excludeGlobs turns policy paths ("tests/fixtures/**") into syft exclusions, which must start with "./".
func excludeGlobs(paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		p = strings.TrimPrefix(p, "./")
		out = append(out, "./"+p)
	}
	return out
}

// Locate sets the line of every package location, parsing each manifest once. Files the locator cannot read
// leave the line at 0 (the finding then points at the file), and a file that fails to parse is reported.
func Locate(inv *inventory.Inventory) {
	type parsed struct {
		idx locate.Index
		err error
	}
	cache := map[string]parsed{}
	for i := range inv.Packages {
		p := &inv.Packages[i]
		for j := range p.Locations {
			loc := &p.Locations[j]
			if !locate.Supported(loc.Path) {
				continue
			}
			pf, ok := cache[loc.Path]
			if !ok {
				pf.idx, pf.err = parseManifest(inv.Root, loc.Path)
				cache[loc.Path] = pf
			}
			if pf.idx != nil {
				loc.Line = pf.idx.Line(locate.Query{Type: p.Type, Name: p.Name, Group: p.Group, Version: p.Version})
			}
		}
	}
	paths := make([]string, 0, len(cache))
	for p := range cache {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if err := cache[p].err; err != nil {
			inv.Warnings = append(inv.Warnings, inventory.Warning{Path: p, Message: "locating dependency lines: " + err.Error()})
		}
	}
}

// GoModCache finds the Go module cache the way the go command does (GOMODCACHE, else GOPATH/pkg/mod, else
// $HOME/go/pkg/mod), without running it.
func GoModCache(getenv func(string) string) string {
	if v := getenv("GOMODCACHE"); v != "" {
		return v
	}
	if gp := getenv("GOPATH"); gp != "" {
		return filepath.Join(filepath.SplitList(gp)[0], "pkg", "mod")
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, "go", "pkg", "mod")
	}
	return ""
}

// maxManifestSize matches the locator's own bound.
const maxManifestSize = locate.MaxSize

func parseManifest(root, rel string) (locate.Index, error) {
	full := filepath.Join(root, filepath.FromSlash(rel))
	st, err := os.Lstat(full)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if st.Size() > maxManifestSize {
		return nil, fmt.Errorf("file is %d bytes, over the %d-byte limit", st.Size(), maxManifestSize)
	}
	b, err := os.ReadFile(full)
	if err != nil {
		return nil, err
	}
	return locate.Parse(rel, b)
}
