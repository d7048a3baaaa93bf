package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// pack is a downloaded npm package tarball.
type pack struct {
	spec      sourceSpec
	data      []byte // the .tgz
	integrity string // "sha512-<base64>", as npm records it
}

// tarballName is npm pack's file name for a package version
// ("@blueoak/list" 15.0.0 -> "blueoak-list-15.0.0.tgz").
func tarballName(s sourceSpec) string {
	name := strings.ReplaceAll(strings.TrimPrefix(s.Package, "@"), "/", "-")
	return name + "-" + s.Version + ".tgz"
}

// fetchPack runs `npm pack` into dir, or, when offline is set, reads the
// tarball npm pack would have written from that directory.
func fetchPack(ctx context.Context, s sourceSpec, dir string, offline bool) (*pack, error) {
	file := filepath.Join(dir, tarballName(s))
	if !offline {
		cmd := exec.CommandContext(ctx, "npm", "pack", s.Package+"@"+s.Version, "--pack-destination", dir)
		cmd.Stdout = io.Discard
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("npm pack %s@%s: %w: %s", s.Package, s.Version, err, strings.TrimSpace(stderr.String()))
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading %s@%s: %w", s.Package, s.Version, err)
	}
	sum := sha512.Sum512(data)
	return &pack{spec: s, data: data, integrity: "sha512-" + base64.StdEncoding.EncodeToString(sum[:])}, nil
}

// file returns the content of name (e.g. "package/index.json") in the tarball.
func (p *pack) file(name string) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(p.data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.spec.Package, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: no %s in the tarball", p.spec.Package, name)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.spec.Package, err)
		}
		if h.Name == name {
			return io.ReadAll(io.LimitReader(tr, 64<<20))
		}
	}
}

// decodeJSON decodes the JSON file name of the tarball into v.
func (p *pack) decodeJSON(name string, v any) error {
	b, err := p.file(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s %s: %w", p.spec.Package, name, err)
	}
	return nil
}

// license returns the "license" field of the package's package.json.
func (p *pack) license() (string, error) {
	var meta struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		License string `json:"license"`
	}
	if err := p.decodeJSON("package/package.json", &meta); err != nil {
		return "", err
	}
	if meta.Name != p.spec.Package || meta.Version != p.spec.Version {
		return "", fmt.Errorf("tarball holds %s@%s, want %s@%s", meta.Name, meta.Version, p.spec.Package, p.spec.Version)
	}
	return meta.License, nil
}
