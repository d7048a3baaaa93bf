package licenses

// LicenseRef ids that Normalize emits for values naming a license family
// without saying which member. Each has a category in the embedded data set
// (see gen/curated.yaml), so policies written in categories place them
// correctly, while a policy that allows one specific id (say
// "BSD-3-Clause") does not silently accept an unspecified "BSD".
const (
	RefBSD           = "LicenseRef-ospo-gate-BSD-unspecified"      // permissive
	RefMITStyle      = "LicenseRef-ospo-gate-MIT-style"            // permissive
	RefApache        = "LicenseRef-ospo-gate-Apache-unspecified"   // permissive
	RefArtistic      = "LicenseRef-ospo-gate-Artistic-unspecified" // permissive
	RefAFL           = "LicenseRef-ospo-gate-AFL-unspecified"      // permissive
	RefZPL           = "LicenseRef-ospo-gate-ZPL-unspecified"      // permissive
	RefPublicDomain  = "LicenseRef-ospo-gate-public-domain"        // public-domain
	RefLGPL          = "LicenseRef-ospo-gate-LGPL-unspecified"     // weak-copyleft
	RefMPL           = "LicenseRef-ospo-gate-MPL-unspecified"      // weak-copyleft
	RefEPL           = "LicenseRef-ospo-gate-EPL-unspecified"      // weak-copyleft
	RefCDDL          = "LicenseRef-ospo-gate-CDDL-unspecified"     // weak-copyleft
	RefGFDL          = "LicenseRef-ospo-gate-GFDL-unspecified"     // weak-copyleft
	RefGPL           = "LicenseRef-ospo-gate-GPL-unspecified"      // strong-copyleft
	RefAGPL          = "LicenseRef-ospo-gate-AGPL-unspecified"     // network-copyleft
	RefNonCommercial = "LicenseRef-ospo-gate-non-commercial"       // non-commercial
	RefCommonsClause = "LicenseRef-Commons-Clause"                 // source-available
)
