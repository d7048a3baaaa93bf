package action

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/ghapi/fakegithub"
)

// runWith runs Main with the Env changed by mod and under ctx, and validates the JSON reports it writes.
func (h *harness) runWith(ctx context.Context, mod func(*Env)) int {
	h.t.Helper()
	h.stdout.Reset()
	h.stderr.Reset()
	env := Env{
		Stdout: &h.stdout, Stderr: &h.stderr, Getenv: func(k string) string { return h.vars[k] },
		Now: func() time.Time { return testNow }, HTTPClient: h.api.Client(), Git: h.f.git,
		Sleep: func(context.Context, time.Duration) error { return nil }, ToolVersion: "test", TempDir: h.tmp,
		Online: h.online,
	}
	if mod != nil {
		mod(&env)
	}
	code := Main(ctx, env)
	h.validateReports()
	return code
}

// faultyGit runs git, except the subcommand sub, which fails (or panics).
type faultyGit struct {
	ExecGit
	sub   string
	panic bool
}

func (g faultyGit) Run(ctx context.Context, dir string, stdout io.Writer, args ...string) error {
	if firstArg(args) == g.sub {
		if g.panic {
			panic("simulated crash in git " + g.sub)
		}
		return fmt.Errorf("git %s: exit status 128: fatal: simulated failure", g.sub)
	}
	return g.ExecGit.Run(ctx, dir, stdout, args...)
}

func passFixture(t testing.TB) *fixture {
	return newFixture(t, files{"package-lock.json": baseLock}, files{"package-lock.json": npmLock(npmPkg{"left-pad", "1.3.0", "MIT"}, npmPkg{"right-pad", "1.0.0", "MIT"})})
}

func badPolicyFixture(t testing.TB) *fixture {
	return newFixture(t,
		files{"package-lock.json": baseLock, ".github/ospo-gate.yaml": "version: 1\nlicenses:\n  allow: [not-a-license-category]\n"},
		files{"package-lock.json": gplLock})
}

// blockUntilDone is an execute hook that stands for a scan honouring its context: it returns only when the
// context ends, with an error wrapping ctx.Err(), as gate.Execute does.
func blockUntilDone(reached chan<- string) func(context.Context, string) error {
	return func(ctx context.Context, role string) error {
		select {
		case reached <- role:
		default:
		}
		<-ctx.Done()
		return fmt.Errorf("scanning the %s: %w", role, ctx.Err())
	}
}

