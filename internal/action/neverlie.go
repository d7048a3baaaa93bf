package action

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/gate"
	"github.com/ospo-gate/ospo-gate/internal/ghapi"
	"github.com/ospo-gate/ospo-gate/internal/rules"
)

// The never-lie rule: whatever goes wrong inside the action (an error, a panic, the run-wide deadline, a
// cancellation), the run ends with exit 3 and, when a check run was created, completes it as failure (or
// neutral with error-conclusion: neutral), with a title saying the gate could not evaluate. The check run is
// never left in progress, and it never says anything the exit code does not.

const (
	// publishTimeout is how long publishing may take after the run's deadline has passed (or the run was
	// cancelled): the check run is completed on a fresh context, not on the run's ended one.
	publishTimeout = 30 * time.Second
	// abandonGrace is how long an evaluation that ignores its context's end is waited for after the deadline;
	// then it is abandoned (its log lines are dropped) and the run publishes that it could not evaluate.
	abandonGrace = 10 * time.Second
)

// hooks let the package's tests inject failures. Production code never sets them: Env.hooks is unexported.
type hooks struct {
	// execute runs before each gate execution, with its role: "full" (the audit), "head" or "base" (the two
	// scans of the diff gate, which run concurrently). An error stands for a scan failure; it may also panic
	// or block.
	execute func(ctx context.Context, role string) error
	// publish runs at steps of publishing: "check-completed" (after the check run's completion), "summary"
	// (after the job summary), "outputs" (after the step outputs). It may panic.
	publish func(step string)
	// abandonGrace replaces abandonGrace when positive.
	abandonGrace time.Duration
}

func (s *session) hookPublish(step string) {
	if h := s.env.hooks; h != nil && h.publish != nil {
		h.publish(step)
	}
}

// execute runs the gate on one tree.
func (s *session) execute(ctx context.Context, role string, cfg gate.Config) (*gate.Run, error) {
	if h := s.env.hooks; h != nil && h.execute != nil {
		if err := h.execute(ctx, role); err != nil {
			return nil, err
		}
	}
	return gate.Execute(ctx, cfg)
}

func (s *session) abandonGrace() time.Duration {
	if h := s.env.hooks; h != nil && h.abandonGrace > 0 {
		return h.abandonGrace
	}
	return abandonGrace
}

// panicError is a recovered panic: an internal error, never a verdict.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string {
	return fmt.Sprintf("internal error: panic: %s", clip(firstLine(fmt.Sprint(e.value)), 300))
}

// Unwrap returns the panic value when it is an error.
func (e *panicError) Unwrap() error {
	err, _ := e.value.(error)
	return err
}

func newPanicError(p any) *panicError { return &panicError{value: p, stack: debug.Stack()} }

// recoverTo turns a panic of the goroutine into *err. It must be deferred directly.
func recoverTo(err *error) {
	if p := recover(); p != nil {
		*err = newPanicError(p)
	}
}

// deadlineError says that the run ended (deadline or cancellation) before the gate finished.
type deadlineError struct {
	timeout time.Duration
	ctxErr  error // context.DeadlineExceeded or context.Canceled
	cause   error // what the evaluation returned, if anything
}

func (e *deadlineError) Error() string {
	msg := fmt.Sprintf("the run-wide deadline passed: the gate did not finish within %s (input timeout)", e.timeout)
	if !errors.Is(e.ctxErr, context.DeadlineExceeded) {
		msg = "the run was cancelled before the gate finished"
	}
	if e.cause != nil && !errors.Is(e.cause, context.DeadlineExceeded) && !errors.Is(e.cause, context.Canceled) {
		msg += "\n" + e.cause.Error()
	}
	return msg
}

func (e *deadlineError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.ctxErr}
	}
	return []error{e.ctxErr, e.cause}
}

// abort replaces whatever the evaluation found with an error that makes the run exit 3: nothing of a result
// that could not be completed is reported as if it were one.
func (o *outcome) abort(err error) *outcome {
	o.err, o.code = err, ExitBroken
	o.result, o.report, o.diff, o.inv, o.run, o.scores, o.skipped = rules.Result{}, nil, nil, nil, nil, nil, false
	return o
}

// evaluateBounded runs the evaluation under the run's context. An evaluation that ends after the context
// (deadline or cancellation) ends in an error, whatever it returned; one that does not return within
// abandonGrace of the end is abandoned. The evaluation runs on a copy of the session with its own logger, so
// that an abandoned one can neither race with publishing nor write to the log after the verdict.
func (s *session) evaluateBounded(ctx context.Context) *outcome {
	es := *s
	es.log = s.log.child()
	done := make(chan *outcome, 1)
	go func() { done <- es.evaluateSafely(ctx) }()
	var o *outcome
	select {
	case o = <-done:
	case <-ctx.Done():
		timer := time.NewTimer(s.abandonGrace())
		defer timer.Stop()
		select {
		case o = <-done:
		case <-timer.C:
			es.log.cutOff()
			s.log.endGroup()
			s.log.warningf("the evaluation did not stop within %s of the run's end; it is abandoned", s.abandonGrace())
			return (&outcome{mode: s.autoMode()}).abort(&deadlineError{timeout: s.in.Timeout, ctxErr: ctx.Err()})
		}
	}
	s.gitErr = es.gitErr
	if ctx.Err() != nil {
		return o.abort(&deadlineError{timeout: s.in.Timeout, ctxErr: ctx.Err(), cause: o.err})
	}
	return o
}

// evaluateSafely is evaluate with a panic turned into an error outcome (exit 3).
func (s *session) evaluateSafely(ctx context.Context) (o *outcome) {
	defer func() {
		if p := recover(); p != nil {
			err := newPanicError(p)
			s.logPanic(err)
			o = (&outcome{mode: s.autoMode()}).abort(err)
		}
	}()
	return s.evaluate(ctx)
}

