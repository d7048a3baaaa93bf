package artifacts

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/anchore/syft/syft/format/common/spdxhelpers"
	"github.com/anchore/syft/syft/sbom"
	"github.com/spdx/tools-golang/spdx"
	"github.com/spdx/tools-golang/spdx/v2/common"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
)

const noAssertion = "NOASSERTION"

// WriteSPDX writes the SBOM as an SPDX 2.3 JSON document, built by syft's SPDX model and encoded the way
// syft's spdx-json encoder does. Each package the gate resolved a license for has it as licenseConcluded,
// with licenseComments saying where it came from; licenseDeclared stays what the package metadata declares.
// Every LicenseRef-… a concluded license uses is defined in hasExtractedLicensingInfos. inv may be nil (then
// the document is syft's).
func WriteSPDX(w io.Writer, s *sbom.SBOM, inv *inventory.Inventory) error {
	if s == nil || s.Artifacts.Packages == nil {
		return errNoSBOM
	}
	r := newResolver(inv)
	concluded := withConcluded(s, r)
	doc := spdxhelpers.ToFormatModel(concluded)
	if doc == nil {
		return fmt.Errorf("converting the SBOM to SPDX failed")
	}
	annotateSPDX(doc, concluded, r)
	brandSPDX(doc)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encoding SPDX JSON: %w", err)
	}
	return nil
}

// annotateSPDX adds the license comments and the definitions of the LicenseRefs used by concluded licenses.
func annotateSPDX(doc *spdx.Document, s sbom.SBOM, r resolver) {
	byID := map[string]resolution{}
	for _, p := range s.Artifacts.Packages.Sorted() {
		if res, ok := r.lookup(p); ok {
			byID[string(p.ID())] = res
		}
	}
	defined := map[string]bool{}
	for _, ol := range doc.OtherLicenses {
		defined[ol.LicenseIdentifier] = true
	}
	var added []*spdx.OtherLicense
	for _, p := range doc.Packages {
		res, ok := byID[packageIDSuffix(string(p.PackageSPDXIdentifier))]
		if !ok {
			continue
		}
		if hasDocumentRef(res) {
			// A DocumentRef needs an externalDocumentRefs entry with the other document's checksum, which the
			// gate does not have: assert nothing rather than write a dangling reference.
			p.PackageLicenseConcluded = noAssertion
			p.PackageLicenseComments = provenance(res.lic) + " The expression refers to another SPDX document, so it is not asserted here."
			continue
		}
		p.PackageLicenseComments = provenance(res.lic)
		for _, ref := range licenseRefs(res) {
			if defined[ref] {
				continue
			}
			defined[ref] = true
			added = append(added, &spdx.OtherLicense{
				LicenseIdentifier: ref,
				ExtractedText:     noAssertion,
				LicenseName:       refName(ref),
				LicenseComment:    "Identified by ospo-gate; the license text is in the package's own files (" + res.lic.Evidence + ").",
			})
		}
	}
	doc.OtherLicenses = append(doc.OtherLicenses, added...)
	sort.SliceStable(doc.OtherLicenses, func(i, j int) bool {
		return doc.OtherLicenses[i].LicenseIdentifier < doc.OtherLicenses[j].LicenseIdentifier
	})
}

// brandSPDX names ospo-gate, and syft as the SBOM generator it uses, as the document's creators, and moves the
// document namespace from syft's anchore.com prefix to ospo-gate's (keeping its unique part).
func brandSPDX(doc *spdx.Document) {
	if doc.CreationInfo != nil {
		var creators []common.Creator
		for _, c := range doc.CreationInfo.Creators {
			if c.CreatorType == "Tool" {
				creators = append(creators, c)
			}
		}
		if v := moduleVersion("github.com/anchore/syft"); v != "" {
			creators = append(creators, common.Creator{CreatorType: "Tool", Creator: "syft-" + v})
		}
		doc.CreationInfo.Creators = creators
	}
	if rest, ok := strings.CutPrefix(doc.DocumentNamespace, "https://anchore.com/"); ok {
		doc.DocumentNamespace = namespacePrefix + rest
	}
}

// namespacePrefix starts every SPDX document namespace ospo-gate writes.
const namespacePrefix = "https://github.com/ospo-gate/ospo-gate/spdx/"

// moduleVersion returns the version of a module linked into the binary, or "".
func moduleVersion(path string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, m := range bi.Deps {
		if m.Path == path {
			if m.Replace != nil {
				return m.Replace.Version
			}
			return m.Version
		}
	}
	return ""
}

// packageIDSuffix returns the syft package ID at the end of an SPDX element ID ("Package-npm-x-<id>").
func packageIDSuffix(elementID string) string {
	if i := strings.LastIndexByte(elementID, '-'); i >= 0 {
		return elementID[i+1:]
	}
	return elementID
}

func licenseRefs(res resolution) []string {
	var out []string
	for _, l := range res.expr.Leaves() {
		if l.IsReference() && strings.HasPrefix(l.License, "LicenseRef-") {
			out = append(out, l.License)
		}
	}
	return out
}

func hasDocumentRef(res resolution) bool {
	for _, l := range res.expr.Leaves() {
		if strings.HasPrefix(l.License, "DocumentRef-") {
			return true
		}
	}
	return false
}

// refName makes a license name from a LicenseRef id: "LicenseRef-Commons-Clause" → "Commons Clause".
func refName(ref string) string {
	name := strings.ReplaceAll(strings.TrimPrefix(ref, "LicenseRef-"), "-", " ")
	if name == "" {
		return noAssertion
	}
	return name
}
