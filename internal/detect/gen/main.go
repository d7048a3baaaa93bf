// Command gen rebuilds the detector's embedded license data from the npm
// package spdx-license-list (CC0-1.0), which ships the text of every license
// on the SPDX License List.
//
// It is run by `go generate ./internal/detect/` and writes, relative to -out:
//
//   - licenses.bin.gz: the reference word streams the matcher indexes
//     (one per distinct normalised text, plus the exception texts that the list
//     carries inside deprecated "GPL-x-with-y-exception" entries);
//   - zz_generated_data.go: the go:embed declaration and provenance constants
//     (package, version, tarball integrity, SPDX License List version);
//   - testdata/spdx-texts.json.gz: the raw license texts, deduplicated, for the
//     offline coverage test.
//
// By default it fetches the tarball with `npm pack`; -tarball uses a local
// copy instead. The tarball's sha512 must equal -integrity when that is set.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

type options struct {
	pkg       string
	version   string
	tarball   string
	integrity string
	out       string
}

func run(args []string) error {
	var o options
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.StringVar(&o.pkg, "package", "spdx-license-list", "npm package holding the SPDX license texts")
	fs.StringVar(&o.version, "version", "", "exact package version (required)")
	fs.StringVar(&o.tarball, "tarball", "", "use this local .tgz instead of running npm pack")
	fs.StringVar(&o.integrity, "integrity", "", "expected npm integrity of the tarball (sha512-…); checked when set")
	fs.StringVar(&o.out, "out", ".", "directory of the detect package")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.version == "" {
		return fmt.Errorf("-version is required")
	}
	tgz, err := o.fetch()
	if err != nil {
		return err
	}
	src, err := readPackage(tgz, o.pkg, o.version)
	if err != nil {
		return fmt.Errorf("reading %s@%s: %w", o.pkg, o.version, err)
	}
	if o.integrity != "" && src.Integrity != o.integrity {
		return fmt.Errorf("tarball integrity %s does not match expected %s", src.Integrity, o.integrity)
	}
	data, err := build(src)
	if err != nil {
		return err
	}
	return write(o.out, src, data)
}

// fetch returns the package tarball, from -tarball or from `npm pack`.
func (o options) fetch() ([]byte, error) {
	if o.tarball != "" {
		return os.ReadFile(o.tarball)
	}
	dir, err := os.MkdirTemp("", "detect-gen-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	spec := o.pkg + "@" + o.version
	cmd := exec.Command("npm", "pack", spec, "--silent", "--pack-destination", dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("running npm pack %s: %w", spec, err)
	}
	matches, err := filepath.Glob(filepath.Join(dir, "*.tgz"))
	if err != nil || len(matches) != 1 {
		return nil, fmt.Errorf("npm pack %s: expected one tarball in %s, found %d", spec, dir, len(matches))
	}
	return os.ReadFile(matches[0])
}
