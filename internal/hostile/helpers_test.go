package hostile

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/cli"
)

// fixtures is the committed hostile fixtures directory, relative to this package.
const fixtures = "../../testdata/hostile"

// fixedNow is the day every run is judged on.
var fixedNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// result is what one in-process run produced.
type result struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
}

// run executes the CLI with args, bounded by limit, and fails the test if it does not return in time.
func run(t *testing.T, limit time.Duration, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	start := time.Now()
	go func() {
		done <- cli.Main(ctx, args, cli.Env{
			Stdout: &out, Stderr: &errb,
			Getenv:     func(string) string { return "" },
			Now:        func() time.Time { return fixedNow },
			Dir:        ".",
			HTTPClient: loopbackOnly,
		})
	}()
	select {
	case code := <-done:
		return result{code, out.String(), errb.String(), time.Since(start)}
	case <-time.After(limit + 5*time.Second):
		t.Fatalf("ospo-gate %v did not return within %v of its deadline", args, limit)
		return result{}
	}
}

// loopbackOnly refuses every request that does not go to this machine: tests never touch the internet.
var loopbackOnly = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
	if h := r.URL.Hostname(); h != "127.0.0.1" && h != "localhost" && h != "::1" {
		return nil, fmt.Errorf("test transport: %s is not on loopback", r.URL.Host)
	}
	return http.DefaultTransport.RoundTrip(r)
})}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// writeFile creates dir/rel with content, making parent directories.
func writeFile(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// symlink creates the link dir/rel pointing at target, skipping the test where symlinks are unavailable.
func symlink(t *testing.T, target, dir, rel string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
}

// commandLines returns the lines of s that a GitHub runner would take as workflow commands.
func commandLines(s string) []string {
	var out []string
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if strings.HasPrefix(strings.TrimSpace(line), "::") {
			out = append(out, line)
		}
	}
	return out
}

// wantCode fails the test unless r ended with one of the codes.
func wantCode(t *testing.T, r result, codes ...int) {
	t.Helper()
	for _, c := range codes {
		if r.code == c {
			return
		}
	}
	t.Fatalf("exit %d, want one of %v\nstderr: %s\nstdout: %.2000s", r.code, codes, r.stderr, r.stdout)
}
