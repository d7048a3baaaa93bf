package action

import (
	"archive/tar"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type tarEntry struct {
	name, body, link string
	typ              byte
}

func tarOf(t *testing.T, entries ...tarEntry) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Typeflag: e.typ, Mode: 0o644, Size: int64(len(e.body)), Linkname: e.link}
		if e.typ != tar.TypeReg {
			h.Size = 0
		}
		if e.typ == tar.TypeXGlobalHeader {
			h = &tar.Header{Typeflag: tar.TypeXGlobalHeader, PAXRecords: map[string]string{"comment": "0123456789abcdef"}}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if e.typ == tar.TypeReg {
			if _, err := tw.Write([]byte(e.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf
}

func TestExtractTar(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		entries []tarEntry
		err     string
		files   map[string]string // path → content ("" = must not exist)
	}{
		{"git archive shape", []tarEntry{
			{name: "pax_global_header", typ: tar.TypeXGlobalHeader},
			{name: "web/", typ: tar.TypeDir},
			{name: "web/package.json", body: `{"name":"web"}`, typ: tar.TypeReg},
			{name: "web/current", link: "package.json", typ: tar.TypeSymlink},
		}, "", map[string]string{"web/package.json": `{"name":"web"}`}},
		{"links out of the tree are dropped", []tarEntry{
			{name: "etc", link: "/etc", typ: tar.TypeSymlink},
			{name: "up", link: "../../outside", typ: tar.TypeSymlink},
			{name: "ok.txt", body: "ok", typ: tar.TypeReg},
		}, "", map[string]string{"ok.txt": "ok", "etc": "", "up": ""}},
		{"parent escape", []tarEntry{{name: "../evil", body: "x", typ: tar.TypeReg}}, "outside the tree", nil},
		{"absolute name", []tarEntry{{name: "/tmp/evil", body: "x", typ: tar.TypeReg}}, "outside the tree", nil},
		{"write through a link", []tarEntry{
			{name: "sub", typ: tar.TypeDir},
			{name: "l", link: "sub", typ: tar.TypeSymlink},
			{name: "l/x", body: "x", typ: tar.TypeReg},
		}, "through a symbolic link", nil},
		{"duplicate file", []tarEntry{{name: "a", body: "1", typ: tar.TypeReg}, {name: "a", body: "2", typ: tar.TypeReg}}, "exists", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dest := t.TempDir()
			err := extractTar(tarOf(t, tt.entries...), dest)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for p, want := range tt.files {
				got, err := os.ReadFile(filepath.Join(dest, p))
				if want == "" {
					if _, lerr := os.Lstat(filepath.Join(dest, p)); lerr == nil {
						t.Errorf("%s exists, want it dropped", p)
					}
					continue
				}
				if err != nil || string(got) != want {
					t.Errorf("%s = %q, %v; want %q", p, got, err, want)
				}
			}
		})
	}
}

// TestWriteBaseTreeFromGit writes a real commit's subdirectory.
func TestWriteBaseTreeFromGit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, files{"svc/go.mod": "module x\n", "svc/LICENSE": "MIT", "other/a.txt": "a"}, files{"svc/go.mod": "module y\n"})
	r := repo{git: f.git, dir: f.origin}
	dest := t.TempDir()
	if err := writeBaseTree(t.Context(), r, f.base, "svc", dest); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dest, "svc", "go.mod"))
	if err != nil || string(got) != "module x\n" {
		t.Errorf("svc/go.mod = %q, %v; want the base's", got, err)
	}
	if _, err := os.Stat(filepath.Join(dest, "other")); err == nil {
		t.Errorf("other/ was written, want only svc/")
	}
}
