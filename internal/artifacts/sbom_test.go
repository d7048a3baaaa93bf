package artifacts

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/anchore/syft/syft/license"
	"github.com/anchore/syft/syft/sbom"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/shipcheck/schemas"
	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

type spdxDoc struct {
	Creation struct {
		Creators []string `json:"creators"`
	} `json:"creationInfo"`
	Namespace string `json:"documentNamespace"`
	Packages  []struct {
		Name      string `json:"name"`
		Concluded string `json:"licenseConcluded"`
		Declared  string `json:"licenseDeclared"`
		Comments  string `json:"licenseComments"`
		Refs      []struct {
			Type    string `json:"referenceType"`
			Locator string `json:"referenceLocator"`
		} `json:"externalRefs"`
	} `json:"packages"`
	Extracted []struct {
		ID string `json:"licenseId"`
	} `json:"hasExtractedLicensingInfos"`
}

func writeSPDX(t *testing.T, s *sbom.SBOM, inv *inventory.Inventory) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSPDX(&b, s, inv); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeCycloneDX(t *testing.T, s *sbom.SBOM, inv *inventory.Inventory) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCycloneDX(&b, s, inv); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSBOMsMatchTheirSchemas(t *testing.T) {
	t.Parallel()
	v := validator(t)
	runs := exampleRuns(t)
	for _, ex := range examples {
		run := runs[ex]
		t.Run(ex, func(t *testing.T) {
			t.Parallel()
			if err := v.Validate(schemas.SPDX, writeSPDX(t, run.SBOM, run.Inventory)); err != nil {
				t.Errorf("SPDX does not match spdx-2.3.schema.json:\n%v", err)
			}
			if err := v.Validate(schemas.CycloneDX, writeCycloneDX(t, run.SBOM, run.Inventory)); err != nil {
				t.Errorf("CycloneDX does not match bom-1.6.schema.json:\n%v", err)
			}
		})
	}
}

// TestSchemasRejectBrokenSBOMs proves the validation has teeth: an SBOM with a required field removed or a
// wrong type fails it.
func TestSchemasRejectBrokenSBOMs(t *testing.T) {
	t.Parallel()
	v := validator(t)
	run := exampleRuns(t)["npm-fail"]
	tests := []struct {
		schema  string
		doc     []byte
		breakIt func(map[string]any)
	}{
		{schemas.SPDX, writeSPDX(t, run.SBOM, run.Inventory), func(m map[string]any) { delete(m, "spdxVersion") }},
		{schemas.SPDX, writeSPDX(t, run.SBOM, run.Inventory), func(m map[string]any) { m["packages"] = "none" }},
		{schemas.CycloneDX, writeCycloneDX(t, run.SBOM, run.Inventory), func(m map[string]any) { m["bomFormat"] = "SPDX" }},
		{schemas.CycloneDX, writeCycloneDX(t, run.SBOM, run.Inventory), func(m map[string]any) {
			comps := m["components"].([]any)
			comps[0].(map[string]any)["licenses"] = []any{map[string]any{"expression": "MIT"}, map[string]any{"expression": "ISC"}}
		}},
	}
	for i, tt := range tests {
		var m map[string]any
		if err := json.Unmarshal(tt.doc, &m); err != nil {
			t.Fatal(err)
		}
		tt.breakIt(m)
		broken, _ := json.Marshal(m)
		if err := v.Validate(tt.schema, broken); err == nil {
			t.Errorf("case %d: a broken document passed %s", i, tt.schema)
		}
	}
}

