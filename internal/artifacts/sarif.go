package artifacts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode"

	"github.com/ospo-gate/ospo-gate/internal/report"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

const (
	sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	// informationURI is ospo-gate's home page.
	informationURI = "https://github.com/ospo-gate/ospo-gate"
	// MaxSARIFResults is GitHub code scanning's limit of results per run; uploads over it are rejected.
	MaxSARIFResults = 25000
	// fingerprintKey names ospo-gate's partial fingerprint. The version suffix changes if the hashed fields do.
	fingerprintKey = "ospoGateFinding/v1"
)

// SARIFOptions tune [WriteSARIF].
type SARIFOptions struct {
	// ToolVersion is recorded as the driver's version.
	ToolVersion string
	// PathPrefix is the scanned directory relative to the repository root ("" or "." for the root). Finding
	// paths are relative to the scanned directory; code scanning needs them relative to the repository.
	PathPrefix string
	// FallbackPath locates findings that name no file inside the repository, since code scanning rejects a
	// whole upload when one result has no location. It is relative to the scanned directory, like finding
	// paths; the policy file is the natural choice. Findings still without a location are reported as tool
	// execution notifications instead of results.
	FallbackPath string
	// MaxResults caps the results; 0 means MaxSARIFResults. The most severe findings are kept, and the run's
	// properties say how many were left out.
	MaxResults int
	// Category tells this analysis apart from others of ospo-gate on the same commit (for example one per
	// scanned directory); it becomes runAutomationDetails.id, as upload-sarif's category input does.
	Category string
}

// WriteSARIF writes the findings as a SARIF 2.1.0 log with one run: one rule per rule id (every rule ospo-gate
// knows, plus any other id a finding uses) with its help text, and one result per finding at its manifest line.
// Each result's partial fingerprint hashes the rule, the package URL and the file, not the line, so an alert
// survives lines moving. Levels map error/warning/note one to one.
func WriteSARIF(w io.Writer, findings []rules.Finding, opts SARIFOptions) error {
	limit := opts.MaxResults
	if limit <= 0 || limit > MaxSARIFResults {
		limit = MaxSARIFResults
	}
	sorted := append([]rules.Finding(nil), findings...)
	rules.SortFindings(sorted)
	run := sarifRun{
		Tool:       sarifTool{Driver: driver(opts.ToolVersion)},
		ColumnKind: "utf16CodeUnits",
		Results:    []sarifResult{},
	}
	index := ruleIndex(&run.Tool.Driver, sorted)
	var notes []sarifNotification
	for _, f := range sorted {
		uri, ok := opts.locate(f.Path)
		if !ok {
			notes = append(notes, notification(f, index[f.Rule]))
			continue
		}
		if len(run.Results) < limit {
			run.Results = append(run.Results, result(f, uri, index[f.Rule]))
		}
	}
	if located := len(sorted) - len(notes); located > len(run.Results) {
		run.Properties = map[string]any{"ospoGate": map[string]any{
			"truncated": true, "findings": len(sorted), "results": len(run.Results), "omitted": located - len(run.Results),
			"reason": fmt.Sprintf("GitHub code scanning accepts at most %d results per run; the most severe were kept", MaxSARIFResults),
		}}
	}
	if len(notes) > 0 {
		run.Invocations = []sarifInvocation{{ExecutionSuccessful: true, ToolExecutionNotifications: notes}}
	}
	if opts.Category != "" {
		run.AutomationDetails = &sarifAutomation{ID: strings.TrimSuffix(opts.Category, "/") + "/"}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sarifLog{Schema: sarifSchemaURI, Version: "2.1.0", Runs: []sarifRun{run}}); err != nil {
		return fmt.Errorf("encoding SARIF: %w", err)
	}
	return nil
}

var semver = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)

func driver(version string) sarifDriver {
	d := sarifDriver{Name: "ospo-gate", Version: version, InformationURI: informationURI}
	if m := semver.FindStringSubmatch(version); m != nil {
		d.SemanticVersion = m[1]
	}
	return d
}

// ruleIndex fills the driver's rules: every known rule in its documented order, then unknown ids in the order
// findings use them. It returns each id's index.
func ruleIndex(d *sarifDriver, findings []rules.Finding) map[string]int {
	index := map[string]int{}
	add := func(info rules.RuleInfo) {
		index[info.ID] = len(d.Rules)
		d.Rules = append(d.Rules, rule(info))
	}
	for _, info := range rules.Rules {
		add(info)
	}
	for _, f := range findings {
		if _, ok := index[f.Rule]; !ok {
			add(rules.Info(f.Rule))
		}
	}
	return index
}

