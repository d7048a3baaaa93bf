package detect

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/github/go-spdx/v2/spdxexp"

	"github.com/ospo-gate/ospo-gate/internal/detect/internal/norm"
)

func addTextSeeds(f *testing.F) {
	for _, p := range []string{"testdata/licenses/MIT.txt", "testdata/licenses/Apache-2.0.txt"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "(c)", "©", "Licensed under the MIT license.", "SPDX-License-Identifier: (MIT OR (Apache-2.0",
		"GPL-2.0+ GNU General Public License version 2 or later", "licence’s d'ae\xff\xfe (C) &",
		"Licensed under either of\n * MIT\n * Apache-2.0\nat your option",
	} {
		f.Add([]byte(s))
	}
}

// FuzzClassify checks Classify never panics, keeps matches inside the text
// and returns only expressions the policy parser accepts.
func FuzzClassify(f *testing.F) {
	addTextSeeds(f)
	d := Default()
	f.Fuzz(func(t *testing.T, text []byte) {
		r := d.Classify(text)
		for _, m := range r.Matches {
			if m.Start < 0 || m.End > len(text) || m.Start > m.End {
				t.Fatalf("match %+v outside [0, %d]", m, len(text))
			}
		}
		if r.Coverage < 0 || r.Coverage > 100 {
			t.Fatalf("coverage %v", r.Coverage)
		}
		if r.Expression != "" {
			if ok, bad := spdxexp.ValidateLicenses([]string{r.Expression}); !ok {
				t.Fatalf("invalid expression %q: %v", r.Expression, bad)
			}
		}
	})
}

// FuzzNormalizeExpression checks the tag parser never panics and that its
// output is valid and stable.
func FuzzNormalizeExpression(f *testing.F) {
	for _, s := range []string{"MIT", "mit or apache-2.0", "(MIT OR Apache-2.0) AND BSD-3-Clause", "GPL-2.0+ WITH Classpath-exception-2.0",
		"((", "MIT AND", "LicenseRef-x", "NOASSERTION"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := normalizeExpression(s)
		if err != nil || out == "" {
			return
		}
		again, err := normalizeExpression(out)
		if err != nil || again != out {
			t.Fatalf("normalizeExpression(%q) = %q, then %q, %v", s, out, again, err)
		}
		if ok, bad := spdxexp.ValidateLicenses([]string{out}); !ok && !strings.Contains(out, "Ref-") {
			t.Fatalf("normalizeExpression(%q) = %q: invalid %v", s, out, bad)
		}
	})
}

// FuzzFileRank checks file name classification never panics and is
// consistent.
func FuzzFileRank(f *testing.F) {
	for _, s := range []string{"LICENSE", "LICENSE-MIT", "a/b/NOTICE.txt", `x\COPYING.LESSER`, "LICENSES/MIT.txt", ".", "foo.LICENSE"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		r := FileRank(name)
		if r < -1 || r > rankThirdParty {
			t.Fatalf("FileRank(%q) = %d", name, r)
		}
		if IsLicenseFile(name) != (r >= 0) || IsNoticeFile(name) != (r >= rankNotice) {
			t.Fatalf("inconsistent classification of %q (rank %d)", name, r)
		}
	})
}

// FuzzNormScan checks the word splitter's offsets.
func FuzzNormScan(f *testing.F) {
	addTextSeeds(f)
	f.Fuzz(func(t *testing.T, text []byte) {
		last := 0
		norm.Scan(text, func(lo, hi int, w []byte) {
			if lo < last || hi <= lo || hi > len(text) || len(w) == 0 || len(w) > norm.MaxWordLen+4 {
				t.Fatalf("word %q at [%d, %d) after %d in %d bytes", w, lo, hi, last, len(text))
			}
			last = hi
		})
	})
}

// FuzzDecodeRefData checks the data decoder rejects corrupt input cleanly.
func FuzzDecodeRefData(f *testing.F) {
	zr, err := gzip.NewReader(bytes.NewReader(licenseData))
	if err != nil {
		f.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw[:4096])
	f.Add([]byte("ODTL\x01\x02\x01a\x01b"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := decodeRefData(b)
		if err != nil {
			return
		}
		for _, r := range d.refs {
			for _, w := range r.words {
				if w == 0 || int(w) > len(d.dict) {
					t.Fatalf("word id %d out of range", w)
				}
			}
		}
	})
}
