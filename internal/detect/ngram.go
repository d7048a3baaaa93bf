package detect

import (
	"fmt"
	"slices"
	"sync"
)

// The full-text matcher compares word shingles (runs of shingleLen words)
// of the input with those of every reference text. An inverted index from
// shingle hash to references gives, in one pass over the input, how many
// shingles of each reference the input holds; references holding enough are
// then located (the densest run of their hits) and scored.
const shingleLen = 5

// An index entry packs, into one uint64 sorted by hash: the shingle hash
// (hashBits), the reference index (refBits) and the position of the shingle's
// first occurrence in the reference (posBits). With ~200k distinct shingles
// the expected number of colliding hashes stays below 0.1, and a collision
// only adds one stray hit.
const (
	hashBits   = 38
	refBits    = 11
	posBits    = 15
	maxRefs    = 1 << refBits
	maxRefPos  = 1<<posBits - 1
	bucketBits = 16
)

// ngramIndex is the inverted shingle index over all references.
type ngramIndex struct {
	keys     []uint64 // distinct shingle hashes, sorted
	postOff  []uint32 // postings of keys[i] are post[postOff[i]:postOff[i+1]]
	post     []uint32 // ref<<posBits | first position in the reference
	buckets  []uint32 // keys with top bits b are keys[buckets[b]:buckets[b+1]]
	shingles []int32  // distinct shingles per reference
	scratch  sync.Pool
}

// shingleHash mixes shingleLen word ids into a hashBits-bit value.
func shingleHash(w []uint32) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, x := range w[:shingleLen] {
		h = (h ^ uint64(x)) * 0xbf58476d1ce4e5b9
		h ^= h >> 31
	}
	return h >> (64 - hashBits)
}

// newNgramIndex indexes refs; there must be at most maxRefs of them.
func newNgramIndex(refs []reference) (*ngramIndex, error) {
	if len(refs) > maxRefs {
		return nil, fmt.Errorf("%d reference texts exceed the index limit of %d", len(refs), maxRefs)
	}
	ix := &ngramIndex{shingles: make([]int32, len(refs))}
	total := 0
	for _, r := range refs {
		total += max(len(r.words)-shingleLen+1, 0)
	}
	pairs := make([]uint64, 0, total)
	var seen []uint64
	for i, r := range refs {
		seen = seen[:0]
		for j := 0; j+shingleLen <= len(r.words); j++ {
			seen = append(seen, shingleHash(r.words[j:])<<posBits|uint64(min(j, maxRefPos)))
		}
		slices.Sort(seen) // by hash, then first position
		n := 0
		for k, e := range seen {
			if k > 0 && e>>posBits == seen[k-1]>>posBits {
				continue
			}
			n++
			pairs = append(pairs, e>>posBits<<(refBits+posBits)|uint64(i)<<posBits|e&maxRefPos)
		}
		ix.shingles[i] = int32(n)
	}
	slices.Sort(pairs)
	ix.fill(pairs)
	ix.scratch.New = func() any { return &matchScratch{counts: make([]int32, len(refs))} }
	return ix, nil
}

// fill builds keys, postings and buckets from sorted index entries.
func (ix *ngramIndex) fill(pairs []uint64) {
	ix.post = make([]uint32, len(pairs))
	for i, p := range pairs {
		ix.post[i] = uint32(p & (1<<(refBits+posBits) - 1))
		h := p >> (refBits + posBits)
		if len(ix.keys) == 0 || ix.keys[len(ix.keys)-1] != h {
			ix.keys = append(ix.keys, h)
			ix.postOff = append(ix.postOff, uint32(i))
		}
	}
	ix.postOff = append(ix.postOff, uint32(len(pairs)))
	ix.buckets = make([]uint32, 1<<bucketBits+1)
	k := 0
	for b := range 1 << bucketBits {
		ix.buckets[b] = uint32(k)
		for k < len(ix.keys) && int(ix.keys[k]>>(hashBits-bucketBits)) == b {
			k++
		}
	}
	ix.buckets[1<<bucketBits] = uint32(len(ix.keys))
}

// lookup returns the postings range of hash h in post (empty when no
// reference has it).
func (ix *ngramIndex) lookup(h uint64) (lo, hi uint32) {
	b := h >> (hashBits - bucketBits)
	keys := ix.keys[ix.buckets[b]:ix.buckets[b+1]]
	i, ok := slices.BinarySearch(keys, h)
	if !ok {
		return 0, 0
	}
	k := int(ix.buckets[b]) + i
	return ix.postOff[k], ix.postOff[k+1]
}

