package licenses

import (
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

type normCase struct {
	in       string
	expr     string // expected Expression ("" unless Valid)
	status   Status
	note     string // substring expected in Note ("" = Note must be empty)
	fileRef  string
	anyNotes bool // Note may be anything
}

var normalizeCases = []normCase{
	// Already valid SPDX.
	{in: "MIT", expr: "MIT", status: Valid},
	{in: "(MIT OR Apache-2.0)", expr: "MIT OR Apache-2.0", status: Valid},
	{in: "mit or apache-2.0", expr: "MIT OR Apache-2.0", status: Valid},
	{in: "MIT or Apache-2.0", expr: "MIT OR Apache-2.0", status: Valid},
	{in: "(BSD-3-Clause AND Apache-2.0)", expr: "BSD-3-Clause AND Apache-2.0", status: Valid},
	{in: "EPL-1.0", expr: "EPL-1.0", status: Valid},
	{in: "Unlicense", expr: "Unlicense", status: Valid},
	{in: "WTFPL", expr: "WTFPL", status: Valid},
	{in: " 'MIT' ", expr: "MIT", status: Valid},
	{in: "GPL-2.0", expr: "GPL-2.0-only", status: Valid, note: `deprecated SPDX id "GPL-2.0" read as "GPL-2.0-only"`},
	{in: "LGPL-2.1+", expr: "LGPL-2.1-or-later", status: Valid, note: `deprecated SPDX id "LGPL-2.1+"`},
	{in: "LicenseRef-acme-eula", expr: "LicenseRef-acme-eula", status: Valid},

	// Names.
	{in: "Apache 2.0", expr: "Apache-2.0", status: Valid},
	{in: "Apache-2", expr: "Apache-2.0", status: Valid},
	{in: "Apache License 2.0", expr: "Apache-2.0", status: Valid},
	{in: "Apache License, Version 2.0", expr: "Apache-2.0", status: Valid},
	{in: "The Apache Software License, Version 2.0", expr: "Apache-2.0", status: Valid},
	{in: "ASL 2.0", expr: "Apache-2.0", status: Valid},
	{in: "Apache2", expr: "Apache-2.0", status: Valid},
	{in: "MIT License", expr: "MIT", status: Valid},
	{in: "The MIT License (MIT)", expr: "MIT", status: Valid},
	{in: "MIT License (http://opensource.org/licenses/MIT)", expr: "MIT", status: Valid},
	{in: "Expat", expr: "MIT", status: Valid},
	{in: "MIT/X11", expr: "MIT", status: Valid, note: "also known as the X11 license"},
	{in: "MIT-style", expr: RefMITStyle, status: Valid, note: "MIT-style license"},
	{in: "New BSD", expr: "BSD-3-Clause", status: Valid},
	{in: "New BSD License", expr: "BSD-3-Clause", status: Valid},
	{in: "Modified BSD License", expr: "BSD-3-Clause", status: Valid},
	{in: "Simplified BSD", expr: "BSD-2-Clause", status: Valid},
	{in: "BSD-3", expr: "BSD-3-Clause", status: Valid},
	{in: "BSD 2-Clause", expr: "BSD-2-Clause", status: Valid},
	{in: "3-Clause BSD License", expr: "BSD-3-Clause", status: Valid},
	{in: "BSD 3-Clause License (Revised)", expr: "BSD-3-Clause", status: Valid},
	{in: "Zero-Clause BSD", expr: "0BSD", status: Valid},
	{in: "ISC License", expr: "ISC", status: Valid},
	{in: "ISC License (ISCL)", expr: "ISC", status: Valid},
	{in: "GPLv2", expr: "GPL-2.0-only", status: Valid, note: `"GPLv2" does not say "only" or "or later"`},
	{in: "GPLv3+", expr: "GPL-3.0-or-later", status: Valid},
	{in: "GPL-3.0+", expr: "GPL-3.0-or-later", status: Valid, note: "deprecated SPDX id"},
	{in: "GPL v2 only", expr: "GPL-2.0-only", status: Valid},
	{in: "GNU GPL v3", expr: "GPL-3.0-only", status: Valid, note: "read as GPL-3.0-only"},
	{in: "GNU GPL v3 or later", expr: "GPL-3.0-or-later", status: Valid},
	{in: "GNU General Public License v2 or later (GPLv2+)", expr: "GPL-2.0-or-later", status: Valid},
	{in: "GNU Lesser General Public License v3.0", expr: "LGPL-3.0-only", status: Valid, anyNotes: true},
	{in: "LGPLv2+", expr: "LGPL-2.0-or-later", status: Valid},
	{in: "GNU Affero General Public License v3", expr: "AGPL-3.0-only", status: Valid, anyNotes: true},
	{in: "AGPLv3+", expr: "AGPL-3.0-or-later", status: Valid},
	{in: "MPL 2.0", expr: "MPL-2.0", status: Valid},
	{in: "Mozilla Public License 2.0 (MPL 2.0)", expr: "MPL-2.0", status: Valid},
	{in: "Eclipse Public License 2.0", expr: "EPL-2.0", status: Valid},
	{in: "CDDL 1.1", expr: "CDDL-1.1", status: Valid},
	{in: "Boost Software License 1.0", expr: "BSL-1.0", status: Valid},
	{in: "Artistic License 2.0", expr: "Artistic-2.0", status: Valid},
	{in: "CC0", expr: "CC0-1.0", status: Valid},
	{in: "CC0 1.0 Universal", expr: "CC0-1.0", status: Valid},
	{in: "CC BY 4.0", expr: "CC-BY-4.0", status: Valid},
	{in: "Creative Commons Attribution-ShareAlike 4.0", expr: "CC-BY-SA-4.0", status: Valid},
	{in: "EUPL 1.2", expr: "EUPL-1.2", status: Valid},
	{in: "Public Domain", expr: RefPublicDomain, status: Valid},
	{in: "PolyForm Shield 1.0.0", expr: "LicenseRef-PolyForm-Shield-1.0.0", status: Valid},
	{in: "Commons Clause", expr: RefCommonsClause, status: Valid},

	// Ambiguous families: documented LicenseRefs, never a guessed id.
	{in: "BSD", expr: RefBSD, status: Valid, note: `"BSD" does not say which BSD license`},
	{in: "BSD License", expr: RefBSD, status: Valid, note: "does not say which BSD license"},
	{in: "BSD-like", expr: RefBSD, status: Valid, note: "BSD-style license"},
	{in: "GPL", expr: RefGPL, status: Valid, note: `"GPL" does not say which GPL version`},
	{in: "GNU GPL", expr: RefGPL, status: Valid, note: "does not say which GPL version"},
	{in: "LGPL", expr: RefLGPL, status: Valid, note: "LGPL"},
	{in: "LGPLv2", expr: RefLGPL, status: Valid, note: "version 2 could be any of LGPL 2.0, 2.1"},
	{in: "AGPL", expr: RefAGPL, status: Valid, note: "AGPL"},
	{in: "Apache", expr: RefApache, status: Valid, note: "Apache"},
	{in: "MPL", expr: RefMPL, status: Valid, note: "MPL"},
	{in: "MPL 1", expr: RefMPL, status: Valid, note: "version 1 could be any of MPL 1.0, 1.1"},
	{in: "Artistic License", expr: RefArtistic, status: Valid, note: "Artistic"},
	{in: "Eiffel Forum License", status: Unknown, note: "does not say which EFL version"},

	// Lists.
	{in: "MIT/Apache-2.0", expr: "MIT OR Apache-2.0", status: Valid, note: `"/" read as OR`},
	{in: "Apache-2.0 / MIT", expr: "Apache-2.0 OR MIT", status: Valid, note: `"/" read as OR`},
	{in: "MIT or Apache 2.0", expr: "MIT OR Apache-2.0", status: Valid},
	{in: "Apache 2.0 AND MIT", expr: "Apache-2.0 AND MIT", status: Valid},
	{in: "Dual MIT/GPL", expr: "MIT OR " + RefGPL, status: Valid, note: "does not say which GPL version"},
	{in: "Dual licensed under MIT or Apache License 2.0", expr: "MIT OR Apache-2.0", status: Valid},
	{in: "BSD, Public Domain", expr: RefBSD + " AND " + RefPublicDomain, status: Valid, note: "comma-separated licenses read as AND"},
	{in: "MIT; ISC", expr: "MIT AND ISC", status: Valid, note: "read as AND"},
	{in: "(MIT or Apache 2.0) and ISC", expr: "(MIT OR Apache-2.0) AND ISC", status: Valid, anyNotes: true},
	{in: "Apache-2.0 WITH Commons-Clause", expr: "Apache-2.0 AND " + RefCommonsClause, status: Valid, note: "not an SPDX exception"},
	{in: "Apache License 2.0 with Commons Clause", expr: "Apache-2.0 AND " + RefCommonsClause, status: Valid, anyNotes: true},
	{in: "GPL-2.0 WITH Classpath exception", expr: "GPL-2.0-only WITH Classpath-exception-2.0", status: Valid, anyNotes: true},

	// URLs.
	{in: "https://opensource.org/licenses/MIT", expr: "MIT", status: Valid, note: "read from the license URL"},
	{in: "http://www.opensource.org/licenses/mit-license.php", expr: "MIT", status: Valid, anyNotes: true},
	{in: "https://opensource.org/license/apache-2-0", expr: "Apache-2.0", status: Valid, anyNotes: true},
	{in: "http://www.apache.org/licenses/LICENSE-2.0", expr: "Apache-2.0", status: Valid, anyNotes: true},
	{in: "https://www.apache.org/licenses/LICENSE-2.0.txt", expr: "Apache-2.0", status: Valid, anyNotes: true},
	{in: "https://www.gnu.org/licenses/gpl-3.0.html", expr: "GPL-3.0-only", status: Valid, note: `does not say "only" or "or later"`},
	{in: "https://www.gnu.org/licenses/old-licenses/lgpl-2.1.en.html", expr: "LGPL-2.1-only", status: Valid, anyNotes: true},
	{in: "http://www.gnu.org/copyleft/lesser.html", expr: RefLGPL, status: Valid, anyNotes: true},
	{in: "https://spdx.org/licenses/BSD-3-Clause.html", expr: "BSD-3-Clause", status: Valid, anyNotes: true},
	{in: "https://spdx.org/licenses/MIT.json", expr: "MIT", status: Valid, anyNotes: true},
	{in: "https://choosealicense.com/licenses/mpl-2.0/", expr: "MPL-2.0", status: Valid, anyNotes: true},
	{in: "https://choosealicense.com/licenses/bsd-3-clause", expr: "BSD-3-Clause", status: Valid, anyNotes: true},
	{in: "https://www.mozilla.org/en-US/MPL/2.0/", expr: "MPL-2.0", status: Valid, anyNotes: true},
	{in: "http://www.eclipse.org/legal/epl-v10.html", expr: "EPL-1.0", status: Valid, anyNotes: true},
	{in: "https://www.eclipse.org/legal/epl-2.0/", expr: "EPL-2.0", status: Valid, anyNotes: true},
	{in: "http://creativecommons.org/licenses/by-sa/4.0/", expr: "CC-BY-SA-4.0", status: Valid, anyNotes: true},
	{in: "https://creativecommons.org/licenses/by-nc/4.0/legalcode", expr: "CC-BY-NC-4.0", status: Valid, anyNotes: true},
	{in: "https://creativecommons.org/publicdomain/zero/1.0/", expr: "CC0-1.0", status: Valid, anyNotes: true},
	{in: "https://unlicense.org", expr: "Unlicense", status: Valid, anyNotes: true},
	{in: "https://github.com/rust-lang/rust/blob/master/LICENSE-MIT", expr: "MIT", status: Valid, note: "file name in the URL"},
	{in: "https://github.com/rust-lang/rust/blob/master/LICENSE-APACHE", expr: "Apache-2.0", status: Valid, note: "by convention"},
	{in: "https://raw.githubusercontent.com/github/choosealicense.com/gh-pages/_licenses/isc.txt", expr: "ISC", status: Valid, anyNotes: true},
	{in: "https://github.com/acme/widget/blob/main/LICENSE", status: Unknown, note: "content is not fetched"},
	{in: "https://example.com/eula.html", status: Unknown, note: "does not recognise"},
	{in: "https://polyformproject.org/licenses/noncommercial/1.0.0", expr: "PolyForm-Noncommercial-1.0.0", status: Valid, anyNotes: true},

	// Nothing usable.
	{in: "", status: Unknown, note: "no license declared"},
	{in: "   ", status: Unknown, note: "no license declared"},
	{in: "NOASSERTION", status: Unknown, note: "names no license"},
	{in: "NONE", status: Unknown, note: "names no license"},
	{in: "UNKNOWN", status: Unknown, note: "names no license"},
	{in: "UNLICENSED", status: Unknown, note: "grants no license"},
	{in: "Proprietary", status: Unknown, note: "proprietary"},
	{in: "SEE LICENSE IN LICENSE.md", status: Unknown, note: `"LICENSE.md"`, fileRef: "LICENSE.md"},
	{in: "see license in 'docs/EULA.txt'", status: Unknown, anyNotes: true, fileRef: "docs/EULA.txt"},
	{in: "See LICENSE file", status: Unknown, anyNotes: true, fileRef: "LICENSE"},
	{in: "sha256:4a5b3c2d1e0f99887766554433221100aabbccddeeff", status: Unknown, note: "content hash"},
	{in: "Custom: https://example.com/terms", status: Unknown, note: "custom license: https://example.com/terms"},
	{in: "Standard 'no charge' license: https://gsap.com/standard-license. Club GSAP members get more", status: Unknown, note: "custom license text"},
	{in: "Some Company Internal License", status: Unknown, note: "custom license text"},
	{in: strings.Repeat("Permission is hereby granted ", 200), status: Unknown, note: "license text, not an identifier"},

	// JSON-ish values.
	{in: `{"type":"MIT","url":"https://opensource.org/licenses/MIT"}`, expr: "MIT", status: Valid, note: `read the "type" field`},
	{in: `{'type': 'Apache 2.0'}`, expr: "Apache-2.0", status: Valid, anyNotes: true},
	{in: `["MIT", "Apache-2.0"]`, expr: "MIT AND Apache-2.0", status: Valid, note: "read as AND"},
	{in: `[{"type":"MIT"},{"type":"BSD-3-Clause"}]`, expr: "MIT AND BSD-3-Clause", status: Valid, anyNotes: true},
	{in: `{"url":"x"}`, status: Unknown, note: "JSON object without a license type"},

	// Invalid: shaped like SPDX, but not.
	{in: "INVALID", status: Invalid, note: `col 1: unknown license id "INVALID"`},
	{in: "MIT OR Foo", status: Invalid, note: `col 8: unknown license id "Foo"`},
	{in: "MIT AND", status: Invalid, note: "expected a license at end of expression"},
	{in: "GPL-2.0-only+", status: Invalid, note: "contradicts"},
	{in: "(MIT", status: Invalid, note: `missing ")"`},
}

// pypiClassifiers maps every "License ::" trove classifier with a clear
// SPDX equivalent (and the ambiguous ones) to the expected result.
var pypiClassifiers = []normCase{
	{in: "License :: Aladdin Free Public License (AFPL)", expr: "Aladdin", status: Valid},
	{in: "License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", expr: "CC0-1.0", status: Valid},
	{in: "License :: CeCILL-B Free Software License Agreement (CECILL-B)", expr: "CECILL-B", status: Valid},
	{in: "License :: CeCILL-C Free Software License Agreement (CECILL-C)", expr: "CECILL-C", status: Valid},
	{in: "License :: Eiffel Forum License (EFL)", status: Unknown, anyNotes: true},
	{in: "License :: Free For Educational Use", expr: RefNonCommercial, status: Valid},
	{in: "License :: Free For Home Use", expr: RefNonCommercial, status: Valid},
	{in: "License :: Free for non-commercial use", expr: RefNonCommercial, status: Valid},
	{in: "License :: Freely Distributable", status: Unknown, anyNotes: true},
	{in: "License :: Freeware", status: Unknown, anyNotes: true},
	{in: "License :: DFSG approved", status: Unknown, anyNotes: true},
	{in: "License :: Netscape Public License (NPL)", status: Unknown, anyNotes: true},
	{in: "License :: Nokia Open Source License (NOKOS)", expr: "Nokia", status: Valid},
	{in: "License :: OSI Approved", status: Unknown, anyNotes: true},
	{in: "License :: OSI Approved :: Academic Free License (AFL)", expr: RefAFL, status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: Apache Software License", expr: RefApache, status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: Apple Public Source License", status: Unknown, anyNotes: true},
	{in: "License :: OSI Approved :: Artistic License", expr: RefArtistic, status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: Attribution Assurance License", expr: "AAL", status: Valid},
	{in: "License :: OSI Approved :: BSD License", expr: RefBSD, status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: Blue Oak Model License (BlueOak-1.0.0)", expr: "BlueOak-1.0.0", status: Valid},
	{in: "License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)", expr: "BSL-1.0", status: Valid},
	{in: "License :: OSI Approved :: CEA CNRS Inria Logiciel Libre License, version 2.1 (CeCILL-2.1)", expr: "CECILL-2.1", status: Valid},
	{in: "License :: OSI Approved :: CMU License (MIT-CMU)", expr: "MIT-CMU", status: Valid},
	{in: "License :: OSI Approved :: Common Development and Distribution License 1.0 (CDDL-1.0)", expr: "CDDL-1.0", status: Valid},
	{in: "License :: OSI Approved :: Common Public License", expr: "CPL-1.0", status: Valid},
	{in: "License :: OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)", expr: "EPL-1.0", status: Valid},
	{in: "License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)", expr: "EPL-2.0", status: Valid},
	{in: "License :: OSI Approved :: Educational Community License, Version 2.0 (ECL-2.0)", expr: "ECL-2.0", status: Valid},
	{in: "License :: OSI Approved :: Eiffel Forum License", status: Unknown, anyNotes: true},
	{in: "License :: OSI Approved :: European Union Public Licence 1.0 (EUPL 1.0)", expr: "EUPL-1.0", status: Valid},
	{in: "License :: OSI Approved :: European Union Public Licence 1.1 (EUPL 1.1)", expr: "EUPL-1.1", status: Valid},
	{in: "License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)", expr: "EUPL-1.2", status: Valid},
	{in: "License :: OSI Approved :: GNU Affero General Public License v3", expr: "AGPL-3.0-only", status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)", expr: "AGPL-3.0-or-later", status: Valid},
	{in: "License :: OSI Approved :: GNU Free Documentation License (FDL)", expr: RefGFDL, status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: GNU General Public License (GPL)", expr: RefGPL, status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: GNU General Public License v2 (GPLv2)", expr: "GPL-2.0-only", status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)", expr: "GPL-2.0-or-later", status: Valid},
	{in: "License :: OSI Approved :: GNU General Public License v3 (GPLv3)", expr: "GPL-3.0-only", status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)", expr: "GPL-3.0-or-later", status: Valid},
	{in: "License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)", expr: RefLGPL, status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)", expr: "LGPL-2.0-or-later", status: Valid},
	{in: "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)", expr: "LGPL-3.0-only", status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)", expr: "LGPL-3.0-or-later", status: Valid},
	{in: "License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)", expr: RefLGPL, status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: Historical Permission Notice and Disclaimer (HPND)", expr: "HPND", status: Valid},
	{in: "License :: OSI Approved :: IBM Public License", expr: "IPL-1.0", status: Valid},
	{in: "License :: OSI Approved :: ISC License (ISCL)", expr: "ISC", status: Valid},
	{in: "License :: OSI Approved :: Intel Open Source License", expr: "Intel", status: Valid},
	{in: "License :: OSI Approved :: Jabber Open Source License", status: Unknown, anyNotes: true},
	{in: "License :: OSI Approved :: MIT License", expr: "MIT", status: Valid},
	{in: "License :: OSI Approved :: MIT No Attribution License (MIT-0)", expr: "MIT-0", status: Valid},
	{in: "License :: OSI Approved :: MirOS License (MirOS)", expr: "MirOS", status: Valid},
	{in: "License :: OSI Approved :: Motosoto License", expr: "Motosoto", status: Valid},
	{in: "License :: OSI Approved :: Mozilla Public License 1.0 (MPL)", expr: "MPL-1.0", status: Valid},
	{in: "License :: OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)", expr: "MPL-1.1", status: Valid},
	{in: "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", expr: "MPL-2.0", status: Valid},
	{in: "License :: OSI Approved :: Mulan Permissive Software License v2 (MulanPSL-2.0)", expr: "MulanPSL-2.0", status: Valid},
	{in: "License :: OSI Approved :: Nethack General Public License", expr: "NGPL", status: Valid},
	{in: "License :: OSI Approved :: Nokia Open Source License", expr: "Nokia", status: Valid},
	{in: "License :: OSI Approved :: Open Group Test Suite License", expr: "OGTSL", status: Valid},
	{in: "License :: OSI Approved :: Open Software License 3.0 (OSL-3.0)", expr: "OSL-3.0", status: Valid},
	{in: "License :: OSI Approved :: PostgreSQL License", expr: "PostgreSQL", status: Valid},
	{in: "License :: OSI Approved :: Python License (CNRI Python License)", expr: "CNRI-Python", status: Valid},
	{in: "License :: OSI Approved :: Python Software Foundation License", expr: "PSF-2.0", status: Valid},
	{in: "License :: OSI Approved :: Qt Public License (QPL)", expr: "QPL-1.0", status: Valid},
	{in: "License :: OSI Approved :: Ricoh Source Code Public License", expr: "RSCPL", status: Valid},
	{in: "License :: OSI Approved :: SIL Open Font License 1.1 (OFL-1.1)", expr: "OFL-1.1", status: Valid},
	{in: "License :: OSI Approved :: Sleepycat License", expr: "Sleepycat", status: Valid},
	{in: "License :: OSI Approved :: Sun Industry Standards Source License (SISSL)", expr: "SISSL", status: Valid},
	{in: "License :: OSI Approved :: Sun Public License", expr: "SPL-1.0", status: Valid},
	{in: "License :: OSI Approved :: The Unlicense (Unlicense)", expr: "Unlicense", status: Valid},
	{in: "License :: OSI Approved :: Universal Permissive License (UPL)", expr: "UPL-1.0", status: Valid},
	{in: "License :: OSI Approved :: University of Illinois/NCSA Open Source License", expr: "NCSA", status: Valid},
	{in: "License :: OSI Approved :: Vovida Software License 1.0", expr: "VSL-1.0", status: Valid},
	{in: "License :: OSI Approved :: W3C License", expr: "W3C", status: Valid},
	{in: "License :: OSI Approved :: X.Net License", expr: "Xnet", status: Valid},
	{in: "License :: OSI Approved :: Zero-Clause BSD (0BSD)", expr: "0BSD", status: Valid},
	{in: "License :: OSI Approved :: Zope Public License", expr: RefZPL, status: Valid, anyNotes: true},
	{in: "License :: OSI Approved :: zlib/libpng License", expr: "Zlib", status: Valid},
	{in: "License :: Other/Proprietary License", status: Unknown, note: "proprietary"},
	{in: "License :: Public Domain", expr: RefPublicDomain, status: Valid},
	{in: "License :: Repoze Public License", status: Unknown, anyNotes: true},
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	for _, tt := range append(append([]normCase(nil), normalizeCases...), pypiClassifiers...) {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got := Normalize(tt.in)
			if got.Status != tt.status || got.Expression != tt.expr || got.FileRef != tt.fileRef {
				t.Fatalf("Normalize(%q) = %s %q file %q (note %q), want %s %q file %q",
					tt.in, got.Status, got.Expression, got.FileRef, got.Note, tt.status, tt.expr, tt.fileRef)
			}
			if got.Original != tt.in {
				t.Errorf("Original = %q, want %q", got.Original, tt.in)
			}
			checkNote(t, got.Note, tt)
			checkInvariants(t, got)
		})
	}
}

func checkNote(t *testing.T, note string, tt normCase) {
	t.Helper()
	switch {
	case tt.anyNotes:
	case tt.note == "" && note != "":
		t.Errorf("Note = %q, want none", note)
	case !strings.Contains(note, tt.note):
		t.Errorf("Note = %q, want it to contain %q", note, tt.note)
	}
}

// checkInvariants holds for every result: a Valid expression is canonical,
// parses to Tree and normalises to itself; other statuses carry no
// expression and always explain themselves.
func checkInvariants(t *testing.T, got Normalized) {
	t.Helper()
	if got.Status != Valid {
		if got.Expression != "" || got.Tree != nil || got.Note == "" {
			t.Fatalf("%s result for %q: expression %q, tree %v, note %q", got.Status, got.Original, got.Expression, got.Tree, got.Note)
		}
		return
	}
	n, err := spdx.Parse(got.Expression)
	if err != nil || n.String() != got.Expression || !n.Equal(got.Tree) {
		t.Fatalf("Valid expression %q of %q is not canonical: %v", got.Expression, got.Original, err)
	}
	if again := Normalize(got.Expression); again.Status != Valid || again.Expression != got.Expression {
		t.Fatalf("Normalize(%q) = %s %q, want it unchanged", got.Expression, again.Status, again.Expression)
	}
	for _, id := range n.Licenses() {
		if !n.IsReference() && !strings.HasPrefix(id, "LicenseRef-") && !strings.HasPrefix(id, "DocumentRef-") && !spdx.IsKnownID(id) {
			t.Fatalf("expression %q of %q has unknown id %q", got.Expression, got.Original, id)
		}
	}
}

func TestNormalizeAll(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		in       []string
		expr     string
		status   Status
		note     string
		fileRef  string
		original string
	}{
		{"empty list", nil, "", Unknown, "no license declared", "", "[]"},
		{"single value is Normalize", []string{"Apache 2.0"}, "Apache-2.0", Valid, "", "", "Apache 2.0"},
		{"npm licenses array read as AND", []string{"MIT", "Apache-2.0"}, "MIT AND Apache-2.0", Valid,
			"several declared licenses read as AND", "", `["MIT", "Apache-2.0"]`},
		{"duplicates kept once", []string{"MIT", "MIT License", "License :: OSI Approved :: MIT License"}, "MIT", Valid, "", "", ""},
		{"OR expressions grouped", []string{"MIT OR Apache-2.0", "BSD-3-Clause"}, "(MIT OR Apache-2.0) AND BSD-3-Clause", Valid, "read as AND", "", ""},
		{"unknown values dropped", []string{"UNKNOWN", "MIT"}, "MIT", Valid, `ignored values naming no license: "UNKNOWN"`, "", ""},
		{"all unknown", []string{"NOASSERTION", "SEE LICENSE IN COPYING"}, "", Unknown, "COPYING", "COPYING", ""},
		{"one invalid poisons", []string{"MIT", "Foo-1.0"}, "", Invalid, `"Foo-1.0"`, "", ""},
		{"JSON objects", []string{`{"type":"MIT"}`, `{"type":"ISC"}`}, "MIT AND ISC", Valid, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := NormalizeAll(tt.in)
			if got.Status != tt.status || got.Expression != tt.expr || got.FileRef != tt.fileRef {
				t.Fatalf("NormalizeAll(%q) = %s %q file %q (note %q), want %s %q file %q",
					tt.in, got.Status, got.Expression, got.FileRef, got.Note, tt.status, tt.expr, tt.fileRef)
			}
			if !strings.Contains(got.Note, tt.note) {
				t.Errorf("Note = %q, want it to contain %q", got.Note, tt.note)
			}
			if tt.original != "" && got.Original != tt.original {
				t.Errorf("Original = %q, want %q", got.Original, tt.original)
			}
			checkInvariants(t, got)
		})
	}
}

func TestStatusText(t *testing.T) {
	t.Parallel()
	for _, s := range []Status{Unknown, Valid, Invalid} {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Status
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("round trip of %v gave %v, %v", s, back, err)
		}
	}
	var s Status
	if err := s.UnmarshalText([]byte("bogus")); err == nil {
		t.Error("UnmarshalText(bogus) succeeded")
	}
	if got := Status(7).String(); got != "Status(7)" {
		t.Errorf("Status(7).String() = %q", got)
	}
}
