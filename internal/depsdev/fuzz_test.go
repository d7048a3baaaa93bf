package depsdev

import (
	"net/url"
	"reflect"
	"sort"
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

// FuzzEscapeSegment: a path parameter escapes to unreserved characters and %XX only, and reads back as
// itself; a version URL always has its three parameters as three segments.
func FuzzEscapeSegment(f *testing.F) {
	for _, s := range []string{"@babel/core", "github.com/a/b", "1.0.0+build", "a b", "..", "%2F", "ü", "", "\x00"} {
		f.Add(s)
	}
	c := &Client{base: "https://api.deps.dev"}
	f.Fuzz(func(t *testing.T, s string) {
		e := escapeSegment(s)
		for i := 0; i < len(e); i++ {
			if e[i] == '%' {
				if i+2 >= len(e) || !isUpperHex(e[i+1]) || !isUpperHex(e[i+2]) {
					t.Fatalf("escapeSegment(%q) = %q: bad escape", s, e)
				}
				i += 2
				continue
			}
			if !isUnreserved(e[i]) {
				t.Fatalf("escapeSegment(%q) = %q keeps %q", s, e, e[i])
			}
		}
		if back, err := url.PathUnescape(e); err != nil || back != s {
			t.Fatalf("escapeSegment(%q) = %q reads back as %q, %v", s, e, back, err)
		}
		u, err := url.Parse(c.VersionURL(VersionKey{System: s, Name: s, Version: s}))
		if err != nil {
			t.Fatal(err)
		}
		segs := strings.Split(u.EscapedPath(), "/")
		if len(segs) != 8 || segs[1] != "v3" || segs[2] != "systems" || segs[4] != "packages" || segs[6] != "versions" || u.RawQuery != "" || u.Fragment != "" {
			t.Fatalf("VersionURL of %q = %q", s, u)
		}
	})
}

func isUpperHex(c byte) bool { return '0' <= c && c <= '9' || 'A' <= c && c <= 'F' }

// FuzzParsePURL: an accepted purl has a lower-case type, a name and lower-case qualifier keys, and, when its
// type and qualifier keys are ones the purl spec allows, a canonical re-encoding of its parts parses back to
// the same purl.
func FuzzParsePURL(f *testing.F) {
	for _, s := range []string{
		"pkg:npm/%40babel/core@7.24.0", "pkg:npm/@types/node@1", "PKG:Golang/golang.org/x/mod@v0.42.0", "pkg://maven/g/a@1?Type=jar&classifier=x#sub/path/",
		"pkg:pypi/Zope_Interface@6", "pkg:github/a/b@v4#x#y", "pkg:npm/a%2Fb@1%2F2", "pkg:a/b?k=%zz", "pkg:a#b/c#d", "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePURL(s)
		if err != nil {
			return
		}
		if p.Type != strings.ToLower(p.Type) || p.Type == "" || p.Name == "" {
			t.Fatalf("ParsePURL(%q) = %+v", s, p)
		}
		if strings.Trim(p.Type, "abcdefghijklmnopqrstuvwxyz0123456789.+-") != "" {
			return // the type is taken as written; only a purl-spec type has a canonical encoding
		}
		var b strings.Builder
		b.WriteString("pkg:" + p.Type + "/")
		if p.Namespace != "" {
			for _, seg := range strings.Split(p.Namespace, "/") {
				b.WriteString(escapeSegment(seg) + "/")
			}
		}
		b.WriteString(escapeSegment(p.Name))
		if p.Version != "" {
			b.WriteString("@" + escapeSegment(p.Version))
		}
		if len(p.Qualifiers) > 0 {
			keys := make([]string, 0, len(p.Qualifiers))
			for k := range p.Qualifiers {
				if k != strings.ToLower(k) || strings.ContainsAny(k, "&=?") {
					t.Fatalf("ParsePURL(%q): qualifier key %q", s, k)
				}
				if strings.Trim(k, "abcdefghijklmnopqrstuvwxyz0123456789.-_") != "" {
					return // keys are taken as written; only purl-spec keys have a canonical encoding
				}
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for i, k := range keys {
				sep := "&"
				if i == 0 {
					sep = "?"
				}
				b.WriteString(sep + k + "=" + escapeSegment(p.Qualifiers[k]))
			}
		}
		if p.Subpath != "" {
			b.WriteString("#" + escapeSegment(p.Subpath))
		}
		again, err := ParsePURL(b.String())
		if err != nil {
			t.Fatalf("ParsePURL(%q) = %+v, but its encoding %q does not parse: %v", s, p, b.String(), err)
		}
		if len(again.Qualifiers) == 0 && len(p.Qualifiers) == 0 {
			again.Qualifiers, p.Qualifiers = nil, nil
		}
		if !reflect.DeepEqual(p, again) {
			t.Fatalf("ParsePURL(%q) = %+v; its encoding %q parses as %+v", s, p, b.String(), again)
		}
	})
}
