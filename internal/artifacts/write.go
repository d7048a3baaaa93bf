package artifacts

import (
	"fmt"
	"io"
	"strings"

	"github.com/anchore/syft/syft/sbom"

	"github.com/ospo-gate/ospo-gate/internal/gate"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// Artifact format names, as given to --output FORMAT=FILE and the action's outputs input.
const (
	FormatSPDX      = "spdx-json"
	FormatCycloneDX = "cyclonedx-json"
	FormatSARIF     = "sarif"
	FormatNotice    = "notice"
)

// Formats lists the artifact formats [Write] knows, in the order help texts show them.
var Formats = []string{FormatSPDX, FormatCycloneDX, FormatSARIF, FormatNotice}

// IsFormat reports whether format names an artifact format.
func IsFormat(format string) bool {
	for _, f := range Formats {
		if f == format {
			return true
		}
	}
	return false
}

// Input is what the artifacts are built from.
type Input struct {
	// SBOM is syft's SBOM of the scanned tree (gate.Run.SBOM). The SBOM formats need it.
	SBOM *sbom.SBOM
	// Inventory holds the resolved licenses (gate.Run.Inventory). The SBOM formats and the NOTICE need it.
	Inventory *inventory.Inventory
	// Findings are reported in SARIF: the run's findings, or only those of a pull request's change.
	Findings []rules.Finding
	// ToolVersion is ospo-gate's version, recorded in SARIF and the NOTICE header.
	ToolVersion string
	// SARIF and Notice tune those formats; their zero values are the defaults.
	SARIF  SARIFOptions
	Notice NoticeOptions
}

// FromRun takes the artifacts' input from a completed gate run, with all of its findings.
func FromRun(run *gate.Run, toolVersion string) Input {
	return Input{
		SBOM: run.SBOM, Inventory: run.Inventory, Findings: run.Result.Findings, ToolVersion: toolVersion,
		SARIF: SARIFOptions{FallbackPath: run.Config.PolicyPath},
	}
}

// Write writes the artifact named by format.
func Write(w io.Writer, format string, in Input) error {
	switch format {
	case FormatSPDX:
		return WriteSPDX(w, in.SBOM, in.Inventory)
	case FormatCycloneDX:
		return WriteCycloneDX(w, in.SBOM, in.Inventory)
	case FormatSARIF:
		opts := in.SARIF
		if opts.ToolVersion == "" {
			opts.ToolVersion = in.ToolVersion
		}
		return WriteSARIF(w, in.Findings, opts)
	case FormatNotice:
		opts := in.Notice
		if opts.ToolVersion == "" {
			opts.ToolVersion = in.ToolVersion
		}
		return WriteNotice(w, in.Inventory, opts)
	}
	return fmt.Errorf("unknown artifact format %q (want one of %s)", format, strings.Join(Formats, ", "))
}
