// Package shipcheck reads the files that ship ospo-gate as a GitHub Action (action.yml, the Dockerfile and the
// workflows under .github/) so that tests can hold them to their formats and to the code: the action metadata
// against GitHub's schema and the inputs and outputs the action code uses, the Dockerfile against the release
// build's requirements (parsed with BuildKit's own parser), and the workflows with actionlint and GitHub's
// workflow schema.
//
// The parsers take untrusted bytes and return errors with line numbers; they never panic. The checks
// themselves live in this package's tests.
package shipcheck
