package action

import (
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ospo-gate/ospo-gate/internal/report"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// exceptionDays is how long the suggested exception lasts.
const exceptionDays = 90

func failingSection(in summaryInput) string {
	var rows []rules.Finding
	for _, f := range in.o.result.Findings {
		if in.in.FailOn.Fails(f.Severity) {
			rows = append(rows, f)
		}
	}
	if len(rows) == 0 {
		return ""
	}
	return "\n### What fails\n\n" + findingsTable(in, rows)
}

func otherFindingsSection(in summaryInput) string {
	var rows []rules.Finding
	for _, f := range in.o.result.Findings {
		if !in.in.FailOn.Fails(f.Severity) {
			rows = append(rows, f)
		}
	}
	if len(rows) == 0 {
		return ""
	}
	return fmt.Sprintf("\n<details><summary>Reported without failing the gate (%d)</summary>\n\n%s\n</details>\n", len(rows), findingsTable(in, rows))
}

// findingsTable renders findings: severity, package (and what the change did to it), license, where, why.
func findingsTable(in summaryInput, fs []rules.Finding) string {
	changes := changeIndex(in.o.diff)
	var b strings.Builder
	b.WriteString("| | Package | License | Where | Why |\n|---|---|---|---|---|\n")
	for i, f := range fs {
		if i == maxTableRows {
			fmt.Fprintf(&b, "\n…and %d more; %s.\n", len(fs)-maxTableRows, pointer(in))
			break
		}
		pkg := "-"
		if f.Package != "" {
			pkg = report.Markdown(pkgVersion(f.Package, f.Version)) + changes[f.PURL]
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", severityIcon(f.Severity, in.in.FailOn), pkg,
			report.Markdown(orDefault(f.License, "unknown")), where(in, f), report.Markdown(clip(f.Message, 400)))
	}
	return b.String()
}

// changeIndex maps a purl to a note on what the change did to the package.
func changeIndex(d *Diff) map[string]string {
	m := map[string]string{}
	if d == nil {
		return m
	}
	for _, c := range d.Added {
		m[c.PURL] = " (added)"
	}
	for _, c := range d.Changed {
		switch {
		case c.FromVersion != c.Version:
			m[c.PURL] = " (was " + report.Markdown(c.FromVersion) + ")"
		default:
			m[c.PURL] = " (license was " + report.Markdown(orDefault(c.FromLicense, "unknown")) + ")"
		}
	}
	return m
}

func pkgVersion(name, version string) string {
	if version == "" {
		return name
	}
	return name + "@" + version
}

func severityIcon(sev rules.Severity, f FailOn) string {
	switch {
	case f.Fails(sev):
		return "❌"
	case sev == rules.SeverityWarning:
		return "⚠️"
	}
	return "ℹ️"
}

// where links the finding's manifest line.
func where(in summaryInput, f rules.Finding) string {
	p := annotationPath(f, in.o.policy)
	if p == "" {
		if f.Path == "" {
			return "-"
		}
		return report.Markdown(f.Path)
	}
	label := p
	if f.Line > 0 {
		label = fmt.Sprintf("%s:%d", p, f.Line)
	}
	if u := in.links.blob(p, f.Line); u != "" {
		return fmt.Sprintf("[%s](%s)", report.Markdown(label), u)
	}
	return report.Markdown(label)
}

type exceptionEntry struct {
	Package string `yaml:"package"`
	License string `yaml:"license,omitempty"`
	Reason  string `yaml:"reason"`
	Until   string `yaml:"until"`
}

// exceptionSection offers the policy entries that would excuse the failing packages, for whoever may approve
// them: license exceptions (pinned to the current license) and Scorecard exceptions go in different lists.
func exceptionSection(in summaryInput) string {
	lic, sc := exceptionEntries(in)
	if len(lic)+len(sc) == 0 {
		return ""
	}
	target := "the policy"
	if pc := in.o.policy; pc != nil && pc.InRepo {
		target = "`" + codeSafe(pc.Path) + "`"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n<details><summary>Request an exception</summary>\n\nIf a dependency is acceptable after review, add its entry to %s. An exception ends on its date", target)
	if len(lic) > 0 {
		b.WriteString(", and a license exception also when the package's license changes.\n\n")
		b.WriteString(yamlBlock(map[string]any{"exceptions": lic}))
	} else {
		b.WriteString(".\n\n")
	}
	if len(sc) > 0 {
		b.WriteString("\nScorecard findings are excused in the `scorecard:` section:\n\n")
		b.WriteString(yamlBlock(map[string]any{"scorecard": map[string]any{"exceptions": sc}}))
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

// exceptionEntries builds one entry per failing package: license findings pin the license, Scorecard findings
// go to the scorecard list.
func exceptionEntries(in summaryInput) (lic, sc []exceptionEntry) {
	seen := map[string]bool{}
	until := in.now.AddDate(0, 0, exceptionDays).Format("2006-01-02")
	for _, f := range in.o.result.Findings {
		if !in.in.FailOn.Fails(f.Severity) || f.PURL == "" || isPolicyFinding(f) || len(lic)+len(sc) == maxTableRows {
			continue
		}
		e := exceptionEntry{Package: f.PURL, Reason: "TODO: why this dependency is acceptable, and the review that approved it", Until: until}
		switch {
		case strings.HasPrefix(f.Rule, "scorecard/") && !seen["sc "+f.PURL]:
			seen["sc "+f.PURL] = true
			sc = append(sc, e)
		case strings.HasPrefix(f.Rule, "license/") && !seen["lic "+f.PURL]:
			seen["lic "+f.PURL] = true
			e.License = f.License
			lic = append(lic, e)
		}
	}
	return lic, sc
}

// yamlBlock renders v as a fenced YAML block, indented like the example policy.
func yamlBlock(v any) string {
	var buf strings.Builder
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return fenced(buf.String(), "yaml")
}

// changesSection lists what the change does to the dependencies.
func changesSection(in summaryInput) string {
	d := in.o.diff
	if d == nil || len(d.Added)+len(d.Changed)+len(d.Removed) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n<details><summary>Dependency changes: %d added, %d changed, %d removed (removed packages are not judged)</summary>\n\n", len(d.Added), len(d.Changed), len(d.Removed))
	b.WriteString("| Change | Package | Version | License | Where |\n|---|---|---|---|---|\n")
	rows := 0
	for _, group := range [][]Change{d.Added, d.Changed, d.Removed} {
		for _, c := range group {
			if rows == maxTableRows {
				break
			}
			rows++
			version, lic := report.Markdown(c.Version), report.Markdown(orDefault(c.License, "unknown"))
			if c.Kind == Changed && c.FromVersion != c.Version {
				version = report.Markdown(c.FromVersion) + " → " + version
			}
			if c.Kind == Changed && c.FromLicense != c.License {
				lic = report.Markdown(orDefault(c.FromLicense, "unknown")) + " → " + lic
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", c.Kind, report.Markdown(c.Type+"/"+c.Name), version, lic, changeWhere(in, c))
		}
	}
	if total := len(d.Added) + len(d.Changed) + len(d.Removed); total > rows {
		fmt.Fprintf(&b, "\n…and %d more; %s.\n", total-rows, pointer(in))
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

// changeWhere links the head's declaration of an added or changed package.
func changeWhere(in summaryInput, c Change) string {
	if c.Kind == Removed || c.Path == "" {
		return "-"
	}
	p := path.Join(in.in.Path, c.Path)
	label := p
	if c.Line > 0 {
		label = fmt.Sprintf("%s:%d", p, c.Line)
	}
	if u := in.links.blob(p, c.Line); u != "" {
		return fmt.Sprintf("[%s](%s)", report.Markdown(label), u)
	}
	return report.Markdown(label)
}

func coverageSection(in summaryInput) string {
	r := in.o.report
	if r == nil || len(r.Summary.Ecosystems) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n<details><summary>License coverage: %d of %d package(s) resolved</summary>\n\n| Ecosystem | Packages | Resolved |\n|---|---:|---:|\n", r.Summary.Licenses.Resolved, r.Summary.Packages)
	for _, e := range r.Summary.Ecosystems {
		fmt.Fprintf(&b, "| %s | %d | %d |\n", report.Markdown(e.Type), e.Packages, e.Resolved)
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

// footerSection says how the run judged (mode, commits, policy) and where to find more.
func footerSection(in summaryInput) string {
	o := in.o
	var parts []string
	switch {
	case o.mode == ModeDiff && o.base != "":
		parts = append(parts, fmt.Sprintf("Diff gate: base %s → head %s", commitRef(in.links, o.base), commitRef(in.links, orDefault(o.head, in.ev.HeadSHA))))
	case o.err == nil:
		parts = append(parts, "Full audit")
	}
	if pc := o.policy; pc != nil {
		label := "the embedded default policy"
		if !pc.Embedded {
			label = "`" + codeSafe(pc.Path) + "`"
		}
		if pc.Commit != "" {
			label += " at the base " + commitRef(in.links, pc.Commit)
		}
		parts = append(parts, "policy: "+label)
	}
	if o.err == nil {
		parts = append(parts, fmt.Sprintf("gate time %.2fs", o.gateTime.Seconds()))
	}
	var b strings.Builder
	b.WriteString("\n---\n" + strings.Join(parts, " · ") + "\n")
	if in.logAnn != nil && in.logAnn.omitted() > 0 {
		fmt.Fprintf(&b, "\n%d finding(s) beyond GitHub's %d annotations per type are not annotated in the log; they are in the tables above and in the report.\n", in.logAnn.omitted(), MaxLogAnnotations)
	}
	if in.omittedAnnotations > 0 {
		fmt.Fprintf(&b, "\n%d finding(s) beyond %d are not annotated on the check run; they are in the report.\n", in.omittedAnnotations, MaxCheckAnnotations)
	}
	var links []string
	if in.checkURL != "" {
		links = append(links, fmt.Sprintf("[check run](%s)", in.checkURL))
	}
	if u := in.links.run(); u != "" {
		links = append(links, fmt.Sprintf("[workflow run](%s)", u))
	}
	if in.reportPath != "" {
		links = append(links, fmt.Sprintf("full report: `%s`", codeSafe(in.reportPath)))
	}
	if len(links) > 0 {
		b.WriteString("\n" + strings.Join(links, " · ") + "\n")
	}
	return b.String()
}
