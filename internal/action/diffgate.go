package action

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"github.com/ospo-gate/ospo-gate/internal/gate"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/report"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// diffGate judges the packages the change adds or changes. When no dependency file changed it passes at once.
func (s *session) diffGate(ctx context.Context, o *outcome) error {
	changed, err := s.repo.changedFiles(ctx, o.base, s.in.Path)
	if err != nil {
		return err
	}
	for _, f := range changed {
		if IsDependencyFile(f) {
			o.depFiles = append(o.depFiles, f)
		}
	}
	if changedPolicy, err := s.policyChanged(ctx, o); err != nil {
		return err
	} else if changedPolicy {
		o.mode = ModeFull
		o.notef("The policy file %s changed since %s: every package is judged against it.", o.policy.Path, short(o.base))
		return s.fullGate(ctx, o)
	}
	if len(o.depFiles) == 0 {
		o.skipped = true
		o.result = rules.Result{Verdict: rules.Pass, Findings: []rules.Finding{}}
		s.log.infof("no dependency file changed between %s and the workspace (%d files changed): nothing to judge", short(o.base), len(changed))
		o.report = s.buildReport(&gate.Run{Inventory: &inventory.Inventory{Root: s.ws}}, o)
		return nil
	}
	s.log.infof("%d dependency file(s) changed since %s: %s", len(o.depFiles), short(o.base), clip(fmt.Sprint(o.depFiles), 2000))
	return s.scanBoth(ctx, o)
}

// policyChanged reports whether a policy read from the workspace (push events) changed since the base: then
// every package must be judged again. On pull requests the base's policy judges, so its edits do not count.
func (s *session) policyChanged(ctx context.Context, o *outcome) (bool, error) {
	if !o.policy.InRepo || o.policy.Commit != "" {
		return false, nil
	}
	files, err := s.repo.changedFiles(ctx, o.base, o.policy.Path)
	return len(files) > 0, err
}

// scanBoth scans head and base (concurrently; the base from the cache when it is there) and judges the diff.
func (s *session) scanBoth(ctx context.Context, o *outcome) error {
	root, err := s.scanRoot(s.ws)
	if err != nil {
		return err
	}
	pol := s.in.FailOn.Apply(o.policy.Policy)
	s.log.group("ospo-gate: scanning " + s.in.Path + " at the base and the head")
	defer s.log.endGroup()
	// The head is scanned in a goroutine while the base is read from the cache or scanned. A panic on either
	// side becomes an error, and a failed base stops the head's scan.
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var head *gate.Run
	var headErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer recoverTo(&headErr)
		head, headErr = s.execute(hctx, "head", s.gateConfig(root, pol, o.policy))
	}()
	var base *baseInventory
	var baseErr error
	func() {
		defer recoverTo(&baseErr)
		base, baseErr = s.baseInventory(ctx, o, pol)
	}()
	if baseErr != nil {
		cancel()
	}
	<-done
	if headErr != nil && baseErr == nil {
		return headErr
	}
	if baseErr != nil {
		return baseErr
	}
	o.diff = diffInventories(base, head.Inventory)
	o.result = judgeDiff(head.Inventory, o.diff, base.Warnings, pol, s.env.Now(), o.policy.Path)
	applyThreshold(&o.result, s.in.FailOn)
	o.report = s.buildReport(head, o)
	s.log.infof("%d package(s) at the head: %d added, %d changed, %d unchanged; %d removed", len(head.Inventory.Packages), len(o.diff.Added), len(o.diff.Changed), o.diff.Unchanged, len(o.diff.Removed))
	return nil
}

