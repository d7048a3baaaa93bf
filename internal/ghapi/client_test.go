package ghapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/ghapi/fakegithub"
)

const testToken = "ghs_test0123456789"

// newTestClient returns a client for srv whose retries do not wait; waits records the backoffs asked for.
func newTestClient(t *testing.T, srv *fakegithub.Server) (*Client, *[]time.Duration) {
	t.Helper()
	var mu sync.Mutex
	var waits []time.Duration
	c, err := New(Config{
		BaseURL: srv.URL, Token: testToken, Repository: "octo/repo", HTTPClient: srv.Client(),
		Sleep: func(_ context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			waits = append(waits, d)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, &waits
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"plain http to a remote host", Config{BaseURL: "http://api.github.com", Repository: "o/r"}, "only sent over https"},
		{"relative URL", Config{BaseURL: "/api/v3", Repository: "o/r"}, "absolute URL"},
		{"credentials in URL", Config{BaseURL: "https://u:p@ghe.example.com/api/v3", Repository: "o/r"}, "absolute URL"},
		{"query in URL", Config{BaseURL: "https://ghe.example.com/api/v3?x=1", Repository: "o/r"}, "absolute URL"},
		{"no repository", Config{Repository: ""}, "want owner/name"},
		{"repository without owner", Config{Repository: "/r"}, "want owner/name"},
		{"repository with three parts", Config{Repository: "o/r/x"}, "want owner/name"},
		{"token with a newline", Config{Repository: "o/r", Token: "abc\nAuthorization: x"}, "line break"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: err = %v, want it to mention %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "abc") {
				t.Errorf("error repeats the token: %v", err)
			}
		})
	}
}

func TestNewAcceptsGitHubURLs(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"", "https://api.github.com", "https://ghe.example.com/api/v3", "https://api.acme.ghe.com", "http://127.0.0.1:8080"} {
		if _, err := New(Config{BaseURL: base, Repository: "o/r", Token: "t"}); err != nil {
			t.Errorf("New(%q): %v", base, err)
		}
	}
}

// TestTokenOnlyToAPIHost follows a redirect from the API host to another host and checks that the token does
// not travel with it.
func TestTokenOnlyToAPIHost(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var elsewhere []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		elsewhere = append(elsewhere, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id": 7, "html_url": "https://example.invalid/7"}`))
	}))
	defer other.Close()
	var apiAuth string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiAuth = r.Header.Get("Authorization")
		http.Redirect(w, r, other.URL+"/elsewhere", http.StatusTemporaryRedirect)
	}))
	defer api.Close()
	c, err := New(Config{BaseURL: api.URL, Token: testToken, Repository: "o/r"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateCheckRun(context.Background(), NewCheckRun{Name: "n", HeadSHA: strings.Repeat("a", 40)}); err != nil {
		t.Fatalf("CreateCheckRun: %v", err)
	}
	if apiAuth != "Bearer "+testToken {
		t.Errorf("API host got Authorization %q, want the bearer token", apiAuth)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(elsewhere) != 1 || elsewhere[0] != "" {
		t.Errorf("redirect target got Authorization %q, want none", elsewhere)
	}
}

func TestRetriesServerErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		faults     []fakegithub.Fault
		wantErr    bool
		wantTries  int
		wantStatus int
	}{
		{"succeeds at once", nil, false, 1, 0},
		{"two 500s then success", []fakegithub.Fault{{Status: 500}, {Status: 502}}, false, 3, 0},
		{"500 every time", []fakegithub.Fault{{Status: 500}, {Status: 500}, {Status: 503}}, true, 3, 503},
		{"422 is not retried", []fakegithub.Fault{{Status: 422}}, true, 1, 422},
		{"403 is not retried", []fakegithub.Fault{{Status: 403}}, true, 1, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakegithub.New(t, testToken)
			c, waits := newTestClient(t, srv)
			run, err := c.CreateCheckRun(context.Background(), NewCheckRun{Name: "gate", HeadSHA: strings.Repeat("b", 40)})
			if err != nil {
				t.Fatal(err)
			}
			srv.Inject(fakegithub.OpUpdateCheckRun, tt.faults...)
			_, err = c.CompleteCheckRun(context.Background(), run.ID, Completion{Name: "gate", Conclusion: ConclusionSuccess, Output: Output{Title: "t", Summary: "s"}})
			if (err != nil) != tt.wantErr {
				t.Fatalf("CompleteCheckRun: err = %v, wantErr %v", err, tt.wantErr)
			}
			if got := len(srv.Requests(fakegithub.OpUpdateCheckRun)); got != tt.wantTries {
				t.Errorf("update requests = %d, want %d", got, tt.wantTries)
			}
			if got := StatusOf(err); got != tt.wantStatus {
				t.Errorf("StatusOf(err) = %d, want %d", got, tt.wantStatus)
			}
			if len(*waits) != tt.wantTries-1 {
				t.Errorf("backoff waits = %v, want %d", *waits, tt.wantTries-1)
			}
			if tt.wantTries == 3 && tt.wantErr && !strings.Contains(err.Error(), "after 3 attempts") {
				t.Errorf("error %q does not say it was retried", err)
			}
		})
	}
}

func TestIsPermission(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want bool
	}{
		{&Error{Status: 403}, true},
		{&Error{Status: 404}, true},
		{&Error{Status: 401}, true},
		{&Error{Status: 403, RateLimited: true}, false},
		{&Error{Status: 500}, false},
		{errors.New("plain"), false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := IsPermission(tt.err); got != tt.want {
			t.Errorf("IsPermission(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestCanceledContextIsNotRetried(t *testing.T) {
	t.Parallel()
	srv := fakegithub.New(t, testToken)
	c, _ := newTestClient(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.CreateCheckRun(ctx, NewCheckRun{Name: "gate", HeadSHA: strings.Repeat("c", 40)})
	if err == nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
