package schemas

import (
	"errors"
	"strings"
	"testing"
)

func validator(t *testing.T) *Validator {
	t.Helper()
	dir, err := Dir()
	if errors.Is(err, ErrNoSchemas) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return New(dir)
}

func TestValidate(t *testing.T) {
	t.Parallel()
	v := validator(t)
	tests := []struct {
		schema, valid string
	}{
		{SARIF, `{"version":"2.1.0","runs":[]}`},
		{SPDX, `{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"x",
			"documentNamespace":"https://example.com/x","creationInfo":{"created":"2026-01-01T00:00:00Z","creators":["Tool: x"]}}`},
		{CycloneDX, `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x",
			"licenses":[{"license":{"id":"MIT","acknowledgement":"concluded"}}]}]}`},
		{GitHubAction, `{"name":"x","description":"y","runs":{"using":"docker","image":"Dockerfile"}}`},
		{GitHubWorkflow, `{"on":"push","jobs":{"a":{"runs-on":"x","steps":[{"run":"echo"}]}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.schema, func(t *testing.T) {
			t.Parallel()
			if err := v.Validate(tt.schema, []byte(tt.valid)); err != nil {
				t.Errorf("a valid document failed: %v", err)
			}
			if err := v.Validate(tt.schema, []byte(`{}`)); err == nil {
				t.Error("an empty object passed")
			}
			if err := v.Validate(tt.schema, []byte(`{`)); err == nil || !strings.Contains(err.Error(), "decoding") {
				t.Errorf("malformed JSON: err = %v", err)
			}
		})
	}
}

func TestCycloneDXLicenseIDsAreChecked(t *testing.T) {
	t.Parallel()
	v := validator(t)
	doc := `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":"x",
		"licenses":[{"license":{"id":"Not-A-License"}}]}]}`
	if err := v.Validate(CycloneDX, []byte(doc)); err == nil {
		t.Error("a license id outside the SPDX list passed: the spdx.schema.json reference is not resolved")
	}
}

func TestUnknownSchema(t *testing.T) {
	t.Parallel()
	v := validator(t)
	if err := v.Validate("nope.json", []byte(`{}`)); err == nil {
		t.Error("validating against a missing schema file succeeded")
	}
}
