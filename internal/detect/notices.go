package detect

import "bytes"

// Short notices name a license instead of reproducing it:
//
//	This project is licensed under the terms of the MIT license.
//	Licensed under either of Apache License, Version 2.0 or MIT license at your option.
//	License: BSD-3-Clause
//	MIT License                    (a title line)
//
// They are recognised after the word "under" (skipping "the", "terms of",
// "either of", …), after a "License:" label at the start of a line, and as
// title or list lines made only of a license name. GNU notices are handled
// by the GNU notice scanner. Notices are weak evidence: they yield an
// Expression only when they cover most of the text (see ConfidentCoverage).

// noticeFiller are the words skipped between "under" and a license name.
var noticeFiller = map[string]bool{
	"the": true, "terms": true, "of": true, "either": true, "a": true, "an": true,
	"both": true, "conditions": true, "same": true, "following": true, "licenses": true,
}

// noticeTail are words that may follow a license name in a notice.
var noticeTail = map[string]bool{"license": true, "licenses": true, "licensed": true, "terms": true, "agreement": true}

// noticeWords are the words the notice and choice recognisers look for;
// they are added to the vocabulary so that they always have an id.
var noticeWords = []string{
	"under", "license", "licenses", "licensed", "dual", "dually", "multi", "choice",
	"option", "either", "alternatively", "gpl", "lgpl", "agpl", "gfdl", "gplv1", "gplv2", "gplv3",
	"lgplv2", "lgplv3", "agplv1", "agplv3", "only", "later", "newer", "portions",
}

// noticeEvidence adds the short notices of the text.
func (d *Detector) noticeEvidence(c *classification) {
	skip := c.verbatimRanges()
	for i := 0; i < len(c.toks) && len(c.ev) < maxEvidence; i++ {
		if end, in := inRanges(skip, i); in {
			i = end - 1
			continue
		}
		start := c.noticeStart(i)
		if start < 0 {
			continue
		}
		end := c.noticeNames(i, start)
		if end > i {
			i = end - 1
		}
	}
}

// noticeStart returns where the license name of a notice begins when word
// i starts a notice form, else -1.
func (c *classification) noticeStart(i int) int {
	w := c.word(i)
	switch {
	case w == "under":
		j := i + 1
		for j < len(c.toks) && j-i <= 5 && noticeFiller[c.word(j)] {
			j++
		}
		return j
	case (w == "license" || w == "licenses") && c.lineStart(i) && c.followedBy(i, ':'):
		return i + 1
	case c.lineStart(i):
		return c.titleStart(i)
	}
	return -1
}

// titleStart handles a line that may be a title or list item: the name
// must then fill the line (checked in noticeNames).
func (c *classification) titleStart(i int) int {
	if c.word(i) == "the" {
		return i + 1
	}
	return i
}

// noticeNames reads one or more license names joined by "or" / "and"
// starting at word start, adds them as notice evidence and returns the
// index after the notice (or i when there is none).
func (c *classification) noticeNames(i, start int) int {
	title := c.word(i) != "under" && c.word(i) != "license" && c.word(i) != "licenses"
	j := start
	var found []evidence
	for {
		end := c.nameAt(j)
		if end < 0 {
			break
		}
		found = append(found, evidence{id: c.lastName, source: srcNotice, wlo: j, whi: end, containment: 1, dice: 1})
		j = end
		if w := c.word(j); (w == "or" || w == "and") && !c.breakBefore(j) {
			if w == "or" {
				c.choice = true
			}
			j++
			if c.word(j) == "the" {
				j++
			}
			continue
		}
		break
	}
	if len(found) == 0 {
		return i
	}
	if title {
		if !c.lineEnd(j) && !c.restInParens(j) {
			return i
		}
		found[len(found)-1].whi = c.firstWordFrom(c.lineEndOffset(j))
	}
	found[0].wlo = c.noticeHead(i)
	for _, e := range found {
		c.addWords(e)
	}
	return j
}

// nameAt matches the longest license name at word j that ends at a valid
// boundary, plus trailing words such as "license"; it returns the index
// after them (or -1) and leaves the id in c.lastName.
func (c *classification) nameAt(j int) int {
	c.hits = c.d.names.match(c.toks, j, c.hits[:0])
	for _, h := range c.hits {
		if !c.nameBoundary(h.end, h.end-j == 1) {
			continue
		}
		end := h.end
		for end < len(c.toks) && noticeTail[c.word(end)] && !c.breakBefore(end) {
			end++
		}
		c.lastName = h.id
		return end
	}
	return -1
}

// noticeVerbs may precede "under" in a notice and belong to it.
var noticeVerbs = map[string]bool{
	"licensed": true, "released": true, "distributed": true, "available": true, "provided": true,
	"published": true, "licenced": true, "made": true, "offered": true, "dual": true,
}

// noticeHead is where the notice whose form starts at word i begins:
// "Licensed under …" includes the verb.
func (c *classification) noticeHead(i int) int {
	if c.word(i) == "under" && i > 0 && noticeVerbs[c.word(i-1)] && !c.breakBefore(i) {
		return i - 1
	}
	return i
}

// lineEndOffset is the byte offset of the end of the line holding word i-1.
func (c *classification) lineEndOffset(i int) int {
	off := int(c.toks[i-1].hi)
	for off < len(c.text) && c.text[off] != '\n' {
		off++
	}
	return off
}

// nameBoundary reports whether a license name may end before word end:
// at a line or sentence break or before a word that continues a notice. A
// one-word name ("MIT", "ISC") must also not run into another word.
func (c *classification) nameBoundary(end int, oneWord bool) bool {
	if end >= len(c.toks) || c.breakBefore(end) {
		return true
	}
	w := c.word(end)
	if noticeTail[w] {
		return true
	}
	return !oneWord && (w == "or" || w == "and")
}

// breakBefore reports punctuation that ends a phrase before word i.
func (c *classification) breakBefore(i int) bool {
	if i <= 0 || i >= len(c.toks) {
		return true
	}
	gap := c.text[c.toks[i-1].hi:c.toks[i].lo]
	return bytes.ContainsAny(gap, ".,;:()[]<>\n") || bytes.Contains(gap, []byte(" - ")) ||
		bytes.ContainsRune(gap, '—') || bytes.ContainsRune(gap, '–')
}

// lineStart reports whether word i is the first word on its line.
func (c *classification) lineStart(i int) bool {
	return i == 0 || bytes.IndexByte(c.text[c.toks[i-1].hi:c.toks[i].lo], '\n') >= 0
}

// lineEnd reports whether word i starts a new line (or the text ended).
func (c *classification) lineEnd(i int) bool {
	return i >= len(c.toks) || c.lineStart(i)
}

// followedBy reports whether the first non-space byte after word i is ch.
func (c *classification) followedBy(i int, ch byte) bool {
	rest := bytes.TrimLeft(c.text[c.toks[i].hi:], " \t")
	return len(rest) > 0 && rest[0] == ch
}

// restInParens reports whether the rest of the line from word i is a
// parenthesised remark, as in "The MIT License (MIT)".
func (c *classification) restInParens(i int) bool {
	lo := int(c.toks[i-1].hi)
	hi := lo
	for hi < len(c.text) && c.text[hi] != '\n' {
		hi++
	}
	rest := bytes.TrimSpace(c.text[lo:hi])
	return len(rest) > 1 && rest[0] == '(' && rest[len(rest)-1] == ')'
}
