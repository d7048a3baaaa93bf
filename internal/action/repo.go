package action

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// repo runs git in the workspace. Every command trusts the workspace explicitly (safe.directory: the checkout
// is often owned by another user than the container's) and turns off what could run a program configured in
// the repository (fsmonitor) or rewrite content (external diff, textconv).
type repo struct {
	git Git
	dir string
}

// maxGitOutput bounds the output kept of commands read into memory.
const maxGitOutput = 64 << 20

func (r repo) args(args []string) []string {
	return append([]string{"-c", "safe.directory=" + r.dir, "-c", "core.fsmonitor=false", "-c", "core.quotePath=false"}, args...)
}

func (r repo) run(ctx context.Context, stdout io.Writer, args ...string) error {
	return r.git.Run(ctx, r.dir, stdout, r.args(args)...)
}

// output runs git and returns its standard output, which must fit in max bytes.
func (r repo) output(ctx context.Context, max int, args ...string) ([]byte, error) {
	var out capBuffer
	out.max = max
	err := r.run(ctx, &out, args...)
	if out.over {
		return nil, fmt.Errorf("git %s: output exceeds %d bytes", firstArg(args), max)
	}
	return out.Bytes(), err
}

func (r repo) line(ctx context.Context, args ...string) (string, error) {
	b, err := r.output(ctx, 1<<20, args...)
	return strings.TrimSpace(string(b)), err
}

// head returns the commit checked out in the workspace.
func (r repo) head(ctx context.Context) (string, error) {
	return r.line(ctx, "rev-parse", "--verify", "HEAD^{commit}")
}

// hasCommit reports whether the commit's object is present.
func (r repo) hasCommit(ctx context.Context, sha string) bool {
	return r.run(ctx, nil, "cat-file", "-e", sha+"^{commit}") == nil
}

// ensureCommit fetches sha from origin when a shallow checkout lacks it.
func (r repo) ensureCommit(ctx context.Context, sha string) (fetched bool, err error) {
	if r.hasCommit(ctx, sha) {
		return false, nil
	}
	err = r.run(ctx, nil, "fetch", "--depth=1", "--no-tags", "--no-recurse-submodules", "--no-write-fetch-head", "origin", sha)
	if err != nil {
		return false, fmt.Errorf("fetching the base commit %s from origin: %w", short(sha), err)
	}
	if !r.hasCommit(ctx, sha) {
		return true, fmt.Errorf("the base commit %s is still missing after fetching it", short(sha))
	}
	return true, nil
}

// parents returns a commit's parents as recorded in the commit object, which a shallow clone keeps even when
// the parents themselves were not fetched.
func (r repo) parents(ctx context.Context, sha string) ([]string, error) {
	b, err := r.output(ctx, 1<<20, "cat-file", "commit", sha)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" {
			break // end of the header
		}
		if p, ok := strings.CutPrefix(line, "parent "); ok {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out, nil
}

// mergeBase returns the best common ancestor of a and b, or "" when history is too shallow to tell.
func (r repo) mergeBase(ctx context.Context, a, b string) string {
	s, err := r.line(ctx, "merge-base", a, b)
	if err != nil {
		return ""
	}
	return s
}

// changedFiles lists the paths under sub that differ between commit base and the work tree (committed or not),
// and the untracked files that are not ignored: everything a scan of the work tree could see differently.
func (r repo) changedFiles(ctx context.Context, base, sub string) ([]string, error) {
	diff, err := r.output(ctx, maxGitOutput, "diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", base, "--", sub)
	if err != nil {
		return nil, fmt.Errorf("listing the files changed since %s: %w", short(base), err)
	}
	untracked, err := r.output(ctx, maxGitOutput, "ls-files", "-z", "--others", "--exclude-standard", "--", sub)
	if err != nil {
		return nil, fmt.Errorf("listing untracked files: %w", err)
	}
	var out []string
	for _, b := range [][]byte{diff, untracked} {
		for _, p := range bytes.Split(b, []byte{0}) {
			if len(p) > 0 {
				out = append(out, string(p))
			}
		}
	}
	return out, nil
}

// blob reads path at commit sha; ok is false when the commit has no such file.
func (r repo) blob(ctx context.Context, sha, path string, max int) (data []byte, ok bool, err error) {
	spec := sha + ":" + path
	typ, err := r.line(ctx, "cat-file", "-t", spec)
	if err != nil {
		return nil, false, nil // no such path at that commit
	}
	if typ != "blob" {
		return nil, false, fmt.Errorf("%s at %s is a %s, not a file", path, short(sha), typ)
	}
	b, err := r.output(ctx, max, "cat-file", "blob", spec)
	if err != nil {
		return nil, false, err
	}
	return b, true, nil
}

// hasPath reports whether commit sha has path (a file or a directory).
func (r repo) hasPath(ctx context.Context, sha, path string) bool {
	if path == "." || path == "" {
		return true
	}
	return r.run(ctx, nil, "cat-file", "-e", sha+":"+path) == nil
}

// archive writes a tar of commit sha, limited to sub, to w.
func (r repo) archive(ctx context.Context, sha, sub string, w io.Writer) error {
	args := []string{"archive", "--format=tar", sha}
	if sub != "." && sub != "" {
		args = append(args, "--", sub)
	}
	return r.run(ctx, w, args...)
}

// capBuffer keeps at most max bytes and remembers whether more came.
type capBuffer struct {
	bytes.Buffer
	max  int
	over bool
}

func (b *capBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.max {
		b.over = true
		return 0, errors.New("output too large")
	}
	return b.Buffer.Write(p)
}

// short abbreviates a commit SHA for messages.
func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
