// Package registry resolves package licenses from online sources: the
// deps.dev v3 API first, then each ecosystem's own registry as a fallback.
//
// For every package of a batch, a [Resolver] consults the sources of the
// package's ecosystem in order and keeps the first that declares a license
// normalising to valid SPDX (else the first that declares anything):
//
//	npm     deps.dev, then the npm registry       GET {npm}/{name}/{version}
//	Go      deps.dev, then the GOPROXY list       GET {proxy}/{module}/@v/{version}.zip (license files only)
//	PyPI    deps.dev, then the PyPI JSON API      GET {pypi}/pypi/{name}/{version}/json
//	Cargo   deps.dev, then crates.io              GET {crates}/api/v1/crates/{name}/{version}
//	Maven   deps.dev, then Maven Central POMs     GET {maven}/{group/path}/{artifact}/{version}/{artifact}-{version}.pom
//	NuGet   deps.dev only
//
// Each [Result] says what was found (the raw values and their normalised SPDX
// form), which source and URL it came from, and every source tried with its
// outcome, so that "not found" (a definite answer) is kept apart from
// "unavailable" (network, rate limiting, deadline, offline...).
//
// Only package names and versions go over the network, and only to the hosts
// of the configured base URLs ([Config.AllowedHosts]). Go modules matching
// GONOPROXY/GOPRIVATE patterns are sent nowhere. All HTTP goes through the
// shared [fetch.Client] (bounded concurrency, retries, run deadline, host
// allow list); JSON and POM answers are cached by fetch under one namespace
// per source, and the licenses read out of Go module zips are cached as
// small derived entries (never the zips), so a second run with the same
// cache directory makes no requests. A source that keeps failing (network,
// timeouts, 5xx, rate limiting) is skipped for the rest of the run.
//
// Module zips are untrusted input: their size, entry count and the bytes read
// per license file are bounded, and only regular files directly at the
// module root are read. No file is ever written from a zip.
package registry