// autoMode is the mode input with auto resolved as evaluate would first resolve it.
func (s *session) autoMode() Mode {
	switch {
	case s.in.Mode != ModeAuto:
		return s.in.Mode
	case s.ev != nil && s.ev.PRLike():
		return ModeDiff
	}
	return ModeFull
}

// logPanic writes a panic's stack to the log, in its own group.
func (s *session) logPanic(err *panicError) {
	s.log.group("ospo-gate: internal error")
	s.log.infof("%s", err)
	for _, line := range strings.Split(strings.TrimSpace(string(err.stack)), "\n") {
		s.log.infof("%s", line)
	}
	s.log.endGroup()
}

// publishContext bounds publishing. It is not the run's context, which may have ended (deadline,
// cancellation): publishing may go on until the run's deadline and publishTimeout after it, so that the
// check run is completed even when the gate could not finish.
func publishContext(parent, run context.Context) (context.Context, context.CancelFunc) {
	end := time.Now().Add(publishTimeout)
	if dl, ok := run.Deadline(); ok && run.Err() == nil && dl.Add(publishTimeout).After(end) {
		end = dl.Add(publishTimeout)
	}
	return context.WithDeadline(context.WithoutCancel(parent), end)
}

// errorConclusion is the check run's conclusion of a run that ended with an error: neutral only for exit 3
// with error-conclusion: neutral. Invalid inputs or policy (exit 2) always fail, so they get fixed.
func errorConclusion(code int, in Inputs) string {
	if code == ExitBroken && in.ErrorConclusion == ErrorConclusionNeutral {
		return ghapi.ConclusionNeutral
	}
	return ghapi.ConclusionFailure
}

// errorNote tells the reader of the summary what the error means for the job and the check run.
func errorNote(code int, in Inputs) string {
	if code == ExitUsage {
		return "The inputs or the policy are invalid: the job fails with exit code 2 and the check run with it."
	}
	if errorConclusion(code, in) == ghapi.ConclusionNeutral {
		return "Nothing was judged, so nothing passed: the job fails with exit code 3, and the check run is neutral (input `error-conclusion: neutral`)."
	}
	return "Nothing was judged, so nothing passed: the job fails with exit code 3, and the check run with it."
}

// fileMarks are the sizes of the job summary and output files before the run wrote to them (-1: unknown), so
// that a run that fails while publishing can take back what it half wrote.
type fileMarks struct{ summary, output int64 }

func (s *session) markFiles() {
	s.marks = fileMarks{summary: fileSize(s.env.Getenv("GITHUB_STEP_SUMMARY")), output: fileSize(s.env.Getenv("GITHUB_OUTPUT"))}
}

func fileSize(p string) int64 {
	if p == "" {
		return -1
	}
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return 0
		}
		return -1
	}
	return st.Size()
}

// rewind truncates p back to size when it grew since.
func rewind(p string, size int64) {
	if p == "" || size < 0 {
		return
	}
	if st, err := os.Stat(p); err == nil && st.Size() > size {
		_ = os.Truncate(p, size)
	}
}

// recoverRun ends a run that panicked outside the evaluation (while setting up or publishing): it logs the
// panic and publishes, with as little code as possible, that the gate could not evaluate. It never panics.
func (s *session) recoverRun(ctx context.Context, err *panicError) (code int) {
	defer func() {
		if p := recover(); p != nil {
			code = ExitBroken
		}
	}()
	s.failure = err.Error()
	s.log.endGroup()
	s.log.errorf("ospo-gate could not evaluate: %s", err)
	s.logPanic(err)
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), publishTimeout)
	defer cancel()
	s.publishBare(pctx, err)
	return ExitBroken
}

// publishBare publishes an error without the summary renderer: the check run (when one was created, even if
// it was already completed with the verdict), the job summary and the outputs, the last two replacing what
// this run had written to them.
func (s *session) publishBare(ctx context.Context, err error) {
	md := "## ⚠️ ospo-gate could not evaluate\n\n" + fenced(err.Error(), "") + "\n" + errorNote(ExitBroken, s.in) + "\n"
	if s.check != nil && s.gh != nil {
		comp := ghapi.Completion{
			Name: s.in.CheckName, Conclusion: errorConclusion(ExitBroken, s.in), CompletedAt: s.env.Now(),
			Output: ghapi.Output{Title: "Could not evaluate: " + clip(firstLine(err.Error()), 200), Summary: md},
		}
		if _, cerr := s.gh.CompleteCheckRun(ctx, s.check.ID, comp); cerr != nil {
			s.log.warningf("%s", checkFailureText(cerr))
		} else {
			s.log.infof("check run %q completed: %s", s.in.CheckName, comp.Conclusion)
		}
	}
	if p := s.env.Getenv("GITHUB_STEP_SUMMARY"); p != "" {
		rewind(p, s.marks.summary)
		if werr := appendFile(p, md+"\n"); werr != nil {
			s.log.warningf("writing the job summary: %v", werr)
		}
	}
	if p := s.env.Getenv("GITHUB_OUTPUT"); p != "" {
		rewind(p, s.marks.output)
		kv := [][2]string{{"verdict", "error"}, {"exit-code", strconv.Itoa(ExitBroken)}}
		if s.check != nil {
			kv = append(kv, [2]string{"check-run-id", strconv.FormatInt(s.check.ID, 10)}, [2]string{"check-run-url", s.check.HTMLURL})
		}
		if werr := appendOutputs(p, kv); werr != nil {
			s.log.warningf("setting the step outputs: %v", werr)
		}
	}
}
