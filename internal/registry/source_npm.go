package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
	"github.com/ospo-gate/ospo-gate/internal/licenses"
)

// npmURL is the registry's version document of t: scoped names travel as
// "@scope%2Fname", the form every npm registry accepts.
func (r *Resolver) npmURL(t target) string {
	return r.base[SourceNPM] + "/" + url.PathEscape(t.name) + "/" + url.PathEscape(t.version)
}

// lookupNPM reads the license of a version document of the npm registry.
func (r *Resolver) lookupNPM(ctx context.Context, t target) answer {
	u := r.npmURL(t)
	values, resp := fetch.Get(ctx, r.fetch, fetch.Request{URL: u, Namespace: NamespaceNPM}, decodeNPM)
	a := fromResponse(SourceNPM, resp)
	switch a.outcome {
	case NotFound:
		a.note = "version not in the npm registry"
	case Found:
		a.values = values
		if len(values) == 0 {
			a.outcome, a.note = NotFound, "the version document declares no license"
			return a
		}
		a.license = licenses.NormalizeAll(values)
	}
	return a
}

// npmDoc holds the license fields of an npm version document (a published
// package.json).
type npmDoc struct {
	License  json.RawMessage `json:"license"`
	Licenses json.RawMessage `json:"licenses"`
}

// decodeNPM returns the declared license values of a version document:
// "license" as a string or a legacy {"type": …, "url": …} object, else the
// legacy "licenses" array (of such objects or strings). Values of other
// shapes are ignored; a body that is not a JSON object is an error.
func decodeNPM(data []byte) ([]string, error) {
	var d npmDoc
	if err := fetch.DecodeJSON(data, &d); err != nil {
		return nil, fmt.Errorf("decoding npm version document: %w", err)
	}
	if values := cleanValues(npmValues(d.License, true)); len(values) > 0 {
		return values, nil
	}
	return cleanValues(npmValues(d.Licenses, true)), nil
}

// npmValues reads a license field: a string, an object, or (at the top
// level only) an array of those.
func npmValues(raw json.RawMessage, top bool) []string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return []string{s}
		}
	case '{':
		return npmObjectValue(raw)
	case '[':
		if !top {
			return nil
		}
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil
		}
		var out []string
		for _, it := range items {
			out = append(out, npmValues(it, false)...)
		}
		return out
	}
	return nil
}

// npmObjectValue reads {"type": "MIT", "url": "…"}: the type, else the
// name some packages use, else the URL.
func npmObjectValue(raw json.RawMessage) []string {
	var o struct {
		Type, Name, URL any
	}
	if json.Unmarshal(raw, &o) != nil {
		return nil
	}
	for _, v := range []any{o.Type, o.Name, o.URL} {
		if s, ok := v.(string); ok && s != "" {
			return []string{s}
		}
	}
	return nil
}
