package scorecard

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/ossf/scorecard/v5/docs/checks"
)

// Risk levels as documented by Scorecard.
const (
	RiskCritical = "Critical"
	RiskHigh     = "High"
	RiskMedium   = "Medium"
	RiskLow      = "Low"
)

// riskWeights are the weights Scorecard's own aggregate uses
// (pkg/scorecard Result.GetAggregateScore in scorecard v5.3.0).
var riskWeights = map[string]float64{RiskCritical: 10, RiskHigh: 7.5, RiskMedium: 5, RiskLow: 2.5}

// CheckInfo documents one Scorecard check.
type CheckInfo struct {
	Name  string // canonical spelling, e.g. "Dangerous-Workflow"
	Risk  string // Critical, High, Medium or Low
	Short string // one-line description
	URL   string // documentation URL
}

type catalog struct {
	byLower map[string]CheckInfo
	names   []string
}

var loadCatalog = sync.OnceValues(func() (catalog, error) {
	doc, err := checks.Read()
	if err != nil {
		return catalog{}, fmt.Errorf("reading scorecard check docs: %w", err)
	}
	c := catalog{byLower: map[string]CheckInfo{}}
	for _, d := range doc.GetChecks() {
		info := CheckInfo{Name: d.GetName(), Risk: d.GetRisk(), Short: d.GetShort(), URL: d.GetDocumentationURL("")}
		c.byLower[strings.ToLower(info.Name)] = info
		c.names = append(c.names, info.Name)
	}
	sort.Strings(c.names)
	return c, nil
})

// CheckNames returns the canonical names of all documented checks, sorted.
// It is empty only if the library's embedded documentation cannot be read.
func CheckNames() []string {
	c, err := loadCatalog()
	if err != nil {
		return nil
	}
	return append([]string(nil), c.names...)
}

// CanonicalCheck returns the canonical spelling of a check name, matched
// case-insensitively and ignoring surrounding space ("maintained" →
// "Maintained"), and whether the name is a documented check.
func CanonicalCheck(name string) (string, bool) {
	info, ok := Check(name)
	return info.Name, ok
}

// Check returns the documentation of a check, matched like CanonicalCheck.
func Check(name string) (CheckInfo, bool) {
	c, err := loadCatalog()
	if err != nil {
		return CheckInfo{}, false
	}
	info, ok := c.byLower[strings.ToLower(strings.TrimSpace(name))]
	return info, ok
}
