package registry

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/licenses"
)

func TestDecodeNPM(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
		err      string
	}{
		{name: "string", in: `{"license":" MIT "}`, want: []string{"MIT"}},
		{name: "expression", in: `{"license":"(MIT OR Apache-2.0)"}`, want: []string{"(MIT OR Apache-2.0)"}},
		{name: "legacy object", in: `{"license":{"type":"BSD-3-Clause","url":"https://x/LICENSE"}}`, want: []string{"BSD-3-Clause"}},
		{name: "object with only a URL", in: `{"license":{"url":"https://opensource.org/licenses/MIT"}}`, want: []string{"https://opensource.org/licenses/MIT"}},
		{name: "array in license", in: `{"license":["MIT","Apache2","MIT"]}`, want: []string{"MIT", "Apache2"}},
		{name: "legacy licenses array", in: `{"licenses":[{"type":"MIT"},"GPL-2.0",{"name":"ISC"},null,7,[["x"]]]}`, want: []string{"MIT", "GPL-2.0", "ISC"}},
		{name: "license wins over licenses", in: `{"license":"ISC","licenses":[{"type":"MIT"}]}`, want: []string{"ISC"}},
		{name: "empty license falls back to licenses", in: `{"license":"  ","licenses":{"type":"MIT"}}`, want: []string{"MIT"}},
		{name: "odd types ignored", in: `{"license":{"type":{"nested":true}},"licenses":true}`},
		{name: "null license", in: `{"license":null}`},
		{name: "no license", in: `{"name":"x","version":"1.0.0"}`},
		{name: "not an object", in: `["MIT"]`, err: "cannot unmarshal array"},
		{name: "syntax error has a position", in: "{\n  \"license\": \"MIT\",\n}", err: "3:1: invalid character '}'"},
		{name: "empty body", in: "", err: "empty JSON document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := decodeNPM([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestDecodePyPI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     pypiInfo
		err      string
	}{
		{name: "all fields", in: `{"info":{"license":" MIT ","license_expression":"MIT","classifiers":["Topic :: X","License :: OSI Approved :: MIT License"]}}`,
			want: pypiInfo{LicenseExpression: "MIT", License: "MIT", Classifiers: []string{"License :: OSI Approved :: MIT License"}}},
		{name: "UNKNOWN placeholder", in: `{"info":{"license":"UNKNOWN"}}`},
		{name: "odd types", in: `{"info":{"license":7,"license_expression":["MIT"],"classifiers":[null,3,"License :: Public Domain"]}}`,
			want: pypiInfo{Classifiers: []string{"License :: Public Domain"}}},
		{name: "no info", in: `{"urls":[]}`, err: `no "info" object`},
		{name: "info null", in: `{"info":null}`, err: `no "info" object`},
		{name: "classifiers wrong type", in: `{"info":{"classifiers":"License :: MIT"}}`, err: "cannot unmarshal string"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := decodePyPI([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestChoosePyPI(t *testing.T) {
	t.Parallel()
	r := &Resolver{}
	r.cfg.applyDefaults()
	tests := []struct {
		name   string
		info   pypiInfo
		values string
		note   string
		ok     bool
	}{
		{name: "expression first", info: pypiInfo{LicenseExpression: "MIT", License: "BSD", Classifiers: []string{"License :: OSI Approved :: Apache Software License"}},
			values: "MIT", note: "license_expression", ok: true},
		{name: "invalid expression loses to a valid license field", info: pypiInfo{LicenseExpression: "MIT OR", License: "Apache 2.0"},
			values: "Apache 2.0", note: "license field", ok: true},
		{name: "unrecognised text, classifiers", info: pypiInfo{License: strings.Repeat("Use it well.\n", 30), Classifiers: []string{"License :: OSI Approved :: MIT License"}},
			values: "License :: OSI Approved :: MIT License", note: "not recognised", ok: true},
		{name: "nothing valid: the first candidate", info: pypiInfo{License: "Proprietary"},
			values: "Proprietary", note: "license field", ok: true},
		{name: "nothing", info: pypiInfo{}, ok: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, ok := r.choosePyPI(tc.info)
			if ok != tc.ok || strings.Join(c.values, "|") != tc.values || !strings.Contains(c.note, tc.note) {
				t.Errorf("got %q %q %v", c.values, c.note, ok)
			}
		})
	}
}

func TestDecodeCrate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     crateVersion
		err      string
	}{
		{name: "license", in: `{"version":{"license":"MIT OR Apache-2.0","license_file":null}}`, want: crateVersion{License: "MIT OR Apache-2.0"}},
		{name: "license file", in: `{"version":{"license":null,"license_file":"LICENSE"}}`, want: crateVersion{LicenseFile: "LICENSE"}},
		{name: "error document", in: `{"errors":[{"detail":"Not Found"}]}`, err: `no "version" object`},
		{name: "wrong shape", in: `{"version":[]}`, err: "cannot unmarshal array"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := decodeCrate([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestDecodePOM(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     pom
		err      string
	}{
		{name: "namespaced, wrapped name", in: `<project xmlns="http://maven.apache.org/POM/4.0.0"><licenses><license>
			<name>The Apache Software
			      License, Version 2.0</name><url> https://www.apache.org/licenses/LICENSE-2.0.txt </url></license></licenses></project>`,
			want: pom{Licenses: []pomLicense{{Name: "The Apache Software License, Version 2.0", URL: "https://www.apache.org/licenses/LICENSE-2.0.txt"}}}},
		{name: "parent, empty license dropped", in: `<project><parent><groupId> org.x </groupId><artifactId>p</artifactId><version>1</version></parent><licenses><license/></licenses></project>`,
			want: pom{Parent: &pomCoord{Group: "org.x", Artifact: "p", Version: "1"}}},
		{name: "licenses outside project/licenses ignored", in: `<project><build><licenses><license><name>MIT</name></license></licenses></build></project>`},
		{name: "html entities", in: `<project><licenses><license><name>GNU&nbsp;GPL&trade;</name></license></licenses></project>`,
			want: pom{Licenses: []pomLicense{{Name: "GNU GPL\u2122"}}}},
		{name: "not a project", in: `<html><body>404</body></html>`, err: "root element is <html>"},
		{name: "syntax error names the line", in: "<project>\n<licenses>\n<license><name a=\"MIT></name>", err: "line 3"},
		{name: "unknown charset", in: `<?xml version="1.0" encoding="EBCDIC-US"?><project/>`, err: `unsupported charset "EBCDIC-US"`},
		{name: "empty", in: "", err: "decoding POM"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := decodePOM([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestLatin1POM(t *testing.T) {
	t.Parallel()
	in := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><project><licenses><license><name>Licence publique g\xe9n\xe9rale</name></license></licenses></project>"
	p, err := decodePOM([]byte(in))
	if err != nil || len(p.Licenses) != 1 || p.Licenses[0].Name != "Licence publique générale" {
		t.Fatalf("got %+v, %v", p, err)
	}
}

func TestPOMLicenseValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lic  pomLicense
		want string
	}{
		{pomLicense{Name: "MIT License", URL: "https://opensource.org/licenses/MIT"}, "MIT License"},
		{pomLicense{Name: "GNU Lesser General Public License", URL: "http://www.gnu.org/licenses/old-licenses/lgpl-2.1.html"}, "http://www.gnu.org/licenses/old-licenses/lgpl-2.1.html"},
		{pomLicense{Name: "${license.name}", URL: "https://www.apache.org/licenses/LICENSE-2.0"}, "https://www.apache.org/licenses/LICENSE-2.0"},
		{pomLicense{Name: "Company License", URL: "https://example.com/terms"}, "Company License"},
		{pomLicense{URL: "https://example.com/terms"}, "https://example.com/terms"},
	}
	for _, tc := range tests {
		if got := pomLicenseValue(tc.lic); got != tc.want {
			t.Errorf("pomLicenseValue(%+v) = %q, want %q", tc.lic, got, tc.want)
		}
	}
}

func TestNormalizeChoice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     []string
		expr   string
		status licenses.Status
		note   string
	}{
		{[]string{"MIT"}, "MIT", licenses.Valid, ""},
		{[]string{"EPL-1.0", "LGPL-2.1-only", "EPL-1.0"}, "EPL-1.0 OR LGPL-2.1-only", licenses.Valid, "alternatives read as OR"},
		{[]string{"Apache-2.0 AND MIT", "GPL-2.0-only"}, "Apache-2.0 AND MIT OR GPL-2.0-only", licenses.Valid, "OR"},
		{[]string{"MIT", "SEE LICENSE IN x"}, "MIT", licenses.Valid, "ignored values naming no license"},
		{[]string{"MIT", "MIT OR"}, "", licenses.Invalid, ""},
		{[]string{"UNLICENSED", "NOASSERTION"}, "", licenses.Unknown, ""},
	}
	for _, tc := range tests {
		got := normalizeChoice(tc.in)
		if got.Expression != tc.expr || got.Status != tc.status || !strings.Contains(got.Note, tc.note) {
			t.Errorf("normalizeChoice(%q) = %q %v %q", tc.in, got.Expression, got.Status, got.Note)
		}
		if got.Status == licenses.Valid && got.Tree == nil {
			t.Errorf("normalizeChoice(%q): no tree", tc.in)
		}
	}
}

func TestTargetOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pkg  Package
		want target
		err  string
	}{
		{Package{PURL: "pkg:golang/golang.org/x/mod@0.20.0"}, target{eco: ecoGo, name: "golang.org/x/mod", version: "v0.20.0"}, ""},
		{Package{PURL: "pkg:maven/org.slf4j/slf4j-api@2.0.9?type=jar"}, target{eco: ecoMaven, group: "org.slf4j", name: "slf4j-api", version: "2.0.9"}, ""},
		{Package{Type: "java-archive", Name: "org.slf4j:slf4j-api", Version: "2.0.9"}, target{eco: ecoMaven, group: "org.slf4j", name: "slf4j-api", version: "2.0.9"}, ""},
		{Package{Type: "python", Name: "Zope.Interface", Version: "6.0"}, target{eco: ecoPyPI, name: "Zope.Interface", version: "6.0"}, ""},
		{Package{Type: "npm", Name: "@types/node", Version: "20.1.0"}, target{eco: ecoNPM, name: "@types/node", version: "20.1.0"}, ""},
		{Package{Type: "java-archive", Name: "slf4j-api", Version: "2.0.9"}, target{}, "groupId"},
		{Package{Type: "go-module", Name: "example.com/a/../b", Version: "v1.0.0"}, target{}, "not a valid golang package name"},
		{Package{Type: "go-module", Name: "example.com/m", Version: "(devel)"}, target{}, "not a plain version"},
		{Package{Type: "github-action", Name: "actions/checkout", Version: "v4"}, target{}, "no online license source"},
	}
	for _, tc := range tests {
		got, err := targetOf(tc.pkg)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("targetOf(%+v) error %v, want %q", tc.pkg, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("targetOf(%+v) = %+v, %v; want %+v", tc.pkg, got, err, tc.want)
		}
	}
}
