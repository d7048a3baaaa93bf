package action

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
)

// appendOutputs appends name/value pairs to a GITHUB_OUTPUT-style file. Each value goes in a heredoc whose
// delimiter is random and checked against the value, so a value cannot end its entry early and inject others.
func appendOutputs(path string, kv [][2]string) error {
	var b strings.Builder
	for _, p := range kv {
		name, value := p[0], p[1]
		if name == "" || strings.ContainsAny(name, "<=\r\n") {
			return fmt.Errorf("output name %q is not valid", name)
		}
		delim, err := delimiter(value)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s<<%s\n%s\n%s\n", name, delim, value, delim)
	}
	return appendFile(path, b.String())
}

func delimiter(value string) (string, error) {
	for i := 0; i < 5; i++ {
		var r [16]byte
		if _, err := rand.Read(r[:]); err != nil {
			return "", err
		}
		d := "ghadelimiter_" + hex.EncodeToString(r[:])
		if !strings.Contains(value, d) {
			return d, nil
		}
	}
	return "", fmt.Errorf("could not pick a heredoc delimiter")
}

// appendFile appends text to an existing environment file (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY).
func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
