package artifacts

import (
	"errors"
	"fmt"
	"strings"

	"github.com/anchore/syft/syft/license"
	"github.com/anchore/syft/syft/pkg"
	"github.com/anchore/syft/syft/sbom"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// errNoSBOM is returned when an SBOM format is asked for without the scan's SBOM.
var errNoSBOM = errors.New("no SBOM: the scan's syft SBOM is required for the SPDX and CycloneDX formats")

// resolution is one syft package's resolved license, as the SBOM formats record it.
type resolution struct {
	lic  inventory.License
	expr *spdx.Node // the parsed expression; nil when the license is unknown
}

// resolver maps syft packages to the inventory packages they became. The sbom package merges the syft packages
// of one purl (or of one type/name@version when there is no purl) into one inventory package, so the same key
// finds it back.
type resolver map[string]*inventory.Package

func newResolver(inv *inventory.Inventory) resolver {
	r := resolver{}
	if inv == nil {
		return r
	}
	for i := range inv.Packages {
		r[inv.Packages[i].Key()] = &inv.Packages[i]
	}
	return r
}

// syftKey is inventory.Package.Key for a syft package.
func syftKey(p pkg.Package) string {
	if p.PURL != "" {
		return p.PURL
	}
	return string(p.Type) + "/" + p.Name + "@" + p.Version
}

// lookup returns the resolved license of a syft package, if the gate resolved one.
func (r resolver) lookup(p pkg.Package) (resolution, bool) {
	ip := r[syftKey(p)]
	if ip == nil {
		return resolution{}, false
	}
	lic := ip.License()
	if !lic.Known() {
		return resolution{lic: lic}, false
	}
	n, err := spdx.Parse(lic.Expression)
	if err != nil {
		// The resolver only stores valid expressions; one that is not cannot be asserted as concluded.
		return resolution{lic: lic}, false
	}
	return resolution{lic: lic, expr: n}, true
}

// withConcluded returns a copy of s whose packages carry their resolved license as a concluded license, in
// place of any concluded license syft had; declared licenses are kept. Package IDs are kept, so relationships
// still resolve. s itself is not modified.
func withConcluded(s *sbom.SBOM, r resolver) sbom.SBOM {
	out := *s
	pkgs := s.Artifacts.Packages.Sorted()
	for i, p := range pkgs {
		res, ok := r.lookup(p)
		if !ok {
			continue
		}
		var kept []pkg.License
		for _, l := range p.Licenses.ToSlice() {
			if l.Type != license.Concluded {
				kept = append(kept, l)
			}
		}
		expr := res.expr.String()
		kept = append(kept, pkg.License{SPDXExpression: expr, Value: expr, Type: license.Concluded})
		pkgs[i].Licenses = pkg.NewLicenseSet(kept...)
	}
	out.Artifacts.Packages = pkg.NewCollection(pkgs...)
	return out
}

// provenance explains where a resolved license came from, for SPDX's license comments.
func provenance(l inventory.License) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Concluded by ospo-gate from the %s license", l.Source)
	if l.Evidence != "" {
		fmt.Fprintf(&b, " (%s)", l.Evidence)
	}
	if l.Original != "" && l.Original != l.Expression {
		fmt.Fprintf(&b, ", originally %q", l.Original)
	}
	if note := strings.TrimRight(l.Note, ";,. "); note != "" {
		fmt.Fprintf(&b, "; %s", note)
	}
	return b.String() + "."
}
