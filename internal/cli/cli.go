// Package cli is ospo-gate's command line: `ospo-gate check [flags] [PATH]` and `ospo-gate version`.
//
// Everything the command reads from its surroundings comes in through Env (output streams, environment, clock),
// so tests run it in-process and in parallel.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/action"
	"github.com/ospo-gate/ospo-gate/internal/artifacts"
	"github.com/ospo-gate/ospo-gate/internal/gate"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/report"
)

// Exit codes, the same in every mode.
const (
	ExitPass   = 0 // the policy passed
	ExitFail   = 1 // the policy failed
	ExitUsage  = 2 // bad usage or an invalid policy
	ExitBroken = 3 // the scan itself could not run
)

// Version is the program's version, set at build time with -ldflags "-X ...cli.Version=v1.2.3".
var Version = "devel"

// Env is the command's view of its surroundings.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads environment variables.
	Getenv func(string) string
	// Now returns the current time.
	Now func() time.Time
	// Dir is the working directory relative paths are resolved against ("" = the process's).
	Dir string
	// HTTPClient sends every network lookup (nil = a default client).
	HTTPClient *http.Client
}

// exitError carries an exit code and a message for the user.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, msg: fmt.Sprintf(format, args...)}
}

// Main runs the command and returns its exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	err := runSafely(ctx, args, env)
	if err == nil {
		return ExitPass
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(env.Stderr, "ospo-gate: %s\n", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(env.Stderr, "ospo-gate: %v\n", err)
	return ExitBroken
}

// runSafely runs the command, turning a panic into an internal error (exit 3): Go's own exit code for a panic
// is 2, which would read as a usage error, and a crash must never look like anything but "could not run".
func runSafely(ctx context.Context, args []string, env Env) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: panic: %v", p)
		}
	}()
	return run(ctx, args, env)
}

func run(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 && env.Getenv("GITHUB_ACTIONS") == "true" {
		return actionMode(ctx, nil, env)
	}
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return &exitError{code: ExitUsage}
	}
	switch args[0] {
	case "check":
		return check(ctx, args[1:], env)
	case "action":
		return actionMode(ctx, args[1:], env)
	case "version", "--version", "-version":
		fmt.Fprintf(env.Stdout, "ospo-gate %s\n", Version)
		return nil
	case "help", "-h", "--help", "-help":
		fmt.Fprint(env.Stdout, usage)
		return nil
	}
	return usageErr("unknown command %q; run `ospo-gate help`", args[0])
}

const usage = `ospo-gate: a license-compliance gate for pull requests, built from a real SBOM.

Usage:
  ospo-gate check [flags] [PATH]   judge the dependencies of the checkout at PATH (default .)
  ospo-gate action                 run as the GitHub Action (also: no arguments with GITHUB_ACTIONS=true)
  ospo-gate version                print the version
  ospo-gate help                   show this help

Examples:
  ospo-gate check                                    # the current directory, its .github/ospo-gate.yaml or the default policy
  ospo-gate check testdata/examples/npm-fail         # a bundled example that fails on a GPL dependency
  ospo-gate check --policy policy.example.yaml --format markdown ./service
  ospo-gate check --output json=report.json --output markdown=summary.md .
  ospo-gate check --output sarif=ospo-gate.sarif --output spdx-json=sbom.spdx.json --output notice=NOTICE .

Run 'ospo-gate check -h' for the flags.

Exit codes:
  0  the policy passed
  1  the policy failed (a finding with severity error)
  2  bad usage or an invalid policy file (errors are printed as FILE:LINE:COL: message)
  3  the scan could not run (unreadable directory, internal error)
`

// actionMode runs the GitHub Action (see internal/action): inputs come from the INPUT_* environment.
func actionMode(ctx context.Context, args []string, env Env) error {
	if len(args) > 0 {
		return usageErr("action takes no arguments: its inputs come from the workflow's with: (INPUT_* variables)")
	}
	code := action.Main(ctx, action.Env{
		Stdout: env.Stdout, Stderr: env.Stderr, Getenv: env.Getenv, Now: env.Now, ToolVersion: Version,
		Online: gate.Online{HTTPClient: env.HTTPClient},
	})
	if code != 0 {
		return &exitError{code: code}
	}
	return nil
}

// outputFlag collects repeated --output FORMAT=FILE flags.
type outputFlag []output

type output struct{ format, file string }

func (o *outputFlag) String() string {
	parts := make([]string, len(*o))
	for i, v := range *o {
		parts[i] = v.format + "=" + v.file
	}
	return strings.Join(parts, ",")
}

func (o *outputFlag) Set(v string) error {
	f, file, ok := strings.Cut(v, "=")
	if !ok || f == "" || file == "" {
		return fmt.Errorf("want FORMAT=FILE, e.g. json=report.json")
	}
	if !validFormat(f) {
		return fmt.Errorf("unknown format %q (want one of %s)", f, strings.Join(allFormats(), ", "))
	}
	*o = append(*o, output{format: f, file: file})
	return nil
}

