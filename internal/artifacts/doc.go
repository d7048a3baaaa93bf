// Package artifacts writes the compliance artifacts an OSPO keeps from a gate run:
//
//   - the SBOM as SPDX 2.3 JSON ([WriteSPDX]) and CycloneDX 1.6 JSON ([WriteCycloneDX]), built by syft's own
//     format models, with every package's resolved license recorded as its concluded license next to the
//     licenses its metadata declares;
//   - SARIF 2.1.0 of the findings ([WriteSARIF]), shaped for GitHub code scanning: one rule per rule id, results
//     at the manifest line, stable partial fingerprints, and GitHub's upload limits;
//   - a third-party attribution file ([WriteNotice]): every package grouped by license, with the license and
//     NOTICE texts found in the package's own directory, deduplicated and bounded.
//
// [Write] picks a writer by format name ([Formats]), for the CLI's --output FORMAT=FILE and the action's
// outputs input. Everything taken from the scanned tree (package names, license texts, messages) is untrusted:
// JSON artifacts carry it JSON-escaped, SARIF messages stay plain text, and the NOTICE file has control and
// bidirectional-override characters made visible.
package artifacts
