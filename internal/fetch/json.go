package fetch

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// DecodeJSON unmarshals data into v. Syntax and type errors are reported with
// their 1-based line:col position in data; a top-level null is rejected so
// that an empty answer is never mistaken for a valid one.
func DecodeJSON(data []byte, v any) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return errors.New("empty JSON document")
	}
	if bytes.Equal(trimmed, []byte("null")) {
		return errors.New("1:1: JSON document is null")
	}
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := Position(data, syn.Offset-1) // Offset is just past the bad byte
		return fmt.Errorf("%d:%d: %w", line, col, err)
	case errors.As(err, &typ):
		line, col := Position(data, typ.Offset-1) // Offset is just past the value
		return fmt.Errorf("%d:%d: %w", line, col, err)
	default:
		return err
	}
}

// Position converts a byte offset in data to a 1-based line and column
// (column counted in bytes). Offsets outside data are clamped.
func Position(data []byte, offset int64) (line, col int) {
	offset = max(0, min(offset, int64(len(data))))
	before := data[:offset]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}
