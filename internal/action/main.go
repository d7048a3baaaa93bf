// Package action runs ospo-gate as a GitHub Action: the gate of a pull request, a merge queue or a push, and
// the audit of a scheduled or manual run.
//
// [Main] reads the inputs (INPUT_*, through go-githubactions) and the event payload, then:
//
//   - on pull_request, pull_request_target and merge_group (mode auto), judges only the packages the change
//     adds or changes: the base commit is fetched if a shallow checkout lacks it, its tree is written from
//     `git archive` into a temporary directory and scanned too (the result is cached by commit under
//     cache-dir), and head packages that are new, at a new version or under a new license are judged; removed
//     ones are listed. When no dependency file changed, it says so and passes without scanning;
//   - on push, workflow_dispatch, schedule and anything else, audits every package of the checkout;
//   - reads the policy from the base commit on pull requests and merge groups, never from the change under
//     review, and says prominently when the change edits it;
//   - creates a check run in progress on the head commit (the pull request's head, not the merge commit),
//     completes it with the verdict, a summary and one annotation per finding at its manifest line (50 per
//     request); when the token cannot write checks (403 on fork pull requests) or GitHub keeps failing, the
//     annotations go to the log as workflow commands instead (most severe first, within GitHub's 10 per type);
//   - writes the job summary (well under GitHub's 1 MiB), the outputs, the report files, and optionally a
//     sticky pull-request comment.
//
// The exit code is the verdict (0 pass, 1 fail, 2 invalid inputs or policy, 3 could not evaluate), whatever
// happens to the check run or the comment. Everything Main touches comes in through [Env], so tests run it
// in-process, in parallel, against temporary git repositories and a fake GitHub API.
package action

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/gate"
)

// Env is the action's view of its surroundings.
type Env struct {
	Stdout io.Writer // the job log: workflow commands and messages
	Stderr io.Writer // a final error line on exit 2 and 3
	// Getenv reads environment variables (INPUT_*, GITHUB_*, RUNNER_*).
	Getenv func(string) string
	// Now returns the current time (exception expiry, check run times).
	Now func() time.Time
	// HTTPClient sends GitHub API requests to GITHUB_API_URL; nil means a client with a timeout.
	HTTPClient *http.Client
	// Git runs git; nil means the git binary found on PATH outside the workspace (LookGit), run with GitEnv.
	Git Git
	// Sleep waits between API retries; nil means a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// ToolVersion is recorded in reports and part of the base cache key.
	ToolVersion string
	// TempDir holds the base commit's tree while it is scanned; "" means RUNNER_TEMP, else the system's.
	TempDir string
	// Online is the base of the gate's network lookups (license registries, deps.dev, Scorecard): endpoints,
	// Offline, NoRegistries. Unset fields are filled in: HTTPClient and Now from this Env, CacheDir under the
	// cache-dir input, ScorecardAPI from the scorecard-api input, the Go proxy from GOPROXY, GONOPROXY and
	// GOPRIVATE. The zero value looks up the public services.
	Online gate.Online

	// hooks inject failures in the package's tests; nil otherwise.
	hooks *hooks
}

func (env Env) withDefaults() Env {
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.ToolVersion == "" {
		env.ToolVersion = "devel"
	}
	if env.TempDir == "" {
		env.TempDir = existingDir(env.Getenv("RUNNER_TEMP"))
	}
	return env
}

func existingDir(p string) string {
	if p == "" {
		return ""
	}
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		return p
	}
	return ""
}

// Main runs the action and returns the process exit code.
func Main(ctx context.Context, env Env) int {
	env = env.withDefaults()
	s := &session{env: env, log: newLogger(env.Stdout)}
	code := s.main(ctx)
	if code == ExitUsage || code == ExitBroken {
		fmt.Fprintf(env.Stderr, "ospo-gate: exiting with code %d: %s\n", code, s.failure)
	}
	return code
}
