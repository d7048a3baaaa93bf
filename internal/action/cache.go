package action

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
)

// baseSchema versions the cached base inventory; a change of meaning bumps it and old entries are ignored.
// Version 2 added the package's primary location (path, line), shown for removed packages.
const baseSchema = 2

// maxCacheBytes bounds a cache file read back.
const maxCacheBytes = 256 << 20

// basePackage is what the diff needs of one package of the base commit.
type basePackage struct {
	Type    string          `json:"type"`
	Group   string          `json:"group,omitempty"`
	Name    string          `json:"name"`
	Version string          `json:"version,omitempty"`
	PURL    string          `json:"purl,omitempty"`
	Scope   inventory.Scope `json:"scope,omitempty"`
	// License is the resolved expression; Raw is the declared value when it was invalid.
	License string `json:"license,omitempty"`
	Raw     string `json:"raw,omitempty"`
	// Path and Line are the primary declaration, relative to the scan root.
	Path string `json:"path,omitempty"`
	Line int    `json:"line,omitempty"`
}

// baseInventory is the base commit's scan, as cached under cache-dir.
type baseInventory struct {
	Schema   int                 `json:"schema"`
	Key      string              `json:"key"`
	SHA      string              `json:"sha"`
	Packages []basePackage       `json:"packages"`
	Warnings []inventory.Warning `json:"warnings"`
}

func newBaseInventory(key, sha string, inv *inventory.Inventory) *baseInventory {
	b := &baseInventory{Schema: baseSchema, Key: key, SHA: sha, Packages: []basePackage{}, Warnings: inv.Warnings}
	for i := range inv.Packages {
		b.Packages = append(b.Packages, toBase(&inv.Packages[i]))
	}
	if b.Warnings == nil {
		b.Warnings = []inventory.Warning{}
	}
	return b
}

func toBase(p *inventory.Package) basePackage {
	l := p.License()
	loc := p.PrimaryLocation()
	bp := basePackage{Type: p.Type, Group: p.Group, Name: p.Name, Version: p.Version, PURL: p.PURL, Scope: p.Scope, License: l.Expression, Path: loc.Path, Line: loc.Line}
	if l.Invalid {
		bp.Raw = l.Original
	}
	return bp
}

// cacheKey identifies a base scan: the commit, the directory scanned and everything else that shapes the
// inventory (the tool's version, the policy's overrides and exclusions, settings such as the Go module cache
// and whether online sources were asked).
func cacheKey(toolVersion, sha, sub, settings string, policyData []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "ospo-gate base %d\x00%s\x00%s\x00%s\x00%s\x00", baseSchema, toolVersion, sha, sub, settings)
	h.Write(policyData)
	return hex.EncodeToString(h.Sum(nil))
}

func cachePath(dir, key string) string {
	return filepath.Join(dir, "base-"+key[:32]+".json")
}

// loadBase returns the cached base inventory for key, or nil when there is none or it does not fit.
func loadBase(dir, key, sha string) *baseInventory {
	if dir == "" {
		return nil
	}
	f, err := os.Open(cachePath(dir, key))
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCacheBytes+1))
	if err != nil || len(data) > maxCacheBytes {
		return nil
	}
	var b baseInventory
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if dec.Decode(&b) != nil || b.Schema != baseSchema || b.Key != key || b.SHA != sha || b.Packages == nil {
		return nil
	}
	return &b
}

// saveBase writes the base inventory atomically; a reader never sees half a file.
func saveBase(dir string, b *baseInventory) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	data, err := json.Marshal(b)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".base-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), cachePath(dir, b.Key))
}
