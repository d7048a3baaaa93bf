// Package spdx parses SPDX license expressions (SPDX specification, annex D)
// into a small tree that policy code can walk.
//
// The parser accepts license ids from the SPDX license list shipped with
// github.com/github/go-spdx (active and deprecated ids, matched
// case-insensitively), "LicenseRef-…" and "DocumentRef-…:LicenseRef-…"
// references, the "+" suffix, "WITH <exception>", "AND", "OR" and
// parentheses. Operators are accepted in any case on input; output is always
// canonical: ids in the list's case, operators upper-case, and only the
// parentheses the precedence rules require (WITH binds tightest, then AND,
// then OR).
//
// Deprecated ids are rewritten to their current equivalents (for example
// "GPL-2.0" becomes "GPL-2.0-only" and "GPL-2.0+" becomes "GPL-2.0-or-later")
// and the original spelling is kept in [Node.Rewritten].
//
// Input is untrusted: expressions longer than [MaxLength] bytes or nested
// deeper than [MaxDepth] parentheses are rejected with an [*Error] that
// carries the 1-based column of the problem.
package spdx
