package licenses

import (
	"fmt"
	"regexp"
	"strings"
)

const (
	noteNoLicense   = "%q names no license"
	noteProprietary = "%q: declared proprietary, no open source license is granted"
	noteVague       = "%q names no specific license"
)

// sentinels are values that carry no usable license, keyed in lower case.
var sentinels = map[string]string{
	"none": noteNoLicense, "noassertion": noteNoLicense, "unknown": noteNoLicense, "n/a": noteNoLicense,
	"na": noteNoLicense, "null": noteNoLicense, "nil": noteNoLicense, "undefined": noteNoLicense,
	"-": noteNoLicense, "tbd": noteNoLicense, "todo": noteNoLicense, "?": noteNoLicense,
	"unlicensed":  "%q (npm): the author grants no license to use the package",
	"proprietary": noteProprietary, "proprietary license": noteProprietary, "commercial": noteProprietary,
	"commercial license": noteProprietary, "all rights reserved": noteProprietary, "private": noteProprietary,
	"closed source": noteProprietary, "other/proprietary license": noteProprietary,
	"other/proprietary": noteProprietary,
	"other":             noteVague, "other license": noteVague, "custom": noteVague, "custom license": noteVague,
	"see license": noteVague, "see licence": noteVague, "license": noteVague,
	"licence": noteVague, "free": noteVague, "freeware": noteVague, "freely distributable": noteVague,
	"dfsg approved": noteVague, "osi approved": noteVague, "free to use but restricted": noteVague,
	"gust font license 1.0": noteVague, "gust font license 2006-09-30": noteVague,
	"jabber open source license": noteVague, "repoze public license": noteVague,
	"mitre collaborative virtual workspace license (cvw)": noteVague,
}

var (
	reSeeLicenseIn = regexp.MustCompile(`(?i)^see\s+licen[cs]e\s+in\s+(.+)$`)
	reSeeFile      = regexp.MustCompile(`(?i)^see\s+(?:the\s+)?((?:[\w.-]*/)*(?:licen[cs]e|copying)[\w.-]*)(?:\s+file)?$`)
	reSHA256       = regexp.MustCompile(`(?i)^sha256:[0-9a-f]{16,}$`)
	reCustom       = regexp.MustCompile(`(?i)^custom\s*:`)
)

// sentinel recognises values that declare nothing usable.
func sentinel(s string) (result, bool) {
	key := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if format, ok := sentinels[strings.TrimRight(key, ".")]; ok {
		return unknown(fmt.Sprintf(format, s)), true
	}
	if m := reSeeLicenseIn.FindStringSubmatch(s); m != nil {
		r := unknown(fmt.Sprintf("license terms are in the file %q, not declared", trimQuotes(m[1])))
		r.fileRef = trimQuotes(m[1])
		return r, true
	}
	if m := reSeeFile.FindStringSubmatch(s); m != nil {
		r := unknown(fmt.Sprintf("license terms are in the file %q, not declared", m[1]))
		r.fileRef = m[1]
		return r, true
	}
	switch {
	case reSHA256.MatchString(s):
		return unknown("license text that matched no known license (content hash)"), true
	case reCustom.MatchString(s):
		return unknown("custom license: " + strings.TrimSpace(s[strings.Index(s, ":")+1:])), true
	}
	return result{}, false
}

func trimQuotes(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'' || s[0] == '`') && s[len(s)-1] == s[0] {
		return strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}
