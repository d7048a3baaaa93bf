package registry

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func addFiles(f *testing.F, names ...string) {
	for _, n := range names {
		f.Add(readTestdata(f, n))
	}
}

// FuzzDecodeNPM checks that no version document crashes the decoder and
// that every value it returns is a trimmed, non-empty string.
func FuzzDecodeNPM(f *testing.F) {
	addFiles(f, "npm/lodash@4.17.21.json", "npm/json-schema@0.2.3.json", "npm/pause-stream@0.0.11.json", "npm/nopt@1.0.10.json", "npm/cycle@1.0.3.json")
	for _, s := range []string{`{"license":[["MIT"]]}`, `{"license":{"type":{"x":1}},"licenses":"MIT"}`, `{"licenses":[null,1,{"url":"u"}]}`, `[]`, `null`, `{"license":"\u0000"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		values, err := decodeNPM(data)
		if err != nil {
			return
		}
		checkValues(t, values)
	})
}

func checkValues(t *testing.T, values []string) {
	t.Helper()
	for _, v := range values {
		if v == "" || v != strings.TrimSpace(v) {
			t.Fatalf("value %q kept", v)
		}
	}
}

// FuzzDecodePyPI feeds arbitrary release documents to the decoder.
func FuzzDecodePyPI(f *testing.F) {
	addFiles(f, "pypi/requests-2.31.0.json", "pypi/packaging-25.0.json", "pypi/numpy-1.26.4.json", "pypi/python-dateutil-2.8.2.json")
	for _, s := range []string{`{"info":null}`, `{"info":{"classifiers":"x","license":7}}`, `{"info":{"classifiers":[null,"License :: X\nY"]}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := decodePyPI(data)
		if err != nil {
			return
		}
		for _, c := range info.Classifiers {
			if !strings.HasPrefix(c, "License ::") {
				t.Fatalf("classifier %q kept", c)
			}
		}
		checkValues(t, info.Classifiers)
	})
}

// FuzzDecodeCrate feeds arbitrary crates.io version documents to the decoder.
func FuzzDecodeCrate(f *testing.F) {
	addFiles(f, "crates/serde-1.0.197.json", "crates/libc-0.1.10.json", "crates/ring-0.16.20.json")
	for _, s := range []string{`{"version":null}`, `{"version":{"license":["MIT"]}}`, `{"errors":[{"detail":"not found"}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := decodeCrate(data)
		if err != nil {
			return
		}
		if v.License != strings.TrimSpace(v.License) {
			t.Fatalf("untrimmed license %q", v.License)
		}
	})
}

// FuzzDecodePOM feeds arbitrary XML to the POM decoder, which must accept
// only <project> documents.
func FuzzDecodePOM(f *testing.F) {
	addFiles(f, "maven/org/apache/apache/30/apache-30.pom", "maven/ch/qos/logback/logback-parent/1.2.12/logback-parent-1.2.12.pom",
		"maven/org/hibernate/hibernate-core/5.4.0.Final/hibernate-core-5.4.0.Final.pom", "maven/org/slf4j/slf4j-api/2.0.9/slf4j-api-2.0.9.pom")
	for _, s := range []string{
		`<project><licenses><license/></licenses></project>`,
		`<?xml version="1.0" encoding="EBCDIC"?><project/>`,
		`<!DOCTYPE project [<!ENTITY x "&x;&x;">]><project><licenses><license><name>&x;</name></license></licenses></project>`,
		`<project><parent><groupId>a</groupId></parent><parent/></project>`,
		`<html/>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := decodePOM(data)
		if err != nil {
			return
		}
		for _, l := range p.Licenses {
			if l.Name == "" && l.URL == "" {
				t.Fatal("empty license kept")
			}
		}
	})
}

// FuzzReadModuleZip feeds arbitrary bytes (seeded with real module zips) to
// the zip reader, which must stay within its limits.
func FuzzReadModuleZip(f *testing.F) {
	const m, v = "example.com/m", "v1.0.0"
	f.Add(moduleZip(f, m, v, map[string]string{"LICENSE": mitText, "a.go": "package m"}))
	f.Add(buildZip(f, []zipEntry{{name: m + "@" + v + "/../LICENSE", body: "x"}, {name: m + "@" + v + "/COPYING", body: "y"}}))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.CreateHeader(&zip.FileHeader{Name: m + "@" + v + "/LICENSE", Method: zip.Store})
	zw.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\xff", 18)))
	lim := zipLimits{maxZip: 1 << 20, maxEntries: 64, maxFile: 1 << 10, maxFiles: 3}
	f.Fuzz(func(t *testing.T, data []byte) {
		files, err := readModuleZip(data, m, v, lim)
		if err != nil {
			return
		}
		if len(files) > lim.maxFiles {
			t.Fatalf("%d files read", len(files))
		}
		for _, lt := range files {
			if int64(len(lt.text)) > lim.maxFile || strings.ContainsAny(lt.name, "/\\") {
				t.Fatalf("file %q with %d bytes", lt.name, len(lt.text))
			}
		}
	})
}

// FuzzParseGoProxy checks GOPROXY parsing never panics and yields only
// http(s) URLs for proxy entries.
func FuzzParseGoProxy(f *testing.F) {
	for _, s := range []string{DefaultGoProxy, "off", "a|b,c", "file:///x,direct", " , ", "https://u@x", "http://[::1]:80/p/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := parseGoProxy(s)
		if err != nil {
			return
		}
		for _, p := range ps {
			if p.kind == proxyURL && !strings.HasPrefix(p.url, "http://") && !strings.HasPrefix(p.url, "https://") {
				t.Fatalf("proxy URL %q", p.url)
			}
		}
	})
}

// FuzzTargetOf checks that every package accepted for lookup yields URLs
// whose paths cannot be redirected by the name or version.
func FuzzTargetOf(f *testing.F) {
	for _, s := range []string{"pkg:npm/%40babel/core@7.24.0", "pkg:golang/github.com/Azure/x@v1.0.0+incompatible",
		"pkg:maven/org.apache/apache@30", "pkg:pypi/Zope.Interface@6.0", "pkg:npm/a@..", "pkg:maven/a/b@1%2F..%2F2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, purl string) {
		tg, err := targetOf(Package{PURL: purl})
		if err != nil {
			return
		}
		for _, s := range []string{tg.name, tg.group, tg.version} {
			if strings.ContainsAny(s, "?#%\\ \x00") || hasDotSegment(s) {
				t.Fatalf("accepted %q from %q", s, purl)
			}
		}
		if strings.Contains(tg.version, "/") || strings.Contains(tg.group, "/") {
			t.Fatalf("slash in version or group: %+v", tg)
		}
	})
}