func rule(info rules.RuleInfo) sarifRule {
	title := orElse(info.Title, info.ID)
	help := orElse(info.Help, title)
	r := sarifRule{
		ID:               info.ID,
		Name:             ruleName(info.ID),
		ShortDescription: sarifText{Text: title},
		FullDescription:  sarifText{Text: help},
		Help:             sarifMultiformat{Text: help, Markdown: report.Markdown(help)},
		Properties:       sarifRuleProperty{Tags: ruleTags(info.ID), Precision: "very-high"},
	}
	if info.Remediation != "" {
		r.Help.Text += "\n\nRemediation: " + info.Remediation
		r.Help.Markdown += "\n\n**Remediation:** " + report.Markdown(info.Remediation)
	}
	return r
}

// ruleName turns a rule id into the CamelCase name SARIF viewers show: "license/not-allowed" → "LicenseNotAllowed".
func ruleName(id string) string {
	var b strings.Builder
	upper := true
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "Rule"
	}
	return b.String()
}

func ruleTags(id string) []string {
	tags := []string{"ospo-gate", "supply-chain"}
	if family, _, ok := strings.Cut(id, "/"); ok && family != "" {
		tags = append(tags, family)
	}
	return tags
}

func result(f rules.Finding, uri string, idx int) sarifResult {
	r := sarifResult{
		RuleID: f.Rule, RuleIndex: idx, Level: level(f.Severity), Kind: "fail",
		Message:             sarifText{Text: messageText(f)},
		Locations:           []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLocation{URI: uri, URIBaseID: "%SRCROOT%"}}}},
		PartialFingerprints: map[string]string{fingerprintKey: fingerprint(f, uri)},
		Properties:          findingProperties(f),
	}
	if f.Line > 0 {
		r.Locations[0].PhysicalLocation.Region = &sarifPhysicalRegion{StartLine: f.Line}
	}
	return r
}

func notification(f rules.Finding, idx int) sarifNotification {
	return sarifNotification{
		Level:          level(f.Severity),
		Message:        sarifText{Text: messageText(f)},
		AssociatedRule: &sarifDescriptorRef{ID: f.Rule, Index: idx},
	}
}

func level(s rules.Severity) string {
	switch s {
	case rules.SeverityError:
		return "error"
	case rules.SeverityNote:
		return "note"
	}
	return "warning"
}

// messageText is the finding's message as SARIF plain text: control characters made visible, and "](" broken
// up so that text from the scanned tree cannot form a SARIF embedded link ("[text](target)").
func messageText(f rules.Finding) string {
	msg := report.Plain(f.Message)
	if f.Remediation != "" {
		msg += ". " + report.Plain(f.Remediation)
	}
	return strings.ReplaceAll(msg, "](", "] (")
}

func findingProperties(f rules.Finding) map[string]string {
	p := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			p[k] = v
		}
	}
	set("package", f.Package)
	set("version", f.Version)
	set("purl", f.PURL)
	set("license", f.License)
	if len(p) == 0 {
		return nil
	}
	return p
}

// fingerprint identifies a finding across runs: rule, package URL and file, not the line. Findings without a
// package URL (about the policy or a file) add the package name and message, which name what they are about.
func fingerprint(f rules.Finding, uri string) string {
	parts := []string{f.Rule, f.PURL, uri}
	if f.PURL == "" {
		parts = append(parts, f.Package, f.Message)
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// locate turns a finding path (relative to the scanned directory) into a URI relative to the repository root,
// falling back to FallbackPath. ok is false when neither names a file inside the repository.
func (o SARIFOptions) locate(p string) (string, bool) {
	for _, cand := range []string{p, o.FallbackPath} {
		if uri, ok := repoURI(o.PathPrefix, cand); ok {
			return uri, true
		}
	}
	return "", false
}

// repoURI joins prefix and p and percent-encodes the result as a relative URI reference. It refuses empty,
// absolute and escaping paths, and placeholders such as "<embedded default policy>".
func repoURI(prefix, p string) (string, bool) {
	if p == "" || strings.ContainsAny(p, "<>\x00\\") || strings.IndexFunc(p, unicode.IsControl) >= 0 ||
		path.IsAbs(p) || (len(p) > 1 && p[1] == ':') {
		return "", false
	}
	joined := path.Clean(path.Join(strings.TrimPrefix(prefix, "./"), p))
	if joined == "." || joined == ".." || strings.HasPrefix(joined, "../") || path.IsAbs(joined) {
		return "", false
	}
	uri := (&url.URL{Path: joined}).EscapedPath()
	if first, _, _ := strings.Cut(uri, "/"); strings.Contains(first, ":") {
		uri = "./" + uri // a colon in the first segment would read as a URI scheme
	}
	return uri, true
}

func orElse(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
