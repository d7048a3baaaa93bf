package licenses

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// match is a recognised license name.
type match struct {
	expr      string // SPDX expression text; "" when ambiguous
	note      string // judgment call to report, or ""
	ambiguous bool   // names a family without saying which member, and no LicenseRef covers it
}

// family is a versioned license family ("Apache 2.0", "GPLv3+", ...).
type family struct {
	prefix   string   // SPDX id prefix, e.g. "GPL", "Apache", "CC-BY"
	versions []string // versions that exist on the SPDX list
	gnu      bool     // ids carry -only / -or-later
	unspec   string   // LicenseRef for a missing or ambiguous version; "" means Unknown
}

var families = map[string]family{
	"gpl":      {prefix: "GPL", versions: []string{"1.0", "2.0", "3.0"}, gnu: true, unspec: RefGPL},
	"lgpl":     {prefix: "LGPL", versions: []string{"2.0", "2.1", "3.0"}, gnu: true, unspec: RefLGPL},
	"agpl":     {prefix: "AGPL", versions: []string{"1.0", "3.0"}, gnu: true, unspec: RefAGPL},
	"gfdl":     {prefix: "GFDL", versions: []string{"1.1", "1.2", "1.3"}, gnu: true, unspec: RefGFDL},
	"apache":   {prefix: "Apache", versions: []string{"1.0", "1.1", "2.0"}, unspec: RefApache},
	"mpl":      {prefix: "MPL", versions: []string{"1.0", "1.1", "2.0"}, unspec: RefMPL},
	"epl":      {prefix: "EPL", versions: []string{"1.0", "2.0"}, unspec: RefEPL},
	"cddl":     {prefix: "CDDL", versions: []string{"1.0", "1.1"}, unspec: RefCDDL},
	"afl":      {prefix: "AFL", versions: []string{"1.1", "1.2", "2.0", "2.1", "3.0"}, unspec: RefAFL},
	"artistic": {prefix: "Artistic", versions: []string{"1.0", "2.0"}, unspec: RefArtistic},
	"zpl":      {prefix: "ZPL", versions: []string{"1.1", "2.0", "2.1"}, unspec: RefZPL},
	"eupl":     {prefix: "EUPL", versions: []string{"1.0", "1.1", "1.2"}},
	"osl":      {prefix: "OSL", versions: []string{"1.0", "1.1", "2.0", "2.1", "3.0"}},
	"ofl":      {prefix: "OFL", versions: []string{"1.0", "1.1"}},
	"apsl":     {prefix: "APSL", versions: []string{"1.0", "1.1", "1.2", "2.0"}},
	"efl":      {prefix: "EFL", versions: []string{"1.0", "2.0"}},
	"npl":      {prefix: "NPL", versions: []string{"1.0", "1.1"}},
	"cc-by":    {prefix: "CC-BY", versions: []string{"1.0", "2.0", "2.5", "3.0", "4.0"}},
	"cc-by-sa": {prefix: "CC-BY-SA", versions: []string{"1.0", "2.0", "2.5", "3.0", "4.0"}},
	"bsl":      {prefix: "BSL", versions: []string{"1.0"}},
	"psf":      {prefix: "PSF", versions: []string{"2.0"}},
	"upl":      {prefix: "UPL", versions: []string{"1.0"}},
	"cpl":      {prefix: "CPL", versions: []string{"1.0"}},
	"ipl":      {prefix: "IPL", versions: []string{"1.0"}},
	"spl":      {prefix: "SPL", versions: []string{"1.0"}},
	"blueoak":  {prefix: "BlueOak", versions: []string{"1.0.0"}},
}

