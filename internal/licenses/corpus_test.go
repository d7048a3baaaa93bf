package licenses

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const corpusDir = "../../../shared/corpus"

// declaredInManifest returns the license values of a package.json or of
// every package of a package-lock.json.
func declaredInManifest(b []byte) [][]string {
	type pkg struct {
		License  json.RawMessage   `json:"license"`
		Licenses []json.RawMessage `json:"licenses"`
	}
	var doc struct {
		pkg
		Packages map[string]pkg `json:"packages"`
	}
	if json.Unmarshal(b, &doc) != nil {
		return nil
	}
	var out [][]string
	for _, p := range append([]pkg{doc.pkg}, mapValues(doc.Packages)...) {
		var vals []string
		for _, raw := range append([]json.RawMessage{p.License}, p.Licenses...) {
			if len(raw) > 0 {
				var s string
				if json.Unmarshal(raw, &s) != nil {
					s = string(raw) // {"type": ...} objects are normalised as JSON text
				}
				vals = append(vals, s)
			}
		}
		if len(vals) > 0 {
			out = append(out, vals)
		}
	}
	return out
}

func mapValues[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestCorpusDeclaredValues normalises every license declared in the npm
// manifests and lockfiles of the shared corpus of real projects.
func TestCorpusDeclaredValues(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	counts := map[Status]int{}
	byOriginal := map[string]Normalized{}
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (d.Name() != "package.json" && d.Name() != "package-lock.json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, vals := range declaredInManifest(b) {
			n := NormalizeAll(vals)
			checkInvariants(t, n)
			counts[n.Status]++
			byOriginal[n.Original] = n
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	total := counts[Valid] + counts[Unknown] + counts[Invalid]
	t.Logf("corpus: %d declared values: %d valid, %d unknown, %d invalid", total, counts[Valid], counts[Unknown], counts[Invalid])
	if total < 2000 || counts[Invalid] != 0 || float64(counts[Valid]) < 0.995*float64(total) {
		t.Errorf("corpus: %d values, %d valid, %d unknown, %d invalid", total, counts[Valid], counts[Unknown], counts[Invalid])
	}
	for raw, want := range map[string]string{
		"MIT/X11": "MIT", "Apache 2.0": "Apache-2.0", "Apache License 2.0": "Apache-2.0", "BSD-like": RefBSD,
		"(BSD-3-Clause OR GPL-2.0)": "BSD-3-Clause OR GPL-2.0-only", "WTFPL OR ISC": "WTFPL OR ISC",
	} {
		if got := byOriginal[raw]; got.Expression != want {
			t.Errorf("corpus value %q normalised to %s %q, want %q", raw, got.Status, got.Expression, want)
		}
	}
	for raw, n := range byOriginal {
		if n.Status == Unknown && !strings.HasPrefix(raw, "SEE LICENSE IN") && !strings.HasPrefix(raw, "Standard 'no charge'") {
			t.Errorf("corpus value %q is unknown: %s", raw, n.Note)
		}
	}
}
