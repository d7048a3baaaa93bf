package gate

import (
	"io/fs"
	"path/filepath"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/locate"
)

// maxWalk bounds the entries symlinkedManifests visits.
const maxWalk = 2_000_000

// symlinkedManifests names the manifests and lockfiles in the tree that are symbolic links. Links are never
// followed (a pull request could point one at /etc/passwd or at a file outside the workspace), so their
// packages are not checked: the gate says so rather than passing silently. node_modules/ and .git/ are not
// walked: what they hold is installed or internal, never a manifest the project declares.
func symlinkedManifests(root string) []inventory.Warning {
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
		if d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if locate.Supported(rel) {
			out = append(out, inventory.Warning{Path: rel, Message: "is a symbolic link: links are not followed, so the dependencies it declares were not checked"})
		}
		return nil
	})
	return out
}
