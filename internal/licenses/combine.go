package licenses

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// NormalizeAll combines several declared values of one package (an npm
// "licenses" array, several PyPI classifiers, a license field plus
// classifiers) into one result:
//
//   - each value is normalised on its own, and equal expressions are kept
//     once;
//   - the valid ones are joined with AND: metadata lists say nothing about a
//     choice, so all of them are taken to apply (a dual license must be
//     declared as an SPDX OR expression to count as one);
//   - values that name no license (Unknown) are dropped from the
//     expression and mentioned in the Note; if none is valid, the result is
//     Unknown, with the first "SEE LICENSE IN" file as FileRef;
//   - if any value is Invalid, the result is Invalid, naming it.
//
// Original lists the values as a JSON array. A single value gives the same
// result as Normalize.
func NormalizeAll(raws []string) Normalized {
	if len(raws) == 1 {
		return Normalize(raws[0])
	}
	return combine(raws, 0).normalized(quoteList(raws))
}

func quoteList(raws []string) string {
	q := make([]string, len(raws))
	for i, r := range raws {
		q[i] = strconv.Quote(r)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func combine(raws []string, depth int) result {
	var valid []string
	var invalid, ignored, notes []string
	out := result{}
	for _, raw := range raws {
		r := resolve(raw, depth)
		switch r.status {
		case Valid:
			if !contains(valid, r.expr) {
				valid = append(valid, r.expr)
			}
			notes = append(notes, r.notes...)
		case Invalid:
			invalid = append(invalid, strconv.Quote(raw)+" ("+strings.Join(r.notes, "; ")+")")
		default:
			ignored = append(ignored, strconv.Quote(raw))
			if out.fileRef == "" {
				out.fileRef = r.fileRef
			}
			notes = append(notes, r.notes...)
		}
	}
	return out.finish(valid, invalid, ignored, notes)
}

func (out result) finish(valid, invalid, ignored, notes []string) result {
	switch {
	case len(invalid) > 0:
		out.status = Invalid
		out.notes = []string{"not valid SPDX: " + strings.Join(invalid, ", ")}
		return out
	case len(valid) == 0:
		out.status = Unknown
		if len(ignored) == 0 {
			notes = append(notes, "no license declared")
		}
		out.notes = notes
		return out
	}
	if len(valid) > 1 {
		notes = append(notes, "several declared licenses read as AND: all of them apply")
	}
	if len(ignored) > 0 {
		notes = append(notes, fmt.Sprintf("ignored values naming no license: %s", strings.Join(ignored, ", ")))
	}
	n, err := spdx.Parse("(" + strings.Join(valid, ") AND (") + ")")
	if err != nil {
		return result{status: Invalid, notes: []string{"combining " + strings.Join(valid, ", ") + ": " + err.Error()}}
	}
	r := validTree(n, notes)
	r.fileRef = out.fileRef
	return r
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
