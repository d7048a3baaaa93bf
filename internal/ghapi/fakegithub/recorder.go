package fakegithub

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"sync"
	"testing"
)

// Recorder is an httptest server that keeps every request it receives whole (request line, headers, body),
// for tests that prove what a client sent where: that a token never reached a host, for instance.
type Recorder struct {
	*httptest.Server
	mu    sync.Mutex
	dumps []string
	auths []string
}

// NewRecorder starts a Recorder that answers with handler. It is closed when the test ends.
func NewRecorder(t testing.TB, handler http.HandlerFunc) *Recorder {
	t.Helper()
	rec := &Recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dump, err := httputil.DumpRequest(r, true)
		if err != nil {
			t.Errorf("dumping a request: %v", err)
		}
		rec.mu.Lock()
		rec.dumps = append(rec.dumps, string(dump))
		rec.auths = append(rec.auths, r.Header.Get("Authorization"))
		rec.mu.Unlock()
		handler(w, r)
	}))
	t.Cleanup(rec.Close)
	return rec
}

// Requests returns the requests received so far, dumped whole, and their Authorization headers.
func (rec *Recorder) Requests() (dumps, auths []string) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]string(nil), rec.dumps...), append([]string(nil), rec.auths...)
}
