package action

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// BenchmarkNonDependencyPR measures a whole action run on a pull request that changes only source files in a
// repository with 300 npm dependencies: event, inputs, git (fetching the base, listing changes), the trusted
// policy, the check run against the fake API, the summary and the outputs. No scan runs. It reports the
// gate's own wall time (evaluation, without publishing) as gate-ms/op, and the CPU time of the whole run,
// git included, as cpu-ms/op: on a loaded machine the wall time is mostly waiting for a core.
func BenchmarkNonDependencyPR(b *testing.B) {
	var pkgs []npmPkg
	for i := 0; i < 300; i++ {
		pkgs = append(pkgs, npmPkg{fmt.Sprintf("dep-%03d", i), "1.0.0", "MIT"})
	}
	f := newFixture(b, files{"package-lock.json": npmLock(pkgs...), "src/app.js": "v1\n"}, files{"src/app.js": "v2\n", "README.md": "docs\n"})
	h := newHarness(b, f, "pull_request.synchronize.json", "pull_request")
	h.run() // the first run fetches the base commit into the shallow clone
	var gate time.Duration
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := h.run(); code != ExitPass {
			b.Fatalf("exit code %d%s", code, h.debug())
		}
		gate += gateTimeOf(b, h.summaryText())
	}
	b.ReportMetric(float64(gate.Milliseconds())/float64(b.N), "gate-ms/op")
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// gateTimeOf reads the last "gate time N.NNs" the summary reports.
func gateTimeOf(b testing.TB, summary string) time.Duration {
	i := strings.LastIndex(summary, "gate time ")
	if i < 0 {
		b.Fatalf("summary has no gate time:\n%s", summary)
	}
	var secs float64
	if _, err := fmt.Sscanf(summary[i:], "gate time %fs", &secs); err != nil {
		b.Fatal(err)
	}
	return time.Duration(secs * float64(time.Second))
}

// TestNonDependencyPRIsFast checks the fast path's budget generously (the benchmark gives the figure): on a
// loaded 2-core machine a run that scans nothing still ends well under a second of gate work.
func TestNonDependencyPRIsFast(t *testing.T) {
	t.Parallel()
	f := newFixture(t, files{"package-lock.json": gplLock, "src/app.js": "v1\n"}, files{"src/app.js": "v2\n"})
	h := newHarness(t, f, "pull_request.synchronize.json", "pull_request")
	if code := h.run(); code != ExitPass {
		t.Fatalf("exit code %d%s", code, h.debug())
	}
	if !strings.Contains(h.summaryText(), "gate time ") {
		t.Fatalf("no gate time in the summary")
	}
	if d := gateTimeOf(t, h.summaryText()); d > 5*time.Second {
		t.Errorf("gate time %v on the fast path", d)
	}
}