// TestVerdictAndConclusionAgree: whatever the run ends with — pass, fail, an invalid policy, a git or scan
// failure, a panic in the evaluation (also in the goroutines the diff gate starts), the run-wide deadline —
// the exit code, the check run (always completed, never left in progress), the job summary and the outputs
// say the same thing.
func TestVerdictAndConclusionAgree(t *testing.T) {
	t.Parallel()
	type want struct {
		code       int
		conclusion string
		title      string // prefix of the check run's title
		summary    string // in the job summary and the check run's summary
		verdict    string // the verdict output
	}
	pass := want{ExitPass, "success", "Passed", "✅ ospo-gate: PASS", "pass"}
	fail := want{ExitFail, "failure", "1 finding(s) fail the gate", "❌ ospo-gate: FAIL", "fail"}
	usage := want{ExitUsage, "failure", "Could not evaluate: invalid policy", "the job fails with exit code 2 and the check run with it", "error"}
	broken := func(title string, neutral bool) want {
		if neutral {
			return want{ExitBroken, "neutral", title, "the check run is neutral (input `error-conclusion: neutral`)", "error"}
		}
		return want{ExitBroken, "failure", title, "the job fails with exit code 3, and the check run with it", "error"}
	}
	tests := []struct {
		name      string
		fixture   func(testing.TB) *fixture
		eventName string // pull_request when empty
		vars      map[string]string
		git       func(ExecGit) Git
		hooks     func() *hooks
		want      want
	}{
		{name: "pass", fixture: passFixture, want: pass},
		{name: "fail", fixture: gplFixture, want: fail},
		{name: "fail with error-conclusion neutral", fixture: gplFixture, vars: map[string]string{"INPUT_ERROR-CONCLUSION": "neutral"}, want: fail},
		{name: "bad policy", fixture: badPolicyFixture, want: usage},
		{name: "bad policy with error-conclusion neutral", fixture: badPolicyFixture, vars: map[string]string{"INPUT_ERROR-CONCLUSION": "neutral"}, want: usage},
		{name: "git failure", fixture: gplFixture, git: func(g ExecGit) Git { return faultyGit{ExecGit: g, sub: "diff"} },
			want: broken("listing the files changed since", false)},
		{name: "git failure and neutral", fixture: gplFixture, vars: map[string]string{"INPUT_ERROR-CONCLUSION": "neutral"},
			git: func(g ExecGit) Git { return faultyGit{ExecGit: g, sub: "diff"} }, want: broken("listing the files changed since", true)},
		{name: "scan failure", fixture: gplFixture, hooks: func() *hooks {
			return &hooks{execute: func(_ context.Context, role string) error {
				if role == "head" {
					return errors.New("simulated scan failure")
				}
				return nil
			}}
		}, want: broken("simulated scan failure", false)},
		{name: "panic in the head scan goroutine", fixture: gplFixture, hooks: func() *hooks {
			return &hooks{execute: func(_ context.Context, role string) error {
				if role == "head" {
					panic("simulated crash in the head scan")
				}
				return nil
			}}
		}, want: broken("internal error: panic: simulated crash in the head scan", false)},
		{name: "panic in the base scan", fixture: gplFixture, hooks: func() *hooks {
			return &hooks{execute: func(_ context.Context, role string) error {
				if role == "base" {
					panic(errors.New("simulated crash in the base scan"))
				}
				return nil
			}}
		}, want: broken("internal error: panic: simulated crash in the base scan", false)},
		{name: "panic in a full audit and neutral", fixture: gplFixture, eventName: "push", vars: map[string]string{"INPUT_ERROR-CONCLUSION": "neutral"}, hooks: func() *hooks {
			return &hooks{execute: func(context.Context, string) error { panic("simulated crash in the audit") }}
		}, want: broken("internal error: panic: simulated crash in the audit", true)},
		{name: "panic in the git archive goroutine", fixture: gplFixture, git: func(g ExecGit) Git { return faultyGit{ExecGit: g, sub: "archive", panic: true} },
			want: broken("internal error: panic: simulated crash in git archive", false)}, // through the tar reader
		{name: "deadline", fixture: gplFixture, vars: map[string]string{"INPUT_TIMEOUT": "1s"}, hooks: func() *hooks {
			return &hooks{execute: blockUntilDone(nil)}
		}, want: broken("the run-wide deadline passed: the gate did not finish within 1s (input timeout)", false)},
		{name: "deadline and neutral", fixture: gplFixture, eventName: "push", vars: map[string]string{"INPUT_TIMEOUT": "1s", "INPUT_ERROR-CONCLUSION": "neutral"}, hooks: func() *hooks {
			return &hooks{execute: blockUntilDone(nil)}
		}, want: broken("the run-wide deadline passed", true)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := tt.fixture(t)
			eventName, payload := orDefault(tt.eventName, "pull_request"), "pull_request.opened.json"
			if eventName == "push" {
				payload = "push.json"
			}
			h := newHarness(t, f, payload, eventName)
			for k, v := range tt.vars {
				h.vars[k] = v
			}
			code := h.runWith(context.Background(), func(env *Env) {
				if tt.git != nil {
					env.Git = tt.git(f.git)
				}
				if tt.hooks != nil {
					env.hooks = tt.hooks()
				}
			})
			w := tt.want
			if code != w.code {
				t.Fatalf("exit code %d, want %d%s", code, w.code, h.debug())
			}
			assertAgreement(t, h, w.code, w.conclusion, w.title, w.summary, w.verdict)
		})
	}
}

