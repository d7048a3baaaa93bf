package action

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits of a base tree written from `git archive`: beyond them the diff gate reports that it could not
// evaluate rather than fill the runner's disk.
const (
	MaxTreeBytes   = 8 << 30
	MaxTreeEntries = 2_000_000
)

// writeBaseTree writes commit sha's files under sub into dest (an empty directory) from `git archive`. Unlike
// a worktree, it leaves the repository's metadata untouched and runs no checkout hooks or filters.
func writeBaseTree(ctx context.Context, r repo, sha, sub, dest string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	defer pr.Close() // a writer still running fails instead of blocking
	done := make(chan error, 1)
	go func() {
		var err error
		defer func() {
			pw.CloseWithError(err)
			done <- err
		}()
		defer recoverTo(&err)
		err = r.archive(ctx, sha, sub, pw)
	}()
	xerr := extractTar(pr, dest)
	if xerr != nil {
		cancel() // stop git if extraction failed first
		pr.CloseWithError(errors.New("extraction stopped"))
	} else {
		_, _ = io.Copy(io.Discard, pr) // the tar record padding after the end-of-archive marker
	}
	gerr := <-done
	switch {
	case xerr != nil && gerr != nil && !errors.Is(xerr, gerr):
		return fmt.Errorf("writing the base tree of %s: %w (git: %v)", short(sha), xerr, gerr)
	case xerr != nil:
		return fmt.Errorf("writing the base tree of %s: %w", short(sha), xerr)
	case gerr != nil:
		return fmt.Errorf("writing the base tree of %s: %w", short(sha), gerr)
	}
	return nil
}

// extractTar writes a tar stream into dest. Entries must stay inside dest: absolute names, ".." and paths
// through a symbolic link are refused, and links may only point inside the tree.
func extractTar(rd io.Reader, dest string) error {
	tr := tar.NewReader(rd)
	x := &extractor{dest: dest, links: map[string]bool{}}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the archive: %w", err)
		}
		if err := x.entry(h, tr); err != nil {
			return err
		}
	}
}

type extractor struct {
	dest    string
	links   map[string]bool // slash paths of symbolic links written
	entries int
	bytes   int64
}

func (x *extractor) entry(h *tar.Header, body io.Reader) error {
	if h.Typeflag == tar.TypeXGlobalHeader || h.Typeflag == tar.TypeXHeader {
		return nil // git's commit id comment
	}
	x.entries++
	if x.entries > MaxTreeEntries {
		return fmt.Errorf("the base tree has more than %d entries", MaxTreeEntries)
	}
	name := strings.TrimSuffix(h.Name, "/")
	if !filepath.IsLocal(name) || strings.Contains(name, "\\") {
		return fmt.Errorf("archive entry %q is outside the tree", h.Name)
	}
	if x.throughLink(name) {
		return fmt.Errorf("archive entry %q goes through a symbolic link", h.Name)
	}
	target := filepath.Join(x.dest, filepath.FromSlash(name))
	switch h.Typeflag {
	case tar.TypeDir:
		return os.MkdirAll(target, 0o755)
	case tar.TypeReg:
		return x.file(target, h, body)
	case tar.TypeSymlink:
		return x.symlink(name, target, h.Linkname)
	}
	return nil // git archive writes nothing else; anything else is skipped
}

func (x *extractor) throughLink(name string) bool {
	for dir := path.Dir(name); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if x.links[dir] {
			return true
		}
	}
	return false
}

func (x *extractor) file(target string, h *tar.Header, body io.Reader) error {
	x.bytes += h.Size
	if h.Size < 0 || x.bytes > MaxTreeBytes {
		return fmt.Errorf("the base tree is larger than %d bytes", int64(MaxTreeBytes))
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if h.Mode&0o111 != 0 {
		mode = 0o755
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.CopyN(f, body, h.Size); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", h.Name, err)
	}
	return f.Close()
}

// symlink recreates a link whose target stays inside the tree; others are dropped (a scan must not leave it).
func (x *extractor) symlink(name, target, link string) error {
	if link == "" || path.IsAbs(link) || strings.Contains(link, "\\") {
		return nil
	}
	resolved := path.Clean(path.Join(path.Dir(name), link))
	if !filepath.IsLocal(resolved) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	x.links[name] = true
	return os.Symlink(link, target)
}