// aliases maps name keys (see nameKey) to expressions.
var aliases = map[string]string{
	"mit": "MIT", "expat": "MIT", "mit no attribution": "MIT-0", "x11": "X11",
	"isc": "ISC", "iscl": "ISC", "zlib": "Zlib", "zlib libpng": "Zlib",
	"unlicense": "Unlicense", "wtfpl": "WTFPL", "do what the fuck you want to public": "WTFPL",
	"postgresql": "PostgreSQL", "ncsa": "NCSA", "university of illinois ncsa open source": "NCSA",
	"cc0": "CC0-1.0", "cc0 1.0": "CC0-1.0", "cc0 1.0 universal": "CC0-1.0", "creative commons zero": "CC0-1.0",
	"cc0 1.0 universal cc0 1.0 public domain dedication": "CC0-1.0", "0bsd": "0BSD",
	"public domain": RefPublicDomain, "attribution assurance": "AAL", "intel open source": "Intel",
	"nokia open source": "Nokia", "nokia open source nokos": "Nokia", "open group test suite": "OGTSL",
	"qt public": "QPL-1.0", "ricoh source code public": "RSCPL", "vovida software 1.0": "VSL-1.0",
	"x.net": "Xnet", "aladdin free public": "Aladdin", "nethack general public": "NGPL",
	"python cnri python": "CNRI-Python", "cnri python": "CNRI-Python", "commons clause": RefCommonsClause,
	"free for non commercial use": RefNonCommercial, "free for educational use": RefNonCommercial,
	"free for home use": RefNonCommercial, "non commercial": RefNonCommercial, "noncommercial": RefNonCommercial,
	"polyform shield 1.0.0": "LicenseRef-PolyForm-Shield-1.0.0", "polyform perimeter 1.0.0": "LicenseRef-PolyForm-Perimeter-1.0.0",
	"polyform internal use 1.0.0": "LicenseRef-PolyForm-Internal-Use-1.0.0", "polyform strict 1.0.0": "LicenseRef-PolyForm-Strict-1.0.0",
	"polyform free trial 1.0.0": "LicenseRef-PolyForm-Free-Trial-1.0.0",
}

// notedAliases are aliases that are judgment calls, reported in the Note.
var notedAliases = map[string]match{
	"mit x11":   {expr: "MIT", note: `"MIT/X11" names the MIT license (also known as the X11 license); read as MIT`},
	"mit style": {expr: RefMITStyle, note: "an MIT-style license with unknown wording; read as " + RefMITStyle},
	"bsd style": {expr: RefBSD, note: "a BSD-style license with unknown wording; read as " + RefBSD},
}

// phrases rewrite multi-word names to family keys; longest first.
var phrases = sortedPhrases(map[string]string{
	"gnu affero general public": "agpl", "affero general public": "agpl", "affero gpl": "agpl", "gnu agpl": "agpl",
	"gnu library or lesser general public": "lgpl", "library or lesser general public": "lgpl",
	"gnu lesser general public": "lgpl", "lesser general public": "lgpl", "gnu library general public": "lgpl",
	"library general public": "lgpl", "gnu lgpl": "lgpl", "lesser gpl": "lgpl",
	"gnu general public": "gpl", "general public": "gpl", "gnu gpl": "gpl",
	"gnu free documentation": "gfdl", "free documentation": "gfdl", "gnu fdl": "gfdl", "fdl": "gfdl",
	"mozilla public": "mpl", "mozilla": "mpl", "eclipse public": "epl", "eclipse": "epl",
	"common development and distribution": "cddl", "apache software foundation": "apache",
	"apache software": "apache", "asl": "apache", "academic free": "afl", "boost software": "bsl", "boost": "bsl",
	"zope public": "zpl", "zope": "zpl", "python software foundation": "psf", "psfl": "psf",
	"european union public": "eupl", "open software": "osl", "sil open font": "ofl", "open font": "ofl",
	"apple public source": "apsl", "eiffel forum": "efl", "netscape public": "npl", "common public": "cpl",
	"ibm public": "ipl", "sun public": "spl", "universal permissive": "upl", "blue oak model": "blueoak",
	"creative commons attribution share alike": "cc-by-sa", "creative commons attribution sharealike": "cc-by-sa",
	"creative commons attribution": "cc-by", "cc by sa": "cc-by-sa", "cc by": "cc-by",
	"new bsd": "bsd 3", "bsd new": "bsd 3", "modified bsd": "bsd 3", "revised bsd": "bsd 3", "bsd revised": "bsd 3",
	"3 clause bsd": "bsd 3", "three clause bsd": "bsd 3", "bsd three clause": "bsd 3",
	"simplified bsd": "bsd 2", "bsd simplified": "bsd 2", "2 clause bsd": "bsd 2", "two clause bsd": "bsd 2",
	"bsd two clause": "bsd 2", "original bsd": "bsd 4", "bsd original": "bsd 4", "old bsd": "bsd 4",
	"4 clause bsd": "bsd 4", "four clause bsd": "bsd 4", "zero clause bsd": "bsd 0", "0 clause bsd": "bsd 0",
	"bsd like": "bsd style", "bsdish": "bsd style", "mit like": "mit style",
})

type phrase struct{ from, to string }

