// Package resolve settles the license of every package in an inventory, in this order of authority:
//
//  1. a policy override (licenses.overrides), for packages whose metadata is known to be wrong;
//  2. the license the package declares (lockfile, manifest or installed metadata), normalised to SPDX;
//  3. the license text in the package's own files, when they are in the tree (node_modules/, vendor/,
//     *.dist-info/) or in the Go module cache, classified by the detect package.
//
// When both 2 and 3 exist and disagree, the declared license stands and the disagreement is recorded.
// Nothing here reaches the network or runs code from the tree.
package resolve

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/ospo-gate/ospo-gate/internal/detect"
	"github.com/ospo-gate/ospo-gate/internal/inventory"
	"github.com/ospo-gate/ospo-gate/internal/licenses"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// Options configure resolution.
type Options struct {
	// Overrides come from the policy.
	Overrides []policy.Override
	// PolicyPath names the policy in override evidence.
	PolicyPath string
	// GoModCache is the Go module cache directory (GOMODCACHE), or "" when there is none.
	GoModCache string
	// Detector returns the license-text detector; it is called only when a package has license files to
	// read. Nil means detect.Default.
	Detector func() *detect.Detector
	// Workers bounds concurrent file classification; 0 means the number of CPUs.
	Workers int
}

// Licenses resolves the license of every package in inv, in place.
func Licenses(ctx context.Context, inv *inventory.Inventory, opts Options) error {
	if opts.Detector == nil {
		opts.Detector = detect.Default
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	fs := &files{root: inv.Root, modCache: opts.GoModCache}
	jobs := make(chan int)
	var wg sync.WaitGroup
	var warnMu sync.Mutex
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				warns := resolveSafely(&inv.Packages[i], fs, opts)
				if len(warns) > 0 {
					warnMu.Lock()
					inv.Warnings = append(inv.Warnings, warns...)
					warnMu.Unlock()
				}
			}
		}()
	}
	var err error
feed:
	for i := range inv.Packages {
		select {
		case jobs <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	return err
}

// resolveSafely resolves one package; a panic (a bug meeting a hostile file) leaves the package's license
// unknown, for the policy to judge, and becomes a warning instead of ending the process.
func resolveSafely(p *inventory.Package, fs *files, opts Options) (warns []inventory.Warning) {
	defer func() {
		if r := recover(); r != nil {
			warns = []inventory.Warning{{Path: p.DirRel, Message: fmt.Sprintf("reading the license of %s %s crashed: %v", p.Name, p.Version, r)}}
		}
	}()
	return resolveOne(p, fs, opts)
}

func resolveOne(p *inventory.Package, fs *files, opts Options) []inventory.Warning {
	for _, o := range opts.Overrides {
		if o.Package.MatchesPURL(p.PURL) {
			p.Licenses = []inventory.License{{
				Expression: o.License, Original: o.License, Source: inventory.SourceOverride,
				Evidence: fmt.Sprintf("%s:%d", opts.PolicyPath, o.Line), Note: o.Reason,
			}}
			return nil
		}
	}
	var decl licenses.Normalized
	if len(p.Declared) > 0 {
		decl = licenses.NormalizeAll(p.Declared)
	}
	declared := inventory.License{
		Expression: decl.Expression, Original: decl.Original, Source: inventory.SourceDeclared,
		Evidence: p.PrimaryLocation().Path, Note: decl.Note,
	}
	if p.DeclaredIn != "" {
		declared.Evidence = p.DeclaredIn
	}
	if decl.Status == licenses.Invalid {
		declared.Expression = ""
		declared.Invalid = true
	}
	dir, dirRel, dirNote := fs.packageDir(p)
	var detected *inventory.License
	var warns []inventory.Warning
	if dir != "" {
		p.Dir, p.DirRel = dir, dirRel
		detected, warns = fs.detect(p, decl.FileRef, opts.Detector)
		if detected != nil && dirNote != "" {
			detected.Note = strings.TrimPrefix(detected.Note+"; "+dirNote, "; ")
		}
	}
	switch {
	case declared.Expression != "":
		p.Licenses = []inventory.License{declared}
		if detected != nil && detected.Expression != "" && !sameLicenses(declared.Expression, detected.Expression) {
			p.Mismatch = &inventory.Mismatch{Declared: declared.Expression, Detected: detected.Expression, File: detected.Evidence}
		}
	case detected != nil && detected.Expression != "":
		if declared.Original != "" {
			detected.Note = strings.TrimSpace(fmt.Sprintf("declared %q names no usable license; %s", declared.Original, detected.Note))
		}
		p.Licenses = []inventory.License{*detected}
	default:
		if declared.Original == "" {
			declared.Source = inventory.SourceNone
			declared.Evidence = ""
		}
		p.Licenses = []inventory.License{declared}
	}
	return warns
}

// sameLicenses compares two expressions by the license families they name, ignoring "-only"/"-or-later" and
// operators: a declared "MIT OR Apache-2.0" matches LICENSE-MIT plus LICENSE-APACHE files, and a declared
// "GPL-3.0-or-later" matches a GPL-3.0 text whose notice was not found.
func sameLicenses(a, b string) bool {
	fa, fb := families(a), families(b)
	if len(fa) != len(fb) {
		return false
	}
	for k := range fa {
		if !fb[k] {
			return false
		}
	}
	return true
}

func families(expr string) map[string]bool {
	out := map[string]bool{}
	n, err := spdx.Parse(expr)
	if err != nil {
		out[strings.ToLower(expr)] = true
		return out
	}
	for _, id := range n.Licenses() {
		id = strings.ToLower(id)
		id = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(id, "-only"), "-or-later"), "+")
		out[id] = true
	}
	return out
}
