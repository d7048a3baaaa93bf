package detect

import (
	"path"
	"slices"
	"strings"
)

// FileKind says what license evidence a file name suggests.
type FileKind uint8

const (
	// NotLicenseFile names a file that is not license evidence.
	NotLicenseFile FileKind = iota
	// LicenseFile names a file holding license terms: LICENSE, COPYING, …
	LicenseFile
	// NoticeFile names an attribution file (NOTICE, THIRD-PARTY-NOTICES, …):
	// it may list the licenses of bundled components but is not the
	// package's own license.
	NoticeFile
)

// Ranks returned by FileRank, most authoritative first.
const (
	rankPrimary     = 0 // LICENSE, LICENCE, COPYING, UNLICENSE (+ .txt/.md/…)
	rankNamed       = 1 // LICENSE-MIT, MIT-LICENSE, LICENSE.APACHE, COPYING.LESSER
	rankVariant     = 2 // LICENSE.docs, LICENSE-fonts, COPYRIGHT, PATENTS
	rankComponent   = 3 // foo.LICENSE, foo.js.LICENSE.txt
	rankNotice      = 4 // NOTICE
	rankThirdParty  = 5 // THIRD-PARTY-NOTICES, LICENSE-3rdparty.csv
	rankNotEvidence = -1
)

// licenseStems are the base names (upper case) of license files, longest
// first so that NOTICES is tried before NOTICE.
var licenseStems = []struct {
	stem string
	rank int
}{
	{"UNLICENSE", rankPrimary}, {"UNLICENCE", rankPrimary}, {"COPYRIGHT", rankVariant},
	{"LICENSE", rankPrimary}, {"LICENCE", rankPrimary}, {"COPYING", rankPrimary},
	{"NOTICES", rankNotice}, {"PATENTS", rankVariant}, {"NOTICE", rankNotice}, {"LEGAL", rankVariant},
}

// textExtensions may end a license file name without changing its rank.
var textExtensions = map[string]bool{
	"": true, ".TXT": true, ".MD": true, ".MARKDOWN": true, ".RST": true, ".TEXT": true,
	".ADOC": true, ".ASCIIDOC": true, ".ORG": true, ".HTML": true, ".HTM": true,
}

// codeExtensions end names that are source or data files, never license
// texts, even when called license.go or LICENSE.json.
var codeExtensions = map[string]bool{
	".GO": true, ".JS": true, ".MJS": true, ".CJS": true, ".TS": true, ".TSX": true, ".JSX": true,
	".PY": true, ".PYC": true, ".RB": true, ".RS": true, ".JAVA": true, ".KT": true, ".C": true,
	".H": true, ".CC": true, ".CPP": true, ".HPP": true, ".CS": true, ".SWIFT": true, ".PHP": true,
	".SH": true, ".PS1": true, ".JSON": true, ".YAML": true, ".YML": true, ".TOML": true,
	".XML": true, ".CSS": true, ".SCSS": true, ".VUE": true, ".SVELTE": true, ".MAP": true,
	".PNG": true, ".SVG": true, ".JPG": true, ".GIF": true, ".ICO": true, ".PDF": true,
	".TMPL": true, ".TPL": true, ".LOCK": true, ".SUM": true, ".MOD": true, ".CSV": true,
	".EXE": true, ".DLL": true, ".SO": true, ".CLASS": true, ".JAR": true, ".O": true, ".A": true,
}

// thirdPartyMarkers in a name mark aggregated notices of bundled
// components.
var thirdPartyMarkers = []string{"THIRD-PARTY", "THIRD_PARTY", "THIRDPARTY", "3RDPARTY", "3RD-PARTY", "3RD_PARTY"}

// FileKindOf classifies a file name (a base name or a slash-separated path).
func FileKindOf(name string) FileKind {
	rank := FileRank(name)
	switch {
	case rank < 0:
		return NotLicenseFile
	case rank >= rankNotice:
		return NoticeFile
	}
	return LicenseFile
}

// IsLicenseFile reports whether name is license evidence: a license file
// (LICENSE*, LICENCE*, COPYING*, UNLICENSE, LICENSE-MIT, MIT-LICENSE,
// foo.LICENSE, …) or a notice file (NOTICE*, THIRD-PARTY-NOTICES, …,
// which FileKindOf flags as NoticeFile).
func IsLicenseFile(name string) bool {
	return FileRank(name) >= 0
}

// IsNoticeFile reports whether name is an attribution or third-party
// notice file rather than a license file.
func IsNoticeFile(name string) bool {
	return FileKindOf(name) == NoticeFile
}

