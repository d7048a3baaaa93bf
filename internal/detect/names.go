package detect

import (
	"encoding/binary"
	"slices"
	"strings"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
)

// nameIndex maps license names as people write them in notices ("Apache
// License, Version 2.0", "MIT", "BSD 3-Clause", "CC BY-NC 4.0") to SPDX or
// LicenseRef ids, matched word by word.
type nameIndex struct {
	ids      map[string]string // packed word-id sequence → license id
	prefixes map[string]bool   // proper prefixes of the keys of ids
	maxLen   int
}

// nameAliases are common ways of writing license names that neither the
// SPDX id nor the SPDX full name spells out. GNU licenses are handled by the
// GNU notice scanner and are not listed.
var nameAliases = map[string][]string{
	"Apache-2.0": {"Apache License Version 2.0", "Apache 2.0", "Apache 2", "Apache v2", "Apache2",
		"ASL 2.0", "ASL2", "ALv2", "Apache Software License 2.0", "Apache Software License Version 2.0",
		"Apache Public License 2.0"},
	"MIT":          {"MIT", "Expat", "MIT Expat"},
	"BSD-2-Clause": {"BSD 2-Clause", "2-Clause BSD", "Simplified BSD", "FreeBSD", "BSD-2"},
	"BSD-3-Clause": {"BSD 3-Clause", "3-Clause BSD", "New BSD", "Modified BSD", "Revised BSD", "BSD-3", "BSD New"},
	"0BSD":         {"Zero-Clause BSD", "BSD Zero Clause", "BSD 0-Clause"},
	"MPL-2.0": {"MPL 2.0", "MPL v2", "MPL2", "Mozilla Public License v. 2.0", "Mozilla Public License Version 2.0",
		"Mozilla Public License v2.0"},
	"EPL-1.0": {"EPL 1.0", "EPL v1", "Eclipse Public License v1.0", "Eclipse Public License Version 1.0"},
	"EPL-2.0": {"EPL 2.0", "EPL v2", "Eclipse Public License v2.0", "Eclipse Public License v 2.0",
		"Eclipse Public License Version 2.0"},
	"EUPL-1.2":        {"EUPL 1.2", "EUPL v1.2", "European Union Public Licence v. 1.2", "European Union Public License 1.2"},
	"BSL-1.0":         {"Boost Software License Version 1.0", "Boost License"},
	"BUSL-1.1":        {"BUSL 1.1", "BSL 1.1", "Business Source License Version 1.1"},
	"Elastic-2.0":     {"Elastic License v2", "ELv2", "Elastic License Version 2.0"},
	"SSPL-1.0":        {"SSPL", "SSPL v1", "Server Side Public License", "Server Side Public License v1", "Server Side Public License Version 1"},
	"Unlicense":       {"The Unlicense"},
	"CC0-1.0":         {"CC0", "Creative Commons Zero", "CC Zero"},
	"Unicode-3.0":     {"Unicode License v3", "Unicode License Version 3"},
	"PSF-2.0":         {"Python Software Foundation License", "PSF"},
	"OFL-1.1":         {"OFL 1.1", "SIL Open Font License 1.1", "SIL OFL 1.1"},
	"Artistic-2.0":    {"Artistic License 2.0"},
	"Zlib":            {"zlib/libpng"},
	"FSL-1.1-MIT":     {"Functional Source License Version 1.1 MIT Future License"},
	"FSL-1.1-ALv2":    {"Functional Source License Version 1.1 Apache 2.0 Future License"},
	"Hippocratic-2.1": {"Hippocratic License 2.1"},

	"LicenseRef-Commons-Clause":              {"Commons Clause"},
	"LicenseRef-PolyForm-Shield-1.0.0":       {"PolyForm Shield", "PolyForm Shield License 1.0.0"},
	"LicenseRef-PolyForm-Perimeter-1.0.0":    {"PolyForm Perimeter", "PolyForm Perimeter License 1.0.0"},
	"LicenseRef-PolyForm-Internal-Use-1.0.0": {"PolyForm Internal Use", "PolyForm Internal Use License 1.0.0"},
	"LicenseRef-PolyForm-Free-Trial-1.0.0":   {"PolyForm Free Trial", "PolyForm Free Trial License 1.0.0"},
	"LicenseRef-PolyForm-Strict-1.0.0":       {"PolyForm Strict", "PolyForm Strict License 1.0.0"},
	"PolyForm-Noncommercial-1.0.0":           {"PolyForm Noncommercial"},
	"PolyForm-Small-Business-1.0.0":          {"PolyForm Small Business"},
	"LicenseRef-Elastic-License-1.0":         {"Elastic License 1.0"},
	"LicenseRef-Confluent-Community-1.0":     {"Confluent Community License", "Confluent Community License Version 1.0"},
	"LicenseRef-RSAL-2.0":                    {"Redis Source Available License 2.0", "RSALv2", "RSAL 2.0"},
}

// newNameIndex indexes every active SPDX id and full name of the list
// (except the GNU families) and nameAliases. It grows the vocabulary.
func newNameIndex(v *vocabulary, names map[string]string) *nameIndex {
	ni := &nameIndex{ids: make(map[string]string), prefixes: make(map[string]bool)}
	for id, name := range names {
		if _, gnu := parseGNUText(id); gnu {
			continue
		}
		if active, _ := spdxlicenses.IsActiveLicense(id); !active {
			continue
		}
		ni.add(v, id, id)
		ni.add(v, strings.TrimPrefix(name, "The "), id)
	}
	for id, aliases := range nameAliases {
		for _, a := range aliases {
			ni.add(v, a, id)
		}
	}
	return ni
}

func (ni *nameIndex) add(v *vocabulary, name, id string) {
	seq := v.sequence(name)
	if len(seq) == 0 {
		return
	}
	key := packWords(nil, seq)
	if old, dup := ni.ids[string(key)]; dup && old != id {
		// Two licenses share a written name: it identifies neither.
		ni.ids[string(key)] = ""
		return
	}
	ni.ids[string(key)] = id
	ni.maxLen = max(ni.maxLen, len(seq))
	for n := 4; n < len(key); n += 4 {
		ni.prefixes[string(key[:n])] = true
	}
}

func packWords(dst []byte, ids []uint32) []byte {
	for _, id := range ids {
		dst = binary.LittleEndian.AppendUint32(dst, id)
	}
	return dst
}

// match appends, longest first, every license name that is a word
// sequence starting at word i, as (id, end) pairs.
func (ni *nameIndex) match(toks []token, i int, out []nameHit) []nameHit {
	var buf [4 * 16]byte
	key := buf[:0]
	start := len(out)
	for j := i; j < len(toks) && j-i < ni.maxLen; j++ {
		if toks[j].id == 0 {
			break
		}
		key = binary.LittleEndian.AppendUint32(key, toks[j].id)
		if id, ok := ni.ids[string(key)]; ok && id != "" {
			out = append(out, nameHit{id, j + 1})
		}
		if !ni.prefixes[string(key)] {
			break
		}
	}
	slices.Reverse(out[start:])
	return out
}

// nameHit is a license name found in a text.
type nameHit struct {
	id  string
	end int
}
