package action

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/gate"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/report"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// outcome is a finished evaluation, ready to publish.
type outcome struct {
	code int
	// err is why the gate could not evaluate (code 2 or 3).
	err  error
	mode Mode
	// skipped is set in diff mode when no dependency file changed: nothing was scanned.
	skipped bool
	// depFiles are the dependency files the change touches (diff mode).
	depFiles []string
	policy   *policyChoice
	diff     *Diff
	result   rules.Result
	report   *report.Report
	// base is the commit diffed against; head the commit checked out in the workspace.
	base, head string
	// notes tell the reader what the run did that they may not expect.
	notes []string
	// gateTime is the time spent scanning and judging.
	gateTime time.Duration
	// inv is the head's inventory (nil when nothing was scanned); run is the head's whole run, for the SBOM
	// and NOTICE artifacts.
	inv *inventory.Inventory
	run *gate.Run
	// scores are the Scorecard results of the judged packages, when scorecard-api is set.
	scores []pkgScore
}

func (o *outcome) notef(format string, args ...any) {
	o.notes = append(o.notes, fmt.Sprintf(format, args...))
}

func (o *outcome) fail(err error) *outcome {
	o.err, o.code = err, exitCode(err)
	return o
}

// evaluate runs the gate: it decides the mode, loads the trusted policy, and scans and judges.
func (s *session) evaluate(ctx context.Context) *outcome {
	start := time.Now()
	o := &outcome{mode: s.in.Mode}
	defer func() { o.gateTime = time.Since(start) }()
	s.log.group("ospo-gate: policy and commits")
	err := s.prepare(ctx, o)
	s.log.endGroup()
	if err != nil {
		return o.fail(err)
	}
	if o.mode == ModeDiff {
		err = s.diffGate(ctx, o)
	} else {
		err = s.fullGate(ctx, o)
	}
	if err != nil {
		return o.fail(err)
	}
	s.lookupScores(ctx, o, o.inv)
	if o.result.Verdict == rules.Fail {
		o.code = ExitFail
	}
	return o
}

// prepare picks the mode and the commits, and loads the policy.
func (s *session) prepare(ctx context.Context, o *outcome) error {
	o.mode = s.autoMode()
	if s.needGit() == nil {
		o.head, _ = s.repo.head(ctx)
	}
	trusted := ""
	if s.ev.PRLike() {
		if err := s.checkWorkspace(ctx, o); err != nil {
			return err
		}
		trusted = s.ev.BaseSHA
	}
	pc, err := choosePolicy(ctx, s.repo, s.in, s.ev, trusted)
	if err != nil {
		return err
	}
	o.policy = pc
	switch {
	case pc.Embedded && pc.Commit != "":
		s.log.infof("policy: the embedded default (no policy file at the base commit %s)", short(pc.Commit))
	case pc.Embedded:
		s.log.infof("policy: the embedded default (no %s)", policy.DefaultPath)
	case pc.Commit != "":
		s.log.infof("policy: %s, read from the base commit %s", pc.Path, short(pc.Commit))
	default:
		s.log.infof("policy: %s", pc.Path)
	}
	if pc.Edited {
		s.log.warningf("this change edits the policy file %s; it is judged by the base commit's policy", pc.Path)
	}
	if o.mode == ModeDiff {
		s.pickBase(ctx, o)
	}
	return nil
}

// checkWorkspace makes sure the base commit is present and that the workspace holds the change under review:
// the pull request's head, a merge of it (pull_request's default checkout), or a descendant. A
// pull_request_target workflow that checks out the base branch would otherwise judge the base as the change.
func (s *session) checkWorkspace(ctx context.Context, o *outcome) error {
	if err := s.needGit(); err != nil {
		return err
	}
	if o.head == "" {
		return usageErrorf("the workspace %s is not a git checkout: the pull request gate needs one (actions/checkout)", s.ws)
	}
	fetched, err := s.repo.ensureCommit(ctx, s.ev.BaseSHA)
	if err != nil {
		return fmt.Errorf("%w\nnote: check out with `fetch-depth: 0`, or keep actions/checkout's persisted credentials so the base commit can be fetched", err)
	}
	if fetched {
		s.log.infof("fetched the base commit %s (shallow checkout)", short(s.ev.BaseSHA))
	}
	if o.head == s.ev.HeadSHA {
		return nil
	}
	if parents, err := s.repo.parents(ctx, o.head); err == nil && containsString(parents, s.ev.HeadSHA) {
		return nil
	}
	if s.repo.hasCommit(ctx, s.ev.HeadSHA) && s.repo.mergeBase(ctx, s.ev.HeadSHA, o.head) == s.ev.HeadSHA {
		return nil
	}
	return usageErrorf("the workspace is at %s, which is neither the change's head %s nor a merge of it: check it out first (actions/checkout with `ref: ${{ github.event.pull_request.head.sha }}` on pull_request_target)", short(o.head), short(s.ev.HeadSHA))
}

