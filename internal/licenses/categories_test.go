package licenses

import (
	"slices"
	"strings"
	"testing"
)

func TestCategories(t *testing.T) {
	t.Parallel()
	want := []string{"permissive", "public-domain", "weak-copyleft", "strong-copyleft", "network-copyleft",
		"source-available", "non-commercial", "no-derivatives"}
	if got := Categories(); !slices.Equal(got, want) {
		t.Fatalf("Categories() = %q, want %q", got, want)
	}
	for _, c := range want {
		if !IsCategory(c) {
			t.Errorf("IsCategory(%q) = false", c)
		}
		if d, ok := DescribeCategory(c); !ok || d == "" {
			t.Errorf("DescribeCategory(%q) = %q, %v", c, d, ok)
		}
		if len(Members(c)) == 0 {
			t.Errorf("Members(%q) is empty", c)
		}
	}
	for _, c := range []string{"", "Permissive", "copyleft", "MIT"} {
		if IsCategory(c) || Members(c) != nil {
			t.Errorf("%q is taken for a category", c)
		}
	}
}

func TestCategoryOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id, want string
	}{
		{"MIT", "permissive"},
		{"mit", "permissive"},
		{"Apache-2.0", "permissive"},
		{"BSD-3-Clause", "permissive"},
		{"0BSD", "permissive"},
		{"ISC", "permissive"},
		{"CC-BY-4.0", "permissive"},
		{"CC0-1.0", "public-domain"},
		{"Unlicense", "public-domain"},
		{"LGPL-2.1-only", "weak-copyleft"},
		{"LGPL-2.1+", "weak-copyleft"},
		{"MPL-2.0", "weak-copyleft"},
		{"MPL-2.0+", "weak-copyleft"},
		{"EPL-2.0", "weak-copyleft"},
		{"CDDL-1.0", "weak-copyleft"},
		{"CC-BY-SA-4.0", "weak-copyleft"},
		{"OFL-1.1", "weak-copyleft"},
		{"GPL-2.0-only", "strong-copyleft"},
		{"GPL-2.0-or-later", "strong-copyleft"},
		{"GPL-3.0+", "strong-copyleft"},
		{"GPL-2.0-with-classpath-exception", "strong-copyleft"},
		{"eCos-2.0", "strong-copyleft"}, // deprecated: inherits from its replacement
		{"wxWindows", "weak-copyleft"},
		{"AGPL-3.0-only", "network-copyleft"},
		{"AGPL-3.0-or-later", "network-copyleft"},
		{"SSPL-1.0", "network-copyleft"},
		{"OSL-3.0", "network-copyleft"},
		{"EUPL-1.2", "network-copyleft"},
		{"BUSL-1.1", "source-available"},
		{"Elastic-2.0", "source-available"},
		{"PolyForm-Small-Business-1.0.0", "source-available"},
		{"JSON", "source-available"},
		{"PolyForm-Noncommercial-1.0.0", "non-commercial"},
		{"CC-BY-NC-4.0", "non-commercial"},
		{"CC-BY-NC-SA-4.0", "non-commercial"},
		{"CC-BY-NC-ND-4.0", "non-commercial"},
		{"CC-BY-ND-4.0", "no-derivatives"},
		{RefBSD, "permissive"},
		{RefMITStyle, "permissive"},
		{RefApache, "permissive"},
		{RefArtistic, "permissive"},
		{RefAFL, "permissive"},
		{RefZPL, "permissive"},
		{RefPublicDomain, "public-domain"},
		{RefLGPL, "weak-copyleft"},
		{RefMPL, "weak-copyleft"},
		{RefEPL, "weak-copyleft"},
		{RefCDDL, "weak-copyleft"},
		{RefGFDL, "weak-copyleft"},
		{RefGPL, "strong-copyleft"},
		{RefAGPL, "network-copyleft"},
		{RefNonCommercial, "non-commercial"},
		{RefCommonsClause, "source-available"},
		{"LicenseRef-PolyForm-Shield-1.0.0", "source-available"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			got, ok := CategoryOf(tt.id)
			if !ok || got != tt.want {
				t.Errorf("CategoryOf(%q) = %q, %v; want %q", tt.id, got, ok, tt.want)
			}
			if !slices.Contains(Members(tt.want), mustLookup(t, tt.id).ID) {
				t.Errorf("Members(%q) lacks %q", tt.want, tt.id)
			}
		})
	}
	for _, id := range []string{"", "Foo-1.0", "LicenseRef-unknown", "Classpath-exception-2.0", "Abstyles"} {
		if c, ok := CategoryOf(id); ok {
			t.Errorf("CategoryOf(%q) = %q, want none", id, c)
		}
	}
}

