package spdx

import (
	"fmt"
	"unicode/utf8"
)

// Error is a syntax or vocabulary error in a license expression. Col is the
// 1-based column (in characters, not bytes) where the problem starts.
type Error struct {
	Col int
	Msg string
}

// Error implements the error interface as "col N: message".
func (e *Error) Error() string {
	return fmt.Sprintf("col %d: %s", e.Col, e.Msg)
}

// errAt builds an *Error for the byte offset off of src.
func errAt(src string, off int, format string, args ...any) *Error {
	if off > len(src) {
		off = len(src)
	}
	return &Error{Col: utf8.RuneCountInString(src[:off]) + 1, Msg: fmt.Sprintf(format, args...)}
}
