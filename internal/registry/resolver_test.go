package registry

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
	"github.com/ospo-gate/ospo-gate/internal/licenses"
)

// want describes the expected result of one package.
type want struct {
	outcome Outcome
	source  Source
	expr    string          // License.Expression
	status  licenses.Status // checked when outcome is Found
	reason  fetch.Reason    // reason of the last attempt, when set
	note    string          // substring of Note
	files   string          // Files joined by ","
	tried   string          // sources tried, joined by ","
}

func checkResult(t *testing.T, got Result, w want) {
	t.Helper()
	if got.Outcome != w.outcome {
		t.Fatalf("outcome %v, want %v (note %q, err %v, tried %+v)", got.Outcome, w.outcome, got.Note, got.Err, got.Tried)
	}
	if got.Source != w.source {
		t.Errorf("source %q, want %q", got.Source, w.source)
	}
	if got.License.Expression != w.expr {
		t.Errorf("expression %q, want %q (values %q, note %q)", got.License.Expression, w.expr, got.Values, got.License.Note)
	}
	if w.outcome == Found && got.License.Status != w.status {
		t.Errorf("status %v, want %v", got.License.Status, w.status)
	}
	if w.outcome == Found && (len(got.Values) == 0 || got.Evidence == "") {
		t.Errorf("found without values or evidence: %+v", got)
	}
	if w.reason != "" {
		if last := got.Tried[len(got.Tried)-1]; last.Reason != w.reason {
			t.Errorf("last reason %q, want %q (%v)", last.Reason, w.reason, last.Err)
		}
	}
	if !strings.Contains(got.Note, w.note) {
		t.Errorf("note %q, want it to contain %q", got.Note, w.note)
	}
	if files := strings.Join(got.Files, ","); files != w.files {
		t.Errorf("files %q, want %q", files, w.files)
	}
	var tried []string
	for _, a := range got.Tried {
		tried = append(tried, string(a.Source))
	}
	if s := strings.Join(tried, ","); s != w.tried {
		t.Errorf("tried %q, want %q", s, w.tried)
	}
	if got.Outcome == Unavailable && got.Err == nil {
		t.Error("unavailable without an error")
	}
}