func sortedPhrases(m map[string]string) []phrase {
	var out []phrase
	for k, v := range m {
		out = append(out, phrase{" " + k + " ", " " + v + " "})
	}
	slices.SortFunc(out, func(a, b phrase) int { return len(b.from) - len(a.from) })
	return out
}

var fillers = map[string]bool{
	"the": true, "license": true, "licence": true, "licensed": true, "licenses": true, "version": true,
	"ver": true, "vers": true, "v": true, "agreement": true,
}

var orLaterSuffixes = map[string]bool{
	"+": true, "or later": true, "or any later": true, "or newer": true, "or greater": true, "or above": true,
	"and later": true, "and above": true, "later": true, "plus": true, "or higher": true, "or later +": true,
}

var (
	reSplitFamily = regexp.MustCompile(`^(gpl|lgpl|agpl|gfdl|fdl|apache|mpl|epl|cddl|afl|osl|eupl|bsd|zpl|ofl|asl|artistic)v?(\d[\d.]*)$`)
	reVersion     = regexp.MustCompile(`^v?(\d+(?:\.\d+)*)$`)
	reNonWord     = regexp.MustCompile(`[^a-z0-9.+]+`)
)

// nameKey reduces a license name to lower-case tokens without filler words,
// e.g. "The Apache Software License, Version 2.0" -> "apache software 2.0".
func nameKey(s string) string {
	var toks []string
	for _, t := range strings.Fields(reNonWord.ReplaceAllString(strings.ToLower(s), " ")) {
		toks = append(toks, splitToken(strings.Trim(t, "."))...)
	}
	toks = mergeNumbers(toks)
	out := toks[:0]
	for _, t := range toks {
		if !fillers[t] {
			out = append(out, t)
		}
	}
	return strings.Join(out, " ")
}

// splitToken separates a trailing "+", a "v" before a version and a
// version glued to a family name ("gplv3+" -> "gpl", "3", "+").
func splitToken(t string) []string {
	var plus []string
	for strings.HasSuffix(t, "+") {
		t, plus = strings.TrimSuffix(t, "+"), append(plus, "+")
	}
	var out []string
	switch m := reSplitFamily.FindStringSubmatch(t); {
	case t == "":
	case m != nil:
		out = []string{m[1], m[2]}
	case reVersion.MatchString(t):
		out = []string{reVersion.FindStringSubmatch(t)[1]}
	default:
		out = []string{t}
	}
	return append(out, plus...)
}

// mergeNumbers joins "2", "0" into "2.0" (URL slugs like "apache-2-0").
func mergeNumbers(toks []string) []string {
	var out []string
	for _, t := range toks {
		if n := len(out); n > 0 && isInteger(t) && isInteger(out[n-1]) {
			out[n-1] += "." + t
			continue
		}
		out = append(out, t)
	}
	return out
}

