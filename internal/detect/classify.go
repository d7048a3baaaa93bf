package detect

import (
	"fmt"
	"sort"
)

// evidenceSource says which recogniser produced an evidence.
type evidenceSource uint8

const (
	srcText    evidenceSource = iota // full-text shingle match against a reference text
	srcPattern                       // licensecheck pattern (LRE) match
	srcURL                           // licensecheck license URL match
	srcTag                           // SPDX-License-Identifier tag
	srcNotice                        // short license notice or title
)

// evidence is one candidate finding while a text is being classified.
type evidence struct {
	id     string  // reported id or expression; "" while gnu is unresolved
	gnu    gnuText // GNU text whose only / or-later choice is open
	kind   refKind
	base   string // exceptions: the license the exception is written for
	role   customRole
	family string // keys: the family of matches they relabel
	source evidenceSource

	lo, hi   int // byte range in the text
	wlo, whi int // word range [wlo, whi)

	containment float64 // share of the reference text present
	dice        float64 // similarity of the region and the reference text

	compound bool   // id is a compound expression (parenthesise when combined)
	with     string // exception attached by resolveExceptions
	dropped  bool
}

// setID sets e.id (or e.gnu) from an id reported by licensecheck or a list
// text; it reports false when the match is to be dropped.
func (e *evidence) setID(raw string) bool {
	id, gnu, ok := canonicalID(raw)
	e.id, e.gnu = id, gnu
	return ok
}

func (e *evidence) words() int { return e.whi - e.wlo }

// score ranks overlapping evidence: how many words it explains, weighted by
// how faithful the match is. A pattern match is exact by construction but
// its patterns are broader than one SPDX text, so it ranks just below a
// near-verbatim text match; URLs and notices rank last.
func (e *evidence) score() float64 {
	switch e.source {
	case srcText:
		return float64(e.words()) * e.dice
	case srcPattern:
		return 0.95 * float64(e.words())
	default:
		return 0.5 * float64(e.words())
	}
}

// strong reports evidence that alone justifies an Expression, whatever the
// share of the text it covers.
func (e *evidence) strong() bool {
	switch e.source {
	case srcTag:
		return true
	case srcText, srcPattern:
		return e.role == roleText && (e.words() >= StrongWords || e.source == srcText && e.containment >= 0.9)
	}
	return false
}

// label is the id used in notes and matches.
func (e *evidence) label() string {
	if e.id == "" && e.gnu.family != "" {
		return e.gnu.id("")
	}
	return e.id
}

// classification is the state of one Classify call.
type classification struct {
	d     *Detector
	text  []byte
	toks  []token
	ev    []evidence
	notes []string

	copyMarks []bool    // words on copyright lines, computed once
	choice    bool      // a notice joined license names with "or"
	cues      [][2]int  // word ranges of choice cues, counted as covered
	hits      []nameHit // scratch for name lookups
	lastName  string    // id found by the last nameAt
}

// Classify reports the licenses found in text. It never fails; anything
// doubtful is explained in Result.Notes.
func (d *Detector) Classify(text []byte) Result {
	c := &classification{d: d, text: text}
	if len(text) > MaxTextSize {
		c.text = text[:MaxTextSize]
		c.note("text is %d bytes: only the first %d were examined", len(text), MaxTextSize)
	}
	c.toks = d.vocab.tokens(c.text)
	d.textEvidence(c)
	if !c.explainedByTexts() {
		d.patternEvidence(c)
	}
	d.tagEvidence(c)
	d.noticeEvidence(c)
	c.resolve()
	return c.result()
}

func (c *classification) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for _, n := range c.notes {
		if n == msg {
			return
		}
	}
	c.notes = append(c.notes, msg)
}

// maxEvidence bounds the evidence one text may produce, so that a hostile
// text (a notice repeated 100,000 times) cannot make resolution slow; the
// first maxEvidence pieces are kept and a note says the rest was ignored.
const maxEvidence = 1024

// add records e, deriving its word range from its byte range.
func (c *classification) add(e evidence) {
	e.wlo = sort.Search(len(c.toks), func(i int) bool { return int(c.toks[i].hi) > e.lo })
	e.whi = sort.Search(len(c.toks), func(i int) bool { return int(c.toks[i].lo) >= e.hi })
	if e.whi <= e.wlo {
		return // no words: nothing to attribute
	}
	c.push(e)
}

// addWords records e from its word range.
func (c *classification) addWords(e evidence) {
	e.lo, e.hi = int(c.toks[e.wlo].lo), int(c.toks[e.whi-1].hi)
	c.push(e)
}

func (c *classification) push(e evidence) {
	if len(c.ev) >= maxEvidence {
		c.note("more than %d license matches: the rest were ignored", maxEvidence)
		return
	}
	c.ev = append(c.ev, e)
}

// textEvidence converts full-text shingle matches.
func (d *Detector) textEvidence(c *classification) {
	for _, m := range d.ngrams.match(c.toks) {
		r := &d.refs[m.ref]
		e := evidence{
			kind: r.kind, base: r.base, source: srcText,
			wlo: m.first, whi: m.last, containment: m.containment, dice: m.dice,
		}
		if r.kind == kindException {
			e.id = r.ids[0]
		} else if id, gnu, ok := groupID(r.ids); ok {
			e.id, e.gnu = id, gnu
		} else {
			continue
		}
		c.addWords(e)
	}
}

// verbatimDice is the similarity from which a full-text match is taken as
// a copy of its reference text.
const verbatimDice = 0.9

// verbatimRanges are the word ranges of full-text matches that are copies
// of their reference text.
func (c *classification) verbatimRanges() [][2]int {
	var out [][2]int
	for i := range c.ev {
		if e := &c.ev[i]; e.source == srcText && e.dice >= verbatimDice {
			out = append(out, [2]int{e.wlo, e.whi})
		}
	}
	return out
}

// explainedByTexts reports whether verbatim reference texts cover all but
// a few words (copyright lines aside): the licensecheck patterns, which
// cost as much again, could then add nothing.
func (c *classification) explainedByTexts() bool {
	ranges := c.verbatimRanges()
	if len(ranges) == 0 {
		return false
	}
	marks := c.copyrightLines()
	total, missed := 0, 0
	for w := range c.toks {
		if marks[w] {
			continue
		}
		total++
		if _, in := inRanges(ranges, w); !in {
			missed++
		}
	}
	return float64(missed) <= 0.03*float64(total)
}
