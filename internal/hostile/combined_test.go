package hostile

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/cli"
	"github.com/ospo-gate/ospo-gate/internal/ghapi/fakegithub"
)

// childEnv names the variable that makes the test binary run ospo-gate itself (see TestMain): the combined
// test measures a whole process's peak memory, which it cannot do in-process.
const childEnv = "OSPO_GATE_HOSTILE_CHILD"

// TestMain runs ospo-gate instead of the tests when childEnv is set: arguments come as JSON in childEnv.
func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		var args []string
		if err := json.Unmarshal([]byte(spec), &args); err != nil {
			fmt.Fprintln(os.Stderr, "bad", childEnv, err)
			os.Exit(99)
		}
		os.Exit(cli.Main(context.Background(), args, cli.Env{
			Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
			Now: func() time.Time { return fixedNow }, HTTPClient: loopbackOnly,
		}))
	}
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// shared is the hostile pull request's repository, built once for the tests that scan it (it holds a 200 MB
// file) and removed by TestMain.
var shared struct {
	once            sync.Once
	dir, base, head string
	err             error
}

// child is one ospo-gate process run by runChild.
type child struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
	maxRSS         int64 // bytes; 0 where the platform does not say
}

// runChild runs ospo-gate with args and exactly the environment vars in a new process, killed after limit.
func runChild(t *testing.T, limit time.Duration, vars map[string]string, args ...string) child {
	t.Helper()
	spec, err := json.Marshal(append([]string{}, args...))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = []string{childEnv + "=" + string(spec)}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err = cmd.Run()
	c := child{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("ospo-gate did not finish within %v\nstdout: %.3000s\nstderr: %s", limit, c.stdout, c.stderr)
	}
	if cmd.ProcessState == nil {
		t.Fatalf("running ospo-gate: %v", err)
	}
	c.code = cmd.ProcessState.ExitCode()
	c.maxRSS = maxRSS(cmd.ProcessState)
	return c
}

// copyTree copies the regular files of src into dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// hostilePR returns the repository of testdata/hostile/combined: the base commit, then the pull request on top
// with a 200 MB lockfile and symlink loops added, and the two commits. It is built once per test binary.
func hostilePR(t *testing.T) (dir, base, head string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "ospo-gate-hostile-")
		if shared.err == nil {
			shared.base, shared.head, shared.err = buildHostilePR(filepath.Join(shared.dir, "repo"))
		}
	})
	if shared.err != nil {
		t.Fatalf("building the hostile pull request: %v", shared.err)
	}
	return filepath.Join(shared.dir, "repo"), shared.base, shared.head
}

func buildHostilePR(dir string) (base, head string, err error) {
	home, err := os.MkdirTemp("", "ospo-gate-hostile-home-")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(home)
	git := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = []string{
			"PATH=" + os.Getenv("PATH"), "HOME=" + home, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
			"GIT_AUTHOR_NAME=Mallory", "GIT_AUTHOR_EMAIL=mallory@example.com", "GIT_COMMITTER_NAME=Mallory",
			"GIT_COMMITTER_EMAIL=mallory@example.com", "LC_ALL=C", "GIT_TERMINAL_PROMPT=0",
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out)), nil
	}
	steps := []func() error{
		func() error { return os.MkdirAll(dir, 0o755) },
		func() error { _, err := git("init", "-q", "-b", "main"); return err },
		func() error { return copyTree(fixtures+"/combined/base", dir) },
		func() error { _, err := git("add", "-A"); return err },
		func() error { _, err := git("commit", "-q", "-m", "base"); return err },
		func() (err error) { base, err = git("rev-parse", "HEAD"); return err },
		func() error { _, err := git("checkout", "-q", "-b", "hostile"); return err },
		func() error { return copyTree(fixtures+"/combined/head", dir) },
		func() error { return os.MkdirAll(filepath.Join(dir, "big"), 0o755) },
		func() error {
			size, err := writeBigLock(filepath.Join(dir, "big", "package-lock.json"), bigLockPackages)
			if err == nil && size < 200_000_000 {
				err = fmt.Errorf("the big lockfile is only %d bytes", size)
			}
			return err
		},
		func() error { return os.MkdirAll(filepath.Join(dir, "loop"), 0o755) },
		func() error { return os.Symlink(".", filepath.Join(dir, "loop", "self")) },
		func() error { return os.Symlink("..", filepath.Join(dir, "loop", "up")) },
		func() error { return os.Symlink("b", filepath.Join(dir, "a")) },
		func() error { return os.Symlink("a", filepath.Join(dir, "b")) },
		func() error { _, err := git("add", "-A"); return err },
		func() error { _, err := git("commit", "-q", "-m", "hostile pull request"); return err },
		func() (err error) { head, err = git("rev-parse", "HEAD"); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return "", "", err
		}
	}
	return base, head, nil
}

