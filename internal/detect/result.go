package detect

import "math"

// result assembles the Result from the resolved evidence.
func (c *classification) result() Result {
	live := c.live()
	r := Result{Coverage: c.coverage(live)}
	strong := false
	for _, i := range live {
		e := &c.ev[i]
		strong = strong || e.strong()
		r.Matches = append(r.Matches, Match{ID: e.label(), Start: e.lo, End: e.hi, Coverage: round1(100 * e.containment)})
	}
	switch {
	case len(live) == 0:
	case strong || r.Coverage >= ConfidentCoverage:
		r.Expression = c.expression(live)
	default:
		c.note("matches cover %.1f%% of the text, below the %.0f%% needed without a full license text or SPDX tag: no expression", r.Coverage, ConfidentCoverage)
	}
	r.Notes = c.notes
	return r
}

func round1(x float64) float64 { return math.Round(10*x) / 10 }

// coverage is the percent of the text's words, copyright lines excluded,
// inside live evidence.
func (c *classification) coverage(live []int) float64 {
	covered := make([]bool, len(c.toks))
	if len(live) > 0 {
		for _, r := range c.cues {
			for w := r[0]; w < r[1]; w++ {
				covered[w] = true
			}
		}
	}
	for _, i := range live {
		e := &c.ev[i]
		for w := e.wlo; w < e.whi; w++ {
			covered[w] = true
		}
	}
	total, hit := 0, 0
	for w, isCopyright := range c.copyrightLines() {
		if isCopyright && !covered[w] {
			continue
		}
		total++
		if covered[w] {
			hit++
		}
	}
	if total == 0 {
		return 0
	}
	return round1(100 * float64(hit) / float64(total))
}

// copyrightLines marks the words of lines that start with "copyright"
// (after any comment leader or "portions"): they name holders, not terms.
func (c *classification) copyrightLines() []bool {
	if c.copyMarks != nil {
		return c.copyMarks
	}
	marks := make([]bool, len(c.toks))
	c.copyMarks = marks
	for start := 0; start < len(c.toks); {
		end := start + 1
		for end < len(c.toks) && !c.newlineBetween(end-1, end) {
			end++
		}
		first := start
		if c.word(first) == "portions" {
			first++
		}
		if first < end && c.toks[first].id == c.d.copyID && c.d.copyID != 0 {
			for w := start; w < end; w++ {
				marks[w] = true
			}
		}
		start = end
	}
	return marks
}

// newlineBetween reports whether a line break separates words a and b.
func (c *classification) newlineBetween(a, b int) bool {
	for _, ch := range c.text[c.toks[a].hi:c.toks[b].lo] {
		if ch == '\n' {
			return true
		}
	}
	return false
}

// choiceCues are word sequences that offer a choice between licenses.
var choiceCues = [][]string{
	{"dual", "licensed"},
	{"dually", "licensed"},
	{"dual", "license"},
	{"multi", "licensed"},
	{"at", "your", "option"},
	{"at", "your", "choice"},
	{"your", "choice", "of"},
	{"licensed", "under", "either"},
	{"under", "either", "of"},
	{"choose", "either"},
	{"either", "of", "the", "following", "licenses"},
	{"one", "of", "the", "following", "licenses"},
	{"alternatively", "under"},
}

// findCues records the choice cues outside full license texts. "at your
// option any later version" (a GNU notice) is not a choice between licenses.
func (c *classification) findCues() {
	skip := c.textRanges()
	for i := range c.toks {
		if _, in := inRanges(skip, i); in {
			continue
		}
		for _, cue := range choiceCues {
			if c.wordsAt(i, cue) && !(cue[0] == "at" && c.word(i+3) == "any") {
				c.cues = append(c.cues, [2]int{i, i + len(cue)})
			}
		}
	}
}

// offersChoice reports whether the text offers a choice between licenses.
func (c *classification) offersChoice() bool {
	return c.choice || len(c.cues) > 0
}

// wordsAt reports whether the words starting at i are seq.
func (c *classification) wordsAt(i int, seq []string) bool {
	for k, w := range seq {
		if c.word(i+k) != w {
			return false
		}
	}
	return true
}
