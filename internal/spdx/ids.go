package spdx

import (
	"strings"
	"sync"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
)

// Prefixes of user-defined references (SPDX annex D).
const (
	licenseRefPrefix  = "LicenseRef-"
	documentRefPrefix = "DocumentRef-"
	additionRefPrefix = "AdditionRef-"
)

// replacement is the current equivalent of a deprecated SPDX license id.
type replacement struct {
	id        string // current license id
	exception string // exception the deprecated id folded in, or ""
}

// deprecatedReplacements maps every deprecated id of the SPDX list to its
// current equivalent. Ids that say nothing about "or later" become "-only",
// as SPDX itself did when it split GPL-2.0 into GPL-2.0-only and
// GPL-2.0-or-later. Net-SNMP has no single-id replacement (SPDX deprecated it
// as a bundle of several licenses) and is kept as is.
var deprecatedReplacements = map[string]replacement{
	"AGPL-1.0":                         {id: "AGPL-1.0-only"},
	"AGPL-3.0":                         {id: "AGPL-3.0-only"},
	"BSD-2-Clause-FreeBSD":             {id: "BSD-2-Clause-Views"},
	"BSD-2-Clause-NetBSD":              {id: "BSD-2-Clause"},
	"bzip2-1.0.5":                      {id: "bzip2-1.0.6"},
	"eCos-2.0":                         {id: "GPL-2.0-or-later", exception: "eCos-exception-2.0"},
	"GFDL-1.1":                         {id: "GFDL-1.1-only"},
	"GFDL-1.2":                         {id: "GFDL-1.2-only"},
	"GFDL-1.3":                         {id: "GFDL-1.3-only"},
	"GPL-1.0":                          {id: "GPL-1.0-only"},
	"GPL-1.0+":                         {id: "GPL-1.0-or-later"},
	"GPL-2.0":                          {id: "GPL-2.0-only"},
	"GPL-2.0+":                         {id: "GPL-2.0-or-later"},
	"GPL-2.0-with-autoconf-exception":  {id: "GPL-2.0-only", exception: "Autoconf-exception-2.0"},
	"GPL-2.0-with-bison-exception":     {id: "GPL-2.0-only", exception: "Bison-exception-2.2"},
	"GPL-2.0-with-classpath-exception": {id: "GPL-2.0-only", exception: "Classpath-exception-2.0"},
	"GPL-2.0-with-font-exception":      {id: "GPL-2.0-only", exception: "Font-exception-2.0"},
	"GPL-2.0-with-GCC-exception":       {id: "GPL-2.0-only", exception: "GCC-exception-2.0"},
	"GPL-3.0":                          {id: "GPL-3.0-only"},
	"GPL-3.0+":                         {id: "GPL-3.0-or-later"},
	"GPL-3.0-with-autoconf-exception":  {id: "GPL-3.0-only", exception: "Autoconf-exception-3.0"},
	"GPL-3.0-with-GCC-exception":       {id: "GPL-3.0-only", exception: "GCC-exception-3.1"},
	"LGPL-2.0":                         {id: "LGPL-2.0-only"},
	"LGPL-2.0+":                        {id: "LGPL-2.0-or-later"},
	"LGPL-2.1":                         {id: "LGPL-2.1-only"},
	"LGPL-2.1+":                        {id: "LGPL-2.1-or-later"},
	"LGPL-3.0":                         {id: "LGPL-3.0-only"},
	"LGPL-3.0+":                        {id: "LGPL-3.0-or-later"},
	"Nunit":                            {id: "zlib-acknowledgement"},
	"StandardML-NJ":                    {id: "SMLNJ"},
	"wxWindows":                        {id: "LGPL-2.0-or-later", exception: "WxWindows-exception-3.1"},
}

// vocabulary holds the SPDX list keyed by upper-case id.
type vocabulary struct {
	active     map[string]string
	deprecated map[string]string
	exceptions map[string]string
	squashed   map[string]string // squash(id) -> canonical id, for suggestions
}

var vocab = sync.OnceValue(func() *vocabulary {
	v := &vocabulary{
		active:     spdxlicenses.GetLicensesMap(),
		deprecated: spdxlicenses.GetDeprecatedMap(),
		exceptions: spdxlicenses.GetExceptionsMap(),
		squashed:   map[string]string{},
	}
	ambiguous := map[string]bool{}
	for _, id := range v.active {
		k := squash(id)
		if _, dup := v.squashed[k]; dup {
			ambiguous[k] = true
		}
		v.squashed[k] = id
	}
	for k := range ambiguous {
		delete(v.squashed, k)
	}
	return v
})

// squash reduces an id to lower-case letters and digits, so that "Apache2.0"
// and "apache-2.0" meet.
func squash(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// IsKnownID reports whether id is a license id of the SPDX list, active or
// deprecated, compared case-insensitively. Exceptions and LicenseRef-…
// references are not license ids of the list and give false.
func IsKnownID(id string) bool {
	_, ok := CanonicalID(id)
	return ok
}

// CanonicalID returns the SPDX list's spelling of a license id (active or
// deprecated) matched case-insensitively, and whether it is known. It does not
// rewrite deprecated ids; see [Replacement].
func CanonicalID(id string) (string, bool) {
	v := vocab()
	u := strings.ToUpper(id)
	if c, ok := v.active[u]; ok {
		return c, true
	}
	c, ok := v.deprecated[u]
	return c, ok
}

// IsKnownException reports whether id is a license exception id of the SPDX
// list, compared case-insensitively.
func IsKnownException(id string) bool {
	_, ok := vocab().exceptions[strings.ToUpper(id)]
	return ok
}

// IsDeprecatedID reports whether id is a deprecated license id of the SPDX
// list, compared case-insensitively.
func IsDeprecatedID(id string) bool {
	_, ok := vocab().deprecated[strings.ToUpper(id)]
	return ok
}

// Replacement returns the expression that Parse substitutes for a deprecated
// license id (for example "GPL-2.0-only WITH Classpath-exception-2.0" for
// "GPL-2.0-with-classpath-exception"), and false when id is not deprecated
// or has no single replacement.
func Replacement(id string) (string, bool) {
	c, ok := vocab().deprecated[strings.ToUpper(id)]
	if !ok {
		return "", false
	}
	r, ok := deprecatedReplacements[c]
	if !ok {
		return "", false
	}
	if r.exception != "" {
		return r.id + " WITH " + r.exception, true
	}
	return r.id, true
}

// ListVersion is the version of the SPDX license list the parser knows.
func ListVersion() string {
	return spdxlicenses.LicenseListVersion()
}

// suggest proposes a known id close to an unknown one, or "".
func suggest(id string) string {
	return vocab().squashed[squash(id)]
}
