package fetch

import (
	"strings"
	"testing"
	"time"
)

func TestDecodeJSONPositions(t *testing.T) {
	t.Parallel()
	type doc struct {
		A int    `json:"a"`
		B string `json:"b"`
	}
	tests := []struct {
		name, in, want string
	}{
		{name: "valid", in: `{"a":1,"b":"x"}`},
		{name: "empty", in: "  \n", want: "empty JSON document"},
		{name: "null", in: " null ", want: "1:1: JSON document is null"},
		{name: "syntax on line 3", in: "{\n\"a\": 1,\n\"b\": x}", want: "3:6: invalid character 'x'"},
		{name: "type error", in: "{\"a\": \"one\"}", want: "1:11: json: cannot unmarshal string"},
		{name: "truncated", in: "{\"a\": 1,", want: "1:8: unexpected end of JSON input"},
		{name: "trailing data", in: `{"a":1} {}`, want: "1:9: invalid character '{' after top-level value"},
		{name: "array at top", in: `[1]`, want: "1:1: json: cannot unmarshal array"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var d doc
			err := DecodeJSON([]byte(tc.in), &d)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("error = %v, want prefix %q", err, tc.want)
			}
		})
	}
}

func TestPosition(t *testing.T) {
	t.Parallel()
	data := []byte("ab\ncd\n\nef")
	tests := []struct {
		off       int64
		line, col int
	}{{-5, 1, 1}, {0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {6, 3, 1}, {7, 4, 1}, {8, 4, 2}, {99, 4, 3}}
	for _, tc := range tests {
		if l, c := Position(data, tc.off); l != tc.line || c != tc.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{in: "0", want: 0, ok: true},
		{in: " 120 ", want: 2 * time.Minute, ok: true},
		{in: "Sun, 01 Mar 2026 12:01:00 GMT", want: time.Minute, ok: true},
		{in: "Sun, 01 Mar 2026 11:00:00 GMT", want: 0, ok: true},
		{in: "Sunday, 01-Mar-26 12:00:30 GMT", want: 30 * time.Second, ok: true},
		{in: ""},
		{in: "-5"},
		{in: "1.5"},
		{in: "soon"},
		{in: "99999999999999999999"},
	}
	for _, tc := range tests {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffGrowsAndCaps(t *testing.T) {
	t.Parallel()
	for _, jitter := range []float64{0, 0.999} {
		c, err := New(Config{AllowedHosts: []string{"x"}, BackoffBase: time.Second, BackoffMax: 5 * time.Second, Jitter: func() float64 { return jitter }})
		if err != nil {
			t.Fatal(err)
		}
		caps := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
		for i, d := range caps {
			got := c.backoff(i + 1)
			if got < d/2 || got > d {
				t.Errorf("jitter %v: backoff(%d) = %s, want within [%s, %s]", jitter, i+1, got, d/2, d)
			}
		}
	}
}