func TestResolveSources(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.depsdev.handle("/v3/systems/npm/packages/lodash/versions/4.17.21", depsDevBody("npm", "lodash", "4.17.21", "MIT"))
	w.depsdev.handle("/v3/systems/npm/packages/private-thing/versions/1.0.0", depsDevBody("npm", "private-thing", "1.0.0", "non-standard"))
	w.depsdev.handle("/v3/systems/npm/packages/pause-stream/versions/0.0.11", status(http.StatusTooManyRequests))
	w.depsdev.handle("/v3/systems/go/packages/github.com%2Fpkg%2Ferrors/versions/v0.9.1", depsDevBody("go", "github.com/pkg/errors", "v0.9.1"))
	w.depsdev.handle("/v3/systems/cargo/packages/serde/versions/1.0.197", depsDevBody("cargo", "serde", "1.0.197", "MIT", "Apache-2.0"))
	w.depsdev.handle("/v3/systems/nuget/packages/Newtonsoft.Json/versions/13.0.3", depsDevBody("nuget", "Newtonsoft.Json", "13.0.3", "MIT"))
	w.depsdev.handle("/v3/systems/maven/packages/junit%3Ajunit/versions/4.13.2", jsonBody(`{"licenses":["EPL-1.0"`))
	w.depsdev.handle("/v3/systems/pypi/packages/zope-interface/versions/6.0", depsDevBody("pypi", "zope-interface", "6.0", "ZPL-2.1"))
	r, _ := w.resolver(t, options{})

	tests := []struct {
		name string
		pkg  Package
		want want
	}{
		{"deps.dev answers", Package{PURL: "pkg:npm/lodash@4.17.21"},
			want{outcome: Found, source: SourceDepsDev, expr: "MIT", status: licenses.Valid, tried: "deps.dev"}},
		{"deps.dev lists several licenses: all apply", Package{PURL: "pkg:cargo/serde@1.0.197"},
			want{outcome: Found, source: SourceDepsDev, expr: "MIT AND Apache-2.0", status: licenses.Valid, tried: "deps.dev"}},
		{"deps.dev PyPI names are PEP 503 normalised", Package{PURL: "pkg:pypi/Zope.Interface@6.0"},
			want{outcome: Found, source: SourceDepsDev, expr: "ZPL-2.1", status: licenses.Valid, tried: "deps.dev"}},
		{"npm registry after deps.dev 404, scoped name", Package{PURL: "pkg:npm/%40babel/core@7.24.0"},
			want{outcome: Found, source: SourceNPM, expr: "MIT", status: licenses.Valid, tried: "deps.dev,npm-registry"}},
		{"npm registry after deps.dev 429", Package{PURL: "pkg:npm/pause-stream@0.0.11"},
			want{outcome: Found, source: SourceNPM, expr: "MIT AND Apache-2.0", status: licenses.Valid, tried: "deps.dev,npm-registry"}},
		{"npm legacy licenses array", Package{Type: "npm", Name: "json-schema", Version: "0.2.3"},
			want{outcome: Found, source: SourceNPM, expr: "AFL-2.1 AND LicenseRef-ospo-gate-BSD-unspecified", status: licenses.Valid, tried: "deps.dev,npm-registry"}},
		{"npm legacy license object", Package{PURL: "pkg:npm/nopt@1.0.10"},
			want{outcome: Found, source: SourceNPM, expr: "MIT", status: licenses.Valid, tried: "deps.dev,npm-registry"}},
		{"non-standard on deps.dev, SEE LICENSE IN on npm", Package{PURL: "pkg:npm/private-thing@1.0.0"},
			want{outcome: Found, source: SourceNPM, status: licenses.Unknown, tried: "deps.dev,npm-registry"}},
		{"npm document without license", Package{PURL: "pkg:npm/cycle@1.0.3"},
			want{outcome: NotFound, note: "declares no license", tried: "deps.dev,npm-registry"}},
		{"unknown everywhere", Package{PURL: "pkg:npm/nope@0.0.1"},
			want{outcome: NotFound, note: "not in the npm registry", tried: "deps.dev,npm-registry"}},
		{"malformed registry answer", Package{PURL: "pkg:npm/broken@1.0.0"},
			want{outcome: Unavailable, reason: fetch.ReasonMalformed, tried: "deps.dev,npm-registry"}},
		{"rate limited registry", Package{PURL: "pkg:npm/busy@1.0.0"},
			want{outcome: Unavailable, reason: fetch.ReasonRateLimited, tried: "deps.dev,npm-registry"}},
		{"go proxy zip after deps.dev lists nothing", Package{PURL: "pkg:golang/github.com/pkg/errors@v0.9.1"},
			want{outcome: Found, source: SourceGoProxy, expr: "MIT", status: licenses.Valid, files: "LICENSE", tried: "deps.dev,go-proxy"}},
		{"go module path case-escaped", Package{PURL: "pkg:golang/github.com/Azure/go-autorest@v14.2.0%2Bincompatible"},
			want{outcome: Found, source: SourceGoProxy, expr: "Apache-2.0", status: licenses.Valid, files: "LICENSE", tried: "deps.dev,go-proxy"}},
		{"go module with two root license files", Package{Type: "go-module", Name: "example.com/dual", Version: "v1.0.0"},
			want{outcome: Found, source: SourceGoProxy, expr: "Apache-2.0 AND MIT", status: licenses.Valid, files: "LICENSE-APACHE,LICENSE-MIT", tried: "deps.dev,go-proxy"}},
		{"go module without root license file", Package{PURL: "pkg:golang/example.com/nolicense@v1.0.0"},
			want{outcome: NotFound, note: "no license file at the module root", tried: "deps.dev,go-proxy"}},
		{"go module with an unrecognised license", Package{PURL: "pkg:golang/example.com/custom@v1.0.0"},
			want{outcome: NotFound, note: "not recognised in LICENSE", tried: "deps.dev,go-proxy"}},
		{"go proxy serves something that is not a zip", Package{PURL: "pkg:golang/example.com/notzip@v1.0.0"},
			want{outcome: Unavailable, reason: fetch.ReasonMalformed, tried: "deps.dev,go-proxy"}},
		{"go proxy 5xx with a comma list stops", Package{PURL: "pkg:golang/example.com/flaky@v1.0.0"},
			want{outcome: Unavailable, reason: fetch.ReasonServerError, tried: "deps.dev,go-proxy"}},
		{"PEP 639 license_expression", Package{PURL: "pkg:pypi/packaging@25.0"},
			want{outcome: Found, source: SourcePyPI, expr: "Apache-2.0 OR BSD-2-Clause", status: licenses.Valid, note: "license_expression", tried: "deps.dev,pypi"}},
		{"PyPI license field", Package{Type: "python", Name: "requests", Version: "2.31.0"},
			want{outcome: Found, source: SourcePyPI, expr: "Apache-2.0", status: licenses.Valid, note: "license field", tried: "deps.dev,pypi"}},
		{"PyPI license field holding a whole text", Package{PURL: "pkg:pypi/numpy@1.26.4"},
			want{outcome: Found, source: SourcePyPI, expr: "BSD-3-Clause", status: licenses.Valid, note: "classified", tried: "deps.dev,pypi"}},
		{"PyPI classifiers when the field names no license", Package{PURL: "pkg:pypi/python-dateutil@2.8.2"},
			want{outcome: Found, source: SourcePyPI, expr: "LicenseRef-ospo-gate-BSD-unspecified AND LicenseRef-ospo-gate-Apache-unspecified", status: licenses.Valid, note: "classifiers", tried: "deps.dev,pypi"}},
		{"PyPI UNKNOWN", Package{PURL: "pkg:pypi/oldthing@0.1"},
			want{outcome: NotFound, note: "declares no license", tried: "deps.dev,pypi"}},
		{"PyPI document without info", Package{PURL: "pkg:pypi/noinfo@1.0"},
			want{outcome: Unavailable, reason: fetch.ReasonMalformed, tried: "deps.dev,pypi"}},
		{"crates.io old slash means OR", Package{PURL: "pkg:cargo/libc@0.1.10"},
			want{outcome: Found, source: SourceCrates, expr: "MIT OR Apache-2.0", status: licenses.Valid, tried: "deps.dev,crates.io"}},
		{"crates.io license_file only", Package{Type: "rust-crate", Name: "ring", Version: "0.16.20"},
			want{outcome: NotFound, note: `only in the file "LICENSE"`, tried: "deps.dev,crates.io"}},
		{"crates.io 404 with a JSON error", Package{PURL: "pkg:cargo/serde@9.9.9"},
			want{outcome: NotFound, note: "not on crates.io", tried: "deps.dev,crates.io"}},
		{"POM licenses", Package{PURL: "pkg:maven/junit/junit@4.13.2"},
			want{outcome: Found, source: SourceMaven, expr: "EPL-1.0", status: licenses.Valid, tried: "deps.dev,maven-central"}},
		{"POM licenses two parents up", Package{PURL: "pkg:maven/org.apache.commons/commons-lang3@3.14.0"},
			want{outcome: Found, source: SourceMaven, expr: "Apache-2.0", status: licenses.Valid, note: "org.apache:apache:30", tried: "deps.dev,maven-central"}},
		{"POM licenses are a choice", Package{Type: "java-archive", Name: "logback-classic", Group: "ch.qos.logback", Version: "1.2.12"},
			want{outcome: Found, source: SourceMaven, expr: "EPL-1.0 OR LGPL-2.1-only", status: licenses.Valid, note: "inherited", tried: "deps.dev,maven-central"}},
		{"POM in Latin-1 with HTML entities", Package{Type: "maven", Name: "org.hibernate:hibernate-core", Version: "5.4.0.Final"},
			want{outcome: Found, source: SourceMaven, expr: "LGPL-2.1-or-later", status: licenses.Valid, tried: "deps.dev,maven-central"}},
		{"POM parent loop", Package{PURL: "pkg:maven/org.loop/a@1"},
			want{outcome: NotFound, note: "loops back to org.loop:a:1", tried: "deps.dev,maven-central"}},
		{"POM parent missing", Package{PURL: "pkg:maven/org.bad/orphan@1"},
			want{outcome: NotFound, note: "org.loop:missing:1 is not in the Maven repository", tried: "deps.dev,maven-central"}},
		{"POM that is not a POM", Package{PURL: "pkg:maven/org.bad/notxml@1"},
			want{outcome: Unavailable, reason: fetch.ReasonMalformed, tried: "deps.dev,maven-central"}},
		{"nuget is deps.dev only", Package{PURL: "pkg:nuget/Newtonsoft.Json@13.0.3"},
			want{outcome: Found, source: SourceDepsDev, expr: "MIT", status: licenses.Valid, tried: "deps.dev"}},
		{"nuget unknown to deps.dev", Package{PURL: "pkg:nuget/Nope@1.0.0"},
			want{outcome: NotFound, note: "not known to deps.dev", tried: "deps.dev"}},
		{"gem has no online source", Package{PURL: "pkg:gem/rails@7.1.0"},
			want{outcome: Skipped, note: "no online license source"}},
		{"no version", Package{PURL: "pkg:npm/lodash"},
			want{outcome: Skipped, note: "no version"}},
		{"hostile name", Package{Type: "npm", Name: "../../etc/passwd", Version: "1.0.0"},
			want{outcome: Skipped, note: "not a valid npm package name"}},
		{"hostile version", Package{Type: "npm", Name: "lodash", Version: "1.0.0/../../x"},
			want{outcome: Skipped, note: "not a plain version"}},
		{"invalid purl", Package{PURL: "pkg:npm/a%zz@1"},
			want{outcome: Skipped, note: "invalid URL escape"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := r.ResolveOne(context.Background(), tc.pkg)
			checkResult(t, got, tc.want)
			if got.Package != tc.pkg {
				t.Errorf("package %+v, want %+v", got.Package, tc.pkg)
			}
		})
	}
}

