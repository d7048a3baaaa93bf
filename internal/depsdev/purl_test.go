package depsdev

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParsePURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want PURL
		err  string
	}{
		{in: "pkg:npm/lodash@4.17.21", want: PURL{Type: "npm", Name: "lodash", Version: "4.17.21"}},
		{in: "pkg:npm/%40types/node@20.1.0", want: PURL{Type: "npm", Namespace: "@types", Name: "node", Version: "20.1.0"}},
		{in: "pkg:npm/@types/node@20.1.0", want: PURL{Type: "npm", Namespace: "@types", Name: "node", Version: "20.1.0"}},
		{in: "pkg:npm/@types/node", want: PURL{Type: "npm", Namespace: "@types", Name: "node"}},
		{in: "pkg:golang/github.com/foo/bar/v2@v2.1.0", want: PURL{Type: "golang", Namespace: "github.com/foo/bar", Name: "v2", Version: "v2.1.0"}},
		{in: "PKG:Golang/golang.org/x/mod@v0.42.0", want: PURL{Type: "golang", Namespace: "golang.org/x", Name: "mod", Version: "v0.42.0"}},
		{in: "pkg://maven/org.slf4j/slf4j-api@2.0.9?type=jar", want: PURL{Type: "maven", Namespace: "org.slf4j", Name: "slf4j-api", Version: "2.0.9", Qualifiers: map[string]string{"type": "jar"}}},
		{in: "pkg:github/actions/checkout@v4#sub/dir", want: PURL{Type: "github", Namespace: "actions", Name: "checkout", Version: "v4", Subpath: "sub/dir"}},
		{in: "pkg:golang/k8s.io/client-go@v0.30.0%2Bincompatible", want: PURL{Type: "golang", Namespace: "k8s.io", Name: "client-go", Version: "v0.30.0+incompatible"}},
		{in: "pkg:deb/debian/curl@7.50.3-1?arch=i386&Distro=jessie", want: PURL{Type: "deb", Namespace: "debian", Name: "curl", Version: "7.50.3-1", Qualifiers: map[string]string{"arch": "i386", "distro": "jessie"}}},
		{in: "npm/lodash@1", err: `must start with "pkg:"`},
		{in: "pkg:npm", err: "want pkg:type/name"},
		{in: "pkg:/npm", err: "want pkg:type/name"},
		{in: "pkg:npm/", err: "empty name"},
		{in: "pkg:npm/a%zz@1", err: "invalid URL escape"},
		{in: "pkg:npm/a@1%", err: "version"},
	}
	for _, tc := range tests {
		got, err := ParsePURL(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParsePURL(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParsePURL(%q) = %+v, %v\n want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestKeyFromPURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want VersionKey
		err  string
	}{
		{in: "pkg:npm/%40babel/core@7.24.0", want: VersionKey{SystemNPM, "@babel/core", "7.24.0"}},
		{in: "pkg:golang/github.com/google/go-github/v60@v60.0.0", want: VersionKey{SystemGo, "github.com/google/go-github/v60", "v60.0.0"}},
		{in: "pkg:golang/gopkg.in/yaml.v3@3.0.1", want: VersionKey{SystemGo, "gopkg.in/yaml.v3", "v3.0.1"}},
		{in: "pkg:pypi/Zope_Interface@6.0", want: VersionKey{SystemPyPI, "zope-interface", "6.0"}},
		{in: "pkg:pypi/ruamel.yaml.clib@0.2.8", want: VersionKey{SystemPyPI, "ruamel-yaml-clib", "0.2.8"}},
		{in: "pkg:cargo/serde@1.0.197", want: VersionKey{SystemCargo, "serde", "1.0.197"}},
		{in: "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", want: VersionKey{SystemMaven, "org.apache.logging.log4j:log4j-core", "2.17.1"}},
		{in: "pkg:nuget/Newtonsoft.Json@13.0.3", want: VersionKey{SystemNuGet, "Newtonsoft.Json", "13.0.3"}},
		{in: "pkg:maven/log4j@1.2.17", err: "group namespace"},
		{in: "pkg:npm/lodash", err: "no version"},
		{in: "pkg:github/actions/checkout@v4", err: "not covered by deps.dev"},
		{in: "pkg:gem/rails@7.1.0", err: "not covered by deps.dev"},
		{in: "lodash", err: "pkg:"},
	}
	for _, tc := range tests {
		got, err := KeyFromPURL(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("KeyFromPURL(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("KeyFromPURL(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	if _, err := KeyFromPURL("pkg:github/a/b@1"); !errors.Is(err, ErrUnsupported) {
		t.Errorf("unsupported type error %v does not wrap ErrUnsupported", err)
	}
}
