package registry

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// pomCoord identifies a POM.
type pomCoord struct {
	Group, Artifact, Version string
}

func (c pomCoord) String() string { return c.Group + ":" + c.Artifact + ":" + c.Version }

// pomLicense is one <license> of a POM.
type pomLicense struct {
	Name, URL string
}

// pom is what the license lookup needs from a POM.
type pom struct {
	Parent   *pomCoord
	Licenses []pomLicense
}

// wirePOM is the XML of a POM; tags match in any namespace.
type wirePOM struct {
	XMLName xml.Name
	Parent  *struct {
		GroupID    string `xml:"groupId"`
		ArtifactID string `xml:"artifactId"`
		Version    string `xml:"version"`
	} `xml:"parent"`
	Licenses []struct {
		Name string `xml:"name"`
		URL  string `xml:"url"`
	} `xml:"licenses>license"`
}

// decodePOM reads the <parent> and <licenses> of a POM. Decoding is lenient
// about HTML entities and Latin-1 declarations, as real POMs need; the root
// element must be <project>. Errors name the line.
func decodePOM(data []byte) (pom, error) {
	var w wirePOM
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charsetReader
	if err := d.Decode(&w); err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return pom{}, fmt.Errorf("decoding POM: line %d: %s", se.Line, se.Msg)
		}
		return pom{}, fmt.Errorf("decoding POM: %w", err)
	}
	if w.XMLName.Local != "project" {
		return pom{}, fmt.Errorf("decoding POM: root element is <%s>, want <project>", w.XMLName.Local)
	}
	var p pom
	if w.Parent != nil {
		p.Parent = &pomCoord{
			Group: strings.TrimSpace(w.Parent.GroupID), Artifact: strings.TrimSpace(w.Parent.ArtifactID),
			Version: strings.TrimSpace(w.Parent.Version),
		}
	}
	for _, l := range w.Licenses {
		lic := pomLicense{Name: collapseSpace(l.Name), URL: strings.TrimSpace(l.URL)}
		if lic.Name != "" || lic.URL != "" {
			p.Licenses = append(p.Licenses, lic)
		}
	}
	return p, nil
}

// collapseSpace trims s and turns runs of white space (POM names wrap
// across lines) into single spaces.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// charsetReader decodes the single-byte charsets POMs declare besides
// UTF-8. Windows-1252 is read as Latin-1: the difference is confined to
// punctuation in 0x80–0x9F, which license names do not depend on.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(charset)) {
	case "utf-8", "utf8":
		return input, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii", "ascii":
		return &latin1Reader{r: input}, nil
	}
	return nil, fmt.Errorf("unsupported charset %q", charset)
}

// latin1Reader converts Latin-1 bytes to UTF-8.
type latin1Reader struct {
	r       io.Reader
	pending []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	if len(l.pending) == 0 {
		buf := make([]byte, max(len(p)/2, 1))
		n, err := l.r.Read(buf)
		for _, b := range buf[:n] {
			l.pending = utf8.AppendRune(l.pending, rune(b))
		}
		if n == 0 {
			return 0, err
		}
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}
