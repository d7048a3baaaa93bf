// Package hostile holds the hostile-repository test suite of issue 8: pull-request trees crafted to forge
// workflow commands, inject markdown, read outside the workspace through symlinks, or exhaust time and memory.
// The tests run the CLI in-process and assert the exit code and properties of what it prints.
package hostile
