package registry

import (
	"context"
	"fmt"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/detect"
	"github.com/ospo-gate/ospo-gate/internal/fetch"
	"github.com/ospo-gate/ospo-gate/internal/licenses"
)

// ReasonProxyOff is the Reason of a Go module lookup that GOPROXY=off
// forbids.
const ReasonProxyOff fetch.Reason = "goproxy-off"

// lookupGoProxy reads the license files of a module version: from the
// derived-result cache, else from its zip on the first GOPROXY entry that
// has it.
func (r *Resolver) lookupGoProxy(ctx context.Context, t target) answer {
	key := r.moduleKey(t)
	if a, ok := r.loadModule(key); ok {
		return a
	}
	if r.zipFetch.Offline() {
		return answer{outcome: Unavailable, reason: fetch.ReasonOffline, err: fmt.Errorf("%s: offline mode and no cached module licenses", t.display())}
	}
	return r.downloadModule(ctx, t, key)
}

// proxyWalk is the state of a walk down the GOPROXY list.
type proxyWalk struct {
	firstURL    string  // the first zip URL asked
	unavailable *answer // the last failure a "|" let the walk go past
	notes       []string
}

// downloadModule walks the GOPROXY list for t's zip.
func (r *Resolver) downloadModule(ctx context.Context, t target, key string) answer {
	var w proxyWalk
	for _, p := range r.proxies {
		if a, done := r.tryProxy(ctx, p, t, key, &w); done {
			return a
		}
	}
	return r.moduleNotFound(key, w)
}

// tryProxy asks one GOPROXY entry; done is true when the walk ends with a.
func (r *Resolver) tryProxy(ctx context.Context, p goProxy, t target, key string, w *proxyWalk) (answer, bool) {
	switch p.kind {
	case proxyOff:
		if w.unavailable != nil {
			return *w.unavailable, true
		}
		err := fmt.Errorf("%s: GOPROXY=off forbids module downloads", t.display())
		return answer{url: w.firstURL, outcome: Unavailable, reason: ReasonProxyOff, err: err}, true
	case proxyDirect:
		w.notes = append(w.notes, "the GOPROXY list falls back to direct, and modules are never fetched from version control")
		return r.moduleNotFound(key, *w), true
	case proxyUnsupported:
		w.notes = append(w.notes, fmt.Sprintf("GOPROXY entry %q is not an http(s) proxy: not read", p.url))
		return answer{}, false
	}
	u, err := zipURL(p.url, t.name, t.version)
	if err != nil {
		return answer{outcome: Unavailable, reason: fetch.ReasonInvalidRequest, err: err}, true
	}
	if w.firstURL == "" {
		w.firstURL = u
	}
	r.warmDetector()
	files, resp := fetch.Get(ctx, r.zipFetch, fetch.Request{URL: u, Accept: "application/zip"}, r.zipDecoder(t))
	switch resp.Outcome {
	case fetch.Found:
		e := r.classifyModule(u, files)
		r.storeModule(key, e)
		return e.answer(false), true
	case fetch.NotFound:
		w.notes = append(w.notes, fmt.Sprintf("not on %s", p.url))
		return answer{}, false
	}
	a := fromResponse(SourceGoProxy, resp)
	if !p.fallThroughAll {
		return a, true
	}
	w.unavailable = &a
	return answer{}, false
}

// moduleNotFound ends a GOPROXY walk without a zip: Unavailable when some
// proxy failed, else a definite (and cached) NotFound.
func (r *Resolver) moduleNotFound(key string, w proxyWalk) answer {
	if w.unavailable != nil {
		a := *w.unavailable
		a.note = strings.Join(w.notes, "; ")
		return a
	}
	if w.firstURL != "" {
		r.storeModuleMissing(key, w.firstURL)
	}
	return answer{url: w.firstURL, outcome: NotFound, note: joinNotes("no proxy has the module version", strings.Join(w.notes, "; "))}
}

func (r *Resolver) zipDecoder(t target) func([]byte) ([]licenseText, error) {
	lim := zipLimits{
		maxZip: r.cfg.MaxZipBytes, maxEntries: r.cfg.MaxZipEntries,
		maxFile: r.cfg.MaxLicenseFileBytes, maxFiles: r.cfg.MaxLicenseFiles,
	}
	return func(body []byte) ([]licenseText, error) {
		return readModuleZip(body, t.name, t.version, lim)
	}
}

// warmDetector starts building the detector in the background the first
// time a zip is downloaded, so that the build overlaps the downloads.
func (r *Resolver) warmDetector() {
	r.warm.Do(func() { go r.cfg.Detector() })
}

// classifyModule classifies the license files read from a zip.
func (r *Resolver) classifyModule(u string, files []licenseText) moduleEntry {
	e := moduleEntry{Format: moduleEntryFormat, URL: u, Files: []moduleFile{}}
	if len(files) == 0 {
		return e
	}
	d := r.cfg.Detector()
	for _, f := range files {
		res := d.Classify(f.text)
		e.Files = append(e.Files, moduleFile{Name: f.name, Expression: res.Expression, Notes: res.Notes, Truncated: f.truncated})
	}
	return e
}

// moduleEntryFormat versions the cached form of moduleEntry.
const moduleEntryFormat = 1

// moduleEntry is what the cache keeps of a module zip: the license files
// at its root and what they were classified as.
type moduleEntry struct {
	Format int          `json:"format"`
	URL    string       `json:"url"`
	Files  []moduleFile `json:"files"`
}

type moduleFile struct {
	Name       string   `json:"name"`
	Expression string   `json:"expression,omitempty"`
	Notes      []string `json:"notes,omitempty"`
	Truncated  bool     `json:"truncated,omitempty"`
}

// answer turns the entry into a lookup answer: the recognised licenses of
// all root license files, all of which apply (AND).
func (e moduleEntry) answer(cached bool) answer {
	a := answer{source: SourceGoProxy, url: e.URL, cached: cached}
	var notes, unrecognised []string
	for _, f := range e.Files {
		if f.Truncated {
			notes = append(notes, fmt.Sprintf("%s: only its beginning was read", f.Name))
		}
		if f.Expression == "" {
			unrecognised = append(unrecognised, f.Name)
			continue
		}
		if what, ok := detect.AdditionalGrant(f.Expression); ok {
			notes = append(notes, fmt.Sprintf("%s is %s (%s), not a license condition", f.Name, what, f.Expression))
			continue
		}
		a.values = append(a.values, f.Expression)
		a.files = append(a.files, f.Name)
		for _, n := range f.Notes {
			notes = append(notes, f.Name+": "+n)
		}
	}
	if len(unrecognised) > 0 {
		notes = append(notes, "license text not recognised in "+strings.Join(unrecognised, ", "))
	}
	a.values = cleanValues(a.values)
	switch {
	case len(e.Files) == 0:
		a.outcome, a.note = NotFound, "no license file at the module root"
	case len(a.values) == 0:
		a.outcome, a.note = NotFound, strings.Join(notes, "; ")
	default:
		a.outcome, a.license, a.note = Found, licenses.NormalizeAll(a.values), strings.Join(notes, "; ")
	}
	return a
}
