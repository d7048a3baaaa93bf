package detect

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/github/go-spdx/v2/spdxexp"

	"github.com/ospo-gate/ospo-gate/internal/detect/internal/norm"
)

// spdxTexts is the offline copy of the SPDX License List texts written by
// the generator.
type spdxTexts struct {
	Package            string `json:"package"`
	Version            string `json:"version"`
	LicenseListVersion string `json:"licenseListVersion"`
	Texts              []struct {
		IDs  []string `json:"ids"`
		Text string   `json:"text"`
	} `json:"texts"`
}

var (
	spdxOnce sync.Once
	spdxDoc  spdxTexts
	spdxErr  error
)

func loadSPDXTexts(t *testing.T) *spdxTexts {
	t.Helper()
	spdxOnce.Do(func() {
		var b []byte
		if b, spdxErr = os.ReadFile("testdata/spdx-texts.json.gz"); spdxErr != nil {
			return
		}
		var zr *gzip.Reader
		if zr, spdxErr = gzip.NewReader(bytes.NewReader(b)); spdxErr != nil {
			return
		}
		var raw []byte
		if raw, spdxErr = io.ReadAll(zr); spdxErr != nil {
			return
		}
		spdxErr = json.Unmarshal(raw, &spdxDoc)
	})
	if spdxErr != nil {
		t.Fatalf("loading testdata/spdx-texts.json.gz: %v", spdxErr)
	}
	return &spdxDoc
}

// combinedExceptions are the deprecated list entries that are a license plus
// an exception; the text alone carries the exception, and the expected
// expression is what the deprecated id stood for.
var combinedExceptions = map[string]string{
	"GPL-2.0-with-GCC-exception":       "GPL-2.0-only WITH GCC-exception-2.0",
	"GPL-2.0-with-autoconf-exception":  "GPL-2.0-only WITH Autoconf-exception-2.0",
	"GPL-2.0-with-bison-exception":     "GPL-2.0-only WITH Bison-exception-2.2",
	"GPL-2.0-with-classpath-exception": "GPL-2.0-only WITH Classpath-exception-2.0",
	"GPL-2.0-with-font-exception":      "GPL-2.0-only WITH Font-exception-2.0",
	"GPL-3.0-with-GCC-exception":       "GPL-3.0-only WITH GCC-exception-3.1",
	"GPL-3.0-with-autoconf-exception":  "GPL-3.0-only WITH Autoconf-exception-3.0",
	"KiCad-libraries-exception":        "CC-BY-SA-4.0 WITH KiCad-libraries-exception",
	"eCos-2.0":                         "GPL-2.0-or-later WITH eCos-exception-2.0",
	"wxWindows":                        "LGPL-2.0-or-later WITH WxWindows-exception-3.1",
}

// expectedFor is the expression a text of list id must produce. A GNU
// text carries no notice, so it must come out as -only (whatever the
// suffix of its id); deprecated ids map to their replacement.
func expectedFor(id string) string {
	if e, ok := combinedExceptions[id]; ok {
		return e
	}
	if g, ok := parseGNUText(id); ok {
		return g.id("-only")
	}
	if rep, ok := deprecatedReplacement[id]; ok {
		return rep // "" for a collection of licenses (Net-SNMP)
	}
	return id
}

// familyOf is an id's family: its dash-separated words up to the first one
// starting with a digit ("BSD-3-Clause" → "BSD", "CC-BY-NC-4.0" →
// "CC-BY-NC", "GPL-2.0-only" → "GPL"); ids without such a word are their
// own family.
func familyOf(id string) string {
	parts := strings.Split(strings.TrimSuffix(id, "+"), "-")
	for i, p := range parts {
		if p != "" && p[0] >= '0' && p[0] <= '9' {
			if i == 0 {
				return id
			}
			return strings.Join(parts[:i], "-")
		}
	}
	return id
}

var exprIDRE = regexp.MustCompile(`[A-Za-z0-9.+-]+`)

// expressionIDs lists the license and exception ids of an expression.
func expressionIDs(expr string) []string {
	var ids []string
	for _, w := range exprIDRE.FindAllString(expr, -1) {
		if w != "AND" && w != "OR" && w != "WITH" {
			ids = append(ids, w)
		}
	}
	return ids
}

// mustIdentify are the ids the issue requires to be identified exactly.
func mustIdentify(id string) bool {
	switch id {
	case "BUSL-1.1", "Elastic-2.0", "SSPL-1.0", "Unicode-3.0", "MPL-2.0", "EPL-2.0", "EUPL-1.2",
		"Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "ISC", "0BSD":
		return true
	}
	if strings.HasPrefix(id, "CC-BY-NC") || strings.HasPrefix(id, "PolyForm-") {
		return true
	}
	g, ok := parseGNUText(id)
	return ok && g.family != "GFDL"
}

