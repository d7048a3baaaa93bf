package gate

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/locate"
)

// maxWalk bounds the entries symlinkedManifests visits.
const maxWalk = 2_000_000

// DefaultMaxManifestSize is the largest manifest or lockfile the gate reads; larger ones are skipped, named
// in a warning, so that a pull request cannot make the scan exhaust memory (syft's parsers hold a whole
// lockfile and its packages: a 50 MB package-lock.json with 330,000 entries takes about 5 GB). Real lockfiles
// of large monorepos stay well under it; the policy's paths.max-file-mib raises or lowers it.
const DefaultMaxManifestSize = 32 << 20

// preflight walks the tree before the scan and names the manifests and lockfiles the scan will not read:
// symbolic links (never followed: a pull request could point one at /etc/passwd or outside the workspace) and
// files over maxSize, which it also returns as exclusions for the scanner. node_modules/ and .git/ are not
// walked: what they hold is installed or internal, never a manifest the project declares.
func preflight(root string, maxSize int64) (warnings []inventory.Warning, exclude []string) {
	var out []inventory.Warning
	n := 0
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if n++; n > maxWalk {
			return filepath.SkipAll
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git") && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if !locate.Supported(rel) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			out = append(out, inventory.Warning{Path: rel, Message: "is a symbolic link: links are not followed, so the dependencies it declares were not checked"})
			return nil
		}
		if info, err := d.Info(); err == nil && info.Mode().IsRegular() && info.Size() > maxSize {
			out = append(out, inventory.Warning{Path: rel, Message: fmt.Sprintf("is %d bytes, over the %d-byte limit: not read, so the dependencies it declares were not checked", info.Size(), maxSize)})
			exclude = append(exclude, "./"+globEscape(rel))
		}
		return nil
	})
	return out, exclude
}

// globEscape quotes glob metacharacters so that a file name matches only itself.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[', ']', '{', '}', '\\':
			b.WriteByte('[')
			b.WriteRune(r)
			b.WriteByte(']')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