func TestSPDXCarriesConcludedLicenses(t *testing.T) {
	t.Parallel()
	runs := exampleRuns(t)
	for _, ex := range examples {
		run := runs[ex]
		t.Run(ex, func(t *testing.T) {
			t.Parallel()
			var doc spdxDoc
			if err := json.Unmarshal(writeSPDX(t, run.SBOM, run.Inventory), &doc); err != nil {
				t.Fatal(err)
			}
			byPURL := map[string][]int{}
			for i, p := range doc.Packages {
				for _, r := range p.Refs {
					if r.Type == "purl" {
						byPURL[r.Locator] = append(byPURL[r.Locator], i)
					}
				}
			}
			for _, ip := range run.Inventory.Packages {
				lic := ip.License()
				idx := byPURL[ip.PURL]
				if len(idx) == 0 {
					t.Errorf("%s is not in the SPDX document", ip.PURL)
				}
				declaredKept := false
				for _, i := range idx {
					p := doc.Packages[i]
					declaredKept = declaredKept || p.Declared != noAssertion
					want := noAssertion
					if lic.Known() {
						want = lic.Expression
					}
					if strings.Trim(p.Concluded, "()") != want {
						t.Errorf("%s: licenseConcluded %q, want %q", ip.PURL, p.Concluded, want)
					}
					if lic.Known() && !strings.Contains(p.Comments, string(lic.Source)) {
						t.Errorf("%s: licenseComments %q do not say where the license came from", ip.PURL, p.Comments)
					}
				}
				// syft reports a package once per cataloger; the one that read the metadata keeps its declaration.
				if len(ip.Declared) > 0 && !declaredKept {
					t.Errorf("%s: the declared license %v was lost", ip.PURL, ip.Declared)
				}
			}
			defined := map[string]bool{}
			for _, e := range doc.Extracted {
				defined[e.ID] = true
			}
			ref := regexp.MustCompile(`LicenseRef-[A-Za-z0-9.-]+`)
			for _, p := range doc.Packages {
				for _, id := range ref.FindAllString(p.Concluded+" "+p.Declared, -1) {
					if !defined[id] {
						t.Errorf("%s uses %s, which hasExtractedLicensingInfos does not define", p.Name, id)
					}
				}
			}
			if !strings.HasPrefix(doc.Namespace, namespacePrefix) {
				t.Errorf("documentNamespace %q does not start with %s", doc.Namespace, namespacePrefix)
			}
			for _, c := range doc.Creation.Creators {
				if !strings.HasPrefix(c, "Tool: ") {
					t.Errorf("creator %q: only tools made this document", c)
				}
			}
		})
	}
}

type cdxDoc struct {
	SpecVersion string `json:"specVersion"`
	Components  []struct {
		Name     string       `json:"name"`
		PURL     string       `json:"purl"`
		Licenses []cdxLicense `json:"licenses"`
		Evidence struct {
			Licenses []cdxLicense `json:"licenses"`
		} `json:"evidence"`
	} `json:"components"`
}

type cdxLicense struct {
	License *struct {
		ID              string `json:"id"`
		Name            string `json:"name"`
		Acknowledgement string `json:"acknowledgement"`
	} `json:"license"`
	Expression      string `json:"expression"`
	Acknowledgement string `json:"acknowledgement"`
}

func (l cdxLicense) ack() string {
	if l.License != nil {
		return l.License.Acknowledgement
	}
	return l.Acknowledgement
}

func (l cdxLicense) value() string {
	if l.License != nil {
		return l.License.ID + l.License.Name
	}
	return l.Expression
}

