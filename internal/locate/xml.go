package locate

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// xmlReader wraps encoding/xml with start lines for every token, bounded nesting
// and a charset reader for the Latin-1 encodings that pom.xml files declare.
type xmlReader struct {
	d     *xml.Decoder
	stack []string // local names of the open elements
}

func newXMLReader(src string) *xmlReader {
	d := xml.NewDecoder(strings.NewReader(src))
	d.Strict = true
	d.CharsetReader = xmlCharsetReader
	return &xmlReader{d: d}
}

// next returns the next token and the line it starts on. Character data,
// comments and other tokens come out as separate tokens, so the decoder's
// position before a call is the first byte of the token it returns. The stack
// of open elements is updated: after a StartElement it includes the element,
// after an EndElement it no longer does.
func (r *xmlReader) next() (xml.Token, int, error) {
	line, _ := r.d.InputPos()
	tok, err := r.d.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, line, io.EOF
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, se.Line, errAt(se.Line, 0, "%s", se.Msg)
		}
		return nil, line, errAt(line, 0, "%v", err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		r.stack = append(r.stack, t.Name.Local)
		if len(r.stack) > MaxDepth {
			return nil, line, tooDeep(line, 0)
		}
	case xml.EndElement:
		r.stack = r.stack[:len(r.stack)-1]
	}
	return tok, line, nil
}

// parent returns the local name of the element enclosing the innermost open
// element, or "".
func (r *xmlReader) parent() string {
	if len(r.stack) < 2 {
		return ""
	}
	return r.stack[len(r.stack)-2]
}

// inside reports whether an element named name is open.
func (r *xmlReader) inside(name string) bool {
	for _, s := range r.stack {
		if s == name {
			return true
		}
	}
	return false
}

// walkXML feeds every token to fn until the end of the document.
func walkXML(src string, fn func(r *xmlReader, tok xml.Token, line int)) error {
	r := newXMLReader(src)
	for {
		tok, line, err := r.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		fn(r, tok, line)
	}
}

// attr returns the value of the attribute with the given local name.
func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// xmlCharsetReader accepts UTF-8 and the single-byte Latin encodings.
func xmlCharsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso-8859-15", "windows-1252", "cp1252":
		return &latin1Reader{r: bufio.NewReader(in)}, nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q", label)
}

// latin1Reader decodes ISO-8859-1 bytes into UTF-8.
type latin1Reader struct {
	r   *bufio.Reader
	buf []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(l.buf) > 0 {
			c := copy(p[n:], l.buf)
			l.buf = l.buf[c:]
			n += c
			continue
		}
		c, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		l.buf = utf8.AppendRune(l.buf[:0], rune(c))
	}
	return n, nil
}
