package licenses

import (
	"fmt"

	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// Status says how usable a declared license value is.
type Status int

// The statuses. The zero value is Unknown, so that a forgotten result is
// never mistaken for a valid license.
const (
	Unknown Status = iota // nothing usable: empty, NOASSERTION, SEE LICENSE IN …, UNLICENSED, custom text, …
	Valid                 // Expression is a valid, canonical SPDX expression
	Invalid               // looks like an SPDX expression but is not valid SPDX
)

// String returns "unknown", "valid" or "invalid".
func (s Status) String() string {
	switch s {
	case Unknown:
		return "unknown"
	case Valid:
		return "valid"
	case Invalid:
		return "invalid"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// MarshalText encodes the status as its String form.
func (s Status) MarshalText() ([]byte, error) {
	return []byte(s.String()), nil
}

// UnmarshalText decodes "unknown", "valid" or "invalid".
func (s *Status) UnmarshalText(b []byte) error {
	for _, v := range []Status{Unknown, Valid, Invalid} {
		if string(b) == v.String() {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("unknown license status %q", b)
}

// Normalized is the result of normalising a declared license value.
type Normalized struct {
	Expression string     `json:"expression,omitempty"` // canonical SPDX expression; set only when Status is Valid
	Original   string     `json:"original"`             // the value as declared
	Status     Status     `json:"status"`
	Note       string     `json:"note,omitempty"`     // what was assumed or why nothing was usable
	FileRef    string     `json:"file_ref,omitempty"` // file named by "SEE LICENSE IN <file>"
	Tree       *spdx.Node `json:"-"`                  // parsed Expression; nil unless Status is Valid
}