// assertAgreement checks that the one check run, the job summary and the outputs agree with the exit code.
func assertAgreement(t *testing.T, h *harness, code int, conclusion, title, summary, verdict string) {
	t.Helper()
	runs := h.api.CheckRuns()
	if len(runs) != 1 {
		t.Fatalf("%d check runs, want 1%s", len(runs), h.debug())
	}
	run := runs[0]
	if run.Status != "completed" || run.Conclusion != conclusion {
		t.Errorf("check run status %q, conclusion %q; want completed, %s%s", run.Status, run.Conclusion, conclusion, h.debug())
	}
	if !strings.Contains(run.Title, title) || (code >= ExitUsage) != strings.HasPrefix(run.Title, "Could not evaluate") {
		t.Errorf("check run title %q, want it to contain %q and to say whether it could evaluate", run.Title, title)
	}
	sum := h.summaryText()
	headers := map[string]bool{"✅ ospo-gate: PASS": false, "❌ ospo-gate: FAIL": false, "⚠️ ospo-gate could not evaluate": false}
	switch code {
	case ExitPass:
		headers["✅ ospo-gate: PASS"] = true
	case ExitFail:
		headers["❌ ospo-gate: FAIL"] = true
	default:
		headers["⚠️ ospo-gate could not evaluate"] = true
	}
	for _, text := range []struct{ name, s string }{{"job summary", sum}, {"check run summary", run.Summary}} {
		for header, present := range headers {
			if strings.Contains(text.s, header) != present {
				t.Errorf("%s: has %q = %v, want %v:\n%s", text.name, header, !present, present, text.s)
			}
		}
		if !strings.Contains(text.s, summary) {
			t.Errorf("%s lacks %q:\n%s", text.name, summary, text.s)
		}
	}
	if reason := strings.TrimPrefix(title, "Could not evaluate: "); code >= ExitUsage && !strings.Contains(sum, reason) {
		t.Errorf("the job summary does not give the reason of the check run's title %q:\n%s", title, sum)
	}
	out := h.outputs()
	if out["verdict"] != verdict || out["exit-code"] != fmt.Sprint(code) {
		t.Errorf("outputs verdict %q, exit-code %q; want %s, %d", out["verdict"], out["exit-code"], verdict, code)
	}
	if mode, ok := out["mode"]; ok && mode != "diff" && mode != "full" {
		t.Errorf("output mode %q, want diff or full", mode)
	}
	if code >= ExitUsage && !strings.Contains(h.stderr.String(), fmt.Sprintf("exiting with code %d", code)) {
		t.Errorf("stderr does not give the exit code%s", h.debug())
	}
	if code == ExitBroken && strings.Count(h.stdout.String(), "::group::") != strings.Count(h.stdout.String(), "::endgroup::") {
		t.Errorf("log groups are not balanced%s", h.debug())
	}
}

// TestDeadlineEndsTheRun: with a tiny timeout and a scan that only returns when its context ends, the run ends
// soon after the deadline with exit 3; the check run is completed after the deadline, on a fresh context. When
// the deadline strikes earlier (git fetching the base on a slow machine) the run must end the same way; the
// timeout is then raised until the scan is reached.
func TestDeadlineEndsTheRun(t *testing.T) {
	t.Parallel()
	for _, timeout := range []time.Duration{300 * time.Millisecond, time.Second, 3 * time.Second, 10 * time.Second} {
		f := gplFixture(t)
		h := newHarness(t, f, "pull_request.opened.json", "pull_request")
		h.vars["INPUT_TIMEOUT"] = timeout.String()
		reached := make(chan string, 2)
		start := time.Now()
		code := h.runWith(context.Background(), func(env *Env) { env.hooks = &hooks{execute: blockUntilDone(reached)} })
		elapsed := time.Since(start)
		if code != ExitBroken {
			t.Fatalf("timeout %v: exit code %d, want 3%s", timeout, code, h.debug())
		}
		if elapsed > timeout+20*time.Second {
			t.Errorf("timeout %v: the run took %v", timeout, elapsed)
		}
		assertAgreement(t, h, ExitBroken, "failure", "Could not evaluate: the run-wide deadline passed: the gate did not finish within "+timeout.String(), "the job fails with exit code 3", "error")
		if n := len(h.api.Requests(fakegithub.OpUpdateCheckRun)); n != 1 {
			t.Errorf("timeout %v: %d check run updates, want 1 (the completion, sent after the deadline)", timeout, n)
		}
		select {
		case <-reached:
			return
		default:
			t.Logf("timeout %v: the deadline passed before the scan started; trying a longer one", timeout)
		}
	}
	t.Fatal("the scan was never reached")
}