// TestSPDXListCoverage runs the detector over every text of the SPDX
// License List and checks the bars of issue 7: ≥ 95% by family, ≥ 90% by
// exact id, and 100% of the licenses OSPOs care most about.
func TestSPDXListCoverage(t *testing.T) {
	t.Parallel()
	doc := loadSPDXTexts(t)
	d := Default()
	groups := identicalTextGroups(doc)
	var total, exact, equivalent, family int
	for _, entry := range doc.Texts {
		r := d.Classify([]byte(entry.Text))
		got := expressionIDs(r.Expression)
		for _, id := range entry.IDs {
			total++
			want := expectedFor(id)
			ok := r.Expression == want || want == "" && slices.Contains(got, "BSD-3-Clause")
			eq := ok || slices.ContainsFunc(groups[id], func(other string) bool { return r.Expression == expectedFor(other) })
			fam := eq || want != "" && slices.ContainsFunc(got, func(g string) bool { return familyOf(g) == familyOf(expressionIDs(want)[0]) })
			exact, equivalent, family = exact+b2i(ok), equivalent+b2i(eq), family+b2i(fam)
			if mustIdentify(id) && !ok {
				t.Errorf("%s: got %q, want %q (notes %q)", id, r.Expression, want, r.Notes)
			}
			if !fam {
				t.Logf("miss %s: got %q, want %q", id, r.Expression, want)
			}
		}
	}
	lcExact, lcFamily := licensecheckBaseline(doc, d)
	pct := func(n int) float64 { return 100 * float64(n) / float64(total) }
	t.Logf("licensecheck patterns alone (ids mapped the same way): exact %d (%.1f%%), family %d (%.1f%%)",
		lcExact, pct(lcExact), lcFamily, pct(lcFamily))
	t.Logf("%s@%s (SPDX License List %s): %d texts; exact id %d (%.1f%%), exact up to identical texts %d (%.1f%%), family %d (%.1f%%)",
		doc.Package, doc.Version, doc.LicenseListVersion, total, exact, pct(exact), equivalent, pct(equivalent), family, pct(family))
	if pct(family) < 95 {
		t.Errorf("family coverage %.1f%% < 95%%", pct(family))
	}
	if pct(exact) < 90 {
		t.Errorf("exact coverage %.1f%% < 90%%", pct(exact))
	}
}

// identicalTextGroups maps each id to the ids whose texts normalise to the
// same words: the text alone cannot tell those apart.
func identicalTextGroups(doc *spdxTexts) map[string][]string {
	byWords := make(map[string][]string)
	for _, e := range doc.Texts {
		var b strings.Builder
		norm.Scan([]byte(e.Text), func(_, _ int, w []byte) { b.Write(w); b.WriteByte(' ') })
		byWords[b.String()] = append(byWords[b.String()], e.IDs...)
	}
	groups := make(map[string][]string)
	for _, ids := range byWords {
		for _, id := range ids {
			groups[id] = ids
		}
	}
	return groups
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestSPDXListExpressionsValid checks every expression produced for the
// list texts parses with go-spdx (the policy engine's parser).
func TestSPDXListExpressionsValid(t *testing.T) {
	t.Parallel()
	doc := loadSPDXTexts(t)
	d := Default()
	for _, entry := range doc.Texts {
		r := d.Classify([]byte(entry.Text))
		if r.Expression == "" || strings.Contains(r.Expression, "LicenseRef-") {
			continue
		}
		if ok, bad := spdxexp.ValidateLicenses([]string{r.Expression}); !ok {
			t.Errorf("%v: expression %q is not valid SPDX: %v", entry.IDs, r.Expression, bad)
		}
	}
}

// licensecheckBaseline scores the licensecheck scanner alone (built-in and
// custom patterns), for comparison: exact when its only license is the
// expected one.
func licensecheckBaseline(doc *spdxTexts, d *Detector) (exact, family int) {
	for _, entry := range doc.Texts {
		var ids []string
		for _, m := range d.scanner.Scan([]byte(entry.Text)).Match {
			if id, gnu, ok := canonicalID(m.ID); ok && !strings.HasPrefix(m.ID, customIDPrefix) {
				if gnu.family != "" {
					id = gnu.id("-only")
				}
				ids = append(ids, id)
			}
		}
		for _, id := range entry.IDs {
			want := expectedFor(id)
			if want == "" {
				continue
			}
			first := expressionIDs(want)[0]
			if len(ids) > 0 && !slices.ContainsFunc(ids, func(g string) bool { return g != want }) {
				exact++
			}
			if slices.ContainsFunc(ids, func(g string) bool { return familyOf(g) == familyOf(first) }) {
				family++
			}
		}
	}
	return exact, family
}
