package registry

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/licenses"
	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// normalizeChoice normalises values that are alternatives, like the
// <license> entries of a POM ("If multiple licenses are listed, it is
// assumed that the user can select any of them" — POM reference): the valid
// ones are joined with OR. Values naming no license are dropped with a
// note; when any value is invalid, or none is valid, the result is what
// licenses.NormalizeAll says.
func normalizeChoice(values []string) licenses.Normalized {
	if len(values) < 2 {
		return licenses.NormalizeAll(values)
	}
	var exprs, notes, ignored []string
	for _, v := range values {
		n := licenses.Normalize(v)
		switch n.Status {
		case licenses.Invalid:
			return licenses.NormalizeAll(values)
		case licenses.Valid:
			if !slices.Contains(exprs, n.Expression) {
				exprs = append(exprs, n.Expression)
			}
		default:
			ignored = append(ignored, strconv.Quote(v))
		}
		if n.Note != "" {
			notes = append(notes, n.Note)
		}
	}
	if len(exprs) == 0 {
		return licenses.NormalizeAll(values)
	}
	tree, err := spdx.Parse("(" + strings.Join(exprs, ") OR (") + ")")
	if err != nil {
		return licenses.NormalizeAll(values)
	}
	if len(exprs) > 1 {
		notes = append(notes, "several licenses listed as alternatives read as OR")
	}
	if len(ignored) > 0 {
		notes = append(notes, "ignored values naming no license: "+strings.Join(ignored, ", "))
	}
	return licenses.Normalized{
		Expression: tree.String(), Original: quoteList(values), Status: licenses.Valid,
		Note: strings.Join(notes, "; "), Tree: tree,
	}
}

func quoteList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// cleanValues trims values and drops empty ones and duplicates.
func cleanValues(values []string) []string {
	var out []string
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// joinNotes joins the non-empty notes with "; ".
func joinNotes(notes ...string) string {
	var kept []string
	for _, n := range notes {
		if n != "" {
			kept = append(kept, n)
		}
	}
	return strings.Join(kept, "; ")
}