// TestCancelledRunCompletesTheCheck: a run cancelled from outside (the runner's SIGTERM) also completes its
// check run as could-not-evaluate, on a fresh context.
func TestCancelledRunCompletesTheCheck(t *testing.T) {
	t.Parallel()
	f := gplFixture(t)
	h := newHarness(t, f, "push.json", "push")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := h.runWith(ctx, func(env *Env) {
		env.hooks = &hooks{execute: func(ctx context.Context, role string) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}}
	})
	if code != ExitBroken {
		t.Fatalf("exit code %d, want 3%s", code, h.debug())
	}
	assertAgreement(t, h, ExitBroken, "failure", "Could not evaluate: the run was cancelled before the gate finished", "exit code 3", "error")
}

// TestEvaluationIgnoringTheDeadlineIsAbandoned: a scan that ignores its context (as syft's catalogers may) does
// not keep the run, nor its check run, going: the evaluation is abandoned shortly after the deadline, and its
// later log lines are dropped.
func TestEvaluationIgnoringTheDeadlineIsAbandoned(t *testing.T) {
	t.Parallel()
	f := gplFixture(t)
	h := newHarness(t, f, "push.json", "push")
	h.vars["INPUT_TIMEOUT"] = "300ms"
	release, returned := make(chan struct{}), make(chan struct{})
	var once sync.Once
	t.Cleanup(func() {
		once.Do(func() { close(release) })
		select {
		case <-returned:
		case <-time.After(10 * time.Second):
			t.Error("the abandoned evaluation did not return after its release")
		}
	})
	start := time.Now()
	code := h.runWith(context.Background(), func(env *Env) {
		env.hooks = &hooks{abandonGrace: 200 * time.Millisecond, execute: func(context.Context, string) error {
			defer close(returned)
			<-release
			return errors.New("released")
		}}
	})
	if code != ExitBroken {
		t.Fatalf("exit code %d, want 3%s", code, h.debug())
	}
	if elapsed := time.Since(start); elapsed > 20*time.Second {
		t.Errorf("the run took %v", elapsed)
	}
	assertAgreement(t, h, ExitBroken, "failure", "Could not evaluate: the run-wide deadline passed", "exit code 3", "error")
	if !strings.Contains(h.stdout.String(), "it is abandoned") {
		t.Errorf("the log does not say the evaluation was abandoned%s", h.debug())
	}
	logged := h.stdout.Len()
	once.Do(func() { close(release) })
	<-returned
	time.Sleep(50 * time.Millisecond)
	if h.stdout.Len() != logged {
		t.Errorf("the abandoned evaluation wrote to the log after the verdict%s", h.debug())
	}
}

