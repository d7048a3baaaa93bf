package action

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ospo-gate/ospo-gate/internal/ghapi"
)

// session is one run of the action.
type session struct {
	env  Env
	log  *logger
	in   Inputs
	ev   *Event
	ws   string // the workspace, absolute
	repo repo
	// gitErr says why no git is available (the diff gate and base policies need it).
	gitErr error
	gh     *ghapi.Client
	// check is the check run created in progress; nil when none could be.
	check *ghapi.CheckRun
	// checkErr says why the check run could not be created or completed.
	checkErr error
	// failure is the message of an exit 2 or 3.
	failure string
	// marks are the sizes of the job summary and output files before the run.
	marks fileMarks
}

func (s *session) main(ctx context.Context) (code int) {
	defer func() {
		if p := recover(); p != nil {
			code = s.recoverRun(ctx, newPanicError(p))
		}
	}()
	s.markFiles()
	in, err := ReadInputs(s.env.Getenv)
	if err != nil {
		return s.fatal(ExitUsage, err)
	}
	s.in = in
	if in.Token != "" {
		s.log.mask(in.Token)
	}
	runCtx, cancel := context.WithTimeout(ctx, in.Timeout)
	defer cancel()
	s.log.group("ospo-gate: event and inputs")
	err = s.setup()
	s.log.endGroup()
	if err != nil {
		return s.fatal(exitCode(err), err)
	}
	if s.ev.Deleted {
		s.log.notice("the push deleted %s: there is nothing to judge", s.ev.HeadRef)
		return ExitPass
	}
	s.startCheck(ctx)
	o := s.evaluateBounded(runCtx)
	if o.err != nil {
		s.failure = o.err.Error()
	}
	pctx, pcancel := publishContext(ctx, runCtx)
	defer pcancel()
	s.publish(pctx, o)
	return o.code
}

// fatal reports an error that stops the run before there is anything to publish.
func (s *session) fatal(code int, err error) int {
	s.failure = err.Error()
	s.log.errorf("%s", err)
	return code
}

func (s *session) setup() error {
	getenv := s.env.Getenv
	ws := getenv("GITHUB_WORKSPACE")
	if ws == "" {
		return usageErrorf("GITHUB_WORKSPACE is not set: ospo-gate's action mode runs inside GitHub Actions")
	}
	abs, err := filepath.Abs(ws)
	if err != nil {
		return usageErrorf("GITHUB_WORKSPACE %q: %v", ws, err)
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return usageErrorf("GITHUB_WORKSPACE %s is not a directory: check out the repository first (actions/checkout)", ws)
	}
	s.ws = abs
	if err := s.readEvent(); err != nil {
		return err
	}
	s.setupGit()
	s.setupAPI()
	s.log.infof("event %s (%s), head %s, base %s, mode %s, path %s", s.ev.Name, s.ev.Kind, short(s.ev.HeadSHA), orDefault(short(s.ev.BaseSHA), "none"), s.in.Mode, s.in.Path)
	if s.ev.Fork {
		s.log.infof("the pull request comes from a fork: its token is usually read-only, so findings may go to the log instead of a check run")
	}
	return nil
}

func (s *session) readEvent() error {
	getenv := s.env.Getenv
	var payload []byte
	if p := getenv("GITHUB_EVENT_PATH"); p != "" {
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("reading the event payload: %w", err)
		}
		defer f.Close()
		payload, err = io.ReadAll(io.LimitReader(f, MaxEventSize+1))
		if err != nil {
			return fmt.Errorf("reading the event payload: %w", err)
		}
	}
	ev, err := ParseEvent(getenv("GITHUB_EVENT_NAME"), payload, getenv("GITHUB_SHA"))
	if err != nil {
		return err
	}
	s.ev = ev
	return nil
}

func (s *session) setupGit() {
	g := s.env.Git
	if g == nil {
		path, err := LookGit(s.env.Getenv("PATH"), s.ws)
		if err != nil {
			s.gitErr = err
			return
		}
		g = ExecGit{Path: path, Env: GitEnv(s.env.Getenv)}
	}
	s.repo = repo{git: g, dir: s.ws}
}

// needGit returns why git cannot be used, or nil.
func (s *session) needGit() error {
	if s.repo.git == nil {
		if s.gitErr == nil {
			s.gitErr = errors.New("git is not available")
		}
		return s.gitErr
	}
	return nil
}

func (s *session) setupAPI() {
	if s.in.Token == "" {
		s.log.warningf("no github-token: the check run and the comment are skipped; findings go to the log and the job summary")
		return
	}
	gh, err := ghapi.New(ghapi.Config{
		BaseURL: s.env.Getenv("GITHUB_API_URL"), Token: s.in.Token, Repository: s.env.Getenv("GITHUB_REPOSITORY"),
		HTTPClient: s.env.HTTPClient, UserAgent: "ospo-gate/" + s.env.ToolVersion, Sleep: s.env.Sleep,
	})
	if err != nil {
		s.log.warningf("the GitHub API cannot be used (%v): the check run and the comment are skipped", err)
		return
	}
	s.gh = gh
}

// startCheck creates the check run in progress on the head commit. It is not bound by the run's deadline:
// once created, the check run is always completed, so creating it must not fail for lack of time.
func (s *session) startCheck(ctx context.Context) {
	if s.gh == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), publishTimeout)
	defer cancel()
	run, err := s.gh.CreateCheckRun(ctx, ghapi.NewCheckRun{
		Name: s.in.CheckName, HeadSHA: s.ev.HeadSHA, ExternalID: s.externalID(), DetailsURL: s.runURL(),
		StartedAt: s.env.Now(), Output: &ghapi.Output{Title: "Checking dependencies", Summary: "ospo-gate is checking the dependencies of " + short(s.ev.HeadSHA) + "."},
	})
	if err != nil {
		s.checkErr = err
		s.log.warningf("%s", checkFailureText(err))
		return
	}
	s.check = &run
}

func checkFailureText(err error) string {
	if ghapi.IsPermission(err) {
		return fmt.Sprintf("the token cannot write check runs (%v): fork pull requests get a read-only token, and other runs need `permissions: checks: write`; annotations go to the log instead, and the job's exit code is the verdict", err)
	}
	return fmt.Sprintf("the check run could not be written (%v); annotations go to the log instead, and the job's exit code is the verdict", err)
}

// externalID identifies this job's attempt, so a retried create finds the run a lost response made.
func (s *session) externalID() string {
	id := s.env.Getenv("GITHUB_RUN_ID")
	if id == "" {
		return ""
	}
	return fmt.Sprintf("ospo-gate/%s/%s/%s", id, orDefault(s.env.Getenv("GITHUB_RUN_ATTEMPT"), "1"), s.env.Getenv("GITHUB_JOB"))
}
