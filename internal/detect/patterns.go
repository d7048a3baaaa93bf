package detect

import (
	"fmt"
	"strconv"

	"github.com/google/licensecheck"
)

// customIDPrefix marks the licensecheck ids given to customPatterns; the
// reported id comes from the pattern itself.
const customIDPrefix = "custom#"

// newPatternScanner builds the licensecheck scanner: its built-in patterns
// (SPDX License List 3.10 era, including license notices and headers) plus
// customPatterns.
func newPatternScanner() (*licensecheck.Scanner, map[string]customPattern, error) {
	list := licensecheck.BuiltinLicenses()
	custom := make(map[string]customPattern, len(customPatterns))
	for i, p := range customPatterns {
		id := customIDPrefix + strconv.Itoa(i)
		custom[id] = p
		list = append(list, licensecheck.License{ID: id, LRE: p.lre})
	}
	sc, err := licensecheck.NewScanner(list)
	if err != nil {
		return nil, nil, fmt.Errorf("building licensecheck scanner: %w", err)
	}
	return sc, custom, nil
}

// patternEvidence runs licensecheck over the text and converts its matches.
func (d *Detector) patternEvidence(c *classification) {
	cov := d.scanner.Scan(c.text)
	for _, m := range cov.Match {
		e := evidence{lo: m.Start, hi: m.End, containment: 1, dice: 1, source: srcPattern}
		if m.IsURL {
			e.source = srcURL
		}
		if p, ok := d.custom[m.ID]; ok {
			e.id, e.kind, e.base, e.role, e.family = p.id, p.kind, p.base, p.role, p.family
		} else if !e.setID(m.ID) {
			continue
		}
		c.add(e)
	}
}