func TestRequestsCarryOnlyNamesAndVersions(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	r, _ := w.resolver(t, options{})
	r.Resolve(context.Background(), []Package{
		{PURL: "pkg:npm/%40babel/core@7.24.0"},
		{PURL: "pkg:golang/github.com/Azure/go-autorest@v14.2.0+incompatible"},
		{PURL: "pkg:pypi/Zope.Interface@6.0"},
		{PURL: "pkg:maven/org.apache.commons/commons-lang3@3.14.0"},
	})
	for _, tc := range []struct {
		srv *fakeServer
		uri string
	}{
		{w.depsdev, "/v3/systems/npm/packages/%40babel%2Fcore/versions/7.24.0"},
		{w.npm, "/@babel%2Fcore/7.24.0"},
		{w.depsdev, "/v3/systems/go/packages/github.com%2FAzure%2Fgo-autorest/versions/v14.2.0%2Bincompatible"},
		{w.proxy, "/github.com/!azure/go-autorest/@v/v14.2.0+incompatible.zip"},
		{w.pypi, "/pypi/zope-interface/6.0/json"},
		{w.maven, "/maven2/org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.pom"},
		{w.maven, "/maven2/org/apache/commons/commons-parent/64/commons-parent-64.pom"},
		{w.maven, "/maven2/org/apache/apache/30/apache-30.pom"},
	} {
		if !tc.srv.saw(tc.uri) {
			t.Errorf("no request for %s; saw %q", tc.uri, tc.srv.seen)
		}
	}
}

