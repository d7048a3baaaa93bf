package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const minimalCurated = `
sources:
  blueoak: {package: "@blueoak/list", version: "1.0.0", used_for: "ratings"}
  spdx: {package: spdx-license-list, version: "2.0.0", used_for: "names"}
  copyleft: {package: spdx-copyleft, version: "3.0.0", used_for: "check"}
categories:
  - {name: permissive, description: "p"}
  - {name: public-domain, description: "pd"}
  - {name: strong-copyleft, description: "s"}
references:
  - {id: LicenseRef-x, name: "X", category: permissive}
assign:
  - {category: strong-copyleft, reason: "GPL", ids: ["GPL-*"]}
  - {category: public-domain, reason: "waiver", override_blueoak: true, ids: [CC0-1.0]}
fsf_libre:
  source: "test"
  ids: [MIT]
`

func TestParseCurated(t *testing.T) {
	t.Parallel()
	if _, err := loadCurated("curated.yaml"); err != nil {
		t.Fatalf("the shipped curated.yaml does not load: %v", err)
	}
	tests := []struct {
		name, edit, want string
	}{
		{"unknown key", "\nextra: 1\n", "field extra not found"},
		{"missing source", "", "sources.blueoak"},
		{"unknown category", "", "assign[0]"},
		{"bad reference", "", `references: "Ref-x"`},
		{"bad pattern", "", "bad pattern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := minimalCurated + tt.edit
			switch tt.name {
			case "missing source":
				doc = strings.Replace(doc, "  blueoak:", "  other:", 1)
			case "unknown category":
				doc = strings.Replace(doc, "{category: strong-copyleft,", "{category: copyleft,", 1)
			case "bad reference":
				doc = strings.Replace(doc, "id: LicenseRef-x", "id: Ref-x", 1)
			case "bad pattern":
				doc = strings.Replace(doc, `"GPL-*"`, `"GPL-["`, 1)
			}
			_, err := parseCurated("c.yaml", []byte(doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseCurated error = %v, want %q", err, tt.want)
			}
		})
	}
}

func fixtureInputs(t *testing.T) *inputs {
	t.Helper()
	cur, err := parseCurated("c.yaml", []byte(minimalCurated))
	if err != nil {
		t.Fatal(err)
	}
	in := &inputs{
		cur:        cur,
		ids:        []string{"MIT", "ISC", "CC0-1.0", "GPL-2.0-only", "GPL-2.0", "eCos-2.0", "Obscure-1.0"},
		deprecated: map[string]bool{"GPL-2.0": true, "eCos-2.0": true},
		replaces:   map[string]string{"GPL-2.0": "GPL-2.0-only", "eCos-2.0": "GPL-2.0-only"},
		spdx: spdxMeta{"MIT": {Name: "MIT License", OSIApproved: true}, "GPL-2.0-only": {Name: "GPL v2 only", OSIApproved: true},
			"Gone-1.0": {Name: "removed"}},
		copyleft: []string{"GPL-2.0-only", "Removed-1.0"},
	}
	raw := `[{"name":"Silver","licenses":[{"id":"MIT","name":"MIT"},{"id":"ISC","name":"ISC License"}]},
	         {"name":"Bronze","licenses":[{"id":"CC0-1.0","name":"CC0"},{"id":"NotSPDX","name":"x"}]}]`
	if err := json.Unmarshal([]byte(raw), &in.blueOak); err != nil {
		t.Fatal(err)
	}
	return in
}

