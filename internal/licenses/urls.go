package licenses

import (
	"net/url"
	"regexp"
	"strings"
)

var (
	reURL         = regexp.MustCompile(`(?i)^(https?://|www\.)\S+$`)
	reSlugVersion = regexp.MustCompile(`(\d)-(\d)`)
	reEPLSlug     = regexp.MustCompile(`v(\d)(\d)$`)
	reFileExt     = regexp.MustCompile(`(?i)(\.en)?\.(html?|php|txt|md|json|rdf)$`)
)

// urlHosts maps a host (without "www.") to the function reading its paths.
var urlHosts = map[string]func(segs []string) (match, bool){
	"spdx.org":                  lastSegment,
	"opensource.org":            lastSegment,
	"choosealicense.com":        lastSegment,
	"gnu.org":                   gnuURL,
	"apache.org":                apacheURL,
	"mozilla.org":               mozillaURL,
	"eclipse.org":               eclipseURL,
	"creativecommons.org":       creativeCommonsURL,
	"github.com":                fileURL,
	"raw.githubusercontent.com": fileURL,
	"gitlab.com":                fileURL,
	"unlicense.org":             fixedURL("Unlicense"),
	"wtfpl.net":                 fixedURL("WTFPL"),
	"mit-license.org":           fixedURL("MIT"),
	"blueoakcouncil.org":        fixedURL("BlueOak-1.0.0"),
	"polyformproject.org":       lastTwoSegments,
}

// recognizeURL maps the URL of a well-known license text to its id.
func recognizeURL(raw string) (match, bool) {
	if !reURL.MatchString(raw) {
		return match{}, false
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return match{}, false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	read, ok := urlHosts[host]
	if !ok {
		return match{}, false
	}
	var segs []string
	for _, s := range strings.Split(strings.Trim(u.Path, "/"), "/") {
		if s = reFileExt.ReplaceAllString(s, ""); s != "" {
			segs = append(segs, strings.ToLower(s))
		}
	}
	m, ok := read(segs)
	if ok && m.note == "" && !m.ambiguous {
		m.note = "read from the license URL"
	}
	return m, ok
}

// recognizeSlug reads a URL path segment such as "apache-2.0",
// "mit-license" or "gpl-3-0".
func recognizeSlug(slug string) (match, bool) {
	slug = strings.TrimSuffix(strings.TrimPrefix(slug, "license-"), "-license")
	slug = reSlugVersion.ReplaceAllString(slug, "$1.$2")
	if m, ok := recognizeName(slug); ok {
		return m, true
	}
	return matchJoinedID(strings.Split(slug, " "), slug)
}

func lastSegment(segs []string) (match, bool) {
	if len(segs) == 0 {
		return match{}, false
	}
	return recognizeSlug(segs[len(segs)-1])
}

func lastTwoSegments(segs []string) (match, bool) {
	if len(segs) < 2 {
		return match{}, false
	}
	return recognizeName("polyform " + strings.Join(segs[len(segs)-2:], " "))
}

func fixedURL(id string) func([]string) (match, bool) {
	return func([]string) (match, bool) { return match{expr: id}, true }
}

// gnuURL reads gnu.org/licenses/gpl-3.0, /licenses/old-licenses/lgpl-2.1,
// /copyleft/lesser, ...
func gnuURL(segs []string) (match, bool) {
	if len(segs) == 0 {
		return match{}, false
	}
	last := segs[len(segs)-1]
	switch last {
	case "lesser":
		return recognizeName("LGPL")
	case "licenses", "copyleft", "old-licenses":
		return match{}, false
	}
	return recognizeSlug(last)
}

func apacheURL(segs []string) (match, bool) {
	if len(segs) == 0 || segs[0] != "licenses" {
		return match{}, false
	}
	if len(segs) == 1 {
		return recognizeName("Apache")
	}
	return recognizeName("apache " + strings.TrimPrefix(segs[1], "license-"))
}

func mozillaURL(segs []string) (match, bool) {
	i := indexOf(segs, "mpl")
	if i < 0 {
		return match{}, false
	}
	if i+1 < len(segs) {
		return recognizeName("mpl " + segs[i+1])
	}
	return recognizeName("MPL")
}

func eclipseURL(segs []string) (match, bool) {
	if len(segs) == 0 {
		return match{}, false
	}
	return recognizeSlug(reEPLSlug.ReplaceAllString(segs[len(segs)-1], "$1.$2"))
}

// creativeCommonsURL reads /licenses/by-sa/4.0[/xx] and /publicdomain/zero/1.0.
func creativeCommonsURL(segs []string) (match, bool) {
	if len(segs) >= 3 && segs[0] == "publicdomain" && segs[1] == "zero" {
		return matchJoinedID([]string{"CC0", segs[2]}, "")
	}
	if len(segs) < 3 || segs[0] != "licenses" {
		return match{}, false
	}
	parts := append([]string{"CC"}, strings.Split(segs[1], "-")...)
	parts = append(parts, segs[2:]...)
	if m, ok := matchJoinedID(parts, ""); ok { // jurisdiction ports such as CC-BY-3.0-DE
		return m, true
	}
	return matchJoinedID(parts[:len(parts)-len(segs)+3], "")
}

// fileURL reads a link to a license file in a repository, which names the
// license only through its file name ("LICENSE-MIT", "_licenses/mit.txt").
func fileURL(segs []string) (match, bool) {
	if len(segs) == 0 {
		return match{}, false
	}
	last := segs[len(segs)-1]
	switch last {
	case "license-mit":
		return match{expr: "MIT", note: "read from the license file name in the URL"}, true
	case "license-apache":
		return match{expr: "Apache-2.0", note: `read from the license file name in the URL ("LICENSE-APACHE" holds Apache-2.0 by convention)`}, true
	case "license", "licence", "copying":
		return match{ambiguous: true, note: "license given as a link to a license file, whose content is not fetched"}, true
	}
	if m, ok := recognizeSlug(last); ok && !m.ambiguous {
		m.note = "read from the license file name in the URL"
		return m, true
	}
	return match{}, false
}

func indexOf(segs []string, s string) int {
	for i, x := range segs {
		if x == s {
			return i
		}
	}
	return -1
}
