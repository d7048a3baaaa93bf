package locate

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonScanner is a pull parser for RFC 8259 JSON that knows the line of every
// token. Format code drives it: object and array call back once per member, and the
// callback consumes the member's value with str, stringOrSkip, object, array or
// skip; a value the callback leaves alone is skipped for it. Nothing is allocated
// for values that are skipped.
type jsonScanner struct {
	src       string
	pos       int
	line      int // 1-based line of pos
	lineStart int // offset of the first byte of that line
	depth     int
}

func newJSONScanner(src string) *jsonScanner { return &jsonScanner{src: src, line: 1} }

// errorf reports an error at the current position.
func (s *jsonScanner) errorf(format string, args ...any) *ParseError {
	return errAt(s.line, s.col(), format, args...)
}

func (s *jsonScanner) col() int {
	end := s.pos
	if end > len(s.src) {
		end = len(s.src)
	}
	return utf8.RuneCountInString(s.src[s.lineStart:end]) + 1
}

// ws skips insignificant whitespace.
func (s *jsonScanner) ws() {
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case ' ', '\t', '\r':
			s.pos++
		case '\n':
			s.pos++
			s.line++
			s.lineStart = s.pos
		default:
			return
		}
	}
}

// peek returns the next significant byte, or 0 at the end of input.
func (s *jsonScanner) peek() byte {
	s.ws()
	if s.pos >= len(s.src) {
		return 0
	}
	return s.src[s.pos]
}

// expect consumes byte c or fails.
func (s *jsonScanner) expect(c byte, what string) error {
	if s.peek() != c {
		return s.unexpected(what)
	}
	s.pos++
	return nil
}

// unexpected describes the token found where want was expected.
func (s *jsonScanner) unexpected(want string) *ParseError {
	if s.pos >= len(s.src) {
		return s.errorf("unexpected end of JSON input, expected %s", want)
	}
	r, _ := utf8.DecodeRuneInString(s.src[s.pos:])
	return s.errorf("unexpected %q, expected %s", r, want)
}

// finish checks that only whitespace follows the top-level value.
func (s *jsonScanner) finish() error {
	if s.peek() != 0 {
		return s.unexpected("end of input")
	}
	return nil
}

func (s *jsonScanner) enter() error {
	s.depth++
	if s.depth > MaxDepth {
		return tooDeep(s.line, s.col())
	}
	return nil
}

// object consumes an object, calling fn for each member with the key and the
// key's line. fn is called with the scanner positioned at the member's value.
func (s *jsonScanner) object(fn func(key string, line int) error) error {
	if err := s.expect('{', "'{'"); err != nil {
		return err
	}
	if err := s.enter(); err != nil {
		return err
	}
	if s.peek() == '}' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		if s.peek() != '"' {
			return s.unexpected("string key")
		}
		line := s.line
		key, err := s.str()
		if err != nil {
			return err
		}
		if err := s.expect(':', "':'"); err != nil {
			return err
		}
		if err := s.member(func() error { return fn(key, line) }); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.depth--
			return nil
		default:
			return s.unexpected("',' or '}'")
		}
	}
}

// array consumes an array, calling fn for each element with the element's line.
func (s *jsonScanner) array(fn func(line int) error) error {
	if err := s.expect('[', "'['"); err != nil {
		return err
	}
	if err := s.enter(); err != nil {
		return err
	}
	if s.peek() == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		s.ws()
		line := s.line
		if err := s.member(func() error { return fn(line) }); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return nil
		default:
			return s.unexpected("',' or ']'")
		}
	}
}

// member runs fn at a value and skips the value if fn did not consume it.
func (s *jsonScanner) member(fn func() error) error {
	s.ws()
	start := s.pos
	if fn != nil {
		if err := fn(); err != nil {
			return err
		}
	}
	if s.pos == start {
		return s.skip()
	}
	return nil
}

// stringOrSkip returns the value if it is a string; any other value is skipped
// and ok is false.
func (s *jsonScanner) stringOrSkip() (v string, ok bool, err error) {
	if s.peek() != '"' {
		return "", false, s.skip()
	}
	v, err = s.str()
	return v, err == nil, err
}

