package artifacts

import (
	"fmt"
	"io"
	"strings"

	"github.com/CycloneDX/cyclonedx-go"
	"github.com/anchore/syft/syft/format/common/cyclonedxhelpers"
	"github.com/anchore/syft/syft/sbom"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// WriteCycloneDX writes the SBOM as a CycloneDX 1.6 JSON BOM, built by syft's CycloneDX model and encoded the
// way syft's cyclonedx-json encoder does. Licenses carry their acknowledgement: the ones the package metadata
// declares are "declared", and the license the gate resolved is "concluded". CycloneDX allows either a list of
// licenses or a single expression per component; when the concluded license is an expression (or the declared
// one is), the concluded license takes the component's licenses and the declared ones move to the component's
// evidence.licenses. inv may be nil (then every license is marked declared).
func WriteCycloneDX(w io.Writer, s *sbom.SBOM, inv *inventory.Inventory) error {
	if s == nil || s.Artifacts.Packages == nil {
		return errNoSBOM
	}
	bom := cyclonedxhelpers.ToFormatModel(*s)
	if bom == nil {
		return fmt.Errorf("converting the SBOM to CycloneDX failed")
	}
	r := newResolver(inv)
	byID := map[string]resolution{}
	for _, p := range s.Artifacts.Packages.Sorted() {
		if res, ok := r.lookup(p); ok {
			byID[string(p.ID())] = res
		}
	}
	if bom.Components != nil {
		for i := range *bom.Components {
			c := &(*bom.Components)[i]
			res, ok := byID[bomRefPackageID(c.BOMRef)]
			setLicenses(c, res, ok)
		}
	}
	enc := cyclonedx.NewBOMEncoder(w, cyclonedx.BOMFileFormatJSON)
	enc.SetPretty(true)
	enc.SetEscapeHTML(false)
	if err := enc.EncodeVersion(bom, cyclonedx.SpecVersion1_6); err != nil {
		return fmt.Errorf("encoding CycloneDX JSON: %w", err)
	}
	return nil
}

// bomRefPackageID returns the syft package ID in a component's bom-ref: syft writes the purl with a
// package-id qualifier, or the bare ID when the package has no purl.
func bomRefPackageID(ref string) string {
	_, q, ok := strings.Cut(ref, "?")
	if !ok {
		return ref
	}
	for _, kv := range strings.Split(q, "&") {
		if v, ok := strings.CutPrefix(kv, "package-id="); ok {
			v, _, _ = strings.Cut(v, "#")
			return v
		}
	}
	return ref
}

var (
	ackDeclared  = cyclonedx.LicenseAcknowledgementDeclared
	ackConcluded = cyclonedx.LicenseAcknowledgementConcluded
)

// setLicenses marks a component's licenses as declared and adds the concluded one, when resolved.
func setLicenses(c *cyclonedx.Component, res resolution, resolved bool) {
	declared := markDeclared(c.Licenses)
	if !resolved {
		c.Licenses = declared
		return
	}
	concluded := concludedChoice(res.expr)
	if concluded.License != nil && allLicenseObjects(declared) {
		list := cyclonedx.Licenses{concluded}
		if declared != nil {
			list = append(list, *declared...)
		}
		c.Licenses = &list
		return
	}
	c.Licenses = &cyclonedx.Licenses{concluded}
	if declared != nil && len(*declared) > 0 {
		if c.Evidence == nil {
			c.Evidence = &cyclonedx.Evidence{}
		}
		c.Evidence.Licenses = declared
	}
}

func markDeclared(ls *cyclonedx.Licenses) *cyclonedx.Licenses {
	if ls == nil || len(*ls) == 0 {
		return nil
	}
	out := make(cyclonedx.Licenses, len(*ls))
	for i, ch := range *ls {
		if ch.License != nil {
			l := *ch.License
			l.Acknowledgement = ackDeclared
			ch.License = &l
		} else {
			ch.Acknowledgement = &ackDeclared
		}
		out[i] = ch
	}
	return &out
}

func allLicenseObjects(ls *cyclonedx.Licenses) bool {
	if ls == nil {
		return true
	}
	for _, ch := range *ls {
		if ch.License == nil {
			return false
		}
	}
	return true
}

// concludedChoice renders an expression as a license id when it is a single license of the SPDX list (whose
// version matches CycloneDX's spdx.schema.json enumeration), and as an SPDX expression otherwise.
func concludedChoice(n *spdx.Node) cyclonedx.LicenseChoice {
	if n.Op == spdx.License && !n.IsReference() && n.Exception == "" &&
		(!n.OrLater || strings.HasSuffix(n.License, "-or-later")) && spdx.IsKnownID(n.License) && !spdx.IsDeprecatedID(n.License) {
		return cyclonedx.LicenseChoice{License: &cyclonedx.License{ID: n.License, Acknowledgement: ackConcluded}}
	}
	return cyclonedx.LicenseChoice{Expression: n.String(), Acknowledgement: &ackConcluded}
}
