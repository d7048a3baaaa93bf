// Package fakegithub is an in-memory GitHub REST API for tests. It serves the check-run and issue-comment
// operations ospo-gate uses, validates every request against the operation's schema from GitHub's OpenAPI
// description (path parameters, required fields, enums, the 50-annotation limit, date-time formats), checks
// the bearer token, records every request, and can be told to fail (403 on fork pull requests, 500s).
//
// operations.json holds the six operations used, extracted unchanged from the dereferenced GitHub REST
// description in @octokit/openapi v23.0.2 (the project's shared github-api/rest-operations.json).
package fakegithub

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed operations.json
var operationsJSON []byte

// Operation ids served.
const (
	OpCreateCheckRun = "checks/create"
	OpUpdateCheckRun = "checks/update"
	OpListCheckRuns  = "checks/list-for-ref"
	OpCreateComment  = "issues/create-comment"
	OpUpdateComment  = "issues/update-comment"
	OpListComments   = "issues/list-comments"
)

// operation is one REST operation: its route and compiled body schema.
type operation struct {
	id       string
	method   string
	segments []string          // path template split on "/"
	params   map[string]string // path parameter → schema type
	body     *jsonschema.Schema
}

var (
	opsOnce sync.Once
	ops     []*operation
	opsErr  error
)

func loadOperations() ([]*operation, error) {
	opsOnce.Do(func() { ops, opsErr = compileOperations() })
	return ops, opsErr
}

func compileOperations() ([]*operation, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(operationsJSON))
	if err != nil {
		return nil, fmt.Errorf("operations.json: %w", err)
	}
	all := mapAt(doc, "operations")
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	var out []*operation
	for id, v := range all {
		op, err := compileOperation(c, id, v)
		if err != nil {
			return nil, fmt.Errorf("operation %s: %w", id, err)
		}
		out = append(out, op)
	}
	return out, nil
}

func compileOperation(c *jsonschema.Compiler, id string, v any) (*operation, error) {
	entry, _ := v.(map[string]any)
	method, _ := entry["method"].(string)
	path, _ := entry["path"].(string)
	spec := mapAt(entry, "operation")
	op := &operation{id: id, method: method, segments: strings.Split(strings.Trim(path, "/"), "/"), params: map[string]string{}}
	params, _ := spec["parameters"].([]any)
	for _, p := range params {
		pm, _ := p.(map[string]any)
		if pm["in"] == "path" {
			name, _ := pm["name"].(string)
			typ, _ := mapAt(pm, "schema")["type"].(string)
			op.params[name] = typ
		}
	}
	schema := mapAt(mapAt(mapAt(mapAt(spec, "requestBody"), "content"), "application/json"), "schema")
	if len(schema) == 0 {
		return op, nil
	}
	url := "mem://operations/" + strings.ReplaceAll(id, "/", "_") + ".json"
	if err := c.AddResource(url, schema); err != nil {
		return nil, err
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil, err
	}
	op.body = sch
	return op, nil
}

func mapAt(v any, key string) map[string]any {
	m, _ := v.(map[string]any)
	sub, _ := m[key].(map[string]any)
	return sub
}

// match returns the path parameters when method and path fit the operation.
func (op *operation) match(method, path string) (map[string]string, bool) {
	if method != op.method {
		return nil, false
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) != len(op.segments) {
		return nil, false
	}
	vals := map[string]string{}
	for i, tmpl := range op.segments {
		if strings.HasPrefix(tmpl, "{") && strings.HasSuffix(tmpl, "}") {
			vals[strings.Trim(tmpl, "{}")] = segs[i]
			continue
		}
		if tmpl != segs[i] {
			return nil, false
		}
	}
	return vals, true
}
