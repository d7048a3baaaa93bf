package locate

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// tomlKind is the kind of a TOML value.
type tomlKind int

const (
	tomlScalar tomlKind = iota // integer, float, boolean or date-time (kept as raw text)
	tomlString
	tomlArray
	tomlTable // inline table
)

// tomlValue is a decoded TOML value with the line it starts on.
type tomlValue struct {
	kind   tomlKind
	str    string // the decoded string, or the raw text of a scalar
	line   int
	items  []*tomlValue // tomlArray
	fields []tomlField  // tomlTable
}

// tomlField is one key/value of an inline table.
type tomlField struct {
	key  []string
	line int
	val  *tomlValue
}

// field returns the string value of a single-part key of an inline table.
func (v *tomlValue) field(key string) (string, bool) {
	if v == nil || v.kind != tomlTable {
		return "", false
	}
	for _, f := range v.fields {
		if len(f.key) == 1 && f.key[0] == key && f.val.kind == tomlString {
			return f.val.str, true
		}
	}
	return "", false
}

// tomlVisitor receives the structure of a TOML document.
type tomlVisitor interface {
	// table is called for each [table] or [[array-of-tables]] header.
	table(path []string, array bool, line int)
	// want reports whether the value at the full key path (table path + key) is
	// needed; unwanted values are validated but not built.
	want(path []string) bool
	// value delivers a wanted value with the line of its key. path is only valid
	// during the call.
	value(path []string, line int, v *tomlValue)
}

// tomlParser is a small TOML 1.0 parser (accepting TOML 1.1 newlines and trailing
// commas in inline tables) that keeps the line of every key and value.
type tomlParser struct {
	src       string
	pos       int
	line      int
	lineStart int
	table     []string
	full      []string // scratch buffer for full key paths
	v         tomlVisitor
}

// parseTOML parses src and reports its structure to v.
func parseTOML(src string, v tomlVisitor) error {
	p := &tomlParser{src: src, line: 1, v: v}
	for {
		p.skipBlank()
		if p.pos >= len(p.src) {
			return nil
		}
		var err error
		if p.src[p.pos] == '[' {
			err = p.header()
		} else {
			err = p.keyValue()
		}
		if err != nil {
			return err
		}
		if err := p.endOfLine(); err != nil {
			return err
		}
	}
}

func (p *tomlParser) errorf(format string, args ...any) *ParseError {
	return errAt(p.line, p.col(), format, args...)
}

func (p *tomlParser) col() int {
	end := min(p.pos, len(p.src))
	return utf8.RuneCountInString(p.src[p.lineStart:end]) + 1
}

func (p *tomlParser) peek() byte {
	if p.pos >= len(p.src) {
		return 0
	}
	return p.src[p.pos]
}

// newline consumes "\n" and advances the line counter.
func (p *tomlParser) newline() {
	p.pos++
	p.line++
	p.lineStart = p.pos
}

// ws skips spaces and tabs.
func (p *tomlParser) ws() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

// skipBlank skips whitespace, newlines and comments.
func (p *tomlParser) skipBlank() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\r':
			p.pos++
		case '\n':
			p.newline()
		case '#':
			p.skipComment()
		default:
			return
		}
	}
}

func (p *tomlParser) skipComment() {
	if i := strings.IndexByte(p.src[p.pos:], '\n'); i >= 0 {
		p.pos += i
	} else {
		p.pos = len(p.src)
	}
}

// endOfLine requires the rest of the line to be blank or a comment.
func (p *tomlParser) endOfLine() error {
	p.ws()
	if p.peek() == '#' {
		p.skipComment()
	}
	if p.peek() == '\r' && p.pos+1 < len(p.src) && p.src[p.pos+1] == '\n' {
		p.pos++
	}
	switch p.peek() {
	case 0:
		if p.pos >= len(p.src) {
			return nil
		}
	case '\n':
		p.newline()
		return nil
	}
	return p.unexpected("end of line")
}