func TestGoProxyList(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	tests := []struct {
		name  string
		proxy string
		pkg   string
		want  want
	}{
		{"comma falls through on 404", w.proxy.URL + "," + w.proxy2.URL, "pkg:golang/example.com/second@v1.0.0",
			want{outcome: Found, source: SourceGoProxy, expr: "MIT", status: licenses.Valid, files: "COPYING", tried: "go-proxy"}},
		{"pipe falls through on 5xx", w.proxy.URL + "|" + w.proxy2.URL, "pkg:golang/example.com/flaky@v1.0.0",
			want{outcome: Found, source: SourceGoProxy, expr: "MIT", status: licenses.Valid, files: "LICENSE", tried: "go-proxy"}},
		{"comma stops on 5xx", w.proxy.URL + "," + w.proxy2.URL, "pkg:golang/example.com/flaky@v1.0.0",
			want{outcome: Unavailable, reason: fetch.ReasonServerError, tried: "go-proxy"}},
		{"direct is never used", w.proxy.URL + ",direct", "pkg:golang/example.com/second@v1.0.0",
			want{outcome: NotFound, note: "never fetched from version control", tried: "go-proxy"}},
		{"off forbids downloads", "off", "pkg:golang/github.com/pkg/errors@v0.9.1",
			want{outcome: Unavailable, reason: ReasonProxyOff, tried: "go-proxy"}},
		{"file proxies are not read", "file:///srv/goproxy," + w.proxy.URL, "pkg:golang/github.com/pkg/errors@v0.9.1",
			want{outcome: Found, source: SourceGoProxy, expr: "MIT", status: licenses.Valid, files: "LICENSE", tried: "go-proxy"}},
		{"only a file proxy", "file:///srv/goproxy", "pkg:golang/github.com/pkg/errors@v0.9.1",
			want{outcome: NotFound, note: "not an http(s) proxy", tried: "go-proxy"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, _ := w.resolver(t, options{mutate: func(c *Config) {
				c.GoProxy, c.Disable = tc.proxy, []Source{SourceDepsDev}
			}})
			checkResult(t, r.ResolveOne(context.Background(), Package{PURL: tc.pkg}), tc.want)
		})
	}
}

