package detect

import "github.com/ospo-gate/ospo-gate/internal/detect/internal/norm"

// vocabulary maps normalised words to the ids used in reference texts.
// Id 0 is reserved for words no reference uses: they can never match.
type vocabulary struct {
	ids   map[string]uint32
	words []string // id → word; words[0] is ""
}

func newVocabulary(dict []string) *vocabulary {
	v := &vocabulary{ids: make(map[string]uint32, len(dict)+1024), words: make([]string, 1, len(dict)+1024)}
	for _, w := range dict {
		v.add(w)
	}
	return v
}

// add returns the id of w, assigning the next one if w is new.
func (v *vocabulary) add(w string) uint32 {
	if id, ok := v.ids[w]; ok {
		return id
	}
	id := uint32(len(v.words))
	v.ids[w] = id
	v.words = append(v.words, w)
	return id
}

// word returns the word with the given id ("" for id 0).
func (v *vocabulary) word(id uint32) string { return v.words[id] }

// sequence tokenizes a text written in this package, growing v.
func (v *vocabulary) sequence(text string) []uint32 {
	var out []uint32
	norm.Scan([]byte(text), func(_, _ int, w []byte) {
		out = append(out, v.add(string(w)))
	})
	return out
}

// token is one word of a text being classified.
type token struct {
	id     uint32 // 0 when no reference uses the word
	lo, hi int32  // byte offsets in the text
}

// tokens splits text into words; v is only read, so this is safe for
// concurrent use once the detector is built.
func (v *vocabulary) tokens(text []byte) []token {
	out := make([]token, 0, len(text)/6)
	norm.Scan(text, func(lo, hi int, w []byte) {
		out = append(out, token{id: v.ids[string(w)], lo: int32(lo), hi: int32(hi)})
	})
	return out
}
