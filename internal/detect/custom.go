package detect

// This file holds the license patterns written for this package: SPDX
// exceptions the SPDX text package does not carry, and source-available
// terms OSPOs meet that are not on the SPDX License List (reported as
// LicenseRef-… ids). They are licensecheck LREs (word-based, case- and
// punctuation-insensitive; __N__ matches up to N words; "((a || b))" is an
// alternation and "(( … ))??" is optional; "((" must start a line and "))"
// end one). They were written from the licenses' published wording, with
// wildcards where editions differ.

// customRole says how a custom pattern's match is used.
type customRole uint8

const (
	// roleText: the pattern is (the operative core of) a whole license or
	// exception text; its match is evidence on its own.
	roleText customRole = iota
	// roleKey: the pattern is a clause, title or URL that tells one member of
	// a family from the others. Inside a full-text match of the family it
	// relabels that match; alone it is evidence only when it is a title on
	// its own line or the text is mostly covered.
	roleKey
)

// customPattern is one hand-written LRE.
type customPattern struct {
	id     string
	kind   refKind
	base   string // exceptions: the license the exception is written for
	role   customRole
	family string // roleKey: the id prefix of the matches it may relabel
	lre    string
}

// customPatterns are added to licensecheck's built-in set.
var customPatterns = []customPattern{
	{id: "LLVM-exception", kind: kindException, base: "Apache-2.0", lre: lreLLVMException},
	{id: "Linux-syscall-note", kind: kindException, base: "GPL-2.0-only", lre: lreLinuxSyscallNote},
	{id: "LGPL-3.0-linking-exception", kind: kindException, base: "LGPL-3.0", lre: lreLGPL3LinkingException},
	{id: "GPL-3.0-linking-exception", kind: kindException, base: "GPL-3.0", lre: lreGPL3LinkingException},
	{id: "Universal-FOSS-exception-1.0", kind: kindException, base: "GPL-2.0", lre: lreUniversalFOSS},
	{id: "LicenseRef-Elastic-License-1.0", lre: lreElastic1},
	{id: "LicenseRef-Confluent-Community-1.0", lre: lreConfluent},
	{id: "LicenseRef-Confluent-Community-1.0", role: roleKey, lre: titleConfluent},
	{id: "LicenseRef-RSAL-2.0", role: roleKey, lre: titleRSAL},
	{id: "LicenseRef-CockroachDB-Community-1.0", role: roleKey, lre: titleCockroach},
	{id: "LicenseRef-Timescale", role: roleKey, lre: titleTimescale},
	{id: "LicenseRef-Fair-Source-0.9", role: roleKey, lre: titleFairSource},
	{id: "LicenseRef-Commons-Clause", role: roleKey, lre: titleCommonsClause},
	polyformKey("LicenseRef-PolyForm-Shield-1.0.0", lrePolyFormShield),
	polyformKey("LicenseRef-PolyForm-Shield-1.0.0", polyformTitle("Shield", "shield")),
	polyformKey("LicenseRef-PolyForm-Perimeter-1.0.0", lrePolyFormPerimeter),
	polyformKey("LicenseRef-PolyForm-Perimeter-1.0.0", polyformTitle("Perimeter", "perimeter")),
	polyformKey("LicenseRef-PolyForm-Internal-Use-1.0.0", lrePolyFormInternalUse),
	polyformKey("LicenseRef-PolyForm-Internal-Use-1.0.0", polyformTitle("Internal Use", "internal-use")),
	polyformKey("LicenseRef-PolyForm-Free-Trial-1.0.0", lrePolyFormFreeTrial),
	polyformKey("LicenseRef-PolyForm-Free-Trial-1.0.0", polyformTitle("Free Trial", "free-trial")),
	polyformKey("LicenseRef-PolyForm-Strict-1.0.0", lrePolyFormStrict),
	polyformKey("LicenseRef-PolyForm-Strict-1.0.0", polyformTitle("Strict", "strict")),
	polyformKey("PolyForm-Noncommercial-1.0.0", polyformTitle("Noncommercial", "noncommercial")),
	polyformKey("PolyForm-Small-Business-1.0.0", polyformTitle("Small Business", "small-business")),
}

func polyformKey(id, lre string) customPattern {
	return customPattern{id: id, role: roleKey, family: "PolyForm-", lre: lre}
}

// polyformTitle matches a PolyForm title line or the license's canonical URL.
func polyformTitle(name, slug string) string {
	return `((
PolyForm ` + name + ` License 1.0.0
||
polyformproject.org licenses ` + slug + ` 1.0.0
))`
}

