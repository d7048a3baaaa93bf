package mdcheck

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, md, want string // want: "" for no problem, else part of the error
	}{
		{"clean", "## Title\n\n| a | b |\n|---|---|\n| `x` | z \\| w |\n\n<details><summary>more</summary>\n\ntext\n\n</details>\n", ""},
		{"html", "hello <img src=x onerror=alert(1)>\n", "HTML outside code"},
		{"html in code is inert", "`<img>` and\n```\n<script>\n```\n", ""},
		{"table breaker", "| a | b |\n|---|---|\n| x | y | z |\n", "cell separators"},
		{"unclosed fence", "```\ncode\n", "never closed"},
		{"longer fence closes with junk", "```\n````x\n", "never closed"},
		{"quoted fence", "> ```\n> <b>\n> ```\n", ""},
		{"unbalanced details", "<details>\n", "unbalanced"},
		{"backtick info string", "``` a`b\n```\n", "info string"},
	}
	for _, tt := range tests {
		err := Check(tt.md)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestCountPipesAndStripCodeSpans(t *testing.T) {
	t.Parallel()
	if n := CountPipes(`| a \| b | c |`); n != 3 {
		t.Errorf("CountPipes = %d, want 3", n)
	}
	if got := StripCodeSpans("a `<b>` c ``x`y`` \\<d"); got != "a  c  d" {
		t.Errorf("StripCodeSpans = %q", got)
	}
}