// allFormats lists every report and artifact format, for help text and validation.
func allFormats() []string {
	return append(append([]string(nil), report.Formats...), artifacts.Formats...)
}

func validFormat(f string) bool {
	return slices.Contains(report.Formats, f) || artifacts.IsFormat(f) || f == "md"
}

// writeFormat renders the run in a report format (from the wire model) or an artifact format (SBOMs, SARIF,
// NOTICE, from the run itself).
func writeFormat(w io.Writer, format string, rep *report.Report, run *gate.Run) error {
	if artifacts.IsFormat(format) {
		return artifacts.Write(w, format, artifacts.FromRun(run, Version))
	}
	return report.Write(w, format, rep)
}

type checkOptions struct {
	policy       string
	format       string
	outputs      outputFlag
	offline      bool
	cacheDir     string
	scorecardAPI string
	depsDevAPI   string
	registries   registryFlag
	noRegistries bool
	timeout      time.Duration
	path         string
}

// registryFlag collects repeated --registry NAME=URL flags.
type registryFlag map[string]string

var registryNames = []string{"npm", "pypi", "crates", "maven"}

func (r *registryFlag) String() string { return fmt.Sprint(map[string]string(*r)) }

func (r *registryFlag) Set(v string) error {
	name, u, ok := strings.Cut(v, "=")
	if !ok || u == "" || !slices.Contains(registryNames, name) {
		return fmt.Errorf("want NAME=URL with NAME one of %s", strings.Join(registryNames, ", "))
	}
	if *r == nil {
		*r = registryFlag{}
	}
	(*r)[name] = u
	return nil
}

func parseCheck(args []string, env Env) (*checkOptions, error) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	o := &checkOptions{}
	fs.StringVar(&o.policy, "policy", "", "policy `FILE` (default: PATH/"+policy.DefaultPath+" if it exists, else the embedded default policy)")
	fs.StringVar(&o.format, "format", "text", "stdout `format`: "+strings.Join(allFormats(), ", "))
	fs.Var(&o.outputs, "output", "also write a report or artifact: `FORMAT=FILE` (repeatable; formats as for --format)")
	fs.BoolVar(&o.offline, "offline", false, "make no network lookups: answer from the tree and --cache-dir only")
	fs.StringVar(&o.cacheDir, "cache-dir", "", "keep lookup answers in `DIR` between runs (Scorecard, deps.dev)")
	fs.StringVar(&o.scorecardAPI, "scorecard-api", "", "OpenSSF Scorecard API base `URL` (default https://api.scorecard.dev)")
	fs.StringVar(&o.depsDevAPI, "deps-dev-api", "", "deps.dev API base `URL` (default https://api.deps.dev)")
	fs.Var(&o.registries, "registry", "package registry mirror `NAME=URL` (npm, pypi, crates, maven); repeatable")
	fs.BoolVar(&o.noRegistries, "no-registries", false, "do not ask deps.dev or package registries for unknown licenses")
	fs.DurationVar(&o.timeout, "timeout", DefaultTimeout, "give up after `DURATION` with exit 3 (0: no limit)")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: ospo-gate check [flags] [PATH]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(interleave(args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, &exitError{code: ExitPass}
		}
		return nil, &exitError{code: ExitUsage}
	}
	if o.timeout < 0 {
		return nil, usageErr("--timeout %s: want a positive duration such as 10m, or 0 for no limit", o.timeout)
	}
	if !validFormat(o.format) {
		return nil, usageErr("unknown --format %q (want one of %s)", o.format, strings.Join(allFormats(), ", "))
	}
	switch fs.NArg() {
	case 0:
		o.path = "."
	case 1:
		o.path = fs.Arg(0)
	default:
		return nil, usageErr("check takes one PATH, got %d: %s", fs.NArg(), strings.Join(fs.Args(), " "))
	}
	return o, nil
}

// interleave moves flags that follow the PATH argument before it, so that `check . --format json` works.
func interleave(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(a, "-") && a != "-":
			flags = append(flags, a)
			if !strings.Contains(a, "=") && takesValue(a) && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			pos = append(pos, a)
		}
	}
	return append(append(flags, "--"), pos...)
}

func takesValue(flagArg string) bool {
	name := strings.TrimLeft(flagArg, "-")
	switch name {
	case "policy", "format", "output", "cache-dir", "scorecard-api", "deps-dev-api", "registry", "timeout":
		return true
	}
	return false
}

func (e Env) abs(p string) string {
	if filepath.IsAbs(p) || e.Dir == "" {
		return p
	}
	return filepath.Join(e.Dir, p)
}

