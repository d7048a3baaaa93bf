package registry

import (
	"fmt"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
	"github.com/ospo-gate/ospo-gate/internal/licenses"
)

// Outcome is how the resolution of a package, or one source's lookup, ended.
type Outcome int

// The outcomes. The zero value is Unavailable, so that an unset outcome is
// never mistaken for an answer.
const (
	// Unavailable: no answer could be obtained (network, timeout, deadline,
	// rate limiting, malformed answer, offline without a cached answer, or
	// a source skipped after repeated failures).
	Unavailable Outcome = iota
	// Found: a source declared license values.
	Found
	// NotFound: every source consulted answered, and none declares a
	// license (unknown package or version, or no license metadata).
	NotFound
	// Skipped: no source was consulted (no online source for the type, no
	// exact version, invalid name, private Go module, sources disabled).
	Skipped
)

// String returns "unavailable", "found", "not-found" or "skipped".
func (o Outcome) String() string {
	switch o {
	case Unavailable:
		return "unavailable"
	case Found:
		return "found"
	case NotFound:
		return "not-found"
	case Skipped:
		return "skipped"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// MarshalText encodes the outcome as its String form.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Result is what the online sources say about one package.
type Result struct {
	Package Package `json:"package"`
	Outcome Outcome `json:"outcome"`
	// Source is the source whose answer was kept (Found only).
	Source Source `json:"source,omitempty"`
	// Values are the license values as the source gave them: SPDX
	// expressions from deps.dev or classified from a module's license
	// files; declared values (npm "license", PyPI classifiers, POM
	// <license> names or URLs...) from registries.
	Values []string `json:"values,omitempty"`
	// License is Values normalised to SPDX. Several values combine with AND
	// (all apply), except Maven POM <licenses>, which are a choice (OR) per
	// the POM reference.
	License licenses.Normalized `json:"license"`
	// Evidence is the URL of the answer kept (the module zip for Go).
	Evidence string `json:"evidence,omitempty"`
	// Files are the module-root license files the values were read from
	// (Go proxy only).
	Files []string `json:"files,omitempty"`
	// Note explains a choice (inherited from a parent POM, a PyPI license
	// text classified...) or why nothing was found or consulted.
	Note string `json:"note,omitempty"`
	// Tried lists every source consulted, in order.
	Tried []Attempt `json:"tried,omitempty"`
	// Err is the failure of the last unavailable lookup when Outcome is
	// Unavailable; it wraps a *fetch.UnavailableError when one is involved.
	Err error `json:"-"`
}

// Attempt is one source's lookup of a package.
type Attempt struct {
	Source  Source  `json:"source"`
	URL     string  `json:"url,omitempty"`
	Outcome Outcome `json:"outcome"`
	// Reason says why the lookup is unavailable (a fetch.Reason, or
	// ReasonSourceDown).
	Reason fetch.Reason `json:"reason,omitempty"`
	// Cached is true when the answer came from the cache.
	Cached bool   `json:"cached,omitempty"`
	Note   string `json:"note,omitempty"`
	// Error is Err's message.
	Error string `json:"error,omitempty"`
	Err   error  `json:"-"`
}

// ReasonSourceDown is the Reason of a lookup not sent because its source
// failed MaxConsecutiveFailures times in a row earlier in the run.
const ReasonSourceDown fetch.Reason = "source-down"

// answer is one source's lookup result, before it becomes an Attempt and
// maybe the Result.
type answer struct {
	source  Source
	outcome Outcome
	url     string // the URL asked (the first one, for Maven parent chains)
	values  []string
	license licenses.Normalized
	// evidence is the URL the values came from when it differs from url.
	evidence string
	files    []string
	note     string
	cached   bool
	reason   fetch.Reason
	err      error
}

// fromResponse starts an answer from a fetch response: Unavailable with its
// reason and error, or the outcome with the cache flag.
func fromResponse(src Source, resp fetch.Response) answer {
	a := answer{source: src, url: resp.URL, cached: resp.Source == fetch.SourceCache}
	switch resp.Outcome {
	case fetch.Found:
		a.outcome = Found
	case fetch.NotFound:
		a.outcome = NotFound
	default:
		a.outcome, a.reason, a.err = Unavailable, resp.Reason(), resp.Err
	}
	return a
}

// usable reports whether the answer holds a valid SPDX license.
func (a answer) usable() bool {
	return a.outcome == Found && a.license.Status == licenses.Valid
}

func (a answer) attempt() Attempt {
	at := Attempt{Source: a.source, URL: a.url, Outcome: a.outcome, Reason: a.reason, Cached: a.cached, Note: a.note, Err: a.err}
	if a.err != nil {
		at.Error = a.err.Error()
	}
	return at
}