func TestCycloneDXCarriesConcludedLicenses(t *testing.T) {
	t.Parallel()
	runs := exampleRuns(t)
	for _, ex := range examples {
		run := runs[ex]
		t.Run(ex, func(t *testing.T) {
			t.Parallel()
			var doc cdxDoc
			if err := json.Unmarshal(writeCycloneDX(t, run.SBOM, run.Inventory), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.SpecVersion != "1.6" {
				t.Errorf("specVersion %q, want 1.6", doc.SpecVersion)
			}
			lics := map[string]inventory.License{}
			for _, p := range run.Inventory.Packages {
				lics[p.PURL] = p.License()
			}
			for _, c := range doc.Components {
				lic, inInventory := lics[c.PURL]
				var concluded []string
				for _, l := range c.Licenses {
					switch l.ack() {
					case "concluded":
						concluded = append(concluded, l.value())
					case "declared":
					default:
						t.Errorf("%s: license %q has acknowledgement %q", c.Name, l.value(), l.ack())
					}
				}
				for _, l := range c.Evidence.Licenses {
					if l.ack() != "declared" {
						t.Errorf("%s: evidence license %q is not marked declared", c.Name, l.value())
					}
				}
				switch {
				case inInventory && lic.Known():
					if len(concluded) != 1 || concluded[0] != lic.Expression {
						t.Errorf("%s: concluded %v, want [%s]", c.Name, concluded, lic.Expression)
					}
				case len(concluded) > 0:
					t.Errorf("%s: concluded %v, but the gate resolved no license", c.Name, concluded)
				}
			}
		})
	}
}

func TestSBOMWritersNeedAnSBOM(t *testing.T) {
	t.Parallel()
	for name, write := range map[string]func() error{
		"spdx":      func() error { return WriteSPDX(&bytes.Buffer{}, nil, nil) },
		"cyclonedx": func() error { return WriteCycloneDX(&bytes.Buffer{}, &sbom.SBOM{}, nil) },
	} {
		if err := write(); !errors.Is(err, errNoSBOM) {
			t.Errorf("%s: err = %v, want errNoSBOM", name, err)
		}
	}
}

func TestWritingLeavesTheSBOMUnchanged(t *testing.T) {
	t.Parallel()
	run := exampleRuns(t)["go-fail"]
	writeSPDX(t, run.SBOM, run.Inventory)
	writeCycloneDX(t, run.SBOM, run.Inventory)
	for _, p := range run.SBOM.Artifacts.Packages.Sorted() {
		for _, l := range p.Licenses.ToSlice() {
			if l.Type == license.Concluded && strings.Contains(l.Value, "GPL") {
				t.Errorf("%s gained a concluded license in the caller's SBOM: %+v", p.Name, l)
			}
		}
	}
}

func TestConcludedChoice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr, id, expression string
	}{
		{"MIT", "MIT", ""},
		{"GPL-2.0-or-later", "GPL-2.0-or-later", ""},
		{"MIT OR Apache-2.0", "", "MIT OR Apache-2.0"},
		{"Apache-1.0+", "", "Apache-1.0+"},
		{"LicenseRef-Commons-Clause", "", "LicenseRef-Commons-Clause"},
		{"GPL-2.0-only WITH Classpath-exception-2.0", "", "GPL-2.0-only WITH Classpath-exception-2.0"},
		{"gpl-2.0+", "GPL-2.0-or-later", ""},
	}
	for _, tt := range tests {
		n, err := spdx.Parse(tt.expr)
		if err != nil {
			t.Fatalf("%s: %v", tt.expr, err)
		}
		ch := concludedChoice(n)
		gotID := ""
		if ch.License != nil {
			gotID = ch.License.ID
			if ch.License.Acknowledgement != ackConcluded {
				t.Errorf("%s: acknowledgement %q", tt.expr, ch.License.Acknowledgement)
			}
		} else if ch.Acknowledgement == nil || *ch.Acknowledgement != ackConcluded {
			t.Errorf("%s: expression not acknowledged as concluded", tt.expr)
		}
		if gotID != tt.id || ch.Expression != tt.expression {
			t.Errorf("concludedChoice(%s) = id %q expression %q, want id %q expression %q", tt.expr, gotID, ch.Expression, tt.id, tt.expression)
		}
	}
}

func TestIDExtraction(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"pkg:npm/left-pad@1.3.0?package-id=26ce7c8f0c16fc93": "26ce7c8f0c16fc93",
		"pkg:maven/a/b@1?type=jar&package-id=abc#sub":        "abc",
		"26ce7c8f0c16fc93":    "26ce7c8f0c16fc93",
		"pkg:npm/x@1?foo=bar": "pkg:npm/x@1?foo=bar",
	} {
		if got := bomRefPackageID(in); got != want {
			t.Errorf("bomRefPackageID(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"SPDXRef-Package-npm-left-pad-26ce7c8f0c16fc93": "26ce7c8f0c16fc93",
		"Package-x": "x",
		"abc":       "abc",
	} {
		if got := packageIDSuffix(in); got != want {
			t.Errorf("packageIDSuffix(%q) = %q, want %q", in, got, want)
		}
	}
}
