// Package sbom builds the software bill of materials of a checked-out directory with syft, used as a library.
//
// It runs a fixed, reviewed list of syft catalogers directly over syft's directory resolver: the ones that read
// manifests, lockfiles and installed package metadata. Nothing here runs a toolchain from the scanned tree or
// reaches the network: Go's packages library, remote license lookups and Maven network resolution are off.
// syft's own license-text scanner is not built (license text is classified once per process by the detect
// package instead), so a scan costs only the parsing it does.
package sbom

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/anchore/syft/syft/artifact"
	"github.com/anchore/syft/syft/file"
	"github.com/anchore/syft/syft/pkg"
	"github.com/anchore/syft/syft/pkg/cataloger/cpp"
	"github.com/anchore/syft/syft/pkg/cataloger/dart"
	"github.com/anchore/syft/syft/pkg/cataloger/dotnet"
	"github.com/anchore/syft/syft/pkg/cataloger/elixir"
	"github.com/anchore/syft/syft/pkg/cataloger/erlang"
	"github.com/anchore/syft/syft/pkg/cataloger/githubactions"
	"github.com/anchore/syft/syft/pkg/cataloger/golang"
	"github.com/anchore/syft/syft/pkg/cataloger/haskell"
	"github.com/anchore/syft/syft/pkg/cataloger/java"
	"github.com/anchore/syft/syft/pkg/cataloger/javascript"
	"github.com/anchore/syft/syft/pkg/cataloger/php"
	"github.com/anchore/syft/syft/pkg/cataloger/python"
	"github.com/anchore/syft/syft/pkg/cataloger/ruby"
	"github.com/anchore/syft/syft/pkg/cataloger/rust"
	"github.com/anchore/syft/syft/pkg/cataloger/swift"
	"github.com/anchore/syft/syft/pkg/cataloger/terraform"
	"github.com/anchore/syft/syft/sbom"
	"github.com/anchore/syft/syft/source"
	"github.com/anchore/syft/syft/source/directorysource"
)

// ToolName is the name recorded in the SBOM descriptor.
const ToolName = "ospo-gate"

// Options configure a scan.
type Options struct {
	// ToolVersion is recorded in the SBOM descriptor.
	ToolVersion string
	// Exclude lists glob patterns (relative to the root, e.g. "./testdata/**") that are not scanned.
	Exclude []string
}

// Result is a scan's output: the syft SBOM (kept for SPDX/CycloneDX encoding) plus what the scan could not do.
type Result struct {
	SBOM *sbom.SBOM
	// ProductionKeys holds the package IDs that a production-only JavaScript catalog also found; JavaScript
	// packages outside it are development dependencies.
	ProductionKeys map[artifact.ID]bool
	// PnpmDev holds, by pnpm lockfile (version 9 and later, which has no dev flags), the "name@version" of the
	// packages only development dependencies bring in.
	PnpmDev map[string]map[string]bool
	// Problems are per-file failures (a malformed lockfile, ...) that did not stop the scan.
	Problems []Problem
	// Catalogers lists the catalogers that ran.
	Catalogers []string
}

// Problem is a file the scan could not read or parse.
type Problem struct {
	Path string // relative to the scanned root, slash-separated; may be empty
	Err  string
}

// cataloger pairs a syft cataloger with a flag saying it is the production-only JavaScript run.
type cataloger struct {
	c        pkg.Cataloger
	prodOnly bool
}

// javaConfig keeps Maven lookups off the network and away from ~/.m2.
func javaConfig() java.ArchiveCatalogerConfig {
	return java.DefaultArchiveCatalogerConfig().
		WithUseNetwork(false).
		WithUseMavenLocalRepository(false).
		WithResolveTransitiveDependencies(false)
}

