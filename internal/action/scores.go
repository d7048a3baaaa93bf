package action

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
	srcrepo "github.com/ospo-gate/ospo-gate/internal/repo"
	"github.com/ospo-gate/ospo-gate/internal/report"
	"github.com/ospo-gate/ospo-gate/internal/rules"
	"github.com/ospo-gate/ospo-gate/internal/scorecard"
)

// Bounds of the Scorecard lookups of one run.
const (
	maxScoreLookups = 100
	scoreDeadline   = 90 * time.Second
)

// pkgScore is the OpenSSF Scorecard result shown for one judged package. Scores inform the reviewer; only the
// policy's scorecard section (judged by the gate itself) can make them fail the gate.
type pkgScore struct {
	Name, Version string
	// Repo is "github.com/owner/repo"; "" when the package's repository is unknown.
	Repo string
	// Status is one of inventory.ScorecardScored, ScorecardUnscored, ScorecardUnresolved, ScorecardUnavailable.
	Status string
	Score  float64
}

// lookupScores gathers the Scorecard results of the packages the run judged (in diff mode the added and
// changed ones, in a full audit those with findings). Packages the gate already looked up (the policy has a
// scorecard section) keep the gate's answer; the others are looked up through the scorecard-api input, at
// most maxScoreLookups repositories. Failures show as "unavailable", never as errors.
func (s *session) lookupScores(ctx context.Context, o *outcome, head *inventory.Inventory) {
	if head == nil {
		return
	}
	var ask []*inventory.Package
	for _, p := range scorePackages(o, head) {
		if f := p.Scorecard; f != nil {
			o.scores = append(o.scores, pkgScore{Name: p.Name, Version: p.Version, Repo: f.Repo, Status: f.Status, Score: f.Score})
			continue
		}
		ask = append(ask, p)
	}
	if s.in.ScorecardAPI == "" || len(ask) == 0 {
		return
	}
	client, err := s.scorecardClient()
	if err != nil {
		o.notef("Scorecard results are not shown: %v.", err)
		return
	}
	repos, byPkg := scoreRepos(ask)
	lookups := client.LookupMany(ctx, repos)
	for i, p := range ask {
		sc := pkgScore{Name: p.Name, Version: p.Version, Repo: byPkg[i], Status: inventory.ScorecardUnresolved}
		if l, ok := lookups[sc.Repo]; ok {
			sc.Status, sc.Score = lookupStatus(l.Outcome()), l.Result.Score
		}
		o.scores = append(o.scores, sc)
	}
	s.log.infof("Scorecard: %d package(s), %d repositories looked up", len(ask), len(repos))
}

// scoreRepos resolves each package's source repository offline; byPkg[i] is "" when unknown or over the bound.
func scoreRepos(pkgs []*inventory.Package) (repos, byPkg []string) {
	byPkg = make([]string, len(pkgs))
	seen := map[string]bool{}
	for i, p := range pkgs {
		r := srcrepo.Resolve(srcrepo.Package{PURL: p.PURL, URLs: p.URLs})
		if !r.Resolved() {
			continue
		}
		name := r.Repo.String()
		if !seen[name] {
			if len(repos) == maxScoreLookups {
				continue
			}
			seen[name] = true
			repos = append(repos, name)
		}
		byPkg[i] = name
	}
	return repos, byPkg
}

func lookupStatus(o fetch.Outcome) string {
	switch o {
	case fetch.Found:
		return inventory.ScorecardScored
	case fetch.NotFound:
		return inventory.ScorecardUnscored
	}
	return inventory.ScorecardUnavailable
}

func (s *session) scorecardClient() (*scorecard.Client, error) {
	host, err := fetch.HostOf(s.in.ScorecardAPI)
	if err != nil {
		return nil, err
	}
	on := s.online()
	cfg := fetch.Config{
		HTTPClient: on.HTTPClient, AllowedHosts: []string{host}, Timeout: 15 * time.Second, Offline: on.Offline,
		Now: s.env.Now, Deadline: s.env.Now().Add(scoreDeadline), Sleep: s.env.Sleep,
		UserAgent: "ospo-gate/" + s.env.ToolVersion,
	}
	if dir := s.cacheDir(); dir != "" {
		if c, err := fetch.OpenCache(filepath.Join(dir, "lookups")); err == nil {
			cfg.Cache = c
		}
	}
	fc, err := fetch.New(cfg)
	if err != nil {
		return nil, err
	}
	return scorecard.NewClient(fc, s.in.ScorecardAPI)
}

// scorePackages picks the packages whose scores are shown, most relevant first.
func scorePackages(o *outcome, head *inventory.Inventory) []*inventory.Package {
	var out []*inventory.Package
	if o.diff != nil {
		for _, i := range o.diff.judged {
			out = append(out, &head.Packages[i])
		}
		return out
	}
	flagged := map[string]bool{}
	for _, f := range o.result.Findings {
		if f.PURL != "" && f.Severity != rules.SeverityNote {
			flagged[f.PURL] = true
		}
	}
	for i := range head.Packages {
		if flagged[head.Packages[i].PURL] {
			out = append(out, &head.Packages[i])
		}
	}
	return out
}

// scoresSection shows the Scorecard results, lowest first.
func scoresSection(in summaryInput) string {
	scores := append([]pkgScore(nil), in.o.scores...)
	if len(scores) == 0 {
		return ""
	}
	sort.SliceStable(scores, func(i, j int) bool { return scoreRank(scores[i]) < scoreRank(scores[j]) })
	var b strings.Builder
	fmt.Fprintf(&b, "\n<details><summary>OpenSSF Scorecard of the judged packages (%d)</summary>\n\n| Package | Repository | Score |\n|---|---|---:|\n", len(scores))
	for i, sc := range scores {
		if i == maxTableRows {
			fmt.Fprintf(&b, "\n…and %d more.\n", len(scores)-maxTableRows)
			break
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", report.Markdown(pkgVersion(sc.Name, sc.Version)), repoCell(sc), scoreCell(sc))
	}
	b.WriteString("\nScores inform the review; they fail the gate only through the policy's scorecard section.\n\n</details>\n")
	return b.String()
}

func scoreRank(sc pkgScore) float64 {
	if sc.Status == inventory.ScorecardScored && sc.Score >= 0 {
		return sc.Score
	}
	return 11 // unknown scores last
}

func repoCell(sc pkgScore) string {
	if sc.Repo == "" {
		return "unknown"
	}
	return fmt.Sprintf("[%s](%s)", report.Markdown(sc.Repo), scorecard.ViewerURL(sc.Repo))
}

func scoreCell(sc pkgScore) string {
	switch {
	case sc.Repo == "" || sc.Status == inventory.ScorecardUnresolved:
		return "-"
	case sc.Status == inventory.ScorecardScored && sc.Score >= 0:
		return fmt.Sprintf("%.1f / 10", sc.Score)
	case sc.Status == inventory.ScorecardScored:
		return "inconclusive"
	case sc.Status == inventory.ScorecardUnscored:
		return "not scored"
	}
	return "unavailable"
}
