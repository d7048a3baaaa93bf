package registry

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// mitText is the MIT license as projects ship it.
const mitText = `MIT License

Copyright (c) 2019 The Example Authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fakeServer is an in-process registry answering fixed routes keyed by the
// raw request URI (so that lost escaping fails the test); other paths get
// 404.
type fakeServer struct {
	*httptest.Server
	requests atomic.Int64
	mu       sync.Mutex
	routes   map[string]http.HandlerFunc
	fallback http.HandlerFunc // for other paths; nil means 404
	seen     []string
}

func newFake(t testing.TB) *fakeServer {
	t.Helper()
	f := &fakeServer{routes: map[string]http.HandlerFunc{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeServer) serve(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	f.mu.Lock()
	f.seen = append(f.seen, r.RequestURI)
	h, ok := f.routes[r.RequestURI]
	if !ok && f.fallback != nil {
		h, ok = f.fallback, true
	}
	f.mu.Unlock()
	if !ok {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	h(w, r)
}

// handle sets the handler of a raw request URI.
func (f *fakeServer) handle(uri string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[uri] = h
}

// setFallback answers every path without a route with h.
func (f *fakeServer) setFallback(h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fallback = h
}

func (f *fakeServer) saw(uri string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.seen {
		if s == uri {
			return true
		}
	}
	return false
}

func body(contentType string, b []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(b)
	}
}

func jsonBody(s string) http.HandlerFunc { return body("application/json", []byte(s)) }

func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if code == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "0")
		}
		http.Error(w, http.StatusText(code), code)
	}
}

// hang answers only when the client gives up.
func hang(w http.ResponseWriter, r *http.Request) {
	<-r.Context().Done()
}

// world is a set of fake registries with realistic answers.
type world struct {
	depsdev, npm, proxy, proxy2, pypi, crates, maven *fakeServer
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{
		depsdev: newFake(t), npm: newFake(t), proxy: newFake(t), proxy2: newFake(t),
		pypi: newFake(t), crates: newFake(t), maven: newFake(t),
	}
	w.seedNPM(t)
	w.seedPyPI(t)
	w.seedCrates(t)
	w.seedMaven(t)
	w.seedProxy(t)
	return w
}

func (w *world) seedNPM(t testing.TB) {
	for uri, file := range map[string]string{
		"/lodash/4.17.21":       "npm/lodash@4.17.21.json",
		"/@babel%2Fcore/7.24.0": "npm/@babel+core@7.24.0.json",
		"/json-schema/0.2.3":    "npm/json-schema@0.2.3.json",
		"/pause-stream/0.0.11":  "npm/pause-stream@0.0.11.json",
		"/nopt/1.0.10":          "npm/nopt@1.0.10.json",
		"/cycle/1.0.3":          "npm/cycle@1.0.3.json",
	} {
		w.npm.handle(uri, body("application/json", readTestdata(t, file)))
	}
	w.npm.handle("/private-thing/1.0.0", jsonBody(`{"name":"private-thing","version":"1.0.0","license":"SEE LICENSE IN LICENSE.md"}`))
	w.npm.handle("/broken/1.0.0", jsonBody(`{"name":"broken","license":"MIT"`))
	w.npm.handle("/busy/1.0.0", status(http.StatusTooManyRequests))
	w.npm.handle("/slow/1.0.0", hang)
}

func (w *world) seedPyPI(t testing.TB) {
	for uri, file := range map[string]string{
		"/pypi/requests/2.31.0/json":        "pypi/requests-2.31.0.json",
		"/pypi/packaging/25.0/json":         "pypi/packaging-25.0.json",
		"/pypi/numpy/1.26.4/json":           "pypi/numpy-1.26.4.json",
		"/pypi/python-dateutil/2.8.2/json":  "pypi/python-dateutil-2.8.2.json",
		"/pypi/oldthing/0.1/json":           "pypi/oldthing-0.1.json",
		"/pypi/zope-interface/6.0/json":     "pypi/requests-2.31.0.json",
		"/pypi/ruamel-yaml-clib/0.2.8/json": "pypi/packaging-25.0.json",
	} {
		w.pypi.handle(uri, body("application/json", readTestdata(t, file)))
	}
	w.pypi.handle("/pypi/noinfo/1.0/json", jsonBody(`{"urls":[]}`))
}

func (w *world) seedCrates(t testing.TB) {
	for uri, file := range map[string]string{
		"/api/v1/crates/serde/1.0.197": "crates/serde-1.0.197.json",
		"/api/v1/crates/libc/0.1.10":   "crates/libc-0.1.10.json",
		"/api/v1/crates/ring/0.16.20":  "crates/ring-0.16.20.json",
	} {
		w.crates.handle(uri, body("application/json", readTestdata(t, file)))
	}
	w.crates.handle("/api/v1/crates/serde/9.9.9", func(rw http.ResponseWriter, _ *http.Request) {
		rw.WriteHeader(http.StatusNotFound)
		_, _ = rw.Write([]byte(`{"errors":[{"detail":"crate ` + "`serde`" + ` does not have a version ` + "`9.9.9`" + `"}]}`))
	})
}

func (w *world) seedMaven(t testing.TB) {
	root := filepath.Join("testdata", "maven")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		w.maven.handle("/maven2/"+filepath.ToSlash(rel), body("text/xml", readTestdata(t, "maven/"+filepath.ToSlash(rel))))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A parent chain that loops, and one deeper than the limit.
	loop := func(a, parent string) []byte {
		return []byte(`<project><groupId>org.loop</groupId><artifactId>` + a + `</artifactId><version>1</version>` +
			`<parent><groupId>org.loop</groupId><artifactId>` + parent + `</artifactId><version>1</version></parent></project>`)
	}
	w.maven.handle("/maven2/org/loop/a/1/a-1.pom", body("text/xml", loop("a", "b")))
	w.maven.handle("/maven2/org/loop/b/1/b-1.pom", body("text/xml", loop("b", "a")))
	w.maven.handle("/maven2/org/bad/notxml/1/notxml-1.pom", body("text/xml", []byte("<html><body>Error</body></html>")))
	w.maven.handle("/maven2/org/bad/orphan/1/orphan-1.pom", body("text/xml", loop("orphan", "missing")))
}

func (w *world) seedProxy(t testing.TB) {
	apache := string(readTestdata(t, "licenses/Apache-2.0.txt"))
	w.proxy.handle("/github.com/pkg/errors/@v/v0.9.1.zip", zipBody(moduleZip(t, "github.com/pkg/errors", "v0.9.1",
		map[string]string{"LICENSE": mitText, "errors.go": "package errors", "NOTICE": "Copyright notice of bundled code"})))
	w.proxy.handle("/github.com/!azure/go-autorest/@v/v14.2.0+incompatible.zip", zipBody(moduleZip(t,
		"github.com/Azure/go-autorest", "v14.2.0+incompatible", map[string]string{"LICENSE": apache, "autorest/x.go": "package autorest"})))
	w.proxy.handle("/example.com/dual/@v/v1.0.0.zip", zipBody(moduleZip(t, "example.com/dual", "v1.0.0",
		map[string]string{"LICENSE-MIT": mitText, "LICENSE-APACHE": apache, "sub/LICENSE": "GPL text in a subdirectory"})))
	w.proxy.handle("/example.com/nolicense/@v/v1.0.0.zip", zipBody(moduleZip(t, "example.com/nolicense", "v1.0.0",
		map[string]string{"main.go": "package main", "docs/LICENSE": mitText})))
	w.proxy.handle("/example.com/custom/@v/v1.0.0.zip", zipBody(moduleZip(t, "example.com/custom", "v1.0.0",
		map[string]string{"LICENSE": "You may use this only on Tuesdays."})))
	w.proxy.handle("/example.com/notzip/@v/v1.0.0.zip", zipBody([]byte("<html>proxy error page</html>")))
	w.proxy.handle("/example.com/flaky/@v/v1.0.0.zip", status(http.StatusBadGateway))
	w.proxy2.handle("/example.com/flaky/@v/v1.0.0.zip", zipBody(moduleZip(t, "example.com/flaky", "v1.0.0", map[string]string{"LICENSE": mitText})))
	w.proxy2.handle("/example.com/second/@v/v1.0.0.zip", zipBody(moduleZip(t, "example.com/second", "v1.0.0", map[string]string{"COPYING": mitText})))
}

func zipBody(b []byte) http.HandlerFunc { return body("application/zip", b) }

// zipEntry is one file of a test zip.
type zipEntry struct {
	name string
	body string
	mode os.FileMode // 0 means a regular 0644 file
}

// buildZip writes entries to a zip in order.
func buildZip(t testing.TB, entries []zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		h.SetMode(0o644)
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// moduleZip builds a module zip the way the go command lays it out.
func moduleZip(t testing.TB, module, version string, files map[string]string) []byte {
	t.Helper()
	var entries []zipEntry
	for name, b := range files {
		entries = append(entries, zipEntry{name: module + "@" + version + "/" + name, body: b})
	}
	return buildZip(t, entries)
}

// depsDevBody is a GetVersion answer with the given licenses.
func depsDevBody(system, name, version string, licenses ...string) http.HandlerFunc {
	q := make([]string, len(licenses))
	for i, l := range licenses {
		q[i] = `"` + l + `"`
	}
	return jsonBody(`{"versionKey":{"system":"` + strings.ToUpper(system) + `","name":"` + name + `","version":"` + version +
		`"},"publishedAt":"2021-02-20T15:42:16Z","isDefault":false,"licenses":[` + strings.Join(q, ",") +
		`],"advisoryKeys":[],"links":[{"label":"SOURCE_REPO","url":"https://github.com/example/x"}],"slsaProvenances":[],` +
		`"registries":[],"relatedProjects":[]}`)
}

// options tweak the resolver a test builds.
type options struct {
	cache   *fetch.Cache
	offline bool
	timeout time.Duration // per attempt; 0 means 5s
	mutate  func(*Config)
}

// resolver builds a resolver whose base URLs point at w's servers.
func (w *world) resolver(t testing.TB, o options) (*Resolver, *fetch.Client) {
	t.Helper()
	cfg := Config{
		DepsDevURL: w.depsdev.URL, NPMURL: w.npm.URL, PyPIURL: w.pypi.URL, CratesURL: w.crates.URL,
		MavenURL: w.maven.URL + "/maven2/", GoProxy: w.proxy.URL, Cache: o.cache,
	}
	if o.mutate != nil {
		o.mutate(&cfg)
	}
	hosts, err := cfg.AllowedHosts()
	if err != nil {
		t.Fatal(err)
	}
	fc := fetch.Config{
		AllowedHosts: hosts, Cache: o.cache, Offline: o.offline, MaxAttempts: 2, Timeout: o.timeout,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	}
	if fc.Timeout == 0 {
		fc.Timeout = 5 * time.Second
	}
	f, err := fetch.New(fc)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Fetch = f
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r, f
}