func catalogers() []cataloger {
	js := javascript.DefaultCatalogerConfig().WithSearchRemoteLicenses(false)
	gocfg := golang.DefaultCatalogerConfig().
		WithUsePackagesLib(false).
		WithSearchRemoteLicenses(false).
		WithSearchLocalModCacheLicenses(false).
		WithSearchLocalVendorLicenses(false)
	javacfg := javaConfig()
	pycfg := python.DefaultCatalogerConfig().WithSearchRemoteLicenses(false)
	list := []pkg.Cataloger{
		javascript.NewLockCataloger(js.WithIncludeDevDependencies(true)),
		javascript.NewPackageCataloger(),
		golang.NewGoModuleFileCataloger(gocfg),
		python.NewPackageCataloger(pycfg),
		python.NewInstalledPackageCataloger(),
		rust.NewCargoLockCataloger(),
		java.NewPomCataloger(javacfg),
		java.NewGradleLockfileCataloger(),
		ruby.NewGemFileLockCataloger(),
		ruby.NewGemSpecCataloger(),
		php.NewComposerLockCataloger(),
		php.NewComposerInstalledCataloger(),
		dotnet.NewDotnetPackagesLockCataloger(),
		dart.NewPubspecLockCataloger(),
		elixir.NewMixLockCataloger(),
		erlang.NewRebarLockCataloger(),
		haskell.NewHackageCataloger(),
		swift.NewCocoapodsCataloger(),
		swift.NewSwiftPackageManagerCataloger(),
		cpp.NewConanCataloger(),
		terraform.NewLockCataloger(),
		githubactions.NewActionUsageCataloger(),
		githubactions.NewWorkflowUsageCataloger(),
	}
	out := make([]cataloger, 0, len(list)+1)
	for _, c := range list {
		out = append(out, cataloger{c: c})
	}
	return append(out, cataloger{c: javascript.NewLockCataloger(js.WithIncludeDevDependencies(false)), prodOnly: true})
}

// Scan catalogs the directory root. It fails only when the directory cannot be read at all or ctx ends;
// per-file parse failures are returned as Problems.
//
// Cancellation is prompt: syft's parsers do not all watch the context (a JSON decoder in the middle of a large
// lockfile keeps going), so the scan runs in its own goroutine and Scan returns as soon as ctx is done, with an
// error wrapping ctx's cause. The abandoned work finishes or dies with the process; nothing it produces is used.
func Scan(ctx context.Context, root string, opts Options) (*Result, error) {
	type answer struct {
		res *Result
		err error
	}
	done := make(chan answer, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- answer{err: fmt.Errorf("the scan crashed: %v", p)}
			}
		}()
		res, err := catalog(ctx, root, opts)
		done <- answer{res, err}
	}()
	select {
	case a := <-done:
		if a.err == nil && ctx.Err() != nil {
			return nil, fmt.Errorf("the scan was stopped: %w", context.Cause(ctx))
		}
		return a.res, a.err
	case <-ctx.Done():
		return nil, fmt.Errorf("the scan was stopped: %w", context.Cause(ctx))
	}
}

