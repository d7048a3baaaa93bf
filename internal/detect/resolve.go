package detect

import (
	"slices"
	"sort"
	"strings"
)

// resolve turns the raw evidence into the final set: keys relabel family
// matches, overlapping evidence is reduced to the best, GNU texts get their
// only / or-later suffix and exceptions are attached to their license.
func (c *classification) resolve() {
	c.applyKeys()
	c.selectEvidence()
	c.resolveGNU()
	c.dropIncorporatedGPL()
	c.resolveExceptions()
	c.mergeAdjacent()
	c.findCues()
	c.flagWeakTexts()
}

// mergeAdjacent joins evidence of the same license separated only by
// copyright lines or a few words (a title line above a license text).
func (c *classification) mergeAdjacent() {
	live := c.live()
	marks := c.copyrightLines()
	for k := 1; k < len(live); k++ {
		a, b := &c.ev[live[k-1]], &c.ev[live[k]]
		if a.label() != b.label() || a.kind != b.kind || a.with != b.with || b.wlo < a.whi {
			continue
		}
		gap := 0
		for w := a.whi; w < b.wlo; w++ {
			if !marks[w] {
				gap++
			}
		}
		if gap > 3 {
			continue
		}
		b.wlo, b.lo = a.wlo, a.lo
		b.containment = max(a.containment, b.containment)
		if b.source == srcNotice {
			b.source, b.dice = a.source, a.dice
		}
		a.dropped = true
	}
}

// live returns the indexes of evidence not dropped, in text order.
func (c *classification) live() []int {
	var idx []int
	for i := range c.ev {
		if !c.ev[i].dropped {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ea, eb := &c.ev[idx[a]], &c.ev[idx[b]]
		if ea.wlo != eb.wlo {
			return ea.wlo < eb.wlo
		}
		return ea.whi > eb.whi
	})
	return idx
}

// overlap is the number of words two evidence share.
func overlap(a, b *evidence) int {
	return max(0, min(a.whi, b.whi)-max(a.wlo, b.wlo))
}

// contains reports whether most of b lies inside a.
func contains(a, b *evidence) bool {
	return 2*overlap(a, b) >= b.words()
}

// applyKeys handles roleKey patterns. A key inside a full-text match of
// its family relabels that match (the PolyForm licenses share most of their
// text; a title, URL or distinctive clause tells them apart). A key inside
// a match of the same id is absorbed. Other keys stay as evidence of their
// own, strong only when they are a title alone on its line.
func (c *classification) applyKeys() {
	for i := range c.ev {
		k := &c.ev[i]
		if k.role != roleKey {
			continue
		}
		if host := c.keyHost(k); host != nil {
			if host.id != k.id {
				c.note("%s reported instead of %s: the text has the title, URL or distinctive clause of %s", k.id, host.label(), k.id)
				host.id = k.id
			}
			k.dropped = true
			continue
		}
		if c.aloneOnLine(k) {
			k.role = roleText // a title line: treat like a whole-text match
		}
	}
}

// keyHost finds the text match a key belongs to: the longest text or
// pattern match containing it whose id is in the key's family or is the
// key's own id.
func (c *classification) keyHost(k *evidence) *evidence {
	var host *evidence
	for j := range c.ev {
		e := &c.ev[j]
		if e.role == roleKey || e.dropped || e.source == srcTag || !contains(e, k) {
			continue
		}
		if e.id != k.id && (k.family == "" || !strings.HasPrefix(e.id, k.family)) {
			continue
		}
		if host == nil || e.words() > host.words() {
			host = e
		}
	}
	return host
}

// aloneOnLine reports whether the words of e are all the words of the
// lines it spans.
func (c *classification) aloneOnLine(e *evidence) bool {
	lo, hi := lineBounds(c.text, e.lo, e.hi)
	return e.wlo == c.firstWordFrom(lo) && e.whi == c.firstWordFrom(hi)
}

// firstWordFrom is the index of the first word starting at or after off.
func (c *classification) firstWordFrom(off int) int {
	return sort.Search(len(c.toks), func(i int) bool { return int(c.toks[i].lo) >= off })
}

// lineBounds widens [lo, hi) to whole lines.
func lineBounds(text []byte, lo, hi int) (int, int) {
	for lo > 0 && text[lo-1] != '\n' {
		lo--
	}
	for hi < len(text) && text[hi] != '\n' {
		hi++
	}
	return lo, hi
}

// selectEvidence keeps, among evidence covering the same words, the best
// one; evidence of the same license merges into it. Tags never compete
// (they are explicit declarations) unless they sit inside a full license
// text, whose instructions quote example tags.
func (c *classification) selectEvidence() {
	for i := range c.ev {
		t := &c.ev[i]
		if t.source != srcTag {
			continue
		}
		for j := range c.ev {
			if e := &c.ev[j]; e.source == srcText && e.words() >= StrongWords && contains(e, t) {
				t.dropped = true
			}
		}
	}
	order := make([]int, 0, len(c.ev))
	for i := range c.ev {
		if !c.ev[i].dropped && c.ev[i].source != srcTag {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return c.ev[order[a]].score() > c.ev[order[b]].score() })
	var kept []*evidence
	for _, i := range order {
		e := &c.ev[i]
		for _, k := range kept {
			if 2*overlap(k, e) < min(k.words(), e.words()) {
				continue
			}
			if sameLicense(k, e) {
				k.wlo, k.whi = min(k.wlo, e.wlo), max(k.whi, e.whi)
				k.lo, k.hi = min(k.lo, e.lo), max(k.hi, e.hi)
			}
			e.dropped = true
			break
		}
		if !e.dropped {
			kept = append(kept, e)
		}
	}
}

// sameLicense reports whether two evidence name the same license.
func sameLicense(a, b *evidence) bool {
	if a.gnu.family != "" || b.gnu.family != "" {
		ga, gb := a.gnu, b.gnu
		if ga.family == "" {
			ga, _ = parseGNUText(a.id)
		}
		if gb.family == "" {
			gb, _ = parseGNUText(b.id)
		}
		return ga == gb
	}
	return a.id == b.id
}

// flagWeakTexts notes full-text matches that differ a lot from their
// reference, so a reviewer knows the id is the closest text, not a copy.
func (c *classification) flagWeakTexts() {
	for _, i := range c.live() {
		e := &c.ev[i]
		if e.source == srcText && e.dice < 0.8 {
			c.note("%s: the text differs from the reference text (similarity %.0f%%); the id is the closest known license", e.label(), 100*e.dice)
		}
	}
}

// dropIncorporatedGPL handles the LGPL-3.0, which is written as additional
// permissions on top of the GPL-3.0 and is distributed with its text: a
// GPL-3.0 text next to an LGPL-3.0 text is part of the LGPL, not a second
// license.
func (c *classification) dropIncorporatedGPL() {
	live := c.live()
	lgpl := slices.ContainsFunc(live, func(i int) bool { return strings.HasPrefix(c.ev[i].id, "LGPL-3.0-") })
	if !lgpl {
		return
	}
	for _, i := range live {
		e := &c.ev[i]
		if (e.source == srcText || e.source == srcPattern) && e.words() >= StrongWords && strings.HasPrefix(e.id, "GPL-3.0-") {
			e.dropped = true
			c.note("the GPL-3.0 text is part of the LGPL-3.0 (which adds permissions to it): not reported separately")
		}
	}
}
