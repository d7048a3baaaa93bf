package registry

import (
	"context"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/depsdev"
	"github.com/ospo-gate/ospo-gate/internal/licenses"
)

// lookupDepsDev asks deps.dev's GetVersion. Its "non-standard" marker (a
// license deps.dev found but could not map to SPDX) counts as nothing, so
// that the registry is asked next.
func (r *Resolver) lookupDepsDev(ctx context.Context, t target) answer {
	v, resp := r.depsdev.GetVersion(ctx, t.depsDevKey())
	a := fromResponse(SourceDepsDev, resp)
	switch a.outcome {
	case NotFound:
		a.note = "version not known to deps.dev"
		return a
	case Found:
	default:
		return a
	}
	var values []string
	nonStandard := false
	for _, l := range v.Licenses {
		if strings.EqualFold(strings.TrimSpace(l), depsdev.NonStandardLicense) {
			nonStandard = true
			continue
		}
		values = append(values, l)
	}
	a.values = cleanValues(values)
	if len(a.values) == 0 {
		a.outcome, a.note = NotFound, "deps.dev lists no license"
		if nonStandard {
			a.note = "deps.dev lists only a non-standard license"
		}
		return a
	}
	a.license = licenses.NormalizeAll(a.values)
	return a
}
