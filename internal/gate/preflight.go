package gate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
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

// DefaultMaxTotalSize bounds the manifests and lockfiles read in all: syft's parsers keep what they read (peak
// memory is about 50 times a lockfile's size), so many files just under the per-file limit must not add up to
// more than a runner holds. Past it, files are not read and are named, in the walk's (lexical) order.
const DefaultMaxTotalSize = 256 << 20

// limits are the size bounds of the files the scan reads.
type limits struct {
	file, total int64
}

// maxLinkWarnings bounds how many directory links preflight names one by one.
const maxLinkWarnings = 100

// preflight walks the tree before the scan and names what the scan will not read:
//   - manifests and lockfiles that are symbolic links (never followed: a pull request could point one at
//     /etc/passwd or outside the workspace);
//   - manifests and lockfiles over lim.file, or past lim.total for all of them together, which it also returns
//     as exclusions for the scanner;
//   - directory links that loop back into a directory containing them, or lead out of the tree: neither is
//     followed, and a pull request that adds one deserves a look.
//
// node_modules/ and .git/ are not walked: what they hold is installed or internal, never a manifest the project
// declares. The walk stops when ctx ends; it returns ctx's error then.
func preflight(ctx context.Context, root string, lim limits) (warnings []inventory.Warning, exclude []string, err error) {
	realRoot, rootErr := filepath.EvalSymlinks(root)
	n, links, moreLinks := 0, 0, 0
	var total int64
	walkErr := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if n++; n > maxWalk {
			return filepath.SkipAll
		}
		if n%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
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
			if d.Type()&fs.ModeSymlink != 0 && rootErr == nil {
				if msg := linkProblem(realRoot, p); msg != "" {
					if links++; links > maxLinkWarnings {
						moreLinks++
						return nil
					}
					warnings = append(warnings, inventory.Warning{Path: rel, Message: msg})
				}
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			warnings = append(warnings, inventory.Warning{Path: rel, Message: "is a symbolic link: links are not followed, so the dependencies it declares were not checked"})
			return nil
		}
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() {
			return nil
		}
		switch size := info.Size(); {
		case size > lim.file:
			warnings = append(warnings, inventory.Warning{Path: rel, Message: fmt.Sprintf("is %d bytes, over the %d-byte limit: not read, so the dependencies it declares were not checked", size, lim.file)})
			exclude = append(exclude, "./"+globEscape(rel))
		case total+size > lim.total:
			warnings = append(warnings, inventory.Warning{Path: rel, Message: fmt.Sprintf("is %d bytes, past the %d-byte limit for all manifests together (paths.max-total-mib): not read, so the dependencies it declares were not checked", size, lim.total)})
			exclude = append(exclude, "./"+globEscape(rel))
		default:
			total += size
		}
		return nil
	})
	if walkErr != nil {
		return nil, nil, walkErr
	}
	if moreLinks > 0 {
		warnings = append(warnings, inventory.Warning{Message: fmt.Sprintf("%d more directory links loop or lead out of the tree: none is followed", moreLinks)})
	}
	if n > maxWalk {
		warnings = append(warnings, inventory.Warning{Message: fmt.Sprintf("the tree has over %d entries: only the first were checked for links and oversized manifests", maxWalk)})
	}
	return warnings, exclude, nil
}

// linkProblem says why the symbolic link at p (under realRoot, the root with its links resolved) deserves a
// warning, or returns "" for a link that stays in the tree without looping (and for a dangling one).
func linkProblem(realRoot, p string) string {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return ""
		}
		return "is a symbolic link that cannot be resolved (a loop of links?): not followed"
	}
	st, err := os.Stat(target)
	if err != nil || !st.IsDir() {
		return ""
	}
	rel, err := filepath.Rel(realRoot, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "is a symbolic link to a directory outside the scanned tree: not followed"
	}
	parent, err := filepath.EvalSymlinks(filepath.Dir(p))
	if err != nil {
		return ""
	}
	if up, err := filepath.Rel(target, parent); err == nil && (up == "." || !strings.HasPrefix(up, "..")) {
		return "is a symbolic link to a directory that contains it (a loop): not followed"
	}
	return ""
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