func catalog(ctx context.Context, root string, opts Options) (*Result, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("resolving %s: %w", root, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", root)
	}
	src, err := directorysource.New(directorysource.Config{
		Path:    abs,
		Base:    abs,
		Exclude: source.ExcludeConfig{Paths: opts.Exclude},
	})
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", root, err)
	}
	defer src.Close()
	resolver, err := src.FileResolver(source.SquashedScope)
	if err != nil {
		return nil, fmt.Errorf("indexing %s: %w", root, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	res := &Result{ProductionKeys: map[artifact.ID]bool{}}
	coll := pkg.NewCollection()
	var rels []artifact.Relationship
	var mu sync.Mutex
	var wg sync.WaitGroup
	var prodOnly, others []cataloger
	for _, c := range catalogers() {
		if c.prodOnly {
			prodOnly = append(prodOnly, c)
		} else {
			others = append(others, c)
		}
	}
	// The production-only JavaScript pass parses the same lockfiles as the main one: it runs first and alone,
	// keeping only package IDs, so that its parse is never in memory beside the main catalog's packages (on a
	// 100,000-package lockfile that halves the peak).
	for _, c := range prodOnly {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pkgs, _, _ := runCataloger(ctx, c.c, resolver)
		for i := range pkgs {
			res.ProductionKeys[pkgs[i].ID()] = true
		}
	}
	for _, c := range others {
		res.Catalogers = append(res.Catalogers, c.c.Name())
		wg.Add(1)
		go func(c cataloger) {
			defer wg.Done()
			pkgs, r, err := runCataloger(ctx, c.c, resolver)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.Problems = append(res.Problems, problems(c.c.Name(), err)...)
			}
			for i := range pkgs {
				if pkgs[i].FoundBy == "" {
					pkgs[i].FoundBy = c.c.Name()
				}
				coll.Add(pkgs[i])
			}
			rels = append(rels, r...)
		}(c)
	}
	if hasJavaArchives(resolver) {
		res.Catalogers = append(res.Catalogers, "java-archive-cataloger")
		wg.Add(1)
		go func() {
			defer wg.Done()
			pkgs, err := runJavaArchives(ctx, src)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.Problems = append(res.Problems, Problem{Err: err.Error()})
				return
			}
			for i := range pkgs {
				coll.Add(pkgs[i])
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.PnpmDev = pnpmDevScopes(resolver)
	sort.Strings(res.Catalogers)
	sort.Slice(res.Problems, func(i, j int) bool {
		if res.Problems[i].Path != res.Problems[j].Path {
			return res.Problems[i].Path < res.Problems[j].Path
		}
		return res.Problems[i].Err < res.Problems[j].Err
	})
	res.SBOM = &sbom.SBOM{
		Artifacts:     sbom.Artifacts{Packages: coll},
		Relationships: rels,
		Source:        src.Describe(),
		Descriptor:    sbom.Descriptor{Name: ToolName, Version: opts.ToolVersion},
	}
	return res, nil
}

// runJavaArchives catalogs Java archives, turning a panic inside syft into an error.
func runJavaArchives(ctx context.Context, src source.Source) (pkgs []pkg.Package, err error) {
	defer func() {
		if p := recover(); p != nil {
			pkgs, err = nil, fmt.Errorf("java-archive-cataloger crashed: %v", p)
		}
	}()
	return scanJavaArchives(ctx, src, javaConfig())
}

// runCataloger runs one cataloger, turning a panic inside syft into an error so that one bad file cannot take
// the gate down.
func runCataloger(ctx context.Context, c pkg.Cataloger, r file.Resolver) (pkgs []pkg.Package, rels []artifact.Relationship, err error) {
	defer func() {
		if p := recover(); p != nil {
			pkgs, rels, err = nil, nil, fmt.Errorf("cataloger %s crashed: %v", c.Name(), p)
		}
	}()
	return c.Catalog(ctx, r)
}

// problems flattens a (possibly joined) cataloger error into per-file problems.
func problems(cataloger string, err error) []Problem {
	var out []Problem
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, inner := range j.Unwrap() {
				walk(inner)
			}
			return
		}
		path, reason := coordinates(e)
		out = append(out, Problem{Path: path, Err: fmt.Sprintf("%s: %v", cataloger, reason)})
	}
	walk(err)
	return out
}

// coordinates digs the file path out of syft's unknown.CoordinateError (an internal type: its fields are read
// by reflection) and returns it with the underlying reason.
func coordinates(e error) (string, error) {
	v := reflect.ValueOf(e)
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return "", e
	}
	f := v.FieldByName("Coordinates")
	if !f.IsValid() || !f.CanInterface() {
		return "", e
	}
	c, ok := f.Interface().(file.Coordinates)
	if !ok {
		return "", e
	}
	reason := e
	if r := v.FieldByName("Reason"); r.IsValid() && r.CanInterface() {
		if re, ok := r.Interface().(error); ok && re != nil {
			reason = re
		}
	}
	return strings.TrimPrefix(c.RealPath, "/"), reason
}
