package fakegithub

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Fault makes the next request of an operation fail with Status. With Apply set, the request takes effect
// before the failure is returned, as when a response is lost on the way back.
type Fault struct {
	Status int
	Apply  bool
}

// Request is one request the server received.
type Request struct {
	Op     string
	Method string
	Path   string
	// Auth is the Authorization header as received.
	Auth string
	// Body is the decoded JSON body (nil for GET).
	Body map[string]any
	// Status is what the server answered.
	Status int
}

// CheckRun is the server's state of one check run.
type CheckRun struct {
	ID          int64
	Name        string
	HeadSHA     string
	ExternalID  string
	Status      string
	Conclusion  string
	Title       string
	Summary     string
	Annotations []map[string]any
}

// Comment is one issue comment.
type Comment struct {
	ID        int64
	Issue     int
	Body      string
	UserLogin string
	UserType  string
}

// Server is a fake GitHub API. Its methods are safe for concurrent use.
type Server struct {
	*httptest.Server
	t      testing.TB
	token  string
	ops    []*operation
	mu     sync.Mutex
	nextID int64
	reqs   []Request
	runs   []*CheckRun
	cmts   []*Comment
	faults map[string][]Fault
}

// New starts a server that expects "Authorization: Bearer <token>" on every request (token "" expects none).
// Schema violations and unexpected requests fail t. The server is closed when the test ends.
func New(t testing.TB, token string) *Server {
	t.Helper()
	ops, err := loadOperations()
	if err != nil {
		t.Fatalf("fakegithub: %v", err)
	}
	s := &Server{t: t, token: token, ops: ops, nextID: 1000, faults: map[string][]Fault{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Inject queues faults for the next requests of op, in order.
func (s *Server) Inject(op string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[op] = append(s.faults[op], faults...)
}

// AddComment seeds an existing comment and returns its id.
func (s *Server) AddComment(issue int, body, login, userType string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.cmts = append(s.cmts, &Comment{ID: s.nextID, Issue: issue, Body: body, UserLogin: login, UserType: userType})
	return s.nextID
}

// Requests returns the requests received for op ("" for all), in order.
func (s *Server) Requests(op string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.reqs {
		if op == "" || r.Op == op {
			out = append(out, r)
		}
	}
	return out
}

// CheckRuns returns copies of the check runs created.
func (s *Server) CheckRuns() []CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]CheckRun, len(s.runs))
	for i, r := range s.runs {
		out[i] = *r
		out[i].Annotations = append([]map[string]any(nil), r.Annotations...)
	}
	return out
}

// Comments returns copies of the comments on an issue.
func (s *Server) Comments(issue int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Comment
	for _, c := range s.cmts {
		if c.Issue == issue {
			out = append(out, *c)
		}
	}
	return out
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	op, params := s.route(r)
	if op == nil {
		s.t.Errorf("fakegithub: unexpected request %s %s", r.Method, r.URL.Path)
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Not Found"})
		return
	}
	req := Request{Op: op.id, Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization")}
	rep := s.handle(op, params, r, &req)
	req.Status = rep.status
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	s.mu.Unlock()
	if rep.link != "" {
		w.Header().Set("Link", rep.link)
	}
	writeJSON(w, rep.status, rep.body)
}

func (s *Server) route(r *http.Request) (*operation, map[string]string) {
	for _, op := range s.ops {
		if params, ok := op.match(r.Method, r.URL.Path); ok {
			return op, params
		}
	}
	return nil, nil
}

// handle validates the request, applies faults and serves it.
func (s *Server) handle(op *operation, params map[string]string, r *http.Request, req *Request) reply {
	if want := "Bearer " + s.token; s.token != "" && req.Auth != want {
		s.t.Errorf("fakegithub: %s: Authorization header is not the expected bearer token", op.id)
		return reply{status: http.StatusUnauthorized, body: map[string]any{"message": "Bad credentials"}}
	}
	if err := s.validate(op, params, r, req); err != nil {
		s.t.Errorf("fakegithub: %s: invalid request: %v", op.id, err)
		return reply{status: http.StatusUnprocessableEntity, body: map[string]any{"message": "Invalid request.\n\n" + err.Error()}}
	}
	fault, faulted := s.nextFault(op.id)
	if faulted && !fault.Apply {
		return reply{status: fault.Status, body: errorBody(fault.Status)}
	}
	rep := s.apply(op.id, params, r, req.Body)
	if faulted {
		return reply{status: fault.Status, body: errorBody(fault.Status)}
	}
	return rep
}

func (s *Server) nextFault(op string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[op]
	if len(q) == 0 {
		return Fault{}, false
	}
	s.faults[op] = q[1:]
	return q[0], true
}

func (s *Server) validate(op *operation, params map[string]string, r *http.Request, req *Request) error {
	for name, typ := range op.params {
		if typ == "integer" {
			if _, err := strconv.ParseInt(params[name], 10, 64); err != nil {
				return fmt.Errorf("path parameter %s=%q is not an integer", name, params[name])
			}
		}
	}
	if r.Method == http.MethodGet {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	if err != nil {
		return err
	}
	if op.body == nil {
		return fmt.Errorf("operation takes no body")
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	if err := op.body.Validate(inst); err != nil {
		return err
	}
	return json.Unmarshal(data, &req.Body)
}

func errorBody(status int) map[string]any {
	msg := http.StatusText(status)
	if status == http.StatusForbidden {
		msg = "Resource not accessible by integration"
	}
	return map[string]any{"message": msg, "documentation_url": "https://docs.github.com/rest"}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func str(m map[string]any, key string) string {
	v, _ := m[key].(string)
	return v
}

func (s *Server) htmlURL(kind string, id int64) string {
	return s.URL + "/" + kind + "/" + strconv.FormatInt(id, 10)
}

func issueNumber(params map[string]string) int {
	n, _ := strconv.Atoi(params["issue_number"])
	return n
}

func pageParams(r *http.Request) (page, perPage int) {
	page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	perPage, _ = strconv.Atoi(r.URL.Query().Get("per_page"))
	if page < 1 {
		page = 1
	}
	if perPage < 1 || perPage > 100 {
		perPage = 30
	}
	return page, perPage
}

func nextLink(r *http.Request, host string, page, perPage int) string {
	q := r.URL.Query()
	q.Set("page", strconv.Itoa(page+1))
	q.Set("per_page", strconv.Itoa(perPage))
	return fmt.Sprintf("<%s%s?%s>; rel=\"next\"", strings.TrimSuffix(host, "/"), r.URL.Path, q.Encode())
}
