package registry

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"os"
	"strings"
	"testing"
	"time"
)

var testLimits = zipLimits{maxZip: 64 << 20, maxEntries: 1000, maxFile: 4 << 10, maxFiles: 4}

func names(files []licenseText) string {
	var out []string
	for _, f := range files {
		out = append(out, f.name)
	}
	return strings.Join(out, ",")
}

func TestReadModuleZip(t *testing.T) {
	t.Parallel()
	const m, v = "example.com/mod", "v1.2.3"
	p := m + "@" + v + "/"
	tests := []struct {
		name    string
		entries []zipEntry
		lim     zipLimits
		want    string // file names read
		err     string
	}{
		{name: "root license files ranked, others ignored", entries: []zipEntry{
			{name: p + "go.mod", body: "module " + m},
			{name: p + "NOTICE", body: "notice"},
			{name: p + "LICENSE.docs", body: "docs"},
			{name: p + "COPYING", body: "copying"},
			{name: p + "LICENSE", body: "license"},
			{name: p + "license.go", body: "package mod"},
			{name: p + "internal/LICENSE", body: "nested"},
		}, want: "COPYING,LICENSE,LICENSE.docs"},
		{name: "traversal and foreign entries", entries: []zipEntry{
			{name: p + "../LICENSE", body: "escape"},
			{name: p + "..\\LICENSE", body: "escape"},
			{name: "/etc/LICENSE", body: "absolute"},
			{name: "other.com/mod@v1.2.3/LICENSE", body: "other module"},
			{name: m + "@v9.9.9/LICENSE", body: "other version"},
			{name: p, body: ""},
		}, want: ""},
		{name: "symlink and directory named LICENSE", entries: []zipEntry{
			{name: p + "LICENSE", body: "/etc/passwd", mode: os.ModeSymlink | 0o777},
			{name: p + "COPYING/", mode: os.ModeDir | 0o755},
		}, want: ""},
		{name: "license file count bounded", entries: []zipEntry{
			{name: p + "LICENSE"}, {name: p + "LICENSE-MIT"}, {name: p + "LICENSE-APACHE"}, {name: p + "COPYING"},
			{name: p + "LICENSE.txt"}, {name: p + "UNLICENSE"},
		}, want: "COPYING,LICENSE,LICENSE.txt,UNLICENSE"},
		{name: "too many entries", entries: []zipEntry{{name: p + "a"}, {name: p + "b"}, {name: p + "c"}},
			lim: zipLimits{maxZip: 1 << 20, maxEntries: 2, maxFile: 10, maxFiles: 1}, err: "declares 3 entries, more than the 2 limit"},
		{name: "zip too large", entries: []zipEntry{{name: p + "LICENSE", body: strings.Repeat("x", 100)}},
			lim: zipLimits{maxZip: 50, maxEntries: 10, maxFile: 10, maxFiles: 1}, err: "more than the 50-byte limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lim := tc.lim
			if lim == (zipLimits{}) {
				lim = testLimits
			}
			files, err := readModuleZip(buildZip(t, tc.entries), m, v, lim)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := names(files); got != tc.want {
				t.Errorf("read %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadModuleZipBomb(t *testing.T) {
	t.Parallel()
	const m, v = "example.com/bomb", "v1.0.0"
	// 64 MiB of zeros deflate to about 64 KiB.
	big := bytes.Repeat([]byte{0}, 64<<20)
	z := buildZip(t, []zipEntry{{name: m + "@" + v + "/LICENSE", body: string(big)}})
	start := time.Now()
	files, err := readModuleZip(z, m, v, testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || !files[0].truncated || len(files[0].text) != int(testLimits.maxFile) {
		t.Fatalf("read %d files, truncated %v, %d bytes", len(files), files[0].truncated, len(files[0].text))
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
}

// TestReadModuleZipLyingSizes checks an entry whose header understates its
// size: the reader stops at the declared size and the zip is refused.
func TestReadModuleZipLyingSizes(t *testing.T) {
	t.Parallel()
	const m, v = "example.com/liar", "v1.0.0"
	payload := bytes.Repeat([]byte("A"), 100)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(payload)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: m + "@" + v + "/LICENSE", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(payload[:10]),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	_, err = readModuleZip(buf.Bytes(), m, v, testLimits)
	if err == nil || !strings.Contains(err.Error(), "reading LICENSE from module zip") {
		t.Fatalf("error %v", err)
	}
}

func TestReadModuleZipMalformed(t *testing.T) {
	t.Parallel()
	good := buildZip(t, []zipEntry{{name: "m@v1.0.0/LICENSE", body: mitText}})
	corruptData := bytes.Clone(good)
	copy(corruptData[40:], bytes.Repeat([]byte{0xff}, 20)) // inside the deflated LICENSE
	tests := []struct {
		name string
		data []byte
		err  string
	}{
		{"empty", nil, "too short"},
		{"html", []byte(strings.Repeat("<html>not a zip</html>", 3)), "no end of central directory"},
		{"truncated", good[:len(good)-30], "no end of central directory"},
		{"corrupt central directory", append(bytes.Repeat([]byte{0}, 10), good[len(good)-22:]...), "reading module zip"},
		{"corrupt data", corruptData, "module zip"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := readModuleZip(tc.data, "m", "v1.0.0", testLimits)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("error %v, want %q", err, tc.err)
			}
		})
	}
}

func TestZipEntryCountZip64(t *testing.T) {
	t.Parallel()
	entries := make([]zipEntry, 0x10000+5)
	for i := range entries {
		entries[i] = zipEntry{name: "m@v1.0.0/f" + strings.Repeat("x", i%3)}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	n, err := zipEntryCount(buf.Bytes())
	if err != nil || n != uint64(len(entries)) {
		t.Fatalf("count %d, %v; want %d", n, err, len(entries))
	}
	if _, err := readModuleZip(buf.Bytes(), "m", "v1.0.0", zipLimits{maxZip: 64 << 20, maxEntries: 0x10000, maxFile: 1, maxFiles: 1}); err == nil ||
		!strings.Contains(err.Error(), "declares 65541 entries") {
		t.Errorf("error %v", err)
	}
}

func TestEscapeModule(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want, err string }{
		{in: "github.com/Azure/azure-sdk-for-go", want: "github.com/!azure/azure-sdk-for-go"},
		{in: "github.com/BurntSushi/toml", want: "github.com/!burnt!sushi/toml"},
		{in: "v1.0.0-RC1", want: "v1.0.0-!r!c1"},
		{in: "golang.org/x/mod", want: "golang.org/x/mod"},
		{in: "example.com/!bang", err: "cannot be escaped"},
		{in: "example.com/é", err: "cannot be escaped"},
	}
	for _, tc := range tests {
		got, err := escapeModule(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("escapeModule(%q) error %v", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("escapeModule(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseGoProxy(t *testing.T) {
	t.Parallel()
	ps, err := parseGoProxy(" proxy.corp.example/go | https://proxy.golang.org/ ,http://127.0.0.1:3000,file:///srv,direct,off")
	if err != nil {
		t.Fatal(err)
	}
	want := []goProxy{
		{kind: proxyURL, url: "https://proxy.corp.example/go", fallThroughAll: true},
		{kind: proxyURL, url: "https://proxy.golang.org"},
		{kind: proxyURL, url: "http://127.0.0.1:3000"},
		{kind: proxyUnsupported, url: "file:///srv"},
		{kind: proxyDirect},
		{kind: proxyOff},
	}
	if len(ps) != len(want) {
		t.Fatalf("got %+v", ps)
	}
	for i := range want {
		if ps[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, ps[i], want[i])
		}
	}
}

func TestMatchPatterns(t *testing.T) {
	t.Parallel()
	pats := splitPatterns("*.corp.example.com, rsc.io/private ,,github.com/acme/")
	tests := []struct {
		module string
		want   bool
	}{
		{"git.corp.example.com/x/y", true},
		{"corp.example.com/x", false},
		{"rsc.io/private", true},
		{"rsc.io/private/sub", true},
		{"rsc.io/privateer", false},
		{"rsc.io/quote", false},
		{"github.com/acme", true},
		{"github.com/acme/tool", true},
		{"github.com/acmeinc/tool", false},
	}
	for _, tc := range tests {
		if got := matchPatterns(pats, tc.module); got != tc.want {
			t.Errorf("matchPatterns(%q) = %v", tc.module, got)
		}
	}
}

// TestPatentsFileIsNotALicenseCondition checks that Go's PATENTS file (an additional patent grant) is kept as
// a note and not AND-ed into the module's license.
func TestPatentsFileIsNotALicenseCondition(t *testing.T) {
	t.Parallel()
	e := moduleEntry{Format: moduleEntryFormat, URL: "https://proxy.example/golang.org/x/text/@v/v0.43.0.zip", Files: []moduleFile{
		{Name: "LICENSE", Expression: "BSD-3-Clause"},
		{Name: "PATENTS", Expression: "LicenseRef-Google-Patents-File"},
	}}
	a := e.answer(false)
	if a.outcome != Found || a.license.Expression != "BSD-3-Clause" {
		t.Fatalf("outcome %v, license %q; want found, BSD-3-Clause", a.outcome, a.license.Expression)
	}
	if !strings.Contains(a.note, "PATENTS is an additional patent grant") {
		t.Errorf("note %q does not explain the PATENTS file", a.note)
	}
	only := moduleEntry{Format: moduleEntryFormat, Files: []moduleFile{{Name: "PATENTS", Expression: "LicenseRef-Google-Patents-File"}}}
	if a := only.answer(false); a.outcome != NotFound {
		t.Errorf("a module with only a PATENTS file: outcome %v, want not found (no license)", a.outcome)
	}
}
