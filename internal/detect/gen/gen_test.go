package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTarball builds an npm-style tarball holding the given files under
// package/.
func fakeTarball(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		hdr := &tar.Header{Name: "package/" + name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
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
	return buf.Bytes()
}

func licenseJSON(t testing.TB, name, text string) string {
	b, err := json.Marshal(map[string]any{"name": name, "osiApproved": false, "licenseText": text})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// validFiles is a minimal package: two licenses (one duplicated under a
// second id) and every exception source.
func validFiles(t testing.TB) map[string]string {
	files := map[string]string{
		"package.json":           `{"name":"spdx-license-list","version":"9.9.9","license":"CC0-1.0"}`,
		"readme.md":              "*Using SPDX License List version 3.99.0 (2030-01-01)*",
		"licenses/MIT.json":      licenseJSON(t, "MIT License", "Permission is hereby granted, free of charge, to any person"),
		"licenses/GPL-2.0.json":  licenseJSON(t, "GNU GPL v2", "GNU GENERAL PUBLIC LICENSE Version 2, June 1991"),
		"licenses/GPL-2.0+.json": licenseJSON(t, "GNU GPL v2+", "GNU  General Public License, version 2, June 1991"),
	}
	exception := strings.Repeat("As a special exception the copyright holders give permission to link. ", 3)
	for id := range exceptionSources {
		files["licenses/"+id+".json"] = licenseJSON(t, id, "insert GPL v2 license text here\n\n"+exception+id)
	}
	return files
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	tgz := fakeTarball(t, validFiles(t))
	src, err := readPackage(tgz, "spdx-license-list", "9.9.9")
	if err != nil {
		t.Fatal(err)
	}
	if src.ListVersion != "3.99.0" || !strings.HasPrefix(src.Integrity, "sha512-") || len(src.Licenses) != 3+len(exceptionSources) {
		t.Fatalf("source = %+v", src)
	}
	d, err := build(src)
	if err != nil {
		t.Fatal(err)
	}
	var gpl *reference
	exceptions := 0
	for i, r := range d.Refs {
		if r.Kind == kindException {
			exceptions++
			if strings.Contains(strings.Join(r.Words, " "), "insert") {
				t.Errorf("%v keeps the placeholder line", r.IDs)
			}
		}
		if r.IDs[0] == "GPL-2.0" {
			gpl = &d.Refs[i]
		}
	}
	if exceptions != len(exceptionSources) {
		t.Errorf("%d exception references, want %d", exceptions, len(exceptionSources))
	}
	if gpl == nil || strings.Join(gpl.IDs, ",") != "GPL-2.0,GPL-2.0+" {
		t.Errorf("identical GPL texts not merged: %+v", gpl)
	}
	out := t.TempDir()
	if err := write(out, src, d); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{dataFile, goFile, testdataFile} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	first, _ := os.ReadFile(filepath.Join(out, dataFile))
	if err := write(out, src, d); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(filepath.Join(out, dataFile))
	if !bytes.Equal(first, second) {
		t.Error("output is not deterministic")
	}
}

func TestGenerateErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		edit    func(map[string]string)
		version string
		want    string
	}{
		{"wrong version", func(map[string]string) {}, "1.0.0", "want spdx-license-list@1.0.0"},
		{"no list version", func(f map[string]string) { f["readme.md"] = "nothing" }, "9.9.9", "does not name the SPDX License List version"},
		{"bad json", func(f map[string]string) { f["licenses/MIT.json"] = "{" }, "9.9.9", "licenses/MIT.json"},
		{"empty text", func(f map[string]string) { f["licenses/MIT.json"] = `{"licenseText":" "}` }, "9.9.9", "empty licenseText"},
		{"not CC0", func(f map[string]string) {
			f["package.json"] = `{"name":"spdx-license-list","version":"9.9.9","license":"MIT"}`
		}, "9.9.9", "want CC0-1.0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := validFiles(t)
			tc.edit(files)
			_, err := readPackage(fakeTarball(t, files), "spdx-license-list", tc.version)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := readPackage([]byte("not a tarball"), "p", "1"); err == nil {
		t.Error("garbage tarball accepted")
	}
	files := validFiles(t)
	delete(files, "licenses/eCos-2.0.json")
	src, err := readPackage(fakeTarball(t, files), "spdx-license-list", "9.9.9")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build(src); err == nil || !strings.Contains(err.Error(), "eCos-2.0") {
		t.Errorf("missing exception source: err = %v", err)
	}
}

func TestRunIntegrityMismatch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tgz := filepath.Join(dir, "p.tgz")
	if err := os.WriteFile(tgz, fakeTarball(t, validFiles(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run([]string{"-version", "9.9.9", "-tarball", tgz, "-integrity", "sha512-AAAA", "-out", dir})
	if err == nil || !strings.Contains(err.Error(), "does not match expected") {
		t.Fatalf("err = %v", err)
	}
	if err := run([]string{"-tarball", tgz}); err == nil {
		t.Error("missing -version accepted")
	}
}

// FuzzReadPackage checks a corrupt or hostile tarball is rejected cleanly.
func FuzzReadPackage(f *testing.F) {
	f.Add(fakeTarball(f, validFiles(f)))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, tgz []byte) {
		src, err := readPackage(tgz, "spdx-license-list", "9.9.9")
		if err != nil {
			return
		}
		if _, err := build(src); err != nil {
			return
		}
	})
}
