package scorecard

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// BenchmarkLookupMany1000 looks 1,000 distinct repositories up against a
// fake API that answers each request after 50 ms, with default fetch
// settings and no cache. It reports the wall time per run as wall-s.
//
//	go test -run='^$' -bench=LookupMany1000 -benchtime=3x ./internal/scorecard/
func BenchmarkLookupMany1000(b *testing.B) {
	body := readFlask(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(50 * time.Millisecond)
		w.Write(body)
	}))
	defer srv.Close()
	host, err := fetch.HostOf(srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	run := 0
	var total time.Duration
	for b.Loop() {
		f, err := fetch.New(fetch.Config{AllowedHosts: []string{host}})
		if err != nil {
			b.Fatal(err)
		}
		c, err := NewClient(f, srv.URL)
		if err != nil {
			b.Fatal(err)
		}
		repos := make([]string, 1000)
		for i := range repos {
			repos[i] = fmt.Sprintf("github.com/org%d/repo%d", run, i)
		}
		run++
		start := time.Now()
		got := c.LookupMany(context.Background(), repos)
		total += time.Since(start)
		for _, r := range repos {
			if got[r].Outcome() != fetch.Found {
				b.Fatalf("%s: %v", r, got[r].Response.Err)
			}
		}
	}
	b.ReportMetric(total.Seconds()/float64(run), "wall-s")
}
