package ghapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/ghapi/fakegithub"
)

// anyAPIAnswer answers every operation the client uses well enough for it to succeed.
func anyAPIAnswer(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/comments"):
		_, _ = io.WriteString(w, `[]`)
	case r.Method == http.MethodGet:
		_, _ = io.WriteString(w, `{"total_count": 0, "check_runs": []}`)
	default:
		_, _ = io.WriteString(w, `{"id": 7, "html_url": "https://example.invalid/7"}`)
	}
}

// assertNoToken fails when any request carries an Authorization header or the token anywhere: request line
// (URL and query), headers or body.
func assertNoToken(t *testing.T, who string, dumps, auths []string) {
	t.Helper()
	for i, d := range dumps {
		if auths[i] != "" {
			t.Errorf("%s received Authorization %q", who, auths[i])
		}
		if strings.Contains(d, testToken) || strings.Contains(strings.ToLower(d), "authorization:") {
			t.Errorf("%s received the token or an Authorization header:\n%s", who, d)
		}
	}
}

// clientOps are the client's operations, each run once.
var clientOps = []struct {
	name string
	call func(ctx context.Context, c *Client) error
}{
	{"create check run", func(ctx context.Context, c *Client) error {
		_, err := c.CreateCheckRun(ctx, NewCheckRun{Name: "n", HeadSHA: strings.Repeat("a", 40), ExternalID: "ext"})
		return err
	}},
	{"complete check run", func(ctx context.Context, c *Client) error {
		_, err := c.CompleteCheckRun(ctx, 7, Completion{Name: "n", Conclusion: ConclusionFailure, CompletedAt: time.Unix(0, 0),
			Output: Output{Title: "t", Summary: "s"}, Annotations: []Annotation{{Path: "a", StartLine: 1, EndLine: 1, Level: LevelFailure, Message: "m"}}})
		return err
	}},
	{"find comment", func(ctx context.Context, c *Client) error {
		_, err := c.FindComment(ctx, 2, "<!-- marker -->")
		return err
	}},
	{"upsert comment", func(ctx context.Context, c *Client) error {
		_, _, err := c.UpsertComment(ctx, 2, "<!-- marker -->", "body")
		return err
	}},
}

// TestRedirectElsewhereNeverCarriesTheToken: the API host answers every request with a redirect (301, 302, 307,
// 308) to another host; the client follows it, and the other host never sees the token: no Authorization
// header, and the token nowhere in the request line, the headers or the body. The API host itself gets the
// bearer token on every request.
func TestRedirectElsewhereNeverCarriesTheToken(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, op := range clientOps {
			t.Run(fmt.Sprintf("%d/%s", status, op.name), func(t *testing.T) {
				t.Parallel()
				other := fakegithub.NewRecorder(t, anyAPIAnswer)
				api := fakegithub.NewRecorder(t, func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, other.URL+"/moved"+r.URL.RequestURI(), status)
				})
				c, err := New(Config{BaseURL: api.URL, Token: testToken, Repository: "o/r", Attempts: 1})
				if err != nil {
					t.Fatal(err)
				}
				// 301 and 302 turn a POST or PATCH into a GET, whose answer may not decode: only 307 and 308 must
				// succeed. Either way the request reached the other host, which is what this test is about.
				if err := op.call(context.Background(), c); err != nil && status != http.StatusMovedPermanently && status != http.StatusFound {
					t.Fatalf("%s through a %d redirect: %v", op.name, status, err)
				}
				_, apiAuths := api.Requests()
				for _, a := range apiAuths {
					if a != "Bearer "+testToken {
						t.Errorf("the API host got Authorization %q, want the bearer token", a)
					}
				}
				dumps, auths := other.Requests()
				if len(dumps) == 0 || len(dumps) != len(apiAuths) {
					t.Fatalf("%d requests reached the other host for %d to the API: the redirects were not followed", len(dumps), len(apiAuths))
				}
				assertNoToken(t, "the redirect target", dumps, auths)
			})
		}
	}
}

