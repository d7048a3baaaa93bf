package artifacts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/detect"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
)

// licenseFile is a license or notice file found in a package's directory.
type licenseFile struct {
	name string // slash-separated, relative to the package directory
	text string // sanitized, possibly truncated; "" when skipped
	// truncated counts the bytes left out; skipped says why the text is absent.
	truncated int64
	skipped   string
}

// packageFiles lists and reads the license and notice files at the top of a package's directory (and in the
// licenses/ folder of a Python *.dist-info), most authoritative first, at most maxFiles of them.
//
// The directory comes from the scanned tree and is untrusted: a directory inside the scanned root must stay
// inside it once symlinks are resolved, and only regular files are read, never symlinks, each up to maxBytes.
func packageFiles(root string, p *inventory.Package, maxFiles int, maxBytes int64) []licenseFile {
	if p.Dir == "" || !dirAllowed(root, p.Dir) {
		return nil
	}
	names := licenseFileNames(p.Dir)
	if len(names) > maxFiles {
		names = names[:maxFiles]
	}
	out := make([]licenseFile, 0, len(names))
	for _, name := range names {
		out = append(out, readLicenseFile(p.Dir, name, maxBytes))
	}
	return out
}

// dirAllowed reports whether dir may be read: directories outside the scanned root (a module cache) are the
// resolver's own choice; directories inside it must not lead out of it through a symlink.
func dirAllowed(root, dir string) bool {
	if root == "" || !within(root, dir) {
		return true
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return false
	}
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	return within(realRoot, realDir)
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func licenseFileNames(dir string) []string {
	return detect.LicenseFilesIn(dir, func(e fs.DirEntry) bool { return e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0 })
}

func readLicenseFile(dir, name string, maxBytes int64) licenseFile {
	lf := licenseFile{name: name}
	b, rest, err := readRegular(filepath.Join(dir, filepath.FromSlash(name)), maxBytes)
	switch {
	case err != nil:
		lf.skipped = "not readable: " + err.Error()
	case isBinary(b):
		lf.skipped = "not a text file"
	default:
		lf.text = sanitizeText(b)
		lf.truncated = rest
		if strings.TrimSpace(lf.text) == "" {
			lf.text, lf.skipped = "", "empty"
		}
	}
	return lf
}

// errNotRegular is returned for symlinks, devices and the like.
var errNotRegular = errors.New("not a regular file")

// readRegular reads up to max bytes of a regular file that is not a symlink, and says how many bytes it left.
func readRegular(p string, max int64) ([]byte, int64, error) {
	before, err := os.Lstat(p)
	if err != nil {
		return nil, 0, err
	}
	if !before.Mode().IsRegular() {
		return nil, 0, errNotRegular
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	after, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if !os.SameFile(before, after) {
		return nil, 0, fmt.Errorf("changed while being read")
	}
	b, err := io.ReadAll(io.LimitReader(f, max))
	if err != nil {
		return nil, 0, err
	}
	rest := after.Size() - int64(len(b))
	if rest < 0 {
		rest = 0
	}
	return b, rest, nil
}

// isBinary reports whether b looks like something other than text: a NUL byte in its first 8 KiB.
func isBinary(b []byte) bool {
	head := b
	if len(head) > 8<<10 {
		head = head[:8<<10]
	}
	return bytes.IndexByte(head, 0) >= 0
}