const lreLLVMException = `
((LLVM Exceptions to the Apache 2.0 License))??
As an exception, if, as a result of your compiling your source code, portions
of this Software are embedded into an Object form of such source code, you
may redistribute such embedded portions in such Object form without complying
with the conditions of Sections 4(a), 4(b) and 4(d) of the License.
In addition, if you combine or link compiled forms of this Software with
software that is licensed under the GPLv2 __4__ and if a
court of competent jurisdiction determines that the patent provision __4__
the indemnity provision __4__ or other Section of the License
conflicts with the conditions of the GPLv2, you may retroactively and
prospectively choose to deem waived or otherwise exclude such __2__ of
the License, but only in their entirety and only with respect to the Combined
Software.
`

const lreLinuxSyscallNote = `
NOTE! This copyright does not cover user programs that use kernel
services by normal system calls - this is merely considered normal use
of the kernel, and does not fall under the heading of "derived work".
`

const lreLGPL3LinkingException = `
As a special exception to the GNU Lesser General Public License version 3
__3__ the copyright holders of this Library give you permission to
convey to a third party a Combined Work that links statically or dynamically
to this Library without providing any Minimal Corresponding Source or Minimal
Application Code as set out in 4d or providing the installation information set
out in section 4e, provided that you comply with the other provisions of __3__
and provided that you meet, for the Application the terms and conditions of the
license __2__ which apply to the Application.
`

const lreGPL3LinkingException = `
((Additional permission under GNU GPL version 3 section 7))??
If you modify this Program, or any covered work, by linking or combining it
with __12__ containing parts covered by the terms of __12__ the licensors of
this Program grant you additional permission to convey the resulting work.
`

const lreUniversalFOSS = `
The Universal FOSS Exception, Version 1.0
In addition to the rights set forth in the other license(s) included in the
distribution for this software, data, and/or documentation (collectively the
"Software", and such licenses collectively with this additional permission the
"Software License"), the copyright holders wish to facilitate interoperability
with other software, data, and/or documentation distributed with complete
corresponding source under a license that is OSI-approved and/or categorized by
the FSF as free
`

const lreElastic1 = `
((ELASTIC LICENSE AGREEMENT))??
PLEASE READ CAREFULLY THIS ELASTIC LICENSE AGREEMENT __3__ WHICH
CONSTITUTES A LEGALLY BINDING AGREEMENT AND GOVERNS ALL OF YOUR USE OF ALL OF
THE ELASTIC SOFTWARE WITH WHICH THIS AGREEMENT IS INCLUDED __3__ THAT
IS PROVIDED IN OBJECT CODE FORMAT, AND, IN ACCORDANCE WITH SECTION 2 BELOW,
CERTAIN OF THE ELASTIC SOFTWARE THAT IS PROVIDED IN SOURCE CODE FORMAT.
`

const lreConfluent = `
This Confluent Community License Agreement Version 1.0 __3__ sets forth the
terms on which Confluent, Inc. __3__ makes available certain software made
available by Confluent under this Agreement
`

const titleConfluent = `
Confluent Community License
((Agreement))??
Version 1.0
`

const titleRSAL = `
Redis Source Available License
((Agreement))??
((Version))??
2.0
`

const titleCockroach = `
CockroachDB Community License Agreement
`

const titleTimescale = `
TIMESCALE LICENSE AGREEMENT
`

const titleFairSource = `
Fair Source License, version 0.9
`

const titleCommonsClause = `
Commons Clause License Condition v1.0
`

const lrePolyFormShield = `
Any purpose is a permitted purpose, except for providing any
product that competes with the software or any product the
licensor or any of its affiliates provides using the software.
`

const lrePolyFormPerimeter = `
Any purpose is a permitted purpose, except for providing
((to others))??
any product that competes with the software.
((If you use this software to market a product as a substitute for the functionality or value of the software, it competes with the software.))??
`

const lrePolyFormInternalUse = `
Use of the software for the internal business operations of
you and your company is use for a permitted purpose.
`

const lrePolyFormFreeTrial = `
Use to evaluate whether the software suits a particular
application for less than 32 consecutive calendar days, on
behalf of you or your company, is use for a permitted purpose.
`

const lrePolyFormStrict = `
The licensor grants you a copyright license for the software
to do everything you might do with the software that would
otherwise infringe the licensor's copyright in it for any
permitted purpose, other than distributing the software or
making changes or new works based on the software.
`
