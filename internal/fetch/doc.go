// Package fetch is the HTTP lookup machinery shared by every online source of
// ospo-gate (the Scorecard API, deps.dev, package registries).
//
// A [Client] bounds concurrency, applies a per-attempt timeout, retries
// 429/5xx/network failures with exponential backoff and jitter (honouring
// Retry-After), enforces a run-wide deadline, limits response sizes, refuses
// hosts outside its allow list (redirects included) and only sends an
// Authorization header to hosts configured for one.
//
// Every lookup ends in one of three outcomes: [Found] (HTTP 2xx with a body
// the caller's decoder accepted), [NotFound] (HTTP 404/410, an answer that is
// cached like any other) or [Unavailable] (network error, timeout, deadline,
// 429/5xx after retries, malformed body...), the last with a [Reason].
//
// Answers are kept in an optional on-disk [Cache] with a TTL per entry, so a
// second run with the same cache directory makes no requests; in offline mode
// the client only reads that cache. Time and sleeping are injected so retry
// and expiry behaviour can be tested without waiting.
package fetch