// prEvent writes a pull_request "opened" payload (a real one, from the action's test data) for base..head.
func prEvent(t *testing.T, base, head string) string {
	t.Helper()
	data, err := os.ReadFile("../action/testdata/events/pull_request.opened.json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	pr := m["pull_request"].(map[string]any)
	pr["base"].(map[string]any)["sha"] = base
	pr["head"].(map[string]any)["sha"] = head
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const hostileToken = "ghs_hostiletoken_0123456789abcdef"

// TestHostileTree runs the action on a pull request that brings everything at once: a 200 MB lockfile, JSON
// nested 10,000 levels deep, a YAML alias bomb as the policy and symlink loops, plus a GPL dependency. The
// run must end in under a minute and 1 GB of peak resident memory, fail the gate on the trusted base policy,
// and name every problem in the check run and the job summary.
func TestHostileTree(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200 MB lockfile")
	}
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("symlinks and peak memory are measured on unix")
	}
	dir, base, head := hostilePR(t)
	api := fakegithub.New(t, hostileToken)
	files := t.TempDir()
	summary, output := filepath.Join(files, "summary.md"), filepath.Join(files, "output.txt")
	for _, p := range []string{summary, output} {
		writeFile(t, files, filepath.Base(p), "")
	}
	vars := map[string]string{
		"PATH": os.Getenv("PATH"), "HOME": t.TempDir(), "TMPDIR": t.TempDir(), "RUNNER_TEMP": t.TempDir(),
		"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": dir, "GITHUB_EVENT_NAME": "pull_request",
		"GITHUB_EVENT_PATH": prEvent(t, base, head), "GITHUB_SHA": head, "GITHUB_REPOSITORY": "octo-org/octo-repo",
		"GITHUB_API_URL": api.URL, "GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "7", "GITHUB_RUN_ATTEMPT": "1",
		"GITHUB_JOB": "gate", "GITHUB_OUTPUT": output, "GITHUB_STEP_SUMMARY": summary,
		"INPUT_GITHUB-TOKEN": hostileToken, "INPUT_OUTPUTS": "json=" + filepath.Join(files, "report.json"),
	}
	c := runChild(t, 2*time.Minute, vars)
	t.Logf("action on the hostile pull request: exit %d in %v, peak RSS %d MiB", c.code, c.elapsed.Round(time.Millisecond), c.maxRSS>>20)
	if c.code != cli.ExitFail {
		t.Fatalf("exit %d, want %d (fail)\nstdout: %.4000s\nstderr: %s", c.code, cli.ExitFail, c.stdout, c.stderr)
	}
	if c.elapsed > time.Minute {
		t.Errorf("took %v, over a minute", c.elapsed)
	}
	if c.maxRSS > 1<<30 {
		t.Errorf("peak resident memory %d MiB, over 1 GiB", c.maxRSS>>20)
	}
	if got := commandLines(c.stderr); len(got) > 0 {
		t.Errorf("stderr has workflow command lines: %q", got)
	}
	for _, line := range strings.Split(c.stdout+c.stderr, "\n") {
		// ::add-mask:: is how the action tells the runner to hide the token: the runner never shows that line.
		if strings.Contains(line, hostileToken) && line != "::add-mask::"+hostileToken {
			t.Errorf("the token was printed: %q", line)
		}
	}

	runs := api.CheckRuns()
	if len(runs) != 1 || runs[0].Status != "completed" || runs[0].Conclusion != "failure" || runs[0].HeadSHA != head {
		t.Fatalf("check runs %+v, want one completed failure on %s", runs, head)
	}
	annotated := map[string]string{}
	for _, a := range runs[0].Annotations {
		p, _ := a["path"].(string)
		msg, _ := a["message"].(string)
		annotated[p] += msg + "\n"
	}
	sum, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	// Every problem is named where a reviewer looks: an annotation on the file (or the check run's text), and
	// the job summary.
	problems := []struct{ path, what string }{
		{"big/package-lock.json", "over the"},
		{"deep/package-lock.json", "depth"},
		{"loop/self", "loop"},
		{"loop/up", "loop"},
		{"a", "cannot be resolved"},
		{"package-lock.json", "GPL-3.0-only"},
	}
	for _, p := range problems {
		if !strings.Contains(annotated[p.path], p.what) {
			t.Errorf("no annotation on %s mentioning %q; annotations: %v", p.path, p.what, annotated)
		}
		if !strings.Contains(string(sum), p.path) {
			t.Errorf("the job summary does not name %s", p.path)
		}
	}
	if os.Getenv("OSPO_GATE_HOSTILE_SHOW") != "" {
		t.Logf("job summary:\n%s\nannotations: %v\nstdout:\n%s", sum, annotated, c.stdout)
	}
	for _, where := range []string{string(sum), runs[0].Summary} {
		if !strings.Contains(where, ".github/ospo-gate.yaml:3:") || !strings.Contains(where, "alias") {
			t.Errorf("the alias-bomb policy edit is not named with its line:\n%.3000s", where)
		}
	}
}

