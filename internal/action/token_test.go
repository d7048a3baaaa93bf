package action

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/gate"
	"github.com/ospo-gate/ospo-gate/internal/ghapi/fakegithub"
)

// loopbackClient refuses every request that does not go to this machine: the test never touches the internet,
// even if a lookup were pointed at a public service.
var loopbackClient = &http.Client{Timeout: 30 * time.Second, Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
	if h := r.URL.Hostname(); h != "127.0.0.1" && h != "localhost" && h != "::1" {
		return nil, fmt.Errorf("test transport: %s is not on loopback", r.URL.Host)
	}
	return http.DefaultTransport.RoundTrip(r)
})}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestTokenGoesOnlyToTheGitHubAPI runs the action end to end with the Scorecard API, deps.dev, the package
// registries and the Go proxy pointed at fake services: they are asked (the head adds a package without a
// license and a GitHub Action with a Scorecard result) but never receive the token, in no header, URL or body.
// The GitHub API answers with errors that echo the Authorization header back, or redirects a request to
// another host (which never sees the token either), and still the token appears
// nowhere the job writes — the log (but for its own add-mask command), stderr, the outputs, the job summary,
// the report files — nor in anything sent to GitHub: check runs and comments.
func TestTokenGoesOnlyToTheGitHubAPI(t *testing.T) {
	t.Parallel()
	flask, err := os.ReadFile(filepath.Join("testdata", "scorecard", "flask.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		// echo says which API requests get an error echoing the Authorization header.
		echo func(r *http.Request) bool
		// redirect says which API requests are redirected (307) to another host.
		redirect func(r *http.Request) bool
		// wantLog is in the log: the echoed error, redacted.
		wantLog string
	}{
		{"comment redirected to another host", func(*http.Request) bool { return false }, func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/comments")
		}, `check run "ospo-gate" completed: failure`},
		{"comment refused", func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/comments")
		}, nil, "the pull request comment could not be written (commenting on the pull request: 422 Validation failed: got Bearer ***)"},
		{"check run refused", func(r *http.Request) bool {
			return r.Method == http.MethodPatch
		}, nil, "the check run could not be written (completing the check run: 422 Validation failed: got Bearer ***)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			workflow := "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pallets/flask@v3.0.0\n"
			f := newFixture(t, files{"package-lock.json": baseLock},
				files{"package-lock.json": npmLock(npmPkg{"left-pad", "1.3.0", "MIT"}, npmPkg{"readline-gpl", "2.1.0", "GPL-3.0-only"}, npmPkg{"mystery", "0.1.0", ""}),
					".github/workflows/ci.yml": workflow})
			h := newHarness(t, f, "pull_request.opened.json", "pull_request")
			sc := fakegithub.NewRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/projects/github.com/pallets/flask" {
					http.NotFound(w, r)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(flask)
			})
			reg := fakegithub.NewRecorder(t, http.NotFound)
			elsewhere := fakegithub.NewRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusCreated)
				_, _ = w.Write([]byte(`{"id": 9, "html_url": "https://elsewhere.invalid/9", "body": "x", "user": {"login": "x", "type": "Bot"}}`))
			})
			// The GitHub API: the fake, behind a proxy that answers some requests with an echo of the token and
			// redirects others to another host.
			api := fakegithub.NewRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.redirect != nil && tt.redirect(r) {
					http.Redirect(w, r, elsewhere.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
					return
				}
				if tt.echo(r) {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusUnprocessableEntity)
					fmt.Fprintf(w, `{"message": "Validation failed: got %s", "documentation_url": "https://docs.github.com/rest?auth=%s"}`, r.Header.Get("Authorization"), fakeToken)
					return
				}
				h.api.Config.Handler.ServeHTTP(w, r)
			})
			h.vars["GITHUB_API_URL"] = api.URL
			h.vars["INPUT_SCORECARD-API"] = sc.URL
			h.vars["INPUT_COMMENT"] = "always"
			dir := t.TempDir()
			var outputs []string
			for _, format := range []string{"json", "markdown", "text", "sarif", "spdx-json", "cyclonedx-json", "notice"} {
				outputs = append(outputs, format+"="+filepath.Join(dir, "report."+format))
			}
			h.vars["INPUT_OUTPUTS"] = strings.Join(outputs, "\n")
			h.online = gate.Online{
				DepsDevAPI: reg.URL + "/depsdev", NPMAPI: reg.URL + "/npm", PyPIAPI: reg.URL + "/pypi", CratesAPI: reg.URL + "/crates",
				MavenAPI: reg.URL + "/maven", GoProxy: reg.URL + "/goproxy",
			}
			code := h.runWith(context.Background(), func(env *Env) { env.HTTPClient = loopbackClient })
			if code != ExitFail {
				t.Fatalf("exit code %d, want 1%s", code, h.debug())
			}

			// The other services were asked, without the token.
			others := []struct {
				name string
				rec  *fakegithub.Recorder
			}{{"the Scorecard API", sc}, {"the registries and deps.dev", reg}}
			if tt.redirect != nil {
				others = append(others, struct {
					name string
					rec  *fakegithub.Recorder
				}{"the redirect target", elsewhere})
			}
			for _, svc := range others {
				dumps, _ := svc.rec.Requests()
				if len(dumps) == 0 {
					t.Errorf("%s received no request: the test proves nothing about it", svc.name)
				}
				for _, d := range dumps {
					if strings.Contains(d, fakeToken) || strings.Contains(strings.ToLower(d), "authorization:") {
						t.Errorf("%s received the token or an Authorization header:\n%s", svc.name, d)
					}
				}
			}
			// The GitHub API got it on every request.
			apiDumps, _ := api.Requests()
			if len(apiDumps) < 3 {
				t.Errorf("%d requests to the GitHub API", len(apiDumps))
			}
			for _, d := range apiDumps {
				if !strings.Contains(d, "\r\nAuthorization: Bearer "+fakeToken+"\r\n") {
					t.Errorf("a GitHub API request lacks the token:\n%s", d)
				}
			}

			if !strings.Contains(h.stdout.String(), tt.wantLog) {
				t.Errorf("the log lacks %q: the echoed error was not exercised%s", tt.wantLog, h.debug())
			}
			// Nowhere the job writes.
			stdout := h.stdout.String()
			if first, rest, _ := strings.Cut(stdout, "\n"); first != "::add-mask::"+fakeToken || strings.Contains(rest, "faketoken") {
				t.Errorf("the token is in the log other than in its first line, the add-mask command%s", h.debug())
			}
			places := map[string]string{"stderr": h.stderr.String(), "job summary": h.summaryText()}
			for _, p := range []string{h.output} {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				places["GITHUB_OUTPUT"] = string(data)
			}
			entries, err := os.ReadDir(dir)
			if err != nil || len(entries) != 7 {
				t.Fatalf("%d report files (%v), want 7", len(entries), err)
			}
			for _, e := range entries {
				data, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				places[e.Name()] = string(data)
			}
			for _, r := range h.api.Requests("") {
				body, _ := json.Marshal(r.Body)
				places["request "+r.Op] += string(body)
			}
			for _, c := range h.api.Comments(2) {
				places["comment"] += c.Body
			}
			for _, run := range h.api.CheckRuns() {
				places["check run"] += run.Title + run.Summary
			}
			for where, text := range places {
				// Markdown escapes the token's underscores: look for a part of it without any.
				if strings.Contains(text, fakeToken) || strings.Contains(text, "faketoken") {
					t.Errorf("the token is in the %s", where)
				}
			}
		})
	}
}
