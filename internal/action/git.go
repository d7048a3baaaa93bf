package action

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Git runs git commands. ExecGit runs the git binary; tests use it on temporary repositories.
type Git interface {
	// Run runs git with args in dir, copying its standard output to stdout (which may be nil). A failure's
	// error carries what git printed on standard error.
	Run(ctx context.Context, dir string, stdout io.Writer, args ...string) error
}

// ExecGit runs the git binary at Path with environment Env.
type ExecGit struct {
	// Path is the absolute path of git (see LookGit).
	Path string
	// Env is git's whole environment.
	Env []string
}

// maxGitStderr bounds what is kept of git's standard error.
const maxGitStderr = 8 << 10

// Run implements Git.
func (g ExecGit) Run(ctx context.Context, dir string, stdout io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, g.Path, args...)
	cmd.Dir = dir
	cmd.Env = g.Env
	cmd.Stdout = stdout
	var stderr limitedBuffer
	stderr.max = maxGitStderr
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			return fmt.Errorf("git %s: %w", firstArg(args), err)
		}
		return fmt.Errorf("git %s: %w: %s", firstArg(args), err, msg)
	}
	return nil
}

// firstArg names the git subcommand, skipping -c options.
func firstArg(args []string) string {
	for i := 0; i < len(args); i++ {
		if args[i] == "-c" {
			i++
			continue
		}
		return args[i]
	}
	return ""
}

// LookGit finds the git binary in pathList (a PATH value). It skips relative directories and directories
// inside workspace, so that a repository under review can never supply the git the gate runs.
func LookGit(pathList, workspace string) (string, error) {
	ws := ""
	if workspace != "" {
		ws, _ = filepath.Abs(workspace)
	}
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" || !filepath.IsAbs(dir) || (ws != "" && within(ws, dir)) {
			continue
		}
		p := filepath.Join(dir, "git")
		st, err := os.Stat(p)
		if err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			continue
		}
		if real, err := filepath.EvalSymlinks(p); err == nil && ws != "" && within(ws, real) {
			continue
		}
		return p, nil
	}
	return "", errors.New("git was not found on PATH (outside the workspace); the diff gate needs it")
}

// within reports whether p is root or inside it.
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// GitEnv builds git's environment from the process's: what git needs to find its configuration, reach a
// remote through a proxy and trust a custom CA, with prompts off and messages in English.
func GitEnv(getenv func(string) string) []string {
	env := []string{"GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "GIT_PROTOCOL_FROM_USER=0"}
	for _, k := range []string{"PATH", "HOME", "XDG_CONFIG_HOME", "TMPDIR", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR", "GIT_SSL_CAINFO"} {
		if v := getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		if len(p) > room {
			b.Buffer.Write(p[:room])
		} else {
			b.Buffer.Write(p)
		}
	}
	return len(p), nil
}