// TestHostileTreeCLI runs the command line on the same checkout. With the tree's own policy (the alias bomb) it
// stops at once with exit 2 and the alias's line; with a trusted policy given by --policy it judges the tree,
// naming every problem, within the same time and memory bounds.
func TestHostileTreeCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200 MB lockfile")
	}
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("symlinks and peak memory are measured on unix")
	}
	dir, _, _ := hostilePR(t)
	vars := map[string]string{"PATH": os.Getenv("PATH"), "HOME": t.TempDir()}

	c := runChild(t, time.Minute, vars, "check", "--offline", dir)
	t.Logf("the tree's own policy: exit %d in %v, peak RSS %d MiB", c.code, c.elapsed.Round(time.Millisecond), c.maxRSS>>20)
	if c.code != cli.ExitUsage || !strings.Contains(c.stderr, ".github/ospo-gate.yaml:3:") || !strings.Contains(c.stderr, "alias") {
		t.Errorf("exit %d, want %d naming the alias at .github/ospo-gate.yaml:3\nstderr: %s", c.code, cli.ExitUsage, c.stderr)
	}

	trusted := fixtures + "/combined/base/.github/ospo-gate.yaml"
	abs, err := filepath.Abs(trusted)
	if err != nil {
		t.Fatal(err)
	}
	c = runChild(t, 2*time.Minute, vars, "check", "--offline", "--policy", abs, "--format", "json", dir)
	t.Logf("a trusted policy: exit %d in %v, peak RSS %d MiB", c.code, c.elapsed.Round(time.Millisecond), c.maxRSS>>20)
	if c.code != cli.ExitFail {
		t.Fatalf("exit %d, want %d\nstderr: %s", c.code, cli.ExitFail, c.stderr)
	}
	if c.elapsed > time.Minute || c.maxRSS > 1<<30 {
		t.Errorf("took %v and %d MiB, over a minute or 1 GiB", c.elapsed, c.maxRSS>>20)
	}
	var rep struct {
		Findings []struct {
			Rule, Path, Message string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(c.stdout), &rep); err != nil {
		t.Fatalf("the JSON report does not decode: %v\n%.2000s", err, c.stdout)
	}
	named := map[string]string{}
	for _, f := range rep.Findings {
		named[f.Path] += f.Rule + " " + f.Message + "\n"
	}
	for path, what := range map[string]string{
		"big/package-lock.json": "over the", "deep/package-lock.json": "depth", "deep/package.json": "depth",
		"loop/self": "loop", "loop/up": "loop", "a": "cannot be resolved", "b": "cannot be resolved",
		"package-lock.json": "license/denied",
	} {
		if !strings.Contains(named[path], what) {
			t.Errorf("no finding on %s mentioning %q; findings: %v", path, what, named)
		}
	}
}

// TestDeadline scans a 10 MB lockfile (50,000 packages: several seconds of syft's parser, which does not watch
// the context) with --timeout 1s: the run stops promptly with exit 3 and says why.
func TestDeadline(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 10 MB lockfile")
	}
	t.Parallel()
	root := t.TempDir()
	if _, err := writeBigLock(filepath.Join(root, "package-lock.json"), 50_000); err != nil {
		t.Fatal(err)
	}
	c := runChild(t, time.Minute, map[string]string{"PATH": os.Getenv("PATH"), "HOME": t.TempDir()}, "check", "--offline", "--timeout", "1s", root)
	t.Logf("exit %d in %v", c.code, c.elapsed.Round(time.Millisecond))
	if c.code != cli.ExitBroken {
		t.Errorf("exit %d, want %d\nstdout: %.2000s\nstderr: %s", c.code, cli.ExitBroken, c.stdout, c.stderr)
	}
	if !strings.Contains(c.stderr, "--timeout 1s") {
		t.Errorf("the error does not name the timeout:\n%s", c.stderr)
	}
	if c.elapsed > 5*time.Second {
		t.Errorf("took %v to stop after a 1s deadline", c.elapsed)
	}
}
