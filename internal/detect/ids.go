package detect

import (
	"regexp"
	"strings"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
)

// gnuRE parses the GNU license ids whose "only" / "or later" choice lives in
// a notice, not in the license text: GPL, LGPL, AGPL and GFDL with any
// suffix (plain, "+", "-only", "-or-later", and the GFDL invariants forms).
var gnuRE = regexp.MustCompile(`^(A?GPL|LGPL|GFDL)-(\d\.\d)(\+|-only|-or-later|-invariants-only|-invariants-or-later|-no-invariants-only|-no-invariants-or-later)?$`)

// gnuText is the family and version of a GNU license text whose only /
// or-later choice is still open, e.g. {"GPL", "3.0"}.
type gnuText struct {
	family, version string
}

func (g gnuText) id(suffix string) string { return g.family + "-" + g.version + suffix }

// parseGNUText reports whether id names a GNU license text (in any of its
// spellings) and returns its family and version.
func parseGNUText(id string) (gnuText, bool) {
	m := gnuRE.FindStringSubmatch(id)
	if m == nil || !knownVersion(m[1], m[2]) || m[1] != "GFDL" && strings.Contains(m[3], "invariants") {
		return gnuText{}, false
	}
	return gnuText{family: m[1], version: m[2]}, true
}

// licensecheckOnly maps the non-SPDX ids of licensecheck v0.3.1 to the
// LicenseRef ids this package reports; an empty value drops the match
// (it is reported through its parts instead).
var licensecheckOnly = map[string]string{
	"Aladdin-9":                "LicenseRef-Aladdin-9",
	"Anti996":                  "LicenseRef-Anti996",
	"BSD-1-Clause-Clear":       "LicenseRef-BSD-1-Clause-Clear",
	"BSD-3-Clause-NoTrademark": "LicenseRef-BSD-3-Clause-NoTrademark",
	"CC-BY-NC-SA-3.0-US":       "LicenseRef-CC-BY-NC-SA-3.0-US",
	"CommonsClause":            "LicenseRef-Commons-Clause",
	"GooglePatentClause":       "LicenseRef-Google-Patent-Clause",
	"GooglePatentsFile":        "LicenseRef-Google-Patents-File",
	"MIT-NoAd":                 "LicenseRef-MIT-NoAd",
	"Prosperity-3.0.0":         "LicenseRef-Prosperity-3.0.0",
	"GPL-2.0-or-3.0":           "GPL-2.0-only OR GPL-3.0-only",
	"Net-SNMP":                 "",
}

// deprecatedReplacement maps deprecated SPDX ids that are not GNU texts to
// their current replacement; an empty value means the id named a collection
// of other licenses and is reported through its parts.
var deprecatedReplacement = map[string]string{
	"BSD-2-Clause-FreeBSD": "BSD-2-Clause-Views",
	"BSD-2-Clause-NetBSD":  "BSD-2-Clause",
	"Net-SNMP":             "",
	"Nunit":                "zlib-acknowledgement",
	"StandardML-NJ":        "SMLNJ",
	"bzip2-1.0.5":          "bzip2-1.0.6",
}

// canonicalID maps one id reported by licensecheck, or carried by a list
// text, to what this package reports. GNU texts come back unresolved
// (gnu.family != ""); ok is false when the match must be dropped.
func canonicalID(id string) (out string, gnu gnuText, ok bool) {
	if g, isGNU := parseGNUText(id); isGNU {
		if strings.HasSuffix(id, "-only") || strings.HasSuffix(id, "-or-later") {
			return id, gnuText{}, true // a header or notice already decided
		}
		if strings.HasSuffix(id, "+") {
			return g.id("-or-later"), gnuText{}, true
		}
		return "", g, true
	}
	if ref, found := licensecheckOnly[id]; found {
		return ref, gnuText{}, ref != ""
	}
	if rep, found := deprecatedReplacement[id]; found {
		return rep, gnuText{}, rep != ""
	}
	return id, gnuText{}, true
}

// groupID picks the id to report for a list text shared by several ids:
// a GNU text stays unresolved; otherwise the shortest active id wins (the
// variant ids in these groups differ only in facts the text cannot show,
// e.g. OFL-1.1-RFN or MPL-2.0-no-copyleft-exception), else a replacement.
func groupID(ids []string) (string, gnuText, bool) {
	for _, id := range ids {
		if g, ok := parseGNUText(id); ok {
			return "", g, true
		}
	}
	best := ""
	for _, id := range ids {
		if active, _ := spdxlicenses.IsActiveLicense(id); active && (best == "" || len(id) < len(best) || len(id) == len(best) && id < best) {
			best = id
		}
	}
	if best != "" {
		return best, gnuText{}, true
	}
	return canonicalID(ids[0])
}

// additionalGrants are the ids of texts that only add rights to a license given elsewhere (Go's PATENTS
// file grants a patent license on top of the BSD LICENSE): they are not terms a user must accept, so they are
// recorded as a note, never AND-ed into the package's license expression.
var additionalGrants = map[string]string{
	"LicenseRef-Google-Patents-File": "an additional patent grant",
}

// AdditionalGrant says whether expr is a text that only adds rights (see additionalGrants), and what it is.
func AdditionalGrant(expr string) (string, bool) {
	what, ok := additionalGrants[expr]
	return what, ok
}
