package fakegithub

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// recorder keeps the fake's complaints instead of failing the test, so that the test can assert them.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func annotationsJSON(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"path":"a.txt","start_line":%d,"end_line":%d,"annotation_level":"failure","message":"m"}`, i+1, i+1)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestServerValidatesBodies(t *testing.T) {
	t.Parallel()
	sha := strings.Repeat("a", 40)
	tests := []struct {
		name, method, path, body string
		wantErr                  string // "" = valid
	}{
		{"valid create", "POST", "/repos/o/r/check-runs", `{"name":"n","head_sha":"` + sha + `","status":"in_progress","started_at":"2024-05-01T10:00:00Z"}`, ""},
		{"create without head_sha", "POST", "/repos/o/r/check-runs", `{"name":"n"}`, "head_sha"},
		{"create with an unknown status", "POST", "/repos/o/r/check-runs", `{"name":"n","head_sha":"` + sha + `","status":"done"}`, "status"},
		{"create with a bad date", "POST", "/repos/o/r/check-runs", `{"name":"n","head_sha":"` + sha + `","started_at":"yesterday"}`, "date-time"},
		{"output without summary", "POST", "/repos/o/r/check-runs", `{"name":"n","head_sha":"` + sha + `","output":{"title":"t"}}`, "summary"},
		{"valid update with 50 annotations", "PATCH", "/repos/o/r/check-runs/1", `{"name":"n","output":{"title":"t","summary":"s","annotations":` + annotationsJSON(50) + `}}`, ""},
		{"update with 51 annotations", "PATCH", "/repos/o/r/check-runs/1", `{"name":"n","output":{"title":"t","summary":"s","annotations":` + annotationsJSON(51) + `}}`, "maxItems"},
		{"annotation without end_line", "PATCH", "/repos/o/r/check-runs/1", `{"output":{"summary":"s","annotations":[{"path":"a","start_line":1,"annotation_level":"failure","message":"m"}]}}`, "end_line"},
		{"annotation level error", "PATCH", "/repos/o/r/check-runs/1", `{"output":{"summary":"s","annotations":[{"path":"a","start_line":1,"end_line":1,"annotation_level":"error","message":"m"}]}}`, "annotation_level"},
		{"completed without conclusion", "PATCH", "/repos/o/r/check-runs/1", `{"name":"n","status":"completed"}`, "conclusion"},
		{"non-numeric check run id", "PATCH", "/repos/o/r/check-runs/abc", `{"name":"n"}`, "integer"},
		{"comment without body", "POST", "/repos/o/r/issues/3/comments", `{}`, "body"},
		{"valid comment", "POST", "/repos/o/r/issues/3/comments", `{"body":"hi"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{TB: t}
			srv := New(rec, "tok")
			srv.runs = append(srv.runs, &CheckRun{ID: 1, Name: "n"})
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer tok")
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if tt.wantErr == "" {
				if resp.StatusCode >= 300 || len(rec.errs) > 0 {
					t.Fatalf("valid request: status %d, complaints %v", resp.StatusCode, rec.errs)
				}
				return
			}
			if resp.StatusCode != http.StatusUnprocessableEntity || len(rec.errs) != 1 || !strings.Contains(rec.errs[0], tt.wantErr) {
				t.Fatalf("status %d, complaints %v; want 422 mentioning %q", resp.StatusCode, rec.errs, tt.wantErr)
			}
		})
	}
}

func TestServerChecksToken(t *testing.T) {
	t.Parallel()
	rec := &recorder{TB: t}
	srv := New(rec, "tok")
	resp, err := srv.Client().Post(srv.URL+"/repos/o/r/issues/3/comments", "application/json", strings.NewReader(`{"body":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || len(rec.errs) != 1 {
		t.Fatalf("status %d, complaints %v; want 401 and one complaint", resp.StatusCode, rec.errs)
	}
}

func TestServerPaginatesComments(t *testing.T) {
	t.Parallel()
	srv := New(t, "")
	for i := 0; i < 45; i++ {
		srv.AddComment(9, fmt.Sprint(i), "u", "User")
	}
	resp, err := srv.Client().Get(srv.URL + "/repos/o/r/issues/9/comments?per_page=20&page=2")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 20 || got[0]["body"] != "20" || !strings.Contains(resp.Header.Get("Link"), "page=3") {
		t.Fatalf("page 2 = %d comments starting %v, Link %q", len(got), got[0]["body"], resp.Header.Get("Link"))
	}
}
