// Package norm splits license text into normalised words.
//
// It is shared by the detector at run time and by its data generator, so the
// word streams stored in the generated data and the words of a text being
// classified are produced by exactly the same rules:
//
//   - a word is a maximal run of Unicode letters and digits;
//   - letters are lower-cased and common Latin accents are removed;
//   - an apostrophe between two letters is dropped ("licensor's" → "licensors");
//   - "©" and "(c)" become the word "copyright", "&" becomes "and";
//   - British spellings of "licence" are folded into "license".
//
// Everything else (punctuation, markup, comment leaders, white space) only
// separates words.
package norm

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// MaxWordLen is the longest normalised word emitted; longer runs of letters
// (base64 blobs, minified code) are truncated to keep dictionary keys small.
const MaxWordLen = 64

// Scan calls emit for every word of text, in order. lo and hi are the byte
// offsets of the word in text; word is its normalised form, valid only
// during the call. Scan never fails: invalid UTF-8 bytes separate words.
func Scan(text []byte, emit func(lo, hi int, word []byte)) {
	var buf [MaxWordLen + utf8.UTFMax]byte
	w := buf[:0]
	start := -1
	flush := func(end int) {
		if start >= 0 {
			emit(start, end, canonical(w))
		}
		w = w[:0]
		start = -1
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case isASCIIWord(c):
				if start < 0 {
					start = i
				}
				if len(w) < MaxWordLen {
					w = append(w, toLowerASCII(c))
				}
				i++
				continue
			case c == '\'' && start >= 0 && i+1 < len(text) && isASCIILetter(text[i+1]):
				i++ // apostrophe inside a word
				continue
			case c == '(' && isCopyrightParen(text[i:]):
				flush(i)
				emit(i, i+3, copyrightWord)
				i += 3
				continue
			case c == '&':
				flush(i)
				emit(i, i+1, andWord)
				i++
				continue
			}
			flush(i)
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		switch {
		case r == '©':
			flush(i)
			emit(i, i+size, copyrightWord)
		case r == '’' && start >= 0 && i+size < len(text) && isASCIILetter(text[i+size]):
			// typographic apostrophe inside a word
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			if len(w) < MaxWordLen {
				w = utf8.AppendRune(w, fold(r))
			}
		default:
			flush(i)
		}
		i += size
	}
	flush(len(text))
}

var (
	copyrightWord = []byte("copyright")
	andWord       = []byte("and")
	licencePrefix = []byte("licenc")
)

// canonical folds spelling variants that licenses use interchangeably.
func canonical(w []byte) []byte {
	if bytes.HasPrefix(w, licencePrefix) {
		w[5] = 's' // licence, licenced, licencee, licences, licencing, licencor
	}
	return w
}

func isASCIIWord(c byte) bool {
	return isASCIILetter(c) || '0' <= c && c <= '9'
}

func isASCIILetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func toLowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// isCopyrightParen reports whether b starts with "(c)" or "(C)".
func isCopyrightParen(b []byte) bool {
	return len(b) >= 3 && (b[1] == 'c' || b[1] == 'C') && b[2] == ')'
}

// fold lower-cases r and strips the accents of common Latin letters.
func fold(r rune) rune {
	r = unicode.ToLower(r)
	if r < 0xe0 || r > 0xff {
		return r
	}
	return rune(latin1Fold[r-0xe0])
}

// latin1Fold maps U+00E0..U+00FF to their unaccented ASCII letter.
var latin1Fold = [32]byte{
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', // à á â ã ä å æ ç
	'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', // è é ê ë ì í î ï
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 'x', // ð ñ ò ó ô õ ö ÷
	'o', 'u', 'u', 'u', 'u', 'y', 'p', 'y', // ø ù ú û ü ý þ ÿ
}
