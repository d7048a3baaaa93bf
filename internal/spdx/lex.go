package spdx

import (
	"strings"
	"unicode/utf8"
)

type tokKind int

const (
	tEOF tokKind = iota
	tLParen
	tRParen
	tWord
	tAnd
	tOr
	tWith
)

// token is one lexical unit; off is its byte offset in the source.
type token struct {
	kind tokKind
	text string
	off  int
	plus bool // a "+" immediately followed the word
}

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tLParen:
		return `"("`
	case tRParen:
		return `")"`
	}
	return `"` + t.text + `"`
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == ':'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// lex splits src into tokens, ending with a tEOF token.
func lex(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case isSpace(c):
			i++
		case c == '(':
			toks = append(toks, token{kind: tLParen, text: "(", off: i})
			i++
		case c == ')':
			toks = append(toks, token{kind: tRParen, text: ")", off: i})
			i++
		case isWordByte(c):
			t, next, err := lexWord(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = next
		case c == '+':
			return nil, errAt(src, i, `unexpected "+": it must directly follow a license id`)
		default:
			r, _ := utf8.DecodeRuneInString(src[i:])
			return nil, errAt(src, i, "unexpected character %q", r)
		}
	}
	return append(toks, token{kind: tEOF, off: len(src)}), nil
}

// lexWord reads a word starting at i, with an optional trailing "+".
func lexWord(src string, i int) (token, int, error) {
	start := i
	for i < len(src) && isWordByte(src[i]) {
		i++
	}
	t := token{kind: tWord, text: src[start:i], off: start}
	switch strings.ToUpper(t.text) {
	case "AND":
		t.kind = tAnd
	case "OR":
		t.kind = tOr
	case "WITH":
		t.kind = tWith
	}
	if i < len(src) && src[i] == '+' {
		if t.kind != tWord {
			return t, i, errAt(src, i, `unexpected "+" after operator %q`, t.text)
		}
		t.plus = true
		i++
		if i < len(src) && (isWordByte(src[i]) || src[i] == '+') {
			return t, i, errAt(src, i, `unexpected %q after "+"`, string(src[i]))
		}
	}
	return t, i, nil
}
