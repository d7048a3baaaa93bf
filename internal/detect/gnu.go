package detect

import (
	"strconv"
	"strings"
)

// GNU license texts do not say whether "only" or "or later" applies: the
// notice that puts a work under them does ("either version 3 of the
// License, or (at your option) any later version"). The notice scanner
// below finds such notices outside full license texts (whose own "how to
// apply" appendix carries a template notice) and decides the suffix.

// gnuNotice is a notice naming a GNU license and version.
type gnuNotice struct {
	text     gnuText
	orLater  bool
	wlo, whi int
}

func (n gnuNotice) id() string {
	if n.orLater {
		return n.text.id("-or-later")
	}
	return n.text.id("-only")
}

// gnuVersions lists the published versions of each GNU license family.
var gnuVersions = map[string][]string{
	"GPL":  {"1.0", "2.0", "3.0"},
	"LGPL": {"2.0", "2.1", "3.0"},
	"AGPL": {"1.0", "3.0"},
	"GFDL": {"1.1", "1.2", "1.3"},
}

// gnuNoticeWindow is how many words after the license name the version and
// the "or later" wording may appear.
const gnuNoticeWindow = 14

// word returns the normalised word at index i ("" when out of range or a
// word no reference uses).
func (c *classification) word(i int) string {
	if i < 0 || i >= len(c.toks) {
		return ""
	}
	return c.d.vocab.word(c.toks[i].id)
}

// gnuNotices scans the words outside the given ranges for GNU notices.
func (c *classification) gnuNotices(skip [][2]int) []gnuNotice {
	var out []gnuNotice
	for i := 0; i < len(c.toks); i++ {
		if r, in := inRanges(skip, i); in {
			i = r - 1
			continue
		}
		family, nameEnd, ver := c.gnuName(i)
		if family == "" {
			continue
		}
		verEnd := nameEnd
		if ver == "" {
			ver, verEnd = c.gnuVersion(family, nameEnd, skip)
		}
		if ver == "" {
			continue
		}
		orLater, end := c.gnuLater(verEnd, skip)
		out = append(out, gnuNotice{text: gnuText{family, ver}, orLater: orLater, wlo: c.gnuStart(i, family), whi: end})
		if len(out) == maxEvidence {
			break
		}
		i = end - 1
	}
	return out
}

// inRanges reports whether word i lies in one of ranges, and its end.
func inRanges(ranges [][2]int, i int) (int, bool) {
	for _, r := range ranges {
		if i >= r[0] && i < r[1] {
			return r[1], true
		}
	}
	return 0, false
}

// gnuName recognises a GNU license name starting at word i: "general public
// license" (family from the word before it), "free documentation license",
// or an acronym such as "gpl", "lgplv3", "agpl". It returns the family,
// the index after the name and a version when the acronym carries one.
func (c *classification) gnuName(i int) (family string, end int, version string) {
	w := c.word(i)
	switch {
	case w == "general" && c.word(i+1) == "public" && c.word(i+2) == "license":
		switch c.word(i - 1) {
		case "lesser", "library":
			family = "LGPL"
		case "affero":
			family = "AGPL"
		default:
			family = "GPL"
		}
		end = i + 3
		if a := c.word(end); a == "gpl" || a == "lgpl" || a == "agpl" {
			end++ // "(GPL)"
		}
		return family, end, ""
	case w == "free" && c.word(i+1) == "documentation" && c.word(i+2) == "license":
		return "GFDL", i + 3, ""
	}
	return c.gnuAcronym(i)
}

// gnuAcronym recognises "gpl", "gplv2", "lgpl", "lgplv2" + "1", "agplv3",
// "gfdl" and their versions.
func (c *classification) gnuAcronym(i int) (family string, end int, version string) {
	w := c.word(i)
	for _, f := range []string{"agpl", "lgpl", "gpl", "gfdl"} {
		rest, ok := strings.CutPrefix(w, f)
		if !ok {
			continue
		}
		family = strings.ToUpper(f)
		rest = strings.TrimPrefix(rest, "v")
		if rest == "" {
			return family, i + 1, ""
		}
		if _, err := strconv.Atoi(rest); err != nil {
			return "", 0, ""
		}
		ver, end := c.versionAt(family, rest, i+1)
		return family, end, ver
	}
	return "", 0, ""
}

