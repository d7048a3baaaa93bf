package depsdev

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDecodeVersionSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file     string
		key      VersionKey
		licenses []string
		repo     string
		links    int
	}{
		{file: "npm-defangjs-1.0.7.json", key: VersionKey{"npm", "defangjs", "1.0.7"}, licenses: []string{"GPL-3.0"}, repo: "github.com/edoardottt/defangjs", links: 4},
		{file: "go-rsc.io-github-v0.4.1.json", key: VersionKey{"go", "rsc.io/github", "v0.4.1"}, licenses: []string{"BSD-3-Clause"}, repo: "github.com/rsc/github", links: 1},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			v, err := DecodeVersion(readTestdata(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if v.Key != tc.key || !reflect.DeepEqual(v.Licenses, tc.licenses) || len(v.Links) != tc.links || v.PublishedAt.IsZero() {
				t.Errorf("got %+v", v)
			}
			if repo, ok := v.SourceRepo(); !ok || repo != tc.repo {
				t.Errorf("SourceRepo = %q, %v; want %q", repo, ok, tc.repo)
			}
		})
	}
}

func TestDecodeVersionLenient(t *testing.T) {
	t.Parallel()
	in := `{"licenses":[null,"", " MIT "],"links":[null,{"label":"HOMEPAGE"}],"advisoryKeys":[{"id":"GHSA-1"},null,{}],
	"relatedProjects":[null,{"projectKey":null},{"projectKey":{"id":""},"relationType":"SOURCE_REPO"},
	{"projectKey":{"id":"github.com/a/b"},"relationType":"SOURCE_REPO","relationProvenance":"UNVERIFIED_METADATA"}],
	"isDeprecated":true,"projectStatus":{"x":1},"publishedAt":""}`
	v, err := DecodeVersion([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := Version{
		Licenses: []string{"MIT"}, AdvisoryIDs: []string{"GHSA-1"},
		RelatedProjects: []RelatedProject{{ID: "github.com/a/b", RelationType: "SOURCE_REPO", Provenance: "UNVERIFIED_METADATA"}},
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("got  %+v\nwant %+v", v, want)
	}
}

func TestDecodeVersionErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{name: "syntax", in: "{\n\"licenses\": [\"MIT\",]}", want: "2:20: invalid character ']'"},
		{name: "truncated", in: `{"licenses":["MI`, want: "unexpected end of JSON input"},
		{name: "null", in: "null", want: "JSON document is null"},
		{name: "licenses wrong type", in: `{"licenses":"MIT"}`, want: "cannot unmarshal string"},
		{name: "bad date", in: `{"publishedAt":"yesterday"}`, want: `publishedAt "yesterday"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeVersion([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestSourceRepoPreference(t *testing.T) {
	t.Parallel()
	rp := func(id, typ, prov string) RelatedProject {
		return RelatedProject{ID: id, RelationType: typ, Provenance: prov}
	}
	tests := []struct {
		name string
		v    Version
		want string
		ok   bool
	}{
		{name: "none", v: Version{}, ok: false},
		{
			name: "attested beats unverified regardless of order",
			v: Version{RelatedProjects: []RelatedProject{
				rp("github.com/fork/x", RelationSourceRepo, ProvenanceUnverified),
				rp("github.com/real/x", RelationSourceRepo, ProvenanceSLSA),
			}},
			want: "github.com/real/x", ok: true,
		},
		{
			name: "issue tracker is not a source repo; link is the fallback",
			v: Version{
				RelatedProjects: []RelatedProject{rp("github.com/o/issues", "ISSUE_TRACKER", ProvenanceUnverified)},
				Links:           []Link{{Label: "HOMEPAGE", URL: "https://x.dev"}, {Label: LabelSourceRepo, URL: "git+https://github.com/o/x.git"}},
			},
			want: "git+https://github.com/o/x.git", ok: true,
		},
		{
			name: "first of equal provenance wins",
			v: Version{RelatedProjects: []RelatedProject{
				rp("github.com/a/x", RelationSourceRepo, ProvenanceGoOrigin),
				rp("github.com/b/x", RelationSourceRepo, ProvenanceGoOrigin),
			}},
			want: "github.com/a/x", ok: true,
		},
	}
	for _, tc := range tests {
		if got, ok := tc.v.SourceRepo(); got != tc.want || ok != tc.ok {
			t.Errorf("%s: SourceRepo = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
