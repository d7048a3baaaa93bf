package action

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/policy"
)

// maxPolicyBytes bounds a policy file read from the tree or from git (policy.Parse enforces its own limit too).
const maxPolicyBytes = 1 << 20

// policyChoice is the policy that judges the run, and where it came from.
type policyChoice struct {
	Policy *policy.Policy
	// Path names the policy in findings and the summary: repository-relative, an absolute path outside the
	// repository, or policy.EmbeddedName.
	Path string
	// InRepo is set when Path is a file of the repository (annotations may point at it).
	InRepo   bool
	Embedded bool
	// Commit is the commit the policy was read from on pull requests and merge groups; "" means the
	// workspace, or a file outside the repository.
	Commit string
	// Data is the policy text (the embedded one when Embedded): part of the base cache key.
	Data []byte
	// Edited is set when the change under review edits, adds or removes the policy file.
	Edited bool
	// HeadErr is set when the change's own version of the policy does not parse.
	HeadErr error
}

// choosePolicy loads the policy. On pull requests and merge groups it is read from the base commit (trusted),
// never from the change under review, so a pull request cannot weaken the gate that judges it; the change's
// own version is only compared, to say whether the change edits it. Elsewhere it is read from the workspace.
// A policy path outside the repository (an absolute path, e.g. a separate checkout of a central policy) is
// read as is. Errors are usage errors (exit 2) when the policy is missing or invalid.
func choosePolicy(ctx context.Context, r repo, in Inputs, ev *Event, trusted string) (*policyChoice, error) {
	explicit := in.Policy != ""
	p := in.Policy
	if !explicit {
		p = policy.DefaultPath
	}
	if filepath.IsAbs(p) {
		if !within(r.dir, p) {
			return outsidePolicy(p)
		}
		rel, _ := filepath.Rel(r.dir, p)
		p = rel
	}
	rel := path.Clean(filepath.ToSlash(p))
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return nil, usageErrorf("input policy: %q is outside the repository; give an absolute path for a policy kept elsewhere", in.Policy)
	}
	head, headOK, err := readTreeFile(r.dir, rel)
	if err != nil {
		return nil, usageErrorf("reading the policy %s: %v", rel, err)
	}
	c := &policyChoice{Path: rel, InRepo: true}
	data, ok := head, headOK
	if ev.PRLike() {
		data, ok, err = r.blob(ctx, trusted, rel, maxPolicyBytes)
		if err != nil {
			return nil, fmt.Errorf("reading the policy %s from the base commit %s: %w", rel, short(trusted), err)
		}
		c.Commit = trusted
		c.Edited = ok != headOK || !bytes.Equal(data, head)
		if c.Edited && headOK {
			if _, perr := policy.Parse(rel, head); perr != nil {
				c.HeadErr = perr
			}
		}
	}
	switch {
	case ok:
		return c.parse(data)
	case explicit && !headOK:
		return nil, usageErrorf("the policy file %s does not exist", rel)
	}
	// No policy at the trusted commit (or none at all): the embedded default judges; a pull request that
	// adds one is told it applies once merged.
	c.Policy, c.Path, c.InRepo, c.Embedded, c.Data = policy.Default(), policy.EmbeddedName, false, true, policy.DefaultYAML()
	return c, nil
}

func (c *policyChoice) parse(data []byte) (*policyChoice, error) {
	p, err := policy.Parse(c.Path, data)
	if err != nil {
		where := ""
		if c.Commit != "" {
			where = fmt.Sprintf(" (read from the base commit %s)", short(c.Commit))
		}
		return nil, usageErrorf("invalid policy%s:\n%v", where, err)
	}
	c.Policy, c.Data = p, data
	return c, nil
}

// outsidePolicy reads a policy kept outside the repository.
func outsidePolicy(p string) (*policyChoice, error) {
	data, err := readRegular(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usageErrorf("the policy file %s does not exist", p)
		}
		return nil, usageErrorf("reading the policy %s: %v", p, err)
	}
	c := &policyChoice{Path: p}
	return c.parse(data)
}

// readTreeFile reads rel inside root; ok is false when it does not exist.
func readTreeFile(root, rel string) (data []byte, ok bool, err error) {
	data, err = readRegular(filepath.Join(root, filepath.FromSlash(rel)))
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	return data, err == nil, err
}

// readRegular reads a regular file (not through a symbolic link) of at most maxPolicyBytes.
func readRegular(p string) ([]byte, error) {
	st, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPolicyBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxPolicyBytes {
		return nil, fmt.Errorf("%s is larger than %d bytes", p, maxPolicyBytes)
	}
	return data, nil
}
