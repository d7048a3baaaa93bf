package scorecard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// wireResult is the API's JSON shape (ossf/scorecard-webapp openapi.yaml,
// and real answers). Unknown fields are ignored.
type wireResult struct {
	Date string `json:"date"`
	Repo struct {
		Name   string `json:"name"`
		Commit string `json:"commit"`
	} `json:"repo"`
	Scorecard struct {
		Version string `json:"version"`
		Commit  string `json:"commit"`
	} `json:"scorecard"`
	Score    *flexNumber `json:"score"`
	Checks   []wireCheck `json:"checks"`
	Metadata flexStrings `json:"metadata"`
}

type wireCheck struct {
	Name          string      `json:"name"`
	Score         *flexNumber `json:"score"`
	Reason        string      `json:"reason"`
	Details       flexStrings `json:"details"`
	Documentation struct {
		Short string `json:"short"`
		URL   string `json:"url"`
	} `json:"documentation"`
}

// flexNumber accepts a JSON number or a string holding one; null leaves the
// pointer nil.
type flexNumber float64

// UnmarshalJSON implements json.Unmarshaler.
func (n *flexNumber) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if unq, err := strconv.Unquote(s); err == nil {
		s = strings.TrimSpace(unq)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("score %s is not a number", b)
	}
	*n = flexNumber(f)
	return nil
}

// flexStrings accepts null, a string (one element, none if empty) or an
// array of strings (null elements skipped).
type flexStrings []string

// UnmarshalJSON implements json.Unmarshaler.
func (s *flexStrings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*s = nil
		return nil
	case len(b) > 0 && b[0] == '"':
		var one string
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = nil
		if one != "" {
			*s = flexStrings{one}
		}
		return nil
	}
	var many []*string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a string or an array of strings: %w", err)
	}
	out := make(flexStrings, 0, len(many))
	for _, p := range many {
		if p != nil {
			out = append(out, *p)
		}
	}
	*s = out
	return nil
}
