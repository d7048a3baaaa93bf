// Package scorecard reads published OpenSSF Scorecard results and evaluates
// them against per-check thresholds.
//
// [Client] fetches GET {base}/projects/{host}/{owner}/{repo} from the
// Scorecard REST API (https://api.scorecard.dev by default) through the
// shared [fetch.Client], so lookups are bounded, retried, deduplicated and
// cached. [Decode] accepts the shapes real answers take: details null, date
// as a date or RFC 3339, check score -1 (inconclusive), checks missing,
// metadata as a string or an array, unknown extra fields.
//
// Check names and risk levels come from the scorecard v5 library's embedded
// documentation (github.com/ossf/scorecard/v5/docs/checks); [CanonicalCheck]
// validates a user-supplied name case-insensitively. [Evaluate] is a pure
// function of a [Result] and [Thresholds].
package scorecard
