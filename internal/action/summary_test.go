package action

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/ghapi"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/report"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

func summaryFixture(nFindings int) summaryInput {
	var fs []rules.Finding
	for i := 0; i < nFindings; i++ {
		fs = append(fs, rules.Finding{
			Rule: rules.RuleDenied, Severity: rules.SeverityError, Package: fmt.Sprintf("pkg-%04d", i), Version: "1.0.0",
			PURL: fmt.Sprintf("pkg:npm/pkg-%04d@1.0.0", i), License: "GPL-3.0-only", Path: "package-lock.json", Line: i + 10,
			Message: strings.Repeat("a long explanation ", 20),
		})
	}
	d := &Diff{}
	for i := 0; i < nFindings; i++ {
		d.Added = append(d.Added, Change{Kind: Added, Type: "npm", Name: fmt.Sprintf("pkg-%04d", i), Version: "1.0.0", PURL: fs[i].PURL, License: "GPL-3.0-only"})
	}
	res := rules.Result{Verdict: rules.Fail, Findings: fs}
	o := &outcome{code: ExitFail, mode: ModeDiff, diff: d, result: res, base: strings.Repeat("a", 40), head: strings.Repeat("b", 40),
		policy: &policyChoice{Path: ".github/ospo-gate.yaml", InRepo: true, Commit: strings.Repeat("a", 40), Edited: true}}
	o.report = report.Build(report.Input{Inventory: &inventory.Inventory{}, Result: res})
	env := map[string]string{"GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "1"}
	return summaryInput{o: o, ev: &Event{Kind: KindPullRequest}, in: Inputs{FailOn: FailOn{Threshold: rules.SeverityError}},
		links: newLinker(func(k string) string { return env[k] }, o.head), now: testNow, reportPath: "ospo-gate-report.json"}
}

func TestRenderSummaryStaysWithinBudget(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 3, 60, 5000} {
		for _, budget := range []int{ghapi.MaxOutputBytes - 1024, MaxStepSummaryBytes, 8 << 10} {
			t.Run(fmt.Sprintf("%d findings, %d bytes", n, budget), func(t *testing.T) {
				t.Parallel()
				got := renderSummary(summaryFixture(n), budget)
				if len(got) > budget {
					t.Fatalf("summary is %d bytes, budget %d", len(got), budget)
				}
				for _, s := range []string{"ospo-gate: FAIL", "edits the policy file", "ospo-gate-report.json"} {
					if !strings.Contains(got, s) {
						t.Errorf("summary lacks %q", s)
					}
				}
				if strings.Count(got, "<details>") != strings.Count(got, "</details>") {
					t.Errorf("unbalanced <details> in:\n%s", got)
				}
				if n > maxTableRows && !strings.Contains(got, fmt.Sprintf("and %d more", n-maxTableRows)) && !strings.Contains(got, "left out") {
					t.Errorf("a long table does not say what it left out")
				}
			})
		}
	}
}

// TestExceptionSnippetIsValidPolicy pastes the suggested snippet into a policy and checks that it parses and
// excuses the failing package.
func TestExceptionSnippetIsValidPolicy(t *testing.T) {
	t.Parallel()
	in := summaryFixture(3)
	in.o.result.Findings[1].PURL = "pkg:npm/%40scope/we`ird@1.0.0"
	in.o.result.Findings[2].Rule = rules.RuleScorecardBelow
	section := exceptionSection(in)
	blocks := regexp.MustCompile("(?s)(`{3,})yaml\n(.*?)\n`{3,}").FindAllStringSubmatch(section, -1)
	if len(blocks) != 2 {
		t.Fatalf("want a license and a scorecard yaml block in:\n%s", section)
	}
	p, err := policy.Parse("p.yaml", []byte("version: 1\n"+blocks[0][2]+"\n"+blocks[1][2]+"\n"))
	if err != nil {
		t.Fatalf("snippets do not parse: %v\n%s%s", err, blocks[0][2], blocks[1][2])
	}
	if len(p.Exceptions) != 2 || !p.Exceptions[0].Package.MatchesPURL("pkg:npm/pkg-0000@1.0.0") || p.Exceptions[0].License != "GPL-3.0-only" {
		t.Errorf("exceptions = %+v", p.Exceptions)
	}
	if p.Scorecard == nil || len(p.Scorecard.Exceptions) != 1 || !p.Scorecard.Exceptions[0].Package.MatchesPURL("pkg:npm/pkg-0002@1.0.0") {
		t.Errorf("scorecard exceptions = %+v", p.Scorecard)
	}
	if got, want := p.Exceptions[0].Until.Format("2006-01-02"), testNow.AddDate(0, 0, exceptionDays).Format("2006-01-02"); got != want {
		t.Errorf("until = %s, want %s", got, want)
	}
}

func TestSummaryOfAnError(t *testing.T) {
	t.Parallel()
	in := summaryFixture(0)
	in.o = &outcome{code: ExitBroken, err: errors.New("git archive: ```oops``` failed"), mode: ModeDiff}
	got := renderSummary(in, MaxStepSummaryBytes)
	if !strings.Contains(got, "could not evaluate") || !strings.Contains(got, "````\ngit archive: ```oops``` failed\n````") {
		t.Errorf("summary:\n%s", got)
	}
}

func TestCommentMarkerCannotCloseEarly(t *testing.T) {
	t.Parallel()
	if got := commentMarker("licenses --> <script>"); strings.Count(got, "-->") != 1 || !strings.HasSuffix(got, " -->") {
		t.Errorf("marker %q", got)
	}
}