// pickBase chooses the commit to diff against, or falls back to a full audit when there is none.
func (s *session) pickBase(ctx context.Context, o *outcome) {
	base := s.ev.BaseSHA
	switch {
	case base == "":
		o.mode = ModeFull
		o.notef("The %s event names no base commit (a new branch or tag, a manual or scheduled run): every package is judged.", s.ev.Name)
		return
	case s.needGit() != nil || o.head == "":
		o.mode = ModeFull
		o.notef("No git checkout to diff against %s (%v): every package is judged.", short(base), orDefault(errString(s.gitErr), "the workspace is not a git repository"))
		return
	}
	if !s.ev.PRLike() {
		if _, err := s.repo.ensureCommit(ctx, base); err != nil {
			o.mode = ModeFull
			o.notef("The base commit %s could not be fetched (%v): every package is judged.", short(base), err)
			return
		}
	}
	o.base = base
	if parents, err := s.repo.parents(ctx, o.head); err == nil && containsString(parents, base) {
		return
	}
	if mb := s.repo.mergeBase(ctx, base, o.head); mb != "" && mb != base {
		o.base = mb
		o.notef("The head does not contain the base %s; the diff is taken against their merge base %s.", short(base), short(mb))
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// scanRoot is the directory scanned in a tree: the path input under root.
func (s *session) scanRoot(root string) (string, error) {
	dir := filepath.Join(root, filepath.FromSlash(s.in.Path))
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return "", usageErrorf("input path: %s is not a directory of the repository", s.in.Path)
	}
	return dir, nil
}

func (s *session) gateConfig(root string, pol *policy.Policy, pc *policyChoice) gate.Config {
	return gate.Config{
		Root: root, Policy: pol, PolicyPath: pc.Path, Now: s.env.Now(),
		GoModCache: gate.GoModCache(s.env.Getenv), ToolVersion: s.env.ToolVersion, Online: s.online(),
	}
}

// online completes Env.Online for this run.
func (s *session) online() gate.Online {
	o, getenv := s.env.Online, s.env.Getenv
	if o.HTTPClient == nil {
		o.HTTPClient = s.env.HTTPClient
	}
	if o.Now == nil {
		o.Now = s.env.Now
	}
	if d := s.cacheDir(); o.CacheDir == "" && d != "" {
		o.CacheDir = filepath.Join(d, "lookups")
	}
	if o.ScorecardAPI == "" {
		o.ScorecardAPI = s.in.ScorecardAPI
	}
	if o.GoProxy == "" {
		o.GoProxy = getenv("GOPROXY")
	}
	if o.GoNoProxy == "" {
		o.GoNoProxy = strings.Trim(getenv("GONOPROXY")+","+getenv("GOPRIVATE"), ",")
	}
	return o
}

// fullGate judges every package of the workspace.
func (s *session) fullGate(ctx context.Context, o *outcome) error {
	root, err := s.scanRoot(s.ws)
	if err != nil {
		return err
	}
	pol := s.in.FailOn.Apply(o.policy.Policy)
	s.log.group("ospo-gate: scanning " + s.in.Path)
	run, err := s.execute(ctx, "full", s.gateConfig(root, pol, o.policy))
	s.log.endGroup()
	if err != nil {
		return err
	}
	o.result = run.Result
	applyThreshold(&o.result, s.in.FailOn)
	o.report = s.buildReport(run, o)
	return nil
}

func (s *session) buildReport(run *gate.Run, o *outcome) *report.Report {
	res := o.result
	res.Findings = s.repoPaths(res.Findings, o.policy)
	o.result = res
	o.inv = run.Inventory
	o.run = run
	inv := *run.Inventory
	return report.Build(report.Input{
		ToolVersion: s.env.ToolVersion, Target: s.in.Path, PolicyPath: o.policy.Path, PolicyEmbedded: o.policy.Embedded,
		Inventory: &inv, Result: res, Own: run.Own, ExcludedPaths: o.policy.Policy.Paths.Exclude,
		Diff: s.reportDiff(o),
	})
}

// repoPaths makes finding paths relative to the repository root: package findings name files under the
// scanned directory, exception findings name the policy file.
func (s *session) repoPaths(fs []rules.Finding, pc *policyChoice) []rules.Finding {
	out := make([]rules.Finding, len(fs))
	for i, f := range fs {
		if f.Path != "" && !isPolicyFinding(f) {
			f.Path = path.Join(s.in.Path, f.Path)
		}
		out[i] = f
	}
	return out
}

// isPolicyFinding reports whether a finding is about the policy file (an exception) rather than a manifest.
func isPolicyFinding(f rules.Finding) bool {
	switch f.Rule {
	case rules.RuleExceptionExpiry, rules.RuleExceptionUnused, rules.RuleExceptionStale:
		return true
	}
	return false
}
