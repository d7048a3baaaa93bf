// Package repo resolves a package to its source repository
// ("host/owner/repo"), recording how the repository was found.
//
// Three methods are tried in order:
//
//  1. [MethodPURL]: the package URL itself names the repository: Go modules
//     hosted on github.com, gitlab.com or bitbucket.org (major-version
//     suffixes and nested modules map to the repository), golang.org/x/*,
//     gopkg.in and a table of well-known vanity import paths; GitHub Actions
//     (pkg:github/owner/repo@ref#path); a purl vcs_url qualifier.
//  2. [MethodMetadata]: repository, source or homepage URLs the package's
//     metadata carries, normalised from the forms registries use
//     (git+https://…/x.git#main, git@github.com:o/x.git, github:o/x,
//     https://github.com/o/x/tree/main/sub, www.github.com, any case).
//  3. [MethodDepsDev]: when online, the deps.dev GetVersion answer's
//     SOURCE_REPO project.
//
// Only github.com, gitlab.com and bitbucket.org repositories are recognised:
// those are the hosts whose repositories Scorecard can score or that host
// the source of a package. An unresolvable package is an outcome
// ([Resolution.Resolved] is false), not an error.
package repo
