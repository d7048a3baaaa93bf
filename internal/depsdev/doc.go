// Package depsdev is a client for the deps.dev v3 GetVersion endpoint
// (GET {base}/v3/systems/{system}/packages/{name}/versions/{version}), which
// gives a package version's licenses, links and related projects (its
// source repository among them).
//
// Package URLs are mapped to deps.dev systems and names by [KeyFromPURL]
// (npm, Go, PyPI, Cargo, Maven "group:artifact", NuGet); path parameters are
// percent-encoded as single segments ("/" → %2F, "@" → %40) and that
// encoding is kept in the request URL. Lookups go through the shared
// [fetch.Client], so they are bounded, retried and cached.
package depsdev