func check(ctx context.Context, args []string, env Env) error {
	o, err := parseCheck(args, env)
	if err != nil {
		return err
	}
	root := env.abs(o.path)
	st, err := os.Stat(root)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return usageErr("%s does not exist: give the path of a checked-out repository", o.path)
		}
		return usageErr("cannot read %s: %v", o.path, err)
	}
	if !st.IsDir() {
		return usageErr("%s is not a directory: give the path of a checked-out repository", o.path)
	}
	pol, polPath, embedded, err := loadPolicy(o.policy, root, env)
	if err != nil {
		return err
	}
	if o.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, o.timeout, fmt.Errorf("the run took longer than --timeout %s", o.timeout))
		defer cancel()
	}
	run, err := gate.Execute(ctx, gate.Config{
		Root: root, Policy: pol, PolicyPath: polPath, Now: env.Now(),
		GoModCache: gate.GoModCache(env.Getenv), ToolVersion: Version, DiscardSBOM: !o.wantsSBOM(),
		Online: gate.Online{
			Offline: o.offline, CacheDir: o.cacheDir, ScorecardAPI: o.scorecardAPI, DepsDevAPI: o.depsDevAPI,
			HTTPClient: env.HTTPClient, Now: env.Now, NoRegistries: o.noRegistries,
			NPMAPI: o.registries["npm"], PyPIAPI: o.registries["pypi"], CratesAPI: o.registries["crates"], MavenAPI: o.registries["maven"],
			GoProxy: env.Getenv("GOPROXY"), GoNoProxy: strings.Trim(env.Getenv("GONOPROXY")+","+env.Getenv("GOPRIVATE"), ","),
		},
	})
	if err != nil {
		if cause := context.Cause(ctx); ctx.Err() != nil && !strings.Contains(err.Error(), cause.Error()) {
			return fmt.Errorf("%w (%v)", err, cause)
		}
		return err
	}
	rep := report.Build(report.Input{
		ToolVersion: Version, Target: filepath.ToSlash(o.path), PolicyPath: polPath, PolicyEmbedded: embedded,
		Inventory: run.Inventory, Result: run.Result, Own: run.Own, ExcludedPaths: pol.Paths.Exclude,
	})
	if err := writeFormat(env.Stdout, o.format, rep, run); err != nil {
		return fmt.Errorf("writing the %s report: %w", o.format, err)
	}
	for _, out := range o.outputs {
		if err := report.WriteFile(env.abs(out.file), func(w io.Writer) error { return writeFormat(w, out.format, rep, run) }); err != nil {
			return fmt.Errorf("writing %s: %w", out.file, err)
		}
	}
	if rep.Verdict == "fail" {
		return &exitError{code: ExitFail}
	}
	return nil
}

// readPolicy reads a policy file, refusing anything but a regular file and reading at most one byte more than
// policy.MaxFileSize (policy.Parse names the size problem).
func readPolicy(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	return io.ReadAll(io.LimitReader(f, policy.MaxFileSize+1))
}

// insideRoot returns an error when path, once its links are resolved, is not inside root.
func insideRoot(root, path string) error {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(realRoot, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return fmt.Errorf("is a symbolic link out of the scanned tree: not read")
	}
	return nil
}

// DefaultTimeout bounds a whole check run: far above what a real repository needs (the largest corpus
// directory takes seconds), low enough that a crafted tree cannot hold a CI runner for its job's six hours.
const DefaultTimeout = 15 * time.Minute

// wantsSBOM reports whether an SBOM artifact is asked for, on stdout or in a file.
func (o *checkOptions) wantsSBOM() bool {
	isSBOM := func(f string) bool { return f == "spdx-json" || f == "cyclonedx-json" }
	if isSBOM(o.format) {
		return true
	}
	for _, out := range o.outputs {
		if isSBOM(out.format) {
			return true
		}
	}
	return false
}

// loadPolicy picks the policy: --policy, else PATH/.github/ospo-gate.yaml, else the embedded default. It returns
// the path findings should name (relative to the root when the policy lives in it).
func loadPolicy(flagPath, root string, env Env) (*policy.Policy, string, bool, error) {
	path := ""
	switch {
	case flagPath != "":
		path = env.abs(flagPath)
	default:
		cand := filepath.Join(root, filepath.FromSlash(policy.DefaultPath))
		if _, err := os.Lstat(cand); err == nil {
			path = cand
		}
	}
	if path == "" {
		return policy.Default(), policy.EmbeddedName, true, nil
	}
	display := flagPath
	if rel, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(rel, "..") {
		display = filepath.ToSlash(rel)
	}
	if display == "" {
		display = path
	}
	if flagPath == "" {
		// Found in the scanned tree, which may be a pull request's: a link out of it is not followed.
		if err := insideRoot(root, path); err != nil {
			return nil, "", false, usageErr("policy %s: %v", display, err)
		}
	}
	data, err := readPolicy(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, "", false, usageErr("policy file %s does not exist", flagPath)
		}
		return nil, "", false, usageErr("reading policy %s: %v", display, err)
	}
	p, err := policy.Parse(display, data)
	if err != nil {
		return nil, "", false, &exitError{code: ExitUsage, msg: "invalid policy:\n" + err.Error()}
	}
	return p, display, false, nil
}
