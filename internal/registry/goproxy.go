package registry

import (
	"fmt"
	"path"
	"strings"
)

// proxyKind is the kind of a GOPROXY list entry.
type proxyKind int

const (
	proxyURL         proxyKind = iota // an http(s) module proxy
	proxyDirect                       // "direct": version control, never used here
	proxyOff                          // "off": downloads disallowed
	proxyUnsupported                  // another scheme (file://...): not read
)

// goProxy is one entry of a GOPROXY list.
type goProxy struct {
	kind proxyKind
	url  string // without trailing slash; the raw entry for proxyUnsupported
	// fallThroughAll is true when the entry is followed by "|": the next
	// entry is tried after any failure, not only after 404/410.
	fallThroughAll bool
}

// parseGoProxy parses a GOPROXY value the way the go command does: entries
// separated by "," or "|", "direct" and "off" keywords, and "https://"
// implied for entries without a scheme. An empty list is an error.
func parseGoProxy(list string) ([]goProxy, error) {
	orig := list
	var out []goProxy
	for list != "" {
		entry := list
		sep := strings.IndexAny(list, ",|")
		fallAll := false
		if sep >= 0 {
			entry, fallAll, list = list[:sep], list[sep] == '|', list[sep+1:]
		} else {
			list = ""
		}
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		p, err := proxyEntry(entry)
		if err != nil {
			return nil, err
		}
		p.fallThroughAll = fallAll
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("GOPROXY %q lists no proxy", orig)
	}
	return out, nil
}

func proxyEntry(entry string) (goProxy, error) {
	switch entry {
	case "direct":
		return goProxy{kind: proxyDirect}, nil
	case "off":
		return goProxy{kind: proxyOff}, nil
	}
	if !strings.Contains(entry, ":/") && !strings.HasPrefix(entry, "/") {
		entry = "https://" + entry
	}
	if !strings.HasPrefix(entry, "http://") && !strings.HasPrefix(entry, "https://") {
		return goProxy{kind: proxyUnsupported, url: entry}, nil
	}
	base, err := cleanBase(entry)
	if err != nil {
		return goProxy{}, fmt.Errorf("GOPROXY entry: %w", err)
	}
	return goProxy{kind: proxyURL, url: base}, nil
}

// escapeModule applies the module proxy protocol's case encoding to a
// module path or version: every upper-case letter becomes "!" and its
// lower-case form ("github.com/Azure/x" → "github.com/!azure/x"). Input
// holding "!" or non-ASCII is rejected.
func escapeModule(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '!' || c >= 0x80:
			return "", fmt.Errorf("%q: '!' and non-ASCII characters cannot be escaped", s)
		case 'A' <= c && c <= 'Z':
			b.WriteByte('!')
			b.WriteByte(c + ('a' - 'A'))
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// zipURL is the proxy URL of a module version's zip.
func zipURL(proxy, module, version string) (string, error) {
	em, err := escapeModule(module)
	if err != nil {
		return "", err
	}
	ev, err := escapeModule(version)
	if err != nil {
		return "", err
	}
	return proxy + "/" + em + "/@v/" + ev + ".zip", nil
}

// splitPatterns splits a GONOPROXY/GOPRIVATE value into glob patterns.
func splitPatterns(list string) []string {
	var out []string
	for _, p := range strings.Split(list, ",") {
		if p = strings.Trim(strings.TrimSpace(p), "/"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// matchPatterns reports whether any pattern matches a prefix of the module
// path, element by element, as the go command's GOPRIVATE matching does
// ("*.corp.example.com,rsc.io/private").
func matchPatterns(patterns []string, module string) bool {
	elems := strings.Split(module, "/")
	for _, pat := range patterns {
		n := strings.Count(pat, "/") + 1
		if n > len(elems) {
			continue
		}
		if ok, err := path.Match(pat, strings.Join(elems[:n], "/")); ok && err == nil {
			return true
		}
	}
	return false
}