// gnuVersion finds the version number following a GNU license name:
// right after it ("GPL 3", "GPL-2.0") or after the word "version".
func (c *classification) gnuVersion(family string, from int, skip [][2]int) (string, int) {
	for j := from; j < len(c.toks) && j < from+gnuNoticeWindow; j++ {
		if _, in := inRanges(skip, j); in {
			break
		}
		if j > from {
			if p := c.word(j - 1); p != "version" && p != "v" && p != "versions" {
				continue
			}
		}
		w := strings.TrimPrefix(c.word(j), "v")
		if _, err := strconv.Atoi(w); err == nil && w != "" {
			if ver, end := c.versionAt(family, w, j+1); ver != "" {
				return ver, end
			}
		}
	}
	return "", from
}

// versionAt completes the major version major (word index next follows
// it) with a minor number and checks the result is a published version.
func (c *classification) versionAt(family, major string, next int) (string, int) {
	if minor := c.word(next); minor != "" && len(minor) == 1 && minor[0] >= '0' && minor[0] <= '9' {
		if v := major + "." + minor; knownVersion(family, v) {
			return v, next + 1
		}
	}
	if v := major + ".0"; knownVersion(family, v) {
		return v, next
	}
	return "", next
}

func knownVersion(family, v string) bool {
	for _, k := range gnuVersions[family] {
		if k == v {
			return true
		}
	}
	return false
}

// gnuLater reports whether "or later" wording (or a "+" right after the
// version) follows the version that ends at word from.
func (c *classification) gnuLater(from int, skip [][2]int) (bool, int) {
	if from > 0 && int(c.toks[from-1].hi) < len(c.text) && c.text[c.toks[from-1].hi] == '+' {
		return true, from
	}
	for j := from; j < len(c.toks) && j < from+gnuNoticeWindow; j++ {
		if _, in := inRanges(skip, j); in {
			break
		}
		switch c.word(j) {
		case "only":
			return false, j + 1
		case "later", "newer":
			if w := c.word(j - 1); w == "or" || w == "any" {
				return true, j + 1
			}
		case "general", "gpl", "lgpl", "agpl":
			return false, from // the next notice starts here
		}
	}
	return false, from
}

// gnuStart includes the qualifying word before "general public license".
func (c *classification) gnuStart(i int, family string) int {
	if c.word(i) == "general" && (family != "GPL" || c.word(i-1) == "gnu") && i > 0 {
		if family != "GPL" && c.word(i-2) == "gnu" {
			return i - 2
		}
		return i - 1
	}
	return i
}

// resolveGNU decides the suffix of every unresolved GNU text from the
// notices found outside full license texts; without one it assumes -only
// (what the unsuffixed SPDX id meant) and says so.
func (c *classification) resolveGNU() {
	skip := c.textRanges()
	notices := c.gnuNotices(skip)
	for _, i := range c.live() {
		e := &c.ev[i]
		if e.gnu.family == "" {
			continue
		}
		n, found := c.noticeFor(e.gnu, notices)
		switch {
		case found:
			e.id = n.id()
		default:
			e.id = e.gnu.id("-only")
			c.note("%s text without a version notice: assumed %s", e.gnu.id(""), e.id)
		}
	}
	for _, n := range notices {
		c.addNotice(evidence{id: n.id(), source: srcNotice, wlo: n.wlo, whi: n.whi, containment: 1, dice: 1})
	}
}

// noticeFor picks the first notice for the text g; conflicting notices are
// noted.
func (c *classification) noticeFor(g gnuText, notices []gnuNotice) (gnuNotice, bool) {
	var first gnuNotice
	found := false
	for _, n := range notices {
		if n.text != g {
			continue
		}
		if !found {
			first, found = n, true
		} else if n.orLater != first.orLater {
			c.note("%s notices disagree on \"or later\": used the first, %s", g.id(""), first.id())
		}
	}
	return first, found
}

// textRanges are the word ranges of full license texts found so far.
func (c *classification) textRanges() [][2]int {
	var out [][2]int
	for _, i := range c.live() {
		e := &c.ev[i]
		if (e.source == srcText || e.source == srcPattern) && e.role == roleText && (e.words() >= StrongWords || e.gnu.family != "") {
			out = append(out, [2]int{e.wlo, e.whi})
		}
	}
	return out
}

// addNotice adds notice evidence unless evidence of the same license
// already covers it.
func (c *classification) addNotice(n evidence) {
	if n.whi <= n.wlo {
		return
	}
	for i := range c.ev {
		if e := &c.ev[i]; !e.dropped && overlap(e, &n) > 0 && (e.id == n.id || contains(e, &n)) {
			return
		}
	}
	c.addWords(n)
}
