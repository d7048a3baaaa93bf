package detect

import (
	"fmt"
	"sync"

	"github.com/google/licensecheck"
)

// Match is one piece of license evidence found in a text.
type Match struct {
	// ID is an SPDX license or exception id or a LicenseRef-… id; for an
	// SPDX-License-Identifier tag, the tag's normalised expression.
	ID string
	// Start and End are the byte offsets of the evidence in the text.
	Start, End int
	// Coverage is the percent of the license's reference text present in
	// [Start, End): below 100 for a full text that differs from the SPDX
	// text; 100 for a pattern, notice or SPDX-License-Identifier match.
	Coverage float64
}

// Result is what Classify found in one text.
type Result struct {
	// Expression is the SPDX expression for the text; "" when nothing was
	// recognised with confidence (see ConfidentCoverage).
	Expression string
	// Matches lists the evidence in text order.
	Matches []Match
	// Coverage is the percent of the text's words (copyright lines
	// excluded) covered by matches.
	Coverage float64
	// Notes explain decisions a reviewer may want to check, e.g.
	// "GPL-3.0 text without a version notice: assumed GPL-3.0-only".
	Notes []string
}

// ConfidentCoverage is the share of a text's words (in percent, copyright
// lines excluded) that matches must cover before their licenses become the
// text's Expression, unless the text holds a full license text, a license
// notice of StrongWords words or more, or an SPDX-License-Identifier tag.
// Below it a text that merely mentions a license (a README saying "MIT
// licensed") yields no Expression; its matches are still listed.
const ConfidentCoverage = 50.0

// StrongWords is the length from which a single license pattern match
// (e.g. the Apache-2.0 boilerplate notice) is evidence on its own.
const StrongWords = 40

// MaxTextSize bounds the bytes Classify examines; the rest of a longer text
// is ignored and a note says so.
const MaxTextSize = 8 << 20

// Detector classifies license texts. It is immutable once built and safe
// for concurrent use.
type Detector struct {
	vocab   *vocabulary
	refs    []reference
	ngrams  *ngramIndex
	scanner *licensecheck.Scanner
	custom  map[string]customPattern // licensecheck id → hand-written pattern
	names   *nameIndex
	copyID  uint32 // word id of "copyright"
}

var (
	defaultOnce     sync.Once
	defaultDetector *Detector
)

// Default returns the process-wide detector, building it on first use
// (about a second on two cores, the licensecheck part dominating). Building
// cannot fail with the embedded data; if it does the package is broken and
// Default panics.
func Default() *Detector {
	defaultOnce.Do(func() {
		d, err := build()
		if err != nil {
			panic(fmt.Sprintf("detect: building the default detector: %v", err))
		}
		defaultDetector = d
	})
	return defaultDetector
}

// Warm starts building Default in the background, so that the cost overlaps
// other start-up work (such as syft building its own scanner).
func Warm() {
	go Default()
}

// build assembles a detector from the embedded data. The licensecheck
// scanner and the shingle index are built concurrently.
func build() (*Detector, error) {
	var (
		wg      sync.WaitGroup
		scanner *licensecheck.Scanner
		custom  map[string]customPattern
		scanErr error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		scanner, custom, scanErr = newPatternScanner()
	}()
	d, err := buildText()
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if scanErr != nil {
		return nil, scanErr
	}
	d.scanner, d.custom = scanner, custom
	return d, nil
}

// buildText loads the reference texts and indexes them.
func buildText() (*Detector, error) {
	data, err := loadRefData(licenseData)
	if err != nil {
		return nil, err
	}
	d := &Detector{vocab: newVocabulary(data.dict)}
	for _, w := range noticeWords {
		d.vocab.add(w)
	}
	for _, cue := range choiceCues {
		for _, w := range cue {
			d.vocab.add(w)
		}
	}
	for _, r := range data.refs {
		if !droppedRef(r) {
			d.refs = append(d.refs, r)
		}
	}
	if d.ngrams, err = newNgramIndex(d.refs); err != nil {
		return nil, err
	}
	d.names = newNameIndex(d.vocab, data.names)
	d.copyID = d.vocab.ids["copyright"]
	return d, nil
}

// droppedRef reports list texts that are not indexed: deprecated ids that
// stood for a collection of other licenses (found through their parts).
func droppedRef(r reference) bool {
	if r.kind != kindLicense {
		return false
	}
	_, _, ok := groupID(r.ids)
	return !ok
}
