package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestOnlineLicenses resolves a license the tree does not carry through fake deps.dev and npm registry servers,
// then again from the cache without a request.
func TestOnlineLicenses(t *testing.T) {
	t.Parallel()
	var requests atomic.Int64
	depsdev := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		http.Error(w, `{"code":5,"message":"version not found"}`, http.StatusNotFound)
	}))
	defer depsdev.Close()
	npm := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path != "/mystery-lib/0.1.2" {
			http.NotFound(w, r)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"name": "mystery-lib", "version": "0.1.2", "license": "BSD-2-Clause"})
	}))
	defer npm.Close()
	cache := t.TempDir()
	args := []string{"check", "--format", "json", "--cache-dir", cache, "--deps-dev-api", depsdev.URL,
		"--registry", "npm=" + npm.URL, "testdata/examples/npm-fail"}
	r := runWith(t, loopbackOnly, args...)
	if r.code != ExitFail {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	validateReport(t, r.stdout)
	if !strings.Contains(r.stdout, `"source": "registry"`) || strings.Contains(r.stdout, `"rule": "license/unknown"`) {
		t.Fatalf("mystery-lib was not resolved online:\n%s", r.stdout)
	}
	first := requests.Load()
	if first == 0 {
		t.Fatal("no request reached the fakes")
	}
	r = runWith(t, loopbackOnly, args...)
	if r.code != ExitFail || requests.Load() != first || !strings.Contains(r.stdout, `"source": "registry"`) {
		t.Fatalf("second run: exit %d, %d new requests", r.code, requests.Load()-first)
	}
}