// TestPanicWhilePublishing: a panic after the check run was completed with the verdict, after the job summary
// or after the outputs were written still ends in exit 3; the check run is completed again as could not
// evaluate, and the job summary and the outputs are replaced, so nothing says "pass".
func TestPanicWhilePublishing(t *testing.T) {
	t.Parallel()
	for _, step := range []string{"check-completed", "summary", "outputs"} {
		for _, neutral := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/neutral=%v", step, neutral), func(t *testing.T) {
				t.Parallel()
				f := passFixture(t)
				h := newHarness(t, f, "pull_request.opened.json", "pull_request")
				want, note := "failure", "the job fails with exit code 3, and the check run with it"
				if neutral {
					h.vars["INPUT_ERROR-CONCLUSION"] = "neutral"
					want, note = "neutral", "the check run is neutral"
				}
				code := h.runWith(context.Background(), func(env *Env) {
					env.hooks = &hooks{publish: func(s string) {
						if s == step {
							panic("simulated crash while publishing")
						}
					}}
				})
				if code != ExitBroken {
					t.Fatalf("exit code %d, want 3%s", code, h.debug())
				}
				assertAgreement(t, h, ExitBroken, want, "Could not evaluate: internal error: panic: simulated crash while publishing", note, "error")
				out := h.outputs()
				if len(out) != 4 || out["check-run-id"] == "" || out["check-run-url"] == "" {
					t.Errorf("outputs = %v; want only verdict, exit-code and the check run", out)
				}
				if !strings.Contains(h.stdout.String(), "::error::ospo-gate could not evaluate: internal error: panic: simulated crash while publishing") {
					t.Errorf("the log does not report the panic%s", h.debug())
				}
				if !strings.Contains(h.stdout.String(), "neverlie_test.go") {
					t.Errorf("the log lacks the panic's stack%s", h.debug())
				}
			})
		}
	}
}

func TestTimeoutAndErrorConclusionInputs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		timeout, conclusion string
		wantTimeout         time.Duration
		wantConclusion      string
		err                 string
	}{
		{"", "", 15 * time.Minute, "failure", ""},
		{"10m", "neutral", 10 * time.Minute, "neutral", ""},
		{"1h30m", "NEUTRAL", 90 * time.Minute, "neutral", ""},
		{"6h", "Failure", 6 * time.Hour, "failure", ""},
		{"90s", "", 90 * time.Second, "failure", ""},
		{"0s", "", 0, "", "input timeout: \"0s\" must be more than 0 and at most 6h"},
		{"-5m", "", 0, "", "must be more than 0"},
		{"6h0m1s", "", 0, "", "at most 6h"},
		{"15", "", 0, "", "input timeout: \"15\" is not a duration such as 10m"},
		{"soon", "", 0, "", "is not a duration"},
		{"", "skipped", 0, "", "input error-conclusion: \"skipped\" is not one of failure, neutral"},
		{"", "success", 0, "", "is not one of failure, neutral"},
	}
	for _, tt := range tests {
		env := map[string]string{"INPUT_TIMEOUT": tt.timeout, "INPUT_ERROR-CONCLUSION": tt.conclusion}
		in, err := ReadInputs(func(k string) string { return env[k] })
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("timeout %q, error-conclusion %q: err = %v, want %q", tt.timeout, tt.conclusion, err, tt.err)
			}
			continue
		}
		if err != nil || in.Timeout != tt.wantTimeout || in.ErrorConclusion != tt.wantConclusion {
			t.Errorf("timeout %q, error-conclusion %q: got %v, %q, %v", tt.timeout, tt.conclusion, in.Timeout, in.ErrorConclusion, err)
		}
	}
}

// TestInvalidTimeoutIsAUsageError: a bad timeout stops the run before any API call, with exit 2.
func TestInvalidTimeoutIsAUsageError(t *testing.T) {
	t.Parallel()
	f := gplFixture(t)
	h := newHarness(t, f, "pull_request.opened.json", "pull_request")
	h.vars["INPUT_TIMEOUT"] = "7h"
	if code := h.run(); code != ExitUsage {
		t.Fatalf("exit code %d, want 2%s", code, h.debug())
	}
	if !strings.Contains(h.stdout.String(), `input timeout: "7h" must be more than 0 and at most 6h`) || len(h.api.Requests("")) != 0 {
		t.Errorf("want the timeout error and no API call%s", h.debug())
	}
}