// fullMatch is one located occurrence of a reference in the input.
type fullMatch struct {
	ref         int
	first, last int // input word range [first, last)
	hits        int // distinct reference shingles found in the range
	containment float64
	dice        float64
}

// score orders competing matches: long, faithful matches first.
func (m fullMatch) score() float64 { return float64(m.hits) * m.dice }

// matchScratch holds per-call buffers reused through a sync.Pool.
type matchScratch struct {
	counts  []int32 // per reference: shared shingles, or -1-k for candidate k
	touched []int
	hashes  []uint64
	spans   [][2]uint32 // postings range of each input shingle
	hits    [][]hit     // per candidate
	seen    []uint64    // bitset over reference positions
	sets    [][]uint64  // per candidate: bitset of the input shingles it hits
	lis     lisScratch
}

// match finds every reference occurring in words with at least
// minContainment of its shingles.
func (ix *ngramIndex) match(words []token) []fullMatch {
	if len(words) < shingleLen {
		return nil
	}
	s := ix.scratch.Get().(*matchScratch)
	defer ix.putScratch(s)
	s.hashes = inputHashes(words, s.hashes[:0])
	ix.count(s)
	cands := ix.candidates(s)
	if len(cands) == 0 {
		return nil
	}
	ix.positions(s, cands)
	var found []fullMatch
	for k, r := range cands {
		found = ix.locate(s, r, s.hits[k], found)
	}
	return ix.resolveOverlaps(s, found)
}

// resolveOverlaps keeps one match per region of the input. Matches of
// different references over the same words are close variants (Apache-2.0
// and the Pixar or ECL-2.0 licenses derived from it, BSD-3-Clause and its
// variants); the one whose text explains input words the other cannot (its
// distinctive clauses) wins, and similarity decides only when neither has
// any. A missing optional section (Apache's appendix) thus costs nothing,
// while a changed clause decides.
func (ix *ngramIndex) resolveOverlaps(s *matchScratch, found []fullMatch) []fullMatch {
	slices.SortStableFunc(found, func(a, b fullMatch) int { return cmpFloat(b.score(), a.score()) })
	var kept []fullMatch
	for _, m := range found {
		wins := true
		for _, k := range kept {
			if 2*overlapWords(m, k) >= min(m.last-m.first, k.last-k.first) && !ix.beats(s, m, k) {
				wins = false
				break
			}
		}
		if !wins {
			continue
		}
		kept = slices.DeleteFunc(kept, func(k fullMatch) bool {
			return 2*overlapWords(m, k) >= min(m.last-m.first, k.last-k.first)
		})
		kept = append(kept, m)
	}
	return kept
}