func isInteger(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func applyPhrases(key string) string {
	s := " " + key + " "
	for _, p := range phrases {
		s = strings.ReplaceAll(s, p.from, p.to)
	}
	return strings.TrimSpace(s)
}

// recognizeName maps a license name (one license, no list) to an SPDX
// expression: aliases over the whole text first, then the text without its
// parenthesised parts ("The MIT License (MIT)"), then each parenthesised
// part ("… (CeCILL-2.1)").
func recognizeName(s string) (match, bool) {
	if !balanced(s) {
		return match{}, false
	}
	main, parens := splitParens(s)
	if m, ok := recognizeKey(nameKey(s), s); ok { // aliases over the whole text, parentheses included
		return m, true
	}
	m, ok := recognizeKey(nameKey(main), s)
	if ok && !m.ambiguous {
		return m, true
	}
	for _, p := range parens {
		if pm, pok := recognizeKey(nameKey(p), s); pok && !pm.ambiguous {
			return pm, true
		}
		if n, err := spdx.Parse(p); err == nil && len(n.Leaves()) == 1 {
			return match{expr: n.String()}, true
		}
	}
	return m, ok
}

// recognizeKey tries aliases, families and SPDX ids on a name key.
func recognizeKey(key, orig string) (match, bool) {
	if key == "" {
		return match{}, false
	}
	for _, k := range []string{key, applyPhrases(key)} {
		if e, ok := aliases[k]; ok {
			return match{expr: e}, true
		}
		if m, ok := notedAliases[k]; ok {
			return m, true
		}
	}
	toks := strings.Fields(applyPhrases(key))
	if m, ok := matchFamily(toks, orig); ok {
		return m, true
	}
	return matchJoinedID(toks, orig)
}

// matchJoinedID reads tokens as a hyphenated SPDX id ("bsd 3 clause").
func matchJoinedID(toks []string, orig string) (match, bool) {
	id := strings.Join(toks, "-")
	id = strings.ReplaceAll(id, "-+", "+")
	if strings.ContainsAny(id, " ") || id == "" {
		return match{}, false
	}
	n, err := spdx.Parse(id)
	if err != nil || n.Op != spdx.License {
		return match{}, false
	}
	m := match{expr: n.String()}
	if len(n.Rewrites()) > 0 {
		m.note = fmt.Sprintf("%q read as %s", orig, m.expr)
	}
	return m, true
}

// matchFamily recognises "<family> [version] [only|or later|+]".
func matchFamily(toks []string, orig string) (match, bool) {
	if len(toks) == 0 {
		return match{}, false
	}
	if toks[0] == "bsd" {
		return matchBSD(toks[1:], orig)
	}
	f, ok := families[toks[0]]
	if !ok {
		return match{}, false
	}
	rest, version := toks[1:], ""
	if len(rest) > 0 && reVersion.MatchString(rest[0]) {
		version, rest = rest[0], rest[1:]
	}
	suffix := strings.Join(rest, " ")
	orLater, only := orLaterSuffixes[suffix], suffix == "only"
	if suffix != "" && !orLater && !only {
		return match{}, false
	}
	return f.resolve(version, orLater, only, orig)
}

// resolve picks the family member for a version ("" when not given).
func (f family) resolve(version string, orLater, only bool, orig string) (match, bool) {
	cands := f.candidates(version)
	switch {
	case version != "" && len(cands) == 0:
		return match{}, false
	case len(cands) > 1 && orLater && f.gnu && version != "":
		cands = cands[:1] // "LGPLv2+": 2.0 or later covers 2.1
	case len(cands) > 1:
		return f.unspecified(orig, version)
	}
	id := f.prefix + "-" + cands[0]
	if f.gnu {
		return f.gnuID(id, orLater, only, orig), true
	}
	if orLater {
		id += "+"
	}
	return match{expr: id}, true
}

func (f family) candidates(version string) []string {
	if version == "" {
		return f.versions
	}
	var out []string
	for _, v := range f.versions {
		if v == version || (isInteger(version) && strings.HasPrefix(v, version+".")) {
			out = append(out, v)
		}
	}
	return out
}

func (f family) unspecified(orig, version string) (match, bool) {
	what := fmt.Sprintf("%q does not say which %s version", orig, f.prefix)
	if version != "" {
		what = fmt.Sprintf("%q: version %s could be any of %s %s", orig, version, f.prefix,
			strings.Join(f.candidates(version), ", "))
	}
	if f.unspec == "" {
		return match{ambiguous: true, note: what}, true
	}
	return match{expr: f.unspec, note: what + "; read as " + f.unspec}, true
}

func (f family) gnuID(id string, orLater, only bool, orig string) match {
	switch {
	case orLater:
		return match{expr: id + "-or-later"}
	case only:
		return match{expr: id + "-only"}
	}
	return match{expr: id + "-only",
		note: fmt.Sprintf(`%q does not say "only" or "or later"; read as %s-only`, orig, id)}
}

// matchBSD recognises "bsd", "bsd 3", "bsd 3 clause", "bsd 2 clause", ...
func matchBSD(rest []string, orig string) (match, bool) {
	if len(rest) == 0 {
		return match{expr: RefBSD, note: fmt.Sprintf("%q does not say which BSD license; read as %s", orig, RefBSD)}, true
	}
	if len(rest) == 2 && rest[1] == "clause" || len(rest) == 1 {
		switch rest[0] {
		case "0":
			return match{expr: "0BSD"}, true
		case "1", "2", "3", "4":
			return match{expr: "BSD-" + rest[0] + "-Clause"}, true
		case "style":
			return notedAliases["bsd style"], true
		}
	}
	return match{}, false
}

// splitParens returns s without parenthesised groups, and their contents.
func splitParens(s string) (string, []string) {
	var main strings.Builder
	var groups []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case r == '(':
			if depth == 0 {
				start = i + 1
			}
			depth++
		case r == ')' && depth > 0:
			depth--
			if depth == 0 {
				groups = append(groups, s[start:i])
			}
		case depth == 0:
			main.WriteRune(r)
		}
	}
	return main.String(), groups
}