func TestPrivateModulesGoNowhere(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	r, f := w.resolver(t, options{mutate: func(c *Config) { c.GoNoProxy = "*.corp.example.com, github.com/acme/*" }})
	res := r.Resolve(context.Background(), []Package{
		{PURL: "pkg:golang/git.corp.example.com/team/lib@v1.2.0"},
		{PURL: "pkg:golang/github.com/acme/secret/sub@v0.1.0"},
	})
	for _, got := range res {
		checkResult(t, got, want{outcome: Skipped, note: "private module"})
	}
	if n := f.Stats().Requests; n != 0 {
		t.Errorf("%d requests for private modules", n)
	}
}

func TestTimeoutsDoNotHang(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.depsdev.handle("/v3/systems/npm/packages/slow/versions/1.0.0", hang)
	r, _ := w.resolver(t, options{timeout: 100 * time.Millisecond, mutate: func(c *Config) { c.MaxConsecutiveFailures = -1 }})
	start := time.Now()
	got := r.ResolveOne(context.Background(), Package{PURL: "pkg:npm/slow@1.0.0"})
	checkResult(t, got, want{outcome: Unavailable, reason: fetch.ReasonTimeout, tried: "deps.dev,npm-registry"})
	if got.Tried[0].Reason != fetch.ReasonTimeout {
		t.Errorf("deps.dev reason %q", got.Tried[0].Reason)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestCanceledContext(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	r, f := w.resolver(t, options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, got := range r.Resolve(ctx, []Package{{PURL: "pkg:npm/lodash@4.17.21"}, {PURL: "pkg:golang/github.com/pkg/errors@v0.9.1"}}) {
		if got.Outcome != Unavailable || got.Tried[len(got.Tried)-1].Reason != fetch.ReasonCanceled {
			t.Errorf("%+v", got)
		}
	}
	if n := f.Stats().Requests; n != 0 {
		t.Errorf("%d requests after cancel", n)
	}
}

func TestSourceDownAfterRepeatedFailures(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// deps.dev answers 503 to everything.
	down := newFake(t)
	down.setFallback(status(http.StatusServiceUnavailable))
	r, _ := w.resolver(t, options{mutate: func(c *Config) {
		c.DepsDevURL, c.MaxConsecutiveFailures, c.Workers = down.URL, 3, 1
	}})
	var pkgs []Package
	for range 10 {
		pkgs = append(pkgs, Package{PURL: "pkg:npm/lodash@4.17.21"}, Package{PURL: "pkg:npm/nopt@1.0.10"})
	}
	pkgs = append(pkgs, Package{PURL: "pkg:npm/%40babel/core@7.24.0"}, Package{PURL: "pkg:npm/pause-stream@0.0.11"},
		Package{PURL: "pkg:npm/json-schema@0.2.3"}, Package{PURL: "pkg:npm/cycle@1.0.3"})
	res := r.Resolve(context.Background(), pkgs)
	for _, got := range res[:len(res)-1] {
		if got.Outcome != Found || got.Source != SourceNPM {
			t.Errorf("%s: %v from %q", got.Package.PURL, got.Outcome, got.Source)
		}
	}
	last := res[len(res)-1].Tried[0]
	if last.Reason != ReasonSourceDown || !strings.Contains(last.Error, "3 consecutive failed lookups") {
		t.Errorf("last deps.dev attempt %+v", last)
	}
	// 6 distinct packages; deps.dev is asked 3 times (2 attempts each).
	if n := down.requests.Load(); n != 6 {
		t.Errorf("deps.dev got %d requests, want 6", n)
	}
}

func TestResolveDeduplicatesAndKeepsOrder(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	r, f := w.resolver(t, options{})
	pkgs := []Package{
		{PURL: "pkg:npm/lodash@4.17.21"},
		{Type: "npm", Name: "lodash", Version: "4.17.21"},
		{PURL: "pkg:gem/rails@7.1.0"},
		{PURL: "pkg:npm/lodash@4.17.21"},
	}
	res := r.Resolve(context.Background(), pkgs)
	for i, got := range res {
		if got.Package != pkgs[i] {
			t.Errorf("result %d is for %+v", i, got.Package)
		}
	}
	if res[0].Outcome != Found || res[1].Outcome != Found || res[2].Outcome != Skipped || res[3].Outcome != Found {
		t.Errorf("outcomes %v %v %v %v", res[0].Outcome, res[1].Outcome, res[2].Outcome, res[3].Outcome)
	}
	if n := f.Stats().Requests; n != 2 {
		t.Errorf("%d requests, want 2 (deps.dev 404 and the registry once)", n)
	}
}

func TestSecondRunMakesNoRequests(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	cache, err := fetch.OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w.depsdev.handle("/v3/systems/npm/packages/lodash/versions/4.17.21", depsDevBody("npm", "lodash", "4.17.21", "MIT"))
	pkgs := []Package{
		{PURL: "pkg:npm/lodash@4.17.21"}, {PURL: "pkg:npm/%40babel/core@7.24.0"}, {PURL: "pkg:npm/nope@1.0.0"},
		{PURL: "pkg:golang/github.com/pkg/errors@v0.9.1"}, {PURL: "pkg:golang/example.com/dual@v1.0.0"},
		{PURL: "pkg:golang/example.com/missing@v1.0.0"}, {PURL: "pkg:golang/example.com/nolicense@v1.0.0"},
		{PURL: "pkg:pypi/packaging@25.0"}, {PURL: "pkg:cargo/libc@0.1.10"},
		{PURL: "pkg:maven/org.apache.commons/commons-lang3@3.14.0"}, {PURL: "pkg:maven/ch.qos.logback/logback-classic@1.2.12"},
	}
	var first []Result
	for run, offline := range []bool{false, false, true} {
		r, f := w.resolver(t, options{cache: cache, offline: offline})
		res := r.Resolve(context.Background(), pkgs)
		if run == 0 {
			first = res
			if f.Stats().Requests == 0 {
				t.Fatal("first run made no requests")
			}
			continue
		}
		if n := f.Stats().Requests; n != 0 {
			t.Errorf("run %d (offline %v) made %d requests", run, offline, n)
		}
		for i := range res {
			if res[i].Outcome != first[i].Outcome || res[i].License.Expression != first[i].License.Expression ||
				res[i].Source != first[i].Source || strings.Join(res[i].Files, ",") != strings.Join(first[i].Files, ",") {
				t.Errorf("run %d %s: %v %q, first run %v %q", run, pkgs[i].PURL, res[i].Outcome, res[i].License.Expression,
					first[i].Outcome, first[i].License.Expression)
			}
			for _, a := range res[i].Tried {
				if !a.Cached {
					t.Errorf("run %d %s: %s attempt not from the cache", run, pkgs[i].PURL, a.Source)
				}
			}
		}
	}
}

func TestOfflineWithoutCache(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	r, f := w.resolver(t, options{offline: true})
	for _, p := range []string{"pkg:npm/lodash@4.17.21", "pkg:golang/github.com/pkg/errors@v0.9.1", "pkg:maven/junit/junit@4.13.2"} {
		got := r.ResolveOne(context.Background(), Package{PURL: p})
		if got.Outcome != Unavailable {
			t.Errorf("%s: %v", p, got.Outcome)
		}
		for _, a := range got.Tried {
			if a.Reason != fetch.ReasonOffline {
				t.Errorf("%s: %s reason %q", p, a.Source, a.Reason)
			}
		}
	}
	if f.Stats().Requests != 0 {
		t.Error("offline resolver made requests")
	}
}

func TestCorruptModuleCacheEntryIsAMiss(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	cache, err := fetch.OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r, _ := w.resolver(t, options{cache: cache, mutate: func(c *Config) { c.Disable = []Source{SourceDepsDev} }})
	p := Package{PURL: "pkg:golang/github.com/pkg/errors@v0.9.1"}
	key := r.moduleKey(target{eco: ecoGo, name: "github.com/pkg/errors", version: "v0.9.1"})
	for _, bad := range []string{`{"format":99,"url":"x"}`, `not json`, `{"format":1}`} {
		if err := cache.Store(NamespaceGoZip, key, fetch.Entry{StoredAt: time.Now(), TTL: time.Hour, Status: 200, Body: []byte(bad)}); err != nil {
			t.Fatal(err)
		}
		got := r.ResolveOne(context.Background(), p)
		checkResult(t, got, want{outcome: Found, source: SourceGoProxy, expr: "MIT", status: licenses.Valid, files: "LICENSE", tried: "go-proxy"})
		if got.Tried[0].Cached {
			t.Errorf("%s: corrupt entry served", bad)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	f, err := fetch.New(fetch.Config{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"nil fetch", Config{}, "nil fetch client"},
		{"bad scheme", Config{Fetch: f, NPMURL: "ftp://registry"}, "npm-registry base URL"},
		{"query in base", Config{Fetch: f, PyPIURL: "https://pypi.org/?x=1"}, "pypi base URL"},
		{"credentials in base", Config{Fetch: f, MavenURL: "https://u:p@repo/maven2"}, "without credentials"},
		{"empty GOPROXY list", Config{Fetch: f, GoProxy: " , |"}, "lists no proxy"},
		{"bad GOPROXY URL", Config{Fetch: f, GoProxy: "https://proxy.example/?q"}, "GOPROXY entry"},
		{"unknown source", Config{Fetch: f, Disable: []Source{"bitbucket"}}, `unknown source "bitbucket"`},
		{"negative limit", Config{Fetch: f, MaxZipBytes: -1}, "must not be negative"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func TestAllowedHosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"defaults", Config{}, "api.deps.dev,crates.io,proxy.golang.org,pypi.org,registry.npmjs.org,repo1.maven.org"},
		{"mirrors and proxy list", Config{
			NPMURL: "https://npm.corp.example:8443/", GoProxy: "goproxy.corp.example|https://proxy.golang.org,direct",
			Disable: []Source{SourceDepsDev, SourcePyPI, SourceCrates, SourceMaven},
		}, "goproxy.corp.example,npm.corp.example:8443,proxy.golang.org"},
		{"go proxy disabled", Config{GoProxy: "https://goproxy.io", Disable: []Source{SourceGoProxy}},
			"api.deps.dev,crates.io,pypi.org,registry.npmjs.org,repo1.maven.org"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hosts, err := tc.cfg.AllowedHosts()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(hosts, ","); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	if _, err := (Config{CratesURL: "crates.io"}).AllowedHosts(); err == nil {
		t.Error("relative base URL accepted")
	}
}

func TestZipFetchConfig(t *testing.T) {
	t.Parallel()
	base := fetch.Config{AllowedHosts: []string{"proxy.golang.org"}, Concurrency: 32, Timeout: time.Second, Offline: true}
	got := ZipFetchConfig(base)
	if got.MaxBodyBytes != DefaultMaxZipBytes || got.Concurrency != MaxZipDownloads || got.Timeout != 2*time.Minute || !got.Offline || got.Cache != nil {
		t.Errorf("%+v", got)
	}
	if got := ZipFetchConfig(fetch.Config{Concurrency: 2}); got.Concurrency != 2 {
		t.Errorf("concurrency %d, want 2", got.Concurrency)
	}
	if _, err := fetch.New(got); err != nil {
		t.Errorf("derived config rejected: %v", err)
	}
}

func TestOutcomeString(t *testing.T) {
	t.Parallel()
	for o, s := range map[Outcome]string{Unavailable: "unavailable", Found: "found", NotFound: "not-found", Skipped: "skipped", 9: "Outcome(9)"} {
		if o.String() != s {
			t.Errorf("%d: %q", int(o), o.String())
		}
		if b, _ := o.MarshalText(); string(b) != s {
			t.Errorf("%d: MarshalText %q", int(o), b)
		}
	}
}

func TestRegistriesFailing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.pypi.setFallback(status(http.StatusTooManyRequests))
	w.crates.setFallback(status(http.StatusInternalServerError))
	w.maven.setFallback(hang)
	w.proxy.setFallback(hang)
	w.npm.setFallback(status(http.StatusForbidden))
	r, _ := w.resolver(t, options{timeout: 100 * time.Millisecond, mutate: func(c *Config) { c.MaxConsecutiveFailures = -1 }})
	tests := []struct {
		purl   string
		reason fetch.Reason
	}{
		{"pkg:pypi/flask@3.0.0", fetch.ReasonRateLimited},
		{"pkg:cargo/tokio@1.36.0", fetch.ReasonServerError},
		{"pkg:maven/com.google.guava/guava@33.0.0-jre", fetch.ReasonTimeout},
		{"pkg:golang/golang.org/x/text@v0.14.0", fetch.ReasonTimeout},
		{"pkg:npm/left-pad@1.3.0", fetch.ReasonHTTPStatus},
	}
	for _, tc := range tests {
		t.Run(tc.purl, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			got := r.ResolveOne(context.Background(), Package{PURL: tc.purl})
			if got.Outcome != Unavailable || len(got.Tried) != 2 || got.Tried[1].Reason != tc.reason {
				t.Fatalf("%v, tried %+v", got.Outcome, got.Tried)
			}
			if !strings.Contains(got.Note, "unavailable ("+string(tc.reason)+")") {
				t.Errorf("note %q", got.Note)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}
