package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// fakeClock is an injectable clock; sleeping advances it and is recorded.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleeps = append(f.sleeps, d)
	f.now = f.now.Add(d)
	return nil
}

func (f *fakeClock) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// newServer starts an httptest server closed at the end of the test.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// newClient builds a client allowed to reach srv, with a fake clock and
// sleep, a deterministic jitter and cfg's other settings.
func newClient(t *testing.T, srv *httptest.Server, clock *fakeClock, mutate func(*Config)) *Client {
	t.Helper()
	cfg := Config{Now: clock.Now, Sleep: clock.Sleep, Jitter: func() float64 { return 0.5 }}
	if srv != nil {
		host, err := HostOf(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		cfg.AllowedHosts = []string{host}
	}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func decodeString(b []byte) (string, error) { return string(b), nil }

func getString(t *testing.T, c *Client, req Request) (string, Response) {
	t.Helper()
	return Get(context.Background(), c, req, decodeString)
}