// baseInventory returns the base commit's inventory, from the cache when a scan of the same commit with the
// same settings is there.
func (s *session) baseInventory(ctx context.Context, o *outcome, pol *policy.Policy) (*baseInventory, error) {
	on := s.online()
	settings := fmt.Sprintf("%s\x00offline=%v\x00registries=%v", gate.GoModCache(s.env.Getenv), on.Offline, !on.NoRegistries)
	key := cacheKey(s.env.ToolVersion, o.base, s.in.Path, settings, o.policy.Data)
	dir := s.cacheDir()
	if b := loadBase(dir, key, o.base); b != nil {
		s.log.infof("base inventory of %s read from the cache (%d packages)", short(o.base), len(b.Packages))
		return b, nil
	}
	b, err := s.scanBase(ctx, o, pol, key)
	if err != nil {
		return nil, err
	}
	if dir != "" {
		if err := saveBase(dir, b); err != nil {
			s.log.warningf("caching the base inventory in %s: %v", dir, err)
		}
	}
	return b, nil
}

// scanBase writes the base commit's tree to a temporary directory and scans it.
func (s *session) scanBase(ctx context.Context, o *outcome, pol *policy.Policy, key string) (*baseInventory, error) {
	if !s.repo.hasPath(ctx, o.base, s.in.Path) {
		o.notef("%s does not exist at the base commit %s: every package is new.", s.in.Path, short(o.base))
		return &baseInventory{Schema: baseSchema, Key: key, SHA: o.base, Packages: []basePackage{}, Warnings: []inventory.Warning{}}, nil
	}
	tmp, err := os.MkdirTemp(s.env.TempDir, "ospo-gate-base-")
	if err != nil {
		return nil, fmt.Errorf("creating a directory for the base tree: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := writeBaseTree(ctx, s.repo, o.base, s.in.Path, tmp); err != nil {
		return nil, err
	}
	root := filepath.Join(tmp, filepath.FromSlash(s.in.Path))
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	// The diff compares identities and licenses only: the base needs no Scorecard lookups.
	basePol := *pol
	basePol.Scorecard = nil
	run, err := s.execute(ctx, "base", s.gateConfig(root, &basePol, o.policy))
	if err != nil {
		return nil, fmt.Errorf("scanning the base commit %s: %w", short(o.base), err)
	}
	return newBaseInventory(key, o.base, run.Inventory), nil
}

// cacheDir is where base inventories are cached: the cache-dir input (relative to the workspace), else a
// directory under RUNNER_TEMP; "" disables the cache.
func (s *session) cacheDir() string {
	if d := s.in.CacheDir; d != "" {
		if !filepath.IsAbs(d) {
			d = filepath.Join(s.ws, filepath.FromSlash(d))
		}
		return d
	}
	if t := existingDir(s.env.Getenv("RUNNER_TEMP")); t != "" {
		return filepath.Join(t, "ospo-gate-cache")
	}
	return ""
}

// reportDiff is the JSON report's diff section: nil unless the run was a diff gate that got as far as
// comparing (or skipping). Paths are made relative to the repository root, like the findings'.
func (s *session) reportDiff(o *outcome) *report.Diff {
	if o.mode != ModeDiff || (o.diff == nil && !o.skipped) {
		return nil
	}
	d := &report.Diff{Base: o.base, Head: orDefault(o.head, s.ev.HeadSHA), Skipped: o.skipped, DependencyFiles: o.depFiles}
	if o.skipped {
		d.SkipReason = report.SkipNoDependencyChange
		return d
	}
	d.Counts.Unchanged = o.diff.Unchanged
	d.Added = s.reportChanges(o.diff.Added)
	d.Changed = s.reportChanges(o.diff.Changed)
	d.Removed = s.reportChanges(o.diff.Removed)
	return d
}

func (s *session) reportChanges(cs []Change) []report.Change {
	out := make([]report.Change, 0, len(cs))
	for _, c := range cs {
		rc := report.Change{Name: c.Name, Version: c.Version, Type: c.Type, PURL: c.PURL, Scope: c.Scope, License: c.License, Line: c.Line}
		if c.Kind == Changed {
			rc.FromVersion, rc.FromLicense = c.FromVersion, c.FromLicense
		}
		if c.Path != "" {
			rc.Path = path.Join(s.in.Path, c.Path)
		} else {
			rc.Line = 0
		}
		out = append(out, rc)
	}
	return out
}
