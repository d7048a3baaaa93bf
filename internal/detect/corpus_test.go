package detect

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/github/go-spdx/v2/spdxexp"
)

// corpusDir holds real projects' license files (read-only, shared).
const corpusDir = "../../../shared/corpus"

// TestCorpusLicenseFiles classifies every license file of the shared
// corpus: nearly all must get an expression, every expression must parse,
// and known files must get their known licenses.
func TestCorpusLicenseFiles(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Fatalf("corpus not available: %v", err)
	}
	known := map[string]string{
		"go-pnpm-prometheus/LICENSE":                                                   "Apache-2.0",
		"go-vendor-containerd/vendor/go.yaml.in/yaml/v3/LICENSE":                       "MIT AND Apache-2.0",
		"go-vendor-containerd/vendor/github.com/davecgh/go-spew/LICENSE":               "ISC",
		"go-vendor-containerd/vendor/github.com/cyphar/filepath-securejoin/COPYING.md": "BSD-3-Clause AND MPL-2.0",
		"go-vendor-containerd/vendor/github.com/stefanberger/go-pkcs11uri/LICENSE":     "Apache-2.0",
		"rust-uv/test/ecosystem/flask/LICENSE.txt":                                     "BSD-3-Clause",
		"rust-uv/crates/uv-python/python/packaging/LICENSE.APACHE":                     "Apache-2.0",
		"rust-uv/test/ecosystem/sentry/LICENSE.md":                                     "FSL-1.1-ALv2",
	}
	d := Default()
	var files, withExpr int
	err := filepath.WalkDir(corpusDir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || FileKindOf(p) != LicenseFile {
			return err
		}
		text, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, corpusDir+string(filepath.Separator)))
		r := d.Classify(text)
		files++
		if r.Expression != "" {
			withExpr++
			if ok, bad := spdxexp.ValidateLicenses([]string{r.Expression}); !ok {
				t.Errorf("%s: invalid expression %q: %v", rel, r.Expression, bad)
			}
		} else {
			t.Logf("%s: no expression (coverage %.1f%%, notes %q)", rel, r.Coverage, r.Notes)
		}
		if want, ok := known[rel]; ok && r.Expression != want {
			t.Errorf("%s: got %q, want %q", rel, r.Expression, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	share := 100 * float64(withExpr) / float64(files)
	t.Logf("corpus: %d license files, %d (%.1f%%) with an expression", files, withExpr, share)
	if share < 97 {
		t.Errorf("only %.1f%% of corpus license files got an expression", share)
	}
}
