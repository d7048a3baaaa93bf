package hostile

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/cli"
)

// boundedTime is the longest a single hostile input may take.
const boundedTime = 30 * time.Second

// nested returns depth levels of JSON arrays (also a YAML flow sequence).
func nested(depth int) string {
	return strings.Repeat("[", depth) + strings.Repeat("]", depth)
}

// TestDeepNesting scans a 10,000-deep package-lock.json and loads a 10,000-deep policy: both end in bounded
// time with the file named, never a crash.
func TestDeepNesting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		lock   string
		policy string
		codes  []int
		want   string // in stdout or stderr
	}{
		{
			name:  "package-lock.json",
			lock:  `{"name": "deep", "lockfileVersion": 3, "packages": {"": {"name": "deep", "version": "1.0.0"}}, "x": ` + nested(10000) + "}\n",
			codes: []int{cli.ExitPass, cli.ExitFail, cli.ExitBroken},
			want:  "package-lock.json",
		},
		{
			name:   "policy",
			lock:   lockWith("left-pad", "MIT"),
			policy: "licenses:\n  allow: " + nested(10000) + "\n",
			codes:  []int{cli.ExitUsage},
			want:   "policy.yaml",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			writeFile(t, root, "package-lock.json", tt.lock)
			args := []string{"check", "--offline"}
			if tt.policy != "" {
				pol := filepath.Join(t.TempDir(), "policy.yaml")
				if err := os.WriteFile(pol, []byte(tt.policy), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--policy", pol)
			}
			r := run(t, boundedTime, append(args, root)...)
			wantCode(t, r, tt.codes...)
			if !strings.Contains(r.stdout+r.stderr, tt.want) {
				t.Errorf("the problem does not name %s\nstdout: %s\nstderr: %s", tt.want, r.stdout, r.stderr)
			}
			if r.elapsed > boundedTime {
				t.Errorf("took %v, over %v", r.elapsed, boundedTime)
			}
		})
	}
}

// TestAliasBombPolicy loads a "billion laughs" policy (9^9 expanded values): it is refused at once, with the
// line and column of the first alias.
func TestAliasBombPolicy(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFile(t, root, "package-lock.json", lockWith("left-pad", "MIT"))
	r := run(t, boundedTime, "check", "--offline", "--policy", fixtures+"/alias-bomb.yaml", root)
	wantCode(t, r, cli.ExitUsage)
	if !strings.Contains(r.stderr, "alias-bomb.yaml:3:") || !strings.Contains(r.stderr, "alias") {
		t.Errorf("the error does not name the alias and its line:\n%s", r.stderr)
	}
	if r.elapsed > boundedTime {
		t.Errorf("took %v, over %v", r.elapsed, boundedTime)
	}
}

// bigLockPackages is how many packages the big lockfile declares (about 200 MB).
const bigLockPackages = 1_000_000

// writeBigLock writes a package-lock.json of n packages, each padded to about 200 bytes, and returns its size.
func writeBigLock(path string, n int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprint(w, `{"name": "big", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": {`+"\n"+
		`  "": {"name": "big", "version": "1.0.0", "license": "MIT"}`)
	for i := range n {
		fmt.Fprintf(w, ",\n  \"node_modules/pkg-%07d\": {\"version\": \"1.0.%d\", \"resolved\": \"https://registry.npm.example/pkg-%07d/-/pkg-%07d-1.0.%d.tgz\", \"integrity\": \"sha512-%s\", \"license\": \"MIT\"}",
			i, i%100, i, i, i%100, strings.Repeat("A", 40))
	}
	fmt.Fprint(w, "\n}}\n")
	if err := w.Flush(); err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), f.Close()
}
