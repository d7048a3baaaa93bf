package depsdev

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// PURL is a parsed package URL (https://github.com/package-url/purl-spec).
// Components are percent-decoded.
type PURL struct {
	Type       string            // lower-cased, e.g. "npm", "golang"
	Namespace  string            // segments joined by "/", e.g. "@types" or "github.com/foo"
	Name       string            // e.g. "node" or "bar"
	Version    string            // may be empty
	Qualifiers map[string]string // keys lower-cased
	Subpath    string
}

// ParsePURL parses s ("pkg:type/namespace/name@version?qualifiers#subpath").
// It accepts the common deviations of real SBOMs: an unencoded "@" in an npm
// scope and a "pkg://" prefix.
func ParsePURL(s string) (PURL, error) {
	rest, ok := cutPrefixFold(strings.TrimSpace(s), "pkg:")
	if !ok {
		return PURL{}, fmt.Errorf("package URL %q: must start with \"pkg:\"", s)
	}
	rest = strings.TrimLeft(rest, "/")
	var p PURL
	var err error
	if rest, p.Subpath, err = cutDecoded(rest, "#"); err != nil {
		return PURL{}, fmt.Errorf("package URL %q: subpath: %w", s, err)
	}
	p.Subpath = strings.Trim(p.Subpath, "/")
	query := ""
	if i := strings.LastIndex(rest, "?"); i >= 0 {
		rest, query = rest[:i], rest[i+1:]
	}
	if p.Qualifiers, err = parseQualifiers(query); err != nil {
		return PURL{}, fmt.Errorf("package URL %q: qualifiers: %w", s, err)
	}
	typ, path, ok := strings.Cut(rest, "/")
	if !ok || typ == "" {
		return PURL{}, fmt.Errorf("package URL %q: want pkg:type/name", s)
	}
	p.Type = strings.ToLower(typ)
	if err := p.setPath(path); err != nil {
		return PURL{}, fmt.Errorf("package URL %q: %w", s, err)
	}
	return p, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// cutDecoded splits s at the last sep and percent-decodes the tail.
func cutDecoded(s, sep string) (head, tail string, err error) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", nil
	}
	tail, err = url.PathUnescape(s[i+1:])
	return s[:i], tail, err
}

// setPath splits "namespace/name@version" (the version starts at the last
// "@" after the last "/").
func (p *PURL) setPath(path string) error {
	path = strings.Trim(path, "/")
	slash := strings.LastIndex(path, "/")
	if at := strings.LastIndex(path, "@"); at > slash {
		v, err := url.PathUnescape(path[at+1:])
		if err != nil {
			return fmt.Errorf("version: %w", err)
		}
		p.Version, path = v, path[:at]
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		dec, err := url.PathUnescape(seg)
		if err != nil {
			return fmt.Errorf("path segment %q: %w", seg, err)
		}
		segs[i] = dec
	}
	p.Name = segs[len(segs)-1]
	p.Namespace = strings.Join(segs[:len(segs)-1], "/")
	if p.Name == "" {
		return errors.New("empty name")
	}
	return nil
}

func parseQualifiers(q string) (map[string]string, error) {
	if q == "" {
		return nil, nil
	}
	out := map[string]string{}
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k == "" {
			continue
		}
		dv, err := url.PathUnescape(v)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", k, err)
		}
		out[strings.ToLower(k)] = dv
	}
	return out, nil
}

// FullName returns Namespace/Name, or Name when there is no namespace.
func (p PURL) FullName() string {
	if p.Namespace == "" {
		return p.Name
	}
	return p.Namespace + "/" + p.Name
}