// TestRedirectToAnotherNameOfTheAPIHost: the same server under another host name (localhost instead of
// 127.0.0.1) is another host: the token is matched on the exact scheme and host, so it does not follow.
func TestRedirectToAnotherNameOfTheAPIHost(t *testing.T) {
	t.Parallel()
	var api *fakegithub.Recorder
	api = fakegithub.NewRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/moved") {
			anyAPIAnswer(w, r)
			return
		}
		u, _ := url.Parse(api.URL)
		http.Redirect(w, r, "http://localhost:"+u.Port()+"/moved"+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	})
	c, err := New(Config{BaseURL: api.URL, Token: testToken, Repository: "o/r", Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := clientOps[0].call(context.Background(), c); err != nil {
		t.Skipf("localhost does not reach the test server here: %v", err)
	}
	dumps, auths := api.Requests()
	if len(dumps) != 2 || auths[0] != "Bearer "+testToken {
		t.Fatalf("requests %d, first Authorization %q; want 2, the bearer token", len(dumps), auths[0])
	}
	assertNoToken(t, "localhost", dumps[1:], auths[1:])
}

// TestTokenTransportOnlyForTheAPIHost: the transport adds the token to requests for the API's scheme and host
// only, and never to the caller's request object.
func TestTokenTransportOnlyForTheAPIHost(t *testing.T) {
	t.Parallel()
	var got []string
	base := roundTripper(func(r *http.Request) (*http.Response, error) {
		got = append(got, r.Header.Get("Authorization"))
		return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r}, nil
	})
	tt := &tokenTransport{base: base, token: testToken, scheme: "https", host: "ghe.example.com"}
	for _, u := range []string{
		"https://ghe.example.com/api/v3/x",          // the API host: the token
		"https://GHE.example.com/api/v3/x",          // host names are case-insensitive: the token
		"http://ghe.example.com/api/v3/x",           // a downgrade to http: none
		"https://ghe.example.com:8443/api/v3/x",     // another port: none
		"https://ghe.example.com.evil.test/api/v3/", // a suffix: none
		"https://evil.test/ghe.example.com",         // the host in the path: none
		"https://api.scorecard.dev/projects/x",      // another service: none
	} {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		if _, err := tt.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if req.Header.Get("Authorization") != "" {
			t.Errorf("%s: the caller's request was modified", u)
		}
	}
	want := []string{"Bearer " + testToken, "Bearer " + testToken, "", "", "", "", ""}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Authorization per request = %q, want %q", got, want)
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestErrorsNeverRepeatTheToken: a server that echoes the Authorization header in its error message, or
// redirects to a URL holding the token, does not get the token into the client's errors.
func TestErrorsNeverRepeatTheToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		status  int
	}{
		{"422 echoing the header", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprintf(w, `{"message": "Validation failed: you sent %s", "errors": [{"message": "%s"}]}`, r.Header.Get("Authorization"), testToken)
		}, http.StatusUnprocessableEntity},
		{"500 echoing the header", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, `{"message": "boom %s"}`, r.Header.Get("Authorization"))
		}, http.StatusInternalServerError},
		{"redirect to a URL holding the token", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://127.0.0.1:1/"+testToken+"?t="+testToken, http.StatusTemporaryRedirect)
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := fakegithub.NewRecorder(t, tt.handler)
			c, err := New(Config{BaseURL: api.URL, Token: testToken, Repository: "o/r", Sleep: func(context.Context, time.Duration) error { return nil }})
			if err != nil {
				t.Fatal(err)
			}
			for _, op := range clientOps {
				err := op.call(context.Background(), c)
				if err == nil {
					t.Fatalf("%s: no error", op.name)
				}
				if strings.Contains(err.Error(), testToken) || strings.Contains(fmt.Sprintf("%+v", err), testToken) {
					t.Errorf("%s: the error repeats the token: %v", op.name, err)
				}
				var e *Error
				if !errors.As(err, &e) || e.Status != tt.status {
					t.Errorf("%s: error %v, want an *Error with status %d", op.name, err, tt.status)
				}
			}
		})
	}
}
