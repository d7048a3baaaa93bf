package shipcheck

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ospo-gate/ospo-gate/internal/shipcheck/schemas"
)

// repoRoot is the repository root, seen from this package's directory.
const repoRoot = "../.."

func readRepoFile(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("reading %s: %v", rel, err)
	}
	return b
}

// validator returns the schema validator, or skips the test when ../shared/schemas is not beside the
// repository (a bare clone); .ci/run always has it.
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

func workflowFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pat := range []string{"*.yml", "*.yaml"} {
		m, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no workflow files under .github/workflows")
	}
	return files
}

func setOf(list []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range list {
		m[s] = true
	}
	return m
}

// decodeInto converts a JSON-shaped value into a struct with yaml tags.
func decodeInto(doc any, v any) error {
	b, err := yaml.Marshal(doc)
	if err != nil {
		return err
	}
	return yaml.Unmarshal(b, v)
}
