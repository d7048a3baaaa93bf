// Package schemas validates JSON documents against the JSON Schemas kept beside the repository in
// ../shared/schemas (SARIF 2.1.0, SPDX 2.3, CycloneDX 1.6, GitHub action metadata and workflows). Tests use it
// to hold ospo-gate's artifacts and repository files to their published formats.
package schemas

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Schema files, relative to the schemas directory.
const (
	SARIF          = "sarif-2.1.0.json"
	SPDX           = "spdx-2.3.schema.json"
	CycloneDX      = "cyclonedx/bom-1.6.SNAPSHOT.schema.json"
	GitHubAction   = "github-action.json"
	GitHubWorkflow = "github-workflow.json"
)

// aliases are the URLs other schemas use to reference a file, when they differ from the file's own $id: the
// CycloneDX schema refers to its companions by their SNAPSHOT file names.
var aliases = map[string][]string{
	"cyclonedx/spdx.SNAPSHOT.schema.json":     {"http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json"},
	"cyclonedx/jsf-0.82.SNAPSHOT.schema.json": {"http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json"},
}

// ErrNoSchemas is returned when the schemas directory is not beside the repository.
var ErrNoSchemas = errors.New("../shared/schemas is not beside the repository")

// Dir finds the schemas directory: shared/schemas beside the module root (the nearest parent of the working
// directory holding go.mod).
func Dir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(d, "..", "shared", "schemas")
			if st, err := os.Stat(dir); err == nil && st.IsDir() {
				return dir, nil
			}
			return "", ErrNoSchemas
		}
		if filepath.Dir(d) == d {
			return "", ErrNoSchemas
		}
	}
}

// Validator validates documents against the schemas of one directory. It is safe for concurrent use.
type Validator struct {
	dir   string
	mu    sync.Mutex
	cache map[string]*jsonschema.Schema
}

// New returns a validator for the schemas in dir.
func New(dir string) *Validator {
	return &Validator{dir: dir, cache: map[string]*jsonschema.Schema{}}
}

// Validate checks a JSON document (raw bytes) against the named schema file.
func (v *Validator) Validate(schema string, doc []byte) error {
	sch, err := v.compile(schema)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("decoding the document: %w", err)
	}
	return sch.Validate(inst)
}

// ValidateValue checks an already decoded JSON value (from encoding/json into any, or a YAML document converted
// to JSON types) against the named schema file.
func (v *Validator) ValidateValue(schema string, inst any) error {
	sch, err := v.compile(schema)
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

func (v *Validator) compile(schema string) (*jsonschema.Schema, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if s, ok := v.cache[schema]; ok {
		return s, nil
	}
	c := jsonschema.NewCompiler()
	files := []string{schema}
	for f := range aliases {
		files = append(files, f)
	}
	var mainURL string
	for _, f := range files {
		doc, err := v.load(f)
		if err != nil {
			if f != schema && errors.Is(err, os.ErrNotExist) {
				continue
			}
			return nil, err
		}
		u := fileURL(v.dir, f)
		if f == schema {
			mainURL = u
		}
		if err := c.AddResource(u, doc); err != nil {
			return nil, fmt.Errorf("adding %s: %w", f, err)
		}
		for _, alias := range aliases[f] {
			if err := c.AddResource(alias, doc); err != nil {
				return nil, fmt.Errorf("adding %s as %s: %w", f, alias, err)
			}
		}
	}
	s, err := c.Compile(mainURL)
	if err != nil {
		return nil, fmt.Errorf("compiling %s: %w", schema, err)
	}
	v.cache[schema] = s
	return s, nil
}

func (v *Validator) load(f string) (any, error) {
	fh, err := os.Open(filepath.Join(v.dir, filepath.FromSlash(f)))
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	doc, err := jsonschema.UnmarshalJSON(fh)
	if err != nil {
		return nil, fmt.Errorf("decoding schema %s: %w", f, err)
	}
	return doc, nil
}

func fileURL(dir, f string) string {
	return "file://" + filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(f)))
}
