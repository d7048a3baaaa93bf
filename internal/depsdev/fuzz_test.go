package depsdev

import (
	"strings"
	"testing"
)

// FuzzDecodeVersion feeds arbitrary GetVersion answers to DecodeVersion.
func FuzzDecodeVersion(f *testing.F) {
	f.Add(readTestdata(f, "npm-defangjs-1.0.7.json"))
	f.Add(readTestdata(f, "go-rsc.io-github-v0.4.1.json"))
	for _, s := range []string{`{"relatedProjects":[null,{"projectKey":null}]}`, `{"licenses":[null]}`, `null`, `{"publishedAt":"x"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := DecodeVersion(data)
		if err != nil {
			return
		}
		for _, p := range v.RelatedProjects {
			if p.ID == "" {
				t.Fatal("related project without id kept")
			}
		}
		for _, l := range v.Licenses {
			if strings.TrimSpace(l) == "" {
				t.Fatal("empty license kept")
			}
		}
		if repo, ok := v.SourceRepo(); ok != (repo != "") {
			t.Fatalf("SourceRepo = %q, %v", repo, ok)
		}
	})
}

// FuzzKeyFromPURL checks purl parsing never panics and that every accepted
// key escapes into path segments without separators.
func FuzzKeyFromPURL(f *testing.F) {
	for _, s := range []string{
		"pkg:npm/%40babel/core@7.24.0", "pkg:npm/@types/node@1", "pkg:golang/github.com/a/b/v2@2.0.0",
		"pkg:maven/g/a@1?type=jar#x", "pkg:pypi/Zope_Interface@6", "pkg:nuget/N@1", "pkg:npm/a%zz@1", "pkg:",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := ParsePURL(s); err != nil {
			return
		}
		k, err := KeyFromPURL(s)
		if err != nil {
			return
		}
		if k.System == "" || k.Name == "" || k.Version == "" {
			t.Fatalf("incomplete key %+v from %q", k, s)
		}
		for _, seg := range []string{escapeSegment(k.Name), escapeSegment(k.Version)} {
			if strings.ContainsAny(seg, "/?#@: ") {
				t.Fatalf("segment %q not escaped", seg)
			}
		}
	})
}