func overlapWords(a, b fullMatch) int {
	return max(0, min(a.last, b.last)-max(a.first, b.first))
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// closeScore is how near the score of a match must come to an overlapping
// kept match for their distinctive words to be compared; below it the
// weaker match simply loses.
const closeScore = 0.75

// beats reports whether m should replace the overlapping match k.
func (ix *ngramIndex) beats(s *matchScratch, m, k fullMatch) bool {
	if m.score() < closeScore*k.score() {
		return false
	}
	um, uk := s.distinctive(m, k.ref), s.distinctive(k, m.ref)
	if um != uk {
		return um > uk
	}
	return m.score() > k.score()
}

// distinctive counts the input shingles of m's region that are in m's
// reference but not in reference other (both are candidates).
func (s *matchScratch) distinctive(m fullMatch, other int) int {
	set := s.hitSet(int(-1 - s.counts[other]))
	n := 0
	for _, h := range s.hits[-1-s.counts[m.ref]] {
		if int(h.in) >= m.first && int(h.in) <= m.last-shingleLen && set[h.in/64]&(1<<(h.in%64)) == 0 {
			n++
		}
	}
	return n
}

// hitSet returns the input positions hit by candidate k as a bitset.
func (s *matchScratch) hitSet(k int) []uint64 {
	for len(s.sets) <= k {
		s.sets = append(s.sets, nil)
	}
	if s.sets[k] == nil {
		set := make([]uint64, len(s.hashes)/64+1)
		for _, h := range s.hits[k] {
			set[h.in/64] |= 1 << (h.in % 64)
		}
		s.sets[k] = set
	}
	return s.sets[k]
}

func (ix *ngramIndex) putScratch(s *matchScratch) {
	for _, r := range s.touched {
		s.counts[r] = 0
	}
	s.touched = s.touched[:0]
	for k := range s.hits {
		s.hits[k] = s.hits[k][:0]
	}
	clear(s.sets)
	ix.scratch.Put(s)
}

// inputHashes hashes every shingle of words (indexed by its first word);
// shingles holding a word no reference uses get hash 0, never looked up.
// Valid hashes carry bit hashBits so that they are never 0.
func inputHashes(words []token, out []uint64) []uint64 {
	var ids [shingleLen]uint32
	lastUnknown := -1
	for i := range words {
		if words[i].id == 0 {
			lastUnknown = i
		}
		start := i + 1 - shingleLen
		if start < 0 {
			continue
		}
		if lastUnknown >= start {
			out = append(out, 0)
			continue
		}
		for j := range ids {
			ids[j] = words[start+j].id
		}
		out = append(out, shingleHash(ids[:])|1<<hashBits)
	}
	return out
}

// count tallies, per reference, the input shingles it shares, and keeps
// each shingle's postings range for positions.
func (ix *ngramIndex) count(s *matchScratch) {
	s.spans = slices.Grow(s.spans[:0], len(s.hashes))[:len(s.hashes)]
	for i, h := range s.hashes {
		s.spans[i] = [2]uint32{}
		if h == 0 {
			continue
		}
		lo, hi := ix.lookup(h &^ (1 << hashBits))
		s.spans[i] = [2]uint32{lo, hi}
		for _, p := range ix.post[lo:hi] {
			r := p >> posBits
			if s.counts[r] == 0 {
				s.touched = append(s.touched, int(r))
			}
			s.counts[r]++
		}
	}
}

// candidates are the references sharing (counting repeats) at least the
// share of shingles an occurrence needs.
func (ix *ngramIndex) candidates(s *matchScratch) []int {
	var out []int
	for _, r := range s.touched {
		if float64(s.counts[r]) >= minContainment(ix.shingles[r])*float64(ix.shingles[r]) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

// positions records, for each candidate, the input shingles it shares.
func (ix *ngramIndex) positions(s *matchScratch, cands []int) {
	for len(s.hits) < len(cands) {
		s.hits = append(s.hits, nil)
	}
	for k, r := range cands {
		s.counts[r] = int32(-1 - k) // putScratch resets touched counts
	}
	for i, sp := range s.spans {
		for _, p := range ix.post[sp[0]:sp[1]] {
			if k := s.counts[p>>posBits]; k < 0 {
				s.hits[-1-k] = append(s.hits[-1-k], hit{in: int32(i), ref: int32(p & maxRefPos)})
			}
		}
	}
}

// gapPenalty is what one unmatched input shingle between two hits costs when
// finding the densest run of a reference's hits (each hit gains 1). A changed
// word leaves a gap of shingleLen shingles; an unrelated paragraph between two
// licenses leaves a gap long enough to split them.
const gapPenalty = 0.25

// minContainment is the share of a reference's distinct shingles a located
// run must hold to count as an occurrence. Short references need more: a
// few common phrases must not be mistaken for a whole short license.
func minContainment(shingles int32) float64 {
	switch {
	case shingles < 20:
		return 0.9
	case shingles < 60:
		return 0.75
	default:
		return 0.5
	}
}

// hit is one input shingle found in a reference.
type hit struct {
	in  int32 // shingle index in the input
	ref int32 // first position of the shingle in the reference
}

// maxMatches bounds the occurrences one call reports (a file repeating a
// license thousands of times must not make matching quadratic).
const maxMatches = 256

// locate appends the occurrences of reference r whose hits are hits.
// Each located occurrence is cut out and the hits on both sides of it are
// searched again, so a license repeated in a text is found every time.
func (ix *ngramIndex) locate(s *matchScratch, r int, hits []hit, out []fullMatch) []fullMatch {
	need := minContainment(ix.shingles[r])
	enough := func(h []hit) bool { return float64(len(h)) >= need*float64(ix.shingles[r]) }
	stack := [][]hit{hits}
	for len(stack) > 0 && len(out) < maxMatches {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !enough(h) {
			continue
		}
		a, b := densest(h)
		m, lo, hi := ix.measure(s, r, h[a:b])
		if m.containment < need {
			continue
		}
		out = append(out, m)
		for _, rest := range [][]hit{h[:a+lo], h[a+hi:]} {
			if enough(rest) {
				stack = append(stack, rest)
			}
		}
	}
	return out
}

// densest returns the run hits[a:b] maximising hits minus gap penalties.
func densest(hits []hit) (a, b int) {
	best, cur := 0.0, 0.0
	start := 0
	for j := range hits {
		gain := 1.0
		if j > 0 {
			gain -= gapPenalty * float64(hits[j].in-hits[j-1].in-1)
		}
		if j == 0 || cur+gain < 1 {
			cur, start = 1, j
		} else {
			cur += gain
		}
		if cur > best {
			best, a, b = cur, start, j+1
		}
	}
	return a, b
}

// measure scores the best occurrence of reference r in a run of hits and
// returns it with the index range run[lo:hi] of the hits it spans. The
// occurrence is the longest chain of hits in reference order (so a notice
// placed before or after a license text, which repeats the text's own
// "how to apply" notice, is not taken as part of it), cut where the input
// inserts more than maxInsertion words (so two copies of a license, or
// adjacent licenses sharing phrases, are not chained into one).
func (ix *ngramIndex) measure(s *matchScratch, r int, run []hit) (m fullMatch, lo, hi int) {
	first, last := s.lis.chain(run, maxInsertion(ix.shingles[r]))
	lo, _ = slices.BinarySearchFunc(run, first, func(h hit, in int32) int { return int(h.in - in) })
	hi, _ = slices.BinarySearchFunc(run, last+1, func(h hit, in int32) int { return int(h.in - in) })
	// Distinct shingles of the reference are distinct first positions.
	s.seen = slices.Grow(s.seen[:0], maxRefPos/64+1)[:maxRefPos/64+1]
	clear(s.seen)
	hits := 0
	for _, h := range run[lo:hi] {
		if w, bit := h.ref/64, uint64(1)<<(h.ref%64); s.seen[w]&bit == 0 {
			s.seen[w] |= bit
			hits++
		}
	}
	region := int(last - first + 1)
	n := int(ix.shingles[r])
	return fullMatch{
		ref:         r,
		first:       int(first),
		last:        int(last) + shingleLen,
		hits:        hits,
		containment: float64(hits) / float64(n),
		dice:        2 * float64(hits) / float64(n+region),
	}, lo, hi
}

// maxInsertion is how many input words may separate two consecutive hits
// beyond the words separating them in the reference before an occurrence
// is cut in two: a quarter of the reference, at least 30 words (BUSL-1.1's
// parameters block, say, is inserted before the terms).
func maxInsertion(shingles int32) int32 {
	return max(30, shingles/4)
}

// lisScratch computes longest increasing subsequences without allocating
// on every call.
type lisScratch struct {
	tailRef []int32 // smallest reference position ending a subsequence of each length
	tailIdx []int32 // index into run of that hit
	prev    []int32
	seq     []int32
}

// chain returns the input positions of the first and last hit of the
// best segment of the longest subsequence of run whose reference positions
// strictly increase; segments are cut where the input inserts more than
// maxIns words between consecutive hits.
func (l *lisScratch) chain(run []hit, maxIns int32) (first, last int32) {
	seq := l.longest(run)
	bestLen, bestLo, bestHi := 0, 0, 0
	segLo := 0
	for k := 1; k <= len(seq); k++ {
		if k < len(seq) {
			a, b := run[seq[k-1]], run[seq[k]]
			if (b.in-a.in)-(b.ref-a.ref) <= maxIns {
				continue
			}
		}
		if k-segLo > bestLen {
			bestLen, bestLo, bestHi = k-segLo, segLo, k
		}
		segLo = k
	}
	return run[seq[bestLo]].in, run[seq[bestHi-1]].in
}

// longest returns the indexes into run of a longest subsequence with
// strictly increasing reference positions, in order.
func (l *lisScratch) longest(run []hit) []int32 {
	l.tailRef, l.tailIdx = l.tailRef[:0], l.tailIdx[:0]
	l.prev = slices.Grow(l.prev[:0], len(run))[:len(run)]
	for i, h := range run {
		lo, hi := 0, len(l.tailRef)
		if hi > 0 && l.tailRef[hi-1] < h.ref {
			lo = hi // common case: extends the longest subsequence
		}
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if l.tailRef[mid] < h.ref {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		l.prev[i] = -1
		if lo > 0 {
			l.prev[i] = l.tailIdx[lo-1]
		}
		if lo == len(l.tailRef) {
			l.tailRef, l.tailIdx = append(l.tailRef, h.ref), append(l.tailIdx, int32(i))
		} else {
			l.tailRef[lo], l.tailIdx[lo] = h.ref, int32(i)
		}
	}
	l.seq = l.seq[:0]
	for i := l.tailIdx[len(l.tailIdx)-1]; i >= 0; i = l.prev[i] {
		l.seq = append(l.seq, i)
	}
	slices.Reverse(l.seq)
	return l.seq
}
