package detect

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// LicenseFilesIn lists the license and notice files of a package directory: its top level and, for a Python
// *.dist-info directory, its licenses/ folder. keep decides which directory entries count (e.g. regular files
// only); names are slash paths relative to dir, most authoritative first (FileRank), then by name.
func LicenseFilesIn(dir string, keep func(fs.DirEntry) bool) []string {
	var found []string
	scan := func(sub string) {
		entries, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(sub)))
		if err != nil {
			return
		}
		for _, e := range entries {
			if keep(e) && IsLicenseFile(e.Name()) && FileRank(e.Name()) >= 0 {
				found = append(found, path.Join(sub, e.Name()))
			}
		}
	}
	scan("")
	if strings.HasSuffix(dir, ".dist-info") {
		scan("licenses")
	}
	sort.SliceStable(found, func(i, j int) bool {
		ri, rj := FileRank(path.Base(found[i])), FileRank(path.Base(found[j]))
		if ri != rj {
			return ri < rj
		}
		return found[i] < found[j]
	})
	return found
}
