package rules

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"

	"github.com/ospo-gate/ospo-gate/internal/licenses"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// Outcome is the policy's judgement of one license expression.
type Outcome int

// Outcomes, ordered from best to worst for the OR/AND rules: OR takes the best of its sides, AND the worst.
const (
	Allowed Outcome = iota
	Review
	NotAllowed
	Denied
)

func (o Outcome) String() string {
	return [...]string{"allowed", "review", "not-allowed", "denied"}[o]
}

// Judgement explains an outcome: which license decided it and which policy entry matched.
type Judgement struct {
	Outcome Outcome
	// Deciding names the license (leaf) that decided the outcome, e.g. "GPL-3.0-only".
	Deciding string
	// Entry is the policy entry that matched, e.g. "strong-copyleft" or "MIT"; empty for not-allowed.
	Entry string
}

// LicenseJudge evaluates SPDX expressions against a policy's license lists.
//
// Semantics:
//   - "A OR B" takes the best side (the user may pick either license), "A AND B" the worst (both apply).
//   - A single license is matched most specifically first: an entry naming "X WITH exc" exactly, then "X",
//     then X's category. A license in no list is not allowed, unless the allow list is empty (then everything
//     not warned on or denied is allowed).
//   - "X-or-later" (or "X+") is matched by an entry naming "X-or-later" exactly; otherwise it is judged as the
//     choice among version X and every later version of the family ("GPL-2.0-or-later" = "GPL-2.0-only OR
//     GPL-3.0-only"), since the licensee may pick any of them. The reverse never holds: allowing
//     "GPL-2.0-or-later" does not allow a package that is "GPL-3.0-only".
type LicenseJudge struct {
	byLicense  map[string]listHit
	byCategory map[string]listHit
	allowEmpty bool
}

type listHit struct {
	outcome Outcome
	entry   string
}

// NewLicenseJudge indexes a policy's license lists.
func NewLicenseJudge(l policy.Licenses) *LicenseJudge {
	j := &LicenseJudge{byLicense: map[string]listHit{}, byCategory: map[string]listHit{}, allowEmpty: len(l.Allow) == 0}
	add := func(entries []policy.Entry, o Outcome) {
		for _, e := range entries {
			h := listHit{outcome: o, entry: e.Raw}
			if e.Category != "" {
				j.byCategory[e.Category] = h
			} else {
				j.byLicense[strings.ToLower(e.License)] = h
			}
		}
	}
	add(l.Allow, Allowed)
	add(l.Warn, Review)
	add(l.Deny, Denied)
	return j
}

// Judge evaluates a parsed expression.
func (j *LicenseJudge) Judge(n *spdx.Node) Judgement {
	switch n.Op {
	case spdx.Or, spdx.And:
		var best Judgement
		for i, c := range n.Children {
			r := j.Judge(c)
			if i == 0 || (n.Op == spdx.Or && r.Outcome < best.Outcome) || (n.Op == spdx.And && r.Outcome > best.Outcome) {
				best = r
			}
		}
		return best
	}
	return j.leaf(n)
}

func (j *LicenseJudge) leaf(n *spdx.Node) Judgement {
	id := n.License
	name := leafString(n)
	if n.Exception != "" {
		if h, ok := j.byLicense[strings.ToLower(name)]; ok {
			return Judgement{Outcome: h.outcome, Deciding: name, Entry: h.entry}
		}
	}
	if n.OrLater {
		orLater := orLaterID(id)
		if h, ok := j.byLicense[strings.ToLower(orLater)]; ok {
			return Judgement{Outcome: h.outcome, Deciding: name, Entry: h.entry}
		}
		var best *Judgement
		for _, v := range laterVersions(id) {
			r := j.single(v, name)
			if best == nil || r.Outcome < best.Outcome {
				r := r
				best = &r
			}
		}
		if best != nil {
			return *best
		}
		return j.single(orLater, name)
	}
	return j.single(id, name)
}

// single judges one license id; shown is how the license is named in the result.
func (j *LicenseJudge) single(id, shown string) Judgement {
	if h, ok := j.byLicense[strings.ToLower(id)]; ok {
		return Judgement{Outcome: h.outcome, Deciding: shown, Entry: h.entry}
	}
	if cat, ok := licenses.CategoryOf(id); ok {
		if h, ok := j.byCategory[cat]; ok {
			return Judgement{Outcome: h.outcome, Deciding: shown, Entry: h.entry}
		}
	}
	if j.allowEmpty {
		return Judgement{Outcome: Allowed, Deciding: shown}
	}
	return Judgement{Outcome: NotAllowed, Deciding: shown}
}

func leafString(n *spdx.Node) string {
	return (&spdx.Node{Op: spdx.License, License: n.License, OrLater: n.OrLater, Exception: n.Exception}).String()
}

// versioned splits "GPL-2.0-only" into family "GPL", version "2.0".
var versioned = regexp.MustCompile(`^(.*?)-(\d+(?:\.\d+)*)(?:-only|-or-later)?$`)

// orLaterID names the "or later" form of an id: GNU families use "-or-later", others the "+" suffix.
func orLaterID(id string) string {
	base := strings.TrimSuffix(strings.TrimSuffix(id, "-only"), "-or-later")
	if hasOrLaterForm(base) {
		return base + "-or-later"
	}
	return base + "+"
}

var (
	familyOnce sync.Once
	families   map[string][]familyMember // lower-case family → members sorted by version
	allIDs     map[string]bool
)

type familyMember struct {
	id      string
	version string
}

func loadFamilies() {
	families = map[string][]familyMember{}
	allIDs = map[string]bool{}
	for _, id := range append(spdxlicenses.GetLicenses(), spdxlicenses.GetDeprecated()...) {
		allIDs[strings.ToLower(id)] = true
	}
	for _, id := range spdxlicenses.GetLicenses() {
		if strings.HasSuffix(id, "-or-later") {
			continue
		}
		m := versioned.FindStringSubmatch(id)
		if m == nil {
			continue
		}
		fam := strings.ToLower(m[1])
		families[fam] = append(families[fam], familyMember{id: id, version: m[2]})
	}
	for fam := range families {
		sort.Slice(families[fam], func(a, b int) bool {
			return policy.CompareVersions(families[fam][a].version, families[fam][b].version) < 0
		})
	}
}

func hasOrLaterForm(base string) bool {
	familyOnce.Do(loadFamilies)
	return allIDs[strings.ToLower(base+"-or-later")]
}

// laterVersions lists the "only" ids of the family of id at its version and later ones, e.g. GPL-2.0 →
// [GPL-2.0-only GPL-3.0-only]. Variants that share a prefix but are different licenses (GPL-2.0-with-...)
// are not members: only ids that are exactly "family-version[-only]" are.
func laterVersions(id string) []string {
	familyOnce.Do(loadFamilies)
	base := strings.TrimSuffix(strings.TrimSuffix(id, "-only"), "-or-later")
	m := versioned.FindStringSubmatch(base)
	if m == nil {
		return nil
	}
	var out []string
	for _, member := range families[strings.ToLower(m[1])] {
		if policy.CompareVersions(member.version, m[2]) >= 0 {
			out = append(out, member.id)
		}
	}
	return out
}