func (p *tomlParser) unexpected(want string) *ParseError {
	if p.pos >= len(p.src) {
		return p.errorf("unexpected end of input, expected %s", want)
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return p.errorf("unexpected %q, expected %s", r, want)
}

func (p *tomlParser) expect(c byte) error {
	if p.peek() != c {
		return p.unexpected(strconv.QuoteRune(rune(c)))
	}
	p.pos++
	return nil
}

// header parses "[a.b]" or "[[a.b]]".
func (p *tomlParser) header() error {
	line := p.line
	p.pos++
	array := p.peek() == '['
	if array {
		p.pos++
	}
	keys, err := p.key()
	if err != nil {
		return err
	}
	if err := p.expect(']'); err != nil {
		return err
	}
	if array {
		if err := p.expect(']'); err != nil {
			return err
		}
	}
	p.table = keys
	p.v.table(keys, array, line)
	return nil
}

// keyValue parses "key = value".
func (p *tomlParser) keyValue() error {
	line := p.line
	keys, err := p.key()
	if err != nil {
		return err
	}
	if err := p.expect('='); err != nil {
		return err
	}
	p.ws()
	p.full = append(append(p.full[:0], p.table...), keys...)
	want := p.v.want(p.full)
	v, err := p.value(want, 0)
	if err != nil {
		return err
	}
	if want {
		p.full = append(append(p.full[:0], p.table...), keys...)
		p.v.value(p.full, line, v)
	}
	return nil
}

// key parses a dotted key with optional whitespace around the dots.
func (p *tomlParser) key() ([]string, error) {
	var parts []string
	for {
		p.ws()
		part, err := p.keyPart()
		if err != nil {
			return nil, err
		}
		parts = append(parts, part)
		if len(parts) > MaxDepth {
			return nil, tooDeep(p.line, p.col())
		}
		p.ws()
		if p.peek() != '.' {
			return parts, nil
		}
		p.pos++
	}
}

func (p *tomlParser) keyPart() (string, error) {
	switch p.peek() {
	case '"':
		return p.basicString()
	case '\'':
		return p.literalString()
	}
	start := p.pos
	for p.pos < len(p.src) && isBareKeyChar(p.src[p.pos]) {
		p.pos++
	}
	if p.pos == start {
		return "", p.unexpected("a key")
	}
	return p.src[start:p.pos], nil
}

func isBareKeyChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c) || c == '_' || c == '-'
}

// value parses one value; it is built only when build is set.
func (p *tomlParser) value(build bool, depth int) (*tomlValue, error) {
	if depth > MaxDepth {
		return nil, tooDeep(p.line, p.col())
	}
	line := p.line
	var v *tomlValue
	var err error
	switch p.peek() {
	case '"', '\'':
		var s string
		s, err = p.stringValue()
		v = &tomlValue{kind: tomlString, str: s}
	case '[':
		v, err = p.array(build, depth)
	case '{':
		v, err = p.inlineTable(build, depth)
	default:
		var s string
		s, err = p.scalar()
		v = &tomlValue{kind: tomlScalar, str: s}
	}
	if err != nil || !build {
		return nil, err
	}
	v.line = line
	return v, nil
}

// array parses "[v, v, ...]" across lines, with comments and a trailing comma.
func (p *tomlParser) array(build bool, depth int) (*tomlValue, error) {
	p.pos++
	v := &tomlValue{kind: tomlArray}
	for {
		p.skipBlank()
		if p.peek() == ']' {
			p.pos++
			return v, nil
		}
		item, err := p.value(build, depth+1)
		if err != nil {
			return nil, err
		}
		if build {
			v.items = append(v.items, item)
		}
		p.skipBlank()
		switch p.peek() {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return v, nil
		default:
			return nil, p.unexpected("',' or ']'")
		}
	}
}

// inlineTable parses "{k = v, ...}".
func (p *tomlParser) inlineTable(build bool, depth int) (*tomlValue, error) {
	p.pos++
	v := &tomlValue{kind: tomlTable}
	for {
		p.skipBlank()
		if p.peek() == '}' {
			p.pos++
			return v, nil
		}
		line := p.line
		keys, err := p.key()
		if err != nil {
			return nil, err
		}
		if err := p.expect('='); err != nil {
			return nil, err
		}
		p.ws()
		item, err := p.value(build, depth+1)
		if err != nil {
			return nil, err
		}
		if build {
			v.fields = append(v.fields, tomlField{key: keys, line: line, val: item})
		}
		p.skipBlank()
		switch p.peek() {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return v, nil
		default:
			return nil, p.unexpected("',' or '}'")
		}
	}
}

// scalar consumes an integer, float, boolean or date-time and returns its text.
func (p *tomlParser) scalar() (string, error) {
	start := p.pos
	p.scalarRun()
	// A date and a time may be separated by a space: 1979-05-27 07:32:00Z.
	if p.pos-start == 10 && p.src[start+4] == '-' && p.pos+1 < len(p.src) && p.src[p.pos] == ' ' && isDigit(p.src[p.pos+1]) {
		p.pos++
		p.scalarRun()
	}
	s := p.src[start:p.pos]
	if !validScalar(s) {
		p.pos = start
		return "", p.unexpected("a value")
	}
	return s, nil
}

func (p *tomlParser) scalarRun() {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if !isBareKeyChar(c) && c != '+' && c != '.' && c != ':' {
			return
		}
		p.pos++
	}
}

// validScalar accepts booleans, inf/nan, and tokens that start like a number or
// date, with at most one sign.
func validScalar(s string) bool {
	if s == "true" || s == "false" {
		return true
	}
	t := s
	if t != "" && (t[0] == '+' || t[0] == '-') {
		t = t[1:]
	}
	return t == "inf" || t == "nan" || t != "" && isDigit(t[0])
}