func TestBuild(t *testing.T) {
	t.Parallel()
	entries, warnings, err := build(fixtureInputs(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]entry{}
	for _, e := range entries {
		got[e.ID] = e
	}
	want := map[string]entry{
		"MIT":          {ID: "MIT", Name: "MIT License", Category: "permissive", Basis: "blueoak: rated Silver", OSIApproved: true, FSFLibre: true, BlueOak: "Silver"},
		"ISC":          {ID: "ISC", Name: "ISC License", Category: "permissive", Basis: "blueoak: rated Silver", BlueOak: "Silver"},
		"CC0-1.0":      {ID: "CC0-1.0", Name: "CC0", Category: "public-domain", Basis: "curated: waiver", BlueOak: "Bronze"},
		"GPL-2.0-only": {ID: "GPL-2.0-only", Name: "GPL v2 only", Category: "strong-copyleft", Basis: "curated: GPL", OSIApproved: true},
		"GPL-2.0":      {ID: "GPL-2.0", Category: "strong-copyleft", Basis: "curated: GPL", Deprecated: true},
		"eCos-2.0":     {ID: "eCos-2.0", Category: "strong-copyleft", Basis: "replacement: GPL-2.0-only", Deprecated: true},
		"Obscure-1.0":  {ID: "Obscure-1.0"},
		"LicenseRef-x": {ID: "LicenseRef-x", Name: "X", Category: "permissive", Basis: "curated: ospo-gate reference"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d: %+v", len(got), len(want), entries)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("entry %s =\n %+v, want\n %+v", id, got[id], w)
		}
	}
	if entries[0].ID != "CC0-1.0" || entries[len(entries)-1].ID != "Obscure-1.0" {
		t.Errorf("entries not sorted case-insensitively: first %s, last %s", entries[0].ID, entries[len(entries)-1].ID)
	}
	if len(warnings) != 2 || !strings.Contains(warnings[0], "NotSPDX") || !strings.Contains(warnings[1], "Removed-1.0") {
		t.Errorf("warnings = %q", warnings)
	}
}

func TestBuildRejectsInconsistentInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(in *inputs)
		want   string
	}{
		{"glob matches nothing", func(in *inputs) { in.cur.Assign[0].IDs = []string{"LGPL-*"} }, `pattern "LGPL-*" matches no SPDX id`},
		{"unknown id", func(in *inputs) { in.cur.Assign[1].IDs = []string{"CC0-9.9"} }, `"CC0-9.9" is not an SPDX list id`},
		{"listed twice", func(in *inputs) { in.cur.Assign[1].IDs = []string{"CC0-1.0", "CC0-1.0"} }, "listed twice"},
		{"glob conflict", func(in *inputs) {
			in.cur.Assign = append(in.cur.Assign, assignSpec{Category: "permissive", Reason: "r", IDs: []string{"GPL-2.0*"}})
		}, "list it explicitly"},
		{"contradicts Blue Oak", func(in *inputs) { in.cur.Assign[1].OverrideBlueOak = false }, "set override_blueoak"},
		{"copyleft cross-check", func(in *inputs) { in.copyleft = append(in.copyleft, "ISC") }, `spdx-copyleft lists "ISC"`},
		{"fsf unknown id", func(in *inputs) { in.cur.FSFLibre.IDs = []string{"Nope"} }, `fsf_libre: "Nope"`},
		{"bad replacement", func(in *inputs) { in.replaces["GPL-2.0"] = "Nope" }, "unknown id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := fixtureInputs(t)
			tt.mutate(in)
			if _, _, err := build(in); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("build error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestTarballName(t *testing.T) {
	t.Parallel()
	for spec, want := range map[sourceSpec]string{
		{Package: "@blueoak/list", Version: "15.0.0"}:     "blueoak-list-15.0.0.tgz",
		{Package: "spdx-license-list", Version: "6.12.0"}: "spdx-license-list-6.12.0.tgz",
	} {
		if got := tarballName(spec); got != want {
			t.Errorf("tarballName(%v) = %q, want %q", spec, got, want)
		}
	}
}

// writeTarball writes an npm-style tarball of files under "package/".
func writeTarball(t *testing.T, dir string, spec sourceSpec, files map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	files["package.json"] = `{"name":"` + spec.Package + `","version":"` + spec.Version + `","license":"CC0-1.0"}`
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: "package/" + name, Mode: 0o644, Size: int64(len(body))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, tarballName(spec)), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRunOffline generates a data set end to end from local tarballs.
func TestRunOffline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cur, err := parseCurated("c.yaml", []byte(minimalCurated))
	if err != nil {
		t.Fatal(err)
	}
	writeTarball(t, dir, cur.Sources[srcBlueOak], map[string]string{
		"index.json": `[{"name":"Silver","licenses":[{"id":"MIT","name":"MIT License"}]},{"name":"Bronze","licenses":[{"id":"CC0-1.0","name":"CC0"}]}]`})
	writeTarball(t, dir, cur.Sources[srcSPDX], map[string]string{
		"spdx.json": `{"MIT":{"name":"MIT License","osiApproved":true}}`})
	writeTarball(t, dir, cur.Sources[srcCopyleft], map[string]string{"index.json": `["GPL-2.0-only"]`})
	curatedFile, out := filepath.Join(dir, "c.yaml"), filepath.Join(dir, "data.json")
	if err := os.WriteFile(curatedFile, []byte(minimalCurated), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	args := []string{"-curated", curatedFile, "-out", out, "-packs", dir, "-date", "2026-01-02"}
	if code := run(context.Background(), args, &stderr); code != 0 {
		t.Fatalf("run = %d, stderr:\n%s", code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var ds struct {
		Schema    int
		Retrieved string
		Sources   []sourceInfo
		Licenses  []entry
	}
	if err := json.Unmarshal(b, &ds); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, b)
	}
	if ds.Schema != 1 || ds.Retrieved != "2026-01-02" || len(ds.Sources) != 5 || len(ds.Licenses) < 700 {
		t.Fatalf("unexpected data set header: schema %d, retrieved %q, %d sources, %d licenses",
			ds.Schema, ds.Retrieved, len(ds.Sources), len(ds.Licenses))
	}
	if s := ds.Sources[0]; s.Name != "@blueoak/list" || s.License != "CC0-1.0" || !strings.HasPrefix(s.Integrity, "sha512-") {
		t.Errorf("first source = %+v", s)
	}
	if !bytes.Contains(b, []byte(`    {"id":"MIT","name":"MIT License","category":"permissive"`)) {
		t.Errorf("licenses are not written one per line:\n%.600s", b)
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad flag", []string{"-nope"}, 2, "flag provided but not defined"},
		{"bad date", []string{"-date", "yesterday"}, 1, "-date"},
		{"missing curated file", []string{"-curated", filepath.Join(dir, "none.yaml")}, 1, "no such file"},
		{"missing tarballs", []string{"-curated", "curated.yaml", "-packs", dir, "-out", filepath.Join(dir, "o.json")}, 1, "blueoak-list-15.0.0.tgz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stderr bytes.Buffer
			if code := run(context.Background(), tt.args, &stderr); code != tt.code || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("run(%q) = %d, stderr %q; want %d and %q", tt.args, code, stderr.String(), tt.code, tt.want)
			}
		})
	}
}

func TestPackRejectsWrongTarball(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := sourceSpec{Package: "spdx-copyleft", Version: "1.0.0"}
	writeTarball(t, dir, sourceSpec{Package: "spdx-copyleft", Version: "9.9.9"}, map[string]string{})
	if err := os.Rename(filepath.Join(dir, "spdx-copyleft-9.9.9.tgz"), filepath.Join(dir, tarballName(spec))); err != nil {
		t.Fatal(err)
	}
	p, err := fetchPack(context.Background(), spec, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.license(); err == nil || !strings.Contains(err.Error(), "want spdx-copyleft@1.0.0") {
		t.Errorf("license() error = %v", err)
	}
	if _, err := p.file("package/missing.json"); err == nil || !strings.Contains(err.Error(), "no package/missing.json") {
		t.Errorf("file() error = %v", err)
	}
	bad := &pack{spec: spec, data: []byte("not gzip")}
	if _, err := bad.file("x"); err == nil {
		t.Error("file() on a corrupt tarball succeeded")
	}
}