// FileRank ranks license evidence file names: lower is more authoritative
// for the license of the directory holding the file, and -1 means name is
// not license evidence. The primary license files of a package directory
// are those sharing the lowest rank (LICENSE-APACHE and LICENSE-MIT of a
// dual-licensed crate both rank 1).
//
//	0  LICENSE, LICENCE, COPYING, UNLICENSE, with or without .txt/.md/…
//	1  a license file naming its license: LICENSE-MIT, MIT-LICENSE, COPYING.LESSER
//	2  variants and companions: LICENSE.docs, COPYRIGHT, PATENTS, LEGAL
//	3  a component's license: jquery.LICENSE, bundle.js.LICENSE.txt
//	4  NOTICE
//	5  aggregated third-party notices: THIRD-PARTY-NOTICES, LICENSE-3rdparty.csv
func FileRank(name string) int {
	p := path.Clean(strings.ReplaceAll(name, "\\", "/"))
	base := strings.ToUpper(path.Base(p))
	if base == "" || base == "." || base == "/" || base == ".." {
		return rankNotEvidence
	}
	if dir := strings.ToUpper(path.Base(path.Dir(p))); dir == "LICENSES" || dir == "LICENCES" {
		// REUSE layout: LICENSES/<SPDX id>.txt holds each license used.
		if ext := path.Ext(base); textExtensions[ext] || !codeExtensions[ext] {
			return rankNamed
		}
	}
	for _, m := range thirdPartyMarkers {
		if strings.Contains(base, m) && (strings.Contains(base, "LICEN") || strings.Contains(base, "NOTICE")) {
			return rankThirdParty
		}
	}
	ext := path.Ext(base)
	if codeExtensions[ext] {
		return rankNotEvidence
	}
	stem := base
	if textExtensions[ext] {
		stem = strings.TrimSuffix(base, ext)
	}
	for _, ls := range licenseStems {
		if stem == ls.stem {
			return ls.rank
		}
	}
	return rankCompound(stem)
}

// rankCompound ranks names combining a license stem with other words.
func rankCompound(stem string) int {
	for _, ls := range licenseStems {
		s, r := ls.stem, ls.rank
		switch {
		case strings.HasPrefix(stem, s) && isNameSeparator(stem[len(s)]):
			// LICENSE-MIT, LICENSE.APACHE, COPYING.LESSER; LICENSE.docs …
			if r == rankPrimary && namesLicense(stem[len(s)+1:]) {
				return rankNamed
			}
			return max(r, rankVariant)
		case strings.HasSuffix(stem, s) && len(stem) > len(s):
			before := stem[len(stem)-len(s)-1]
			if before == '.' && r == rankPrimary {
				return rankComponent // foo.LICENSE, bundle.js.LICENSE
			}
			if isNameSeparator(before) && r == rankPrimary {
				return rankNamed // MIT-LICENSE, APACHE_LICENSE
			}
			if isNameSeparator(before) && r == rankNotice {
				return rankNotice
			}
		}
	}
	return rankNotEvidence
}

// isNameSeparator is a character joining the words of a license file name.
func isNameSeparator(c byte) bool {
	return c == '-' || c == '_' || c == '.' || c == ' '
}

// licenseNameWords start the suffix of a license file name that names its
// license (LICENSE-MIT, LICENSE.APACHE-2.0, COPYING.LESSER, COPYING.LIB).
var licenseNameWords = []string{
	"MIT", "APACHE", "ASL", "BSD", "0BSD", "ISC", "GPL", "LGPL", "AGPL", "GFDL", "LESSER", "LIB", "MPL",
	"EPL", "EUPL", "CDDL", "ZLIB", "UNLICENSE", "CC0", "CC-BY", "BOOST", "BSL", "PSF", "PYTHON", "OFL",
	"ARTISTIC", "WTFPL", "UPL", "EXPAT", "X11", "UNICODE", "ELASTIC", "SSPL", "BUSL", "POLYFORM", "MS-PL",
}

// namesLicense reports whether a file name suffix names a license.
func namesLicense(suffix string) bool {
	for _, w := range licenseNameWords {
		if rest, ok := strings.CutPrefix(suffix, w); ok && (rest == "" || !isLetter(rest[0])) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }

// PrimaryLicenseFiles returns, sorted, the names among names that share the
// lowest FileRank: the files that state the license of the directory they
// list. It returns nil when none is license evidence.
func PrimaryLicenseFiles(names []string) []string {
	best := -1
	for _, n := range names {
		if r := FileRank(n); r >= 0 && (best < 0 || r < best) {
			best = r
		}
	}
	if best < 0 {
		return nil
	}
	var out []string
	for _, n := range names {
		if FileRank(n) == best {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
