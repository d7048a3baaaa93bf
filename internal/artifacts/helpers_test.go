package artifacts

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/gate"
	"github.com/ospo-gate/ospo-gate/internal/policy"
	"github.com/ospo-gate/ospo-gate/internal/shipcheck/schemas"
)

// examples are the bundled example projects, scanned once per test binary.
var examples = []string{"npm-fail", "npm-pass", "go-fail", "python-fail", "rust-fail", "java-fail"}

var (
	runsOnce sync.Once
	runsByEx map[string]*gate.Run
	runsErr  error
)

// exampleRuns scans the bundled examples with the embedded default policy.
func exampleRuns(t *testing.T) map[string]*gate.Run {
	t.Helper()
	runsOnce.Do(func() {
		runsByEx = map[string]*gate.Run{}
		for _, ex := range examples {
			root, err := filepath.Abs(filepath.Join("..", "..", "testdata", "examples", ex))
			if err != nil {
				runsErr = err
				return
			}
			run, err := gate.Execute(context.Background(), gate.Config{
				Root: root, Policy: policy.Default(), PolicyPath: policy.EmbeddedName,
				Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ToolVersion: "v0.0.0-test",
			})
			if err != nil {
				runsErr = err
				return
			}
			runsByEx[ex] = run
		}
	})
	if runsErr != nil {
		t.Fatalf("scanning the examples: %v", runsErr)
	}
	return runsByEx
}

// validator returns the schema validator, or skips when ../shared/schemas is not beside the repository.
func validator(t *testing.T) *schemas.Validator {
	t.Helper()
	dir, err := schemas.Dir()
	if errors.Is(err, schemas.ErrNoSchemas) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return schemas.New(dir)
}