func mustLookup(t *testing.T, id string) Info {
	t.Helper()
	info, ok := Lookup(id)
	if !ok {
		t.Fatalf("Lookup(%q) found nothing", id)
	}
	return info
}

func TestLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id   string
		want Info
	}{
		{"mit", Info{ID: "MIT", Name: "MIT License", Category: "permissive", OSIApproved: true, FSFLibre: true,
			BlueOakRating: "Silver", Basis: "blueoak: rated Silver"}},
		{"GPL-2.0", Info{ID: "GPL-2.0", Name: "GNU General Public License v2.0 only", Category: "strong-copyleft",
			OSIApproved: true, FSFLibre: true, Deprecated: true, Basis: "curated: GPL family and other program-wide copyleft"}},
		{"Apache-1.0+", Info{ID: "Apache-1.0", Name: "Apache License 1.0", Category: "permissive", FSFLibre: true,
			BlueOakRating: "Bronze", Basis: "blueoak: rated Bronze"}},
		{"MPL-2.0-or-later", Info{ID: "MPL-2.0", Name: "Mozilla Public License 2.0", Category: "weak-copyleft",
			OSIApproved: true, FSFLibre: true, Basis: "curated: library or file-level copyleft: LGPL family and MPL-style licenses"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			if got := mustLookup(t, tt.id); got != tt.want {
				t.Errorf("Lookup(%q) =\n %+v, want\n %+v", tt.id, got, tt.want)
			}
		})
	}
	if _, ok := Lookup("Not-A-License"); ok {
		t.Error("Lookup(Not-A-License) found something")
	}
}

// TestEveryEmittedReferenceHasACategory keeps normalisation and the data set
// in step: each LicenseRef that Normalize can produce must be categorised.
func TestEveryEmittedReferenceHasACategory(t *testing.T) {
	t.Parallel()
	refs := map[string]bool{}
	for _, f := range families {
		if f.unspec != "" {
			refs[f.unspec] = true
		}
	}
	for _, e := range aliases {
		if strings.HasPrefix(e, "LicenseRef-") {
			refs[e] = true
		}
	}
	for _, m := range notedAliases {
		refs[m.expr] = true
	}
	refs[RefCommonsClause], refs[RefBSD] = true, true
	for ref := range refs {
		if _, ok := CategoryOf(ref); !ok {
			t.Errorf("%q has no category in data.json; add it to gen/curated.yaml references", ref)
		}
	}
}

func TestDataProvenance(t *testing.T) {
	t.Parallel()
	p := DataProvenance()
	if p.Retrieved == "" || !strings.HasPrefix(p.SPDXListVersion, "3.") {
		t.Errorf("provenance header incomplete: %+v", p)
	}
	names := map[string]Source{}
	for _, s := range p.Sources {
		names[s.Name] = s
	}
	for _, pkg := range []string{"@blueoak/list", "spdx-license-list", "spdx-copyleft"} {
		s, ok := names[pkg]
		if !ok || s.Version == "" || s.License != "CC0-1.0" || !strings.HasPrefix(s.Integrity, "sha512-") || s.UsedFor == "" {
			t.Errorf("source %q incomplete: %+v", pkg, s)
		}
	}
}

func TestDecodeTableRejectsBadData(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, want string
	}{
		{"not JSON", "{", "unexpected EOF"},
		{"unknown field", `{"schema":1,"extra":true}`, "unknown field"},
		{"wrong schema", `{"schema":2}`, "schema 2"},
		{"unknown category", `{"schema":1,"categories":[{"name":"permissive"}],"licenses":[{"id":"MIT","category":"free"}]}`, `unknown category "free"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := decodeTable([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("decodeTable(%s) error = %v, want %q", tt.data, err, tt.want)
			}
		})
	}
}