// stringValue parses any of the four string forms.
func (p *tomlParser) stringValue() (string, error) {
	rest := p.src[p.pos:]
	switch {
	case strings.HasPrefix(rest, `"""`):
		return p.multiline(`"""`, true)
	case strings.HasPrefix(rest, `'''`):
		return p.multiline(`'''`, false)
	case rest[0] == '"':
		return p.basicString()
	default:
		return p.literalString()
	}
}

// literalString parses '...'.
func (p *tomlParser) literalString() (string, error) {
	p.pos++
	start := p.pos
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; {
		case c == '\'':
			p.pos++
			return p.src[start : p.pos-1], nil
		case c == '\n' || c == '\r':
			return "", p.errorf("newline in string")
		case c < 0x20 && c != '\t' || c == 0x7f:
			return "", p.errorf("invalid control character %q in string", c)
		}
		p.pos++
	}
	return "", p.errorf("unterminated string")
}

// basicString parses "..." with escapes.
func (p *tomlParser) basicString() (string, error) {
	p.pos++
	start := p.pos
	var b *strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.pos++
			if b == nil {
				return p.src[start : p.pos-1], nil
			}
			return b.String(), nil
		case c == '\n' || c == '\r':
			return "", p.errorf("newline in string")
		case c < 0x20 && c != '\t' || c == 0x7f:
			return "", p.errorf("invalid control character %q in string", c)
		case c == '\\':
			if b == nil {
				b = &strings.Builder{}
				b.WriteString(p.src[start:p.pos])
			}
			if err := p.escape(b); err != nil {
				return "", err
			}
			continue
		}
		if b != nil {
			b.WriteByte(c)
		}
		p.pos++
	}
	return "", p.errorf("unterminated string")
}

// tomlEscapes maps single-character escapes to their values.
var tomlEscapes = map[byte]byte{'b': '\b', 't': '\t', 'n': '\n', 'f': '\f', 'r': '\r', 'e': 0x1b, '"': '"', '\\': '\\'}

// escape decodes the escape sequence at pos into b.
func (p *tomlParser) escape(b *strings.Builder) error {
	if p.pos+1 >= len(p.src) {
		return p.errorf("unterminated string")
	}
	c := p.src[p.pos+1]
	if r, ok := tomlEscapes[c]; ok {
		b.WriteByte(r)
		p.pos += 2
		return nil
	}
	n := 0
	switch c {
	case 'u':
		n = 4
	case 'U':
		n = 8
	}
	if n == 0 || p.pos+2+n > len(p.src) {
		return p.errorf("invalid escape sequence")
	}
	u, err := strconv.ParseUint(p.src[p.pos+2:p.pos+2+n], 16, 32)
	if err != nil || !utf8.ValidRune(rune(u)) {
		return p.errorf("invalid unicode escape")
	}
	b.WriteRune(rune(u))
	p.pos += 2 + n
	return nil
}

// multiline parses """...""" (escapes on) or ”'...”' (escapes off).
func (p *tomlParser) multiline(delim string, escapes bool) (string, error) {
	p.pos += 3
	if strings.HasPrefix(p.src[p.pos:], "\r\n") {
		p.pos++
	}
	if p.peek() == '\n' {
		p.newline()
	}
	var b strings.Builder
	for p.pos < len(p.src) {
		if strings.HasPrefix(p.src[p.pos:], delim) {
			// Up to two quotes may directly precede the closing delimiter.
			extra := 0
			for extra < 2 && p.pos+3+extra < len(p.src) && p.src[p.pos+3+extra] == delim[0] {
				extra++
			}
			b.WriteString(p.src[p.pos : p.pos+extra])
			p.pos += 3 + extra
			return b.String(), nil
		}
		c := p.src[p.pos]
		switch {
		case c == '\n':
			b.WriteByte(c)
			p.newline()
		case escapes && c == '\\':
			if err := p.mlEscape(&b); err != nil {
				return "", err
			}
		case c < 0x20 && c != '\t' && c != '\r' || c == 0x7f:
			return "", p.errorf("invalid control character %q in string", c)
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return "", p.errorf("unterminated multi-line string")
}

// mlEscape handles an escape in a multi-line basic string, including a
// line-ending backslash that trims the following whitespace and newlines.
func (p *tomlParser) mlEscape(b *strings.Builder) error {
	i := p.pos + 1
	for i < len(p.src) && (p.src[i] == ' ' || p.src[i] == '\t' || p.src[i] == '\r') {
		i++
	}
	if i >= len(p.src) || p.src[i] != '\n' {
		return p.escape(b)
	}
	p.pos = i
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\r':
			p.pos++
		case '\n':
			p.newline()
		default:
			return nil
		}
	}
	return nil
}