// skip consumes one value of any kind, validating it.
func (s *jsonScanner) skip() error {
	switch c := s.peek(); {
	case c == '{':
		return s.object(func(string, int) error { return nil })
	case c == '[':
		return s.array(func(int) error { return nil })
	case c == '"':
		_, err := s.str()
		return err
	case c == '-' || isDigit(c):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	default:
		return s.unexpected("a JSON value")
	}
}

func (s *jsonScanner) literal(lit string) error {
	if !strings.HasPrefix(s.src[s.pos:], lit) {
		return s.errorf("invalid literal, expected %s", lit)
	}
	s.pos += len(lit)
	return nil
}

// number consumes a number per the JSON grammar.
func (s *jsonScanner) number() error {
	if s.pos < len(s.src) && s.src[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(s.src) && s.src[s.pos] == '0':
		s.pos++
	case s.pos < len(s.src) && isDigit(s.src[s.pos]):
		s.digits()
	default:
		return s.unexpected("digit")
	}
	if s.pos < len(s.src) && s.src[s.pos] == '.' {
		s.pos++
		if s.digits() == 0 {
			return s.unexpected("digit")
		}
	}
	if s.pos < len(s.src) && (s.src[s.pos] == 'e' || s.src[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.src) && (s.src[s.pos] == '+' || s.src[s.pos] == '-') {
			s.pos++
		}
		if s.digits() == 0 {
			return s.unexpected("digit")
		}
	}
	return nil
}

func (s *jsonScanner) digits() int {
	n := 0
	for s.pos < len(s.src) && isDigit(s.src[s.pos]) {
		s.pos++
		n++
	}
	return n
}

// str consumes a string and returns its decoded value. Strings without escapes
// are returned as substrings of the source.
func (s *jsonScanner) str() (string, error) {
	if err := s.expect('"', "string"); err != nil {
		return "", err
	}
	start := s.pos
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '"':
			v := s.src[start:s.pos]
			s.pos++
			return v, nil
		case c == '\\':
			return s.escaped(start)
		case c < 0x20:
			return "", s.errorf("invalid control character %q in string", c)
		}
		s.pos++
	}
	return "", s.errorf("unterminated string")
}

// escaped finishes a string that contains escapes, starting at its first byte.
func (s *jsonScanner) escaped(start int) (string, error) {
	var b strings.Builder
	b.WriteString(s.src[start:s.pos])
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '"':
			s.pos++
			return b.String(), nil
		case c < 0x20:
			return "", s.errorf("invalid control character %q in string", c)
		case c != '\\':
			b.WriteByte(c)
			s.pos++
			continue
		}
		if err := s.escape(&b); err != nil {
			return "", err
		}
	}
	return "", s.errorf("unterminated string")
}

// jsonEscapes maps the single-character escapes to their values.
var jsonEscapes = map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// escape decodes one backslash escape at pos into b.
func (s *jsonScanner) escape(b *strings.Builder) error {
	if s.pos+1 >= len(s.src) {
		return s.errorf("unterminated string")
	}
	c := s.src[s.pos+1]
	if r, ok := jsonEscapes[c]; ok {
		b.WriteByte(r)
		s.pos += 2
		return nil
	}
	if c != 'u' {
		s.pos++
		return s.errorf("invalid escape '\\%c' in string", c)
	}
	r, ok := s.hex4(s.pos + 2)
	if !ok {
		s.pos++
		return s.errorf("invalid \\u escape in string")
	}
	s.pos += 6
	if utf16.IsSurrogate(r) {
		if lo, ok := s.hex4(s.pos + 2); ok && strings.HasPrefix(s.src[s.pos:], `\u`) {
			if d := utf16.DecodeRune(r, lo); d != utf8.RuneError {
				s.pos += 6
				r = d
			}
		}
	}
	b.WriteRune(r)
	return nil
}

// hex4 decodes four hex digits at off.
func (s *jsonScanner) hex4(off int) (rune, bool) {
	if off+4 > len(s.src) {
		return 0, false
	}
	n, err := strconv.ParseUint(s.src[off:off+4], 16, 32)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}
