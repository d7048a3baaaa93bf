package registry

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
	"github.com/ospo-gate/ospo-gate/internal/licenses"
)

// pypiURL is the JSON API document of one release of t.
func (r *Resolver) pypiURL(t target) string {
	return r.base[SourcePyPI] + "/pypi/" + url.PathEscape(normalizePyPI(t.name)) + "/" + url.PathEscape(t.version) + "/json"
}

// lookupPyPI reads the license metadata of a PyPI release.
func (r *Resolver) lookupPyPI(ctx context.Context, t target) answer {
	info, resp := fetch.Get(ctx, r.fetch, fetch.Request{URL: r.pypiURL(t), Namespace: NamespacePyPI}, decodePyPI)
	a := fromResponse(SourcePyPI, resp)
	switch a.outcome {
	case NotFound:
		a.note = "release not on PyPI"
	case Found:
		c, ok := r.choosePyPI(info)
		if !ok {
			a.outcome, a.note = NotFound, joinNotes("the release declares no license", c.note)
			return a
		}
		a.values, a.license, a.note = c.values, licenses.NormalizeAll(c.values), c.note
	}
	return a
}

// pypiInfo is the license metadata of a PyPI release.
type pypiInfo struct {
	LicenseExpression string   // PEP 639 license_expression
	License           string   // the free-text license field
	Classifiers       []string // "License :: …" trove classifiers only
}

// decodePyPI reads the "info" object of a release document. Fields of
// unexpected types are ignored; a document without an info object is an
// error.
func decodePyPI(data []byte) (pypiInfo, error) {
	var d struct {
		Info *struct {
			License           any   `json:"license"`
			LicenseExpression any   `json:"license_expression"`
			Classifiers       []any `json:"classifiers"`
		} `json:"info"`
	}
	if err := fetch.DecodeJSON(data, &d); err != nil {
		return pypiInfo{}, fmt.Errorf("decoding PyPI release: %w", err)
	}
	if d.Info == nil {
		return pypiInfo{}, errors.New("decoding PyPI release: no \"info\" object")
	}
	info := pypiInfo{LicenseExpression: str(d.Info.LicenseExpression), License: str(d.Info.License)}
	if isPlaceholder(info.License) {
		info.License = ""
	}
	for _, c := range d.Info.Classifiers {
		if s := str(c); strings.HasPrefix(s, "License ::") && !strings.Contains(s, "\n") {
			info.Classifiers = append(info.Classifiers, s)
		}
	}
	info.Classifiers = cleanValues(info.Classifiers)
	return info, nil
}

// isPlaceholder reports whether a license field holds what packaging tools
// write when nothing was declared (setuptools wrote "UNKNOWN").
func isPlaceholder(s string) bool {
	switch strings.ToUpper(s) {
	case "UNKNOWN", "NONE", "N/A", "NULL":
		return true
	}
	return false
}

// str returns v trimmed when it is a string, else "".
func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// pypiChoice is one candidate source of a release's license.
type pypiChoice struct {
	values []string
	note   string
}

// choosePyPI picks the license of a release, trying in order the PEP 639
// license_expression, the license field (classified when it holds a whole
// license text) and the license classifiers. The first candidate that
// normalises to valid SPDX wins; failing that, the first non-empty one. ok
// is false when the release declares nothing usable.
func (r *Resolver) choosePyPI(info pypiInfo) (pypiChoice, bool) {
	var cands []pypiChoice
	var textNote string
	if info.LicenseExpression != "" {
		cands = append(cands, pypiChoice{values: []string{info.LicenseExpression}, note: "PEP 639 license_expression"})
	}
	switch lic := info.License; {
	case lic == "":
	case looksLikeText(lic):
		if expr := r.cfg.Detector().Classify([]byte(lic)).Expression; expr != "" {
			cands = append(cands, pypiChoice{values: []string{expr}, note: "classified the license text of the license field"})
		} else {
			textNote = "the license field holds a text that was not recognised"
		}
	default:
		cands = append(cands, pypiChoice{values: []string{lic}, note: "license field"})
	}
	if len(info.Classifiers) > 0 {
		cands = append(cands, pypiChoice{values: info.Classifiers, note: "license classifiers"})
	}
	for _, c := range cands {
		if licenses.NormalizeAll(c.values).Status == licenses.Valid {
			c.note = joinNotes(c.note, textNote)
			return c, true
		}
	}
	if len(cands) > 0 {
		cands[0].note = joinNotes(cands[0].note, textNote)
		return cands[0], true
	}
	return pypiChoice{note: textNote}, false
}

// looksLikeText reports whether a license field holds a license text
// rather than a name: several lines, or longer than any license name.
func looksLikeText(s string) bool {
	return len(s) > 200 || strings.Count(s, "\n") >= 2
}
