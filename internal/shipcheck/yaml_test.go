package shipcheck

import (
	"reflect"
	"strings"
	"testing"
)

func TestYAMLToJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     any
		err      string
	}{
		{"scalars", "a: 1\nb: 2.5\nc: true\nd: null\ne: text\nf: '1'\n",
			map[string]any{"a": int64(1), "b": 2.5, "c": true, "d": nil, "e": "text", "f": "1"}, ""},
		{"on stays a string key", "on: push\n", map[string]any{"on": "push"}, ""},
		{"aliases", "a: &x [1]\nb: *x\n", map[string]any{"a": []any{int64(1)}, "b": []any{int64(1)}}, ""},
		{"empty", "", nil, "empty document"},
		{"duplicate key", "a: 1\na: 2\n", nil, "line 2:1: duplicate key"},
		{"merge key", "<<: {a: 1}\n", nil, "merge keys"},
		{"complex key", "? [a]\n: b\n", nil, "mapping keys must be scalars"},
		{"infinity", "a: .inf\n", nil, "not a JSON number"},
		{"syntax", "a: [\n", nil, "line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := YAMLToJSON([]byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestYAMLToJSONBoundsAliasExpansion(t *testing.T) {
	t.Parallel()
	// Nine levels of ten aliases each would expand to a billion values.
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	if _, err := YAMLToJSON([]byte(b.String())); err == nil || !strings.Contains(err.Error(), "aliases") {
		t.Fatalf("err = %v, want the alias bound", err)
	}
}
