package shipcheck

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// maxDockerfile bounds the Dockerfile size the parser is given.
const maxDockerfile = 1 << 20

// Dockerfile is a parsed Dockerfile: its build stages in order.
type Dockerfile struct {
	// MetaArgs are the ARG instructions before the first FROM.
	MetaArgs []Instruction
	Stages   []Stage
}

// Stage is one FROM and the instructions under it.
type Stage struct {
	Name     string // the AS name, "" when the stage has none
	Image    string // the base image as written
	Platform string // the --platform flag value, if any
	Line     int
	Body     []Instruction
}

// Instruction is one Dockerfile instruction.
type Instruction struct {
	Command string   // lower-case: "run", "copy", "entrypoint", ...
	Args    []string // the arguments: for exec (JSON) form the array elements, for shell form one string
	Flags   []string // "--from=build", "--mount=...", ...
	JSON    bool     // exec form
	Line    int
}

// ParseDockerfile parses a Dockerfile with BuildKit's parser (the one `docker build` uses).
func ParseDockerfile(data []byte) (*Dockerfile, error) {
	if len(data) > maxDockerfile {
		return nil, fmt.Errorf("the Dockerfile is %d bytes, over the %d-byte limit", len(data), maxDockerfile)
	}
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parsing the Dockerfile: %w", err)
	}
	d := &Dockerfile{}
	for _, n := range res.AST.Children {
		ins := instruction(n)
		if ins.Command == "from" {
			st, err := stage(ins)
			if err != nil {
				return nil, err
			}
			d.Stages = append(d.Stages, st)
			continue
		}
		if len(d.Stages) == 0 {
			if ins.Command != "arg" {
				return nil, fmt.Errorf("line %d: %s before the first FROM", ins.Line, strings.ToUpper(ins.Command))
			}
			d.MetaArgs = append(d.MetaArgs, ins)
			continue
		}
		last := &d.Stages[len(d.Stages)-1]
		last.Body = append(last.Body, ins)
	}
	if len(d.Stages) == 0 {
		return nil, fmt.Errorf("the Dockerfile has no FROM")
	}
	return d, nil
}

func instruction(n *parser.Node) Instruction {
	ins := Instruction{Command: strings.ToLower(n.Value), Flags: n.Flags, JSON: n.Attributes["json"], Line: n.StartLine}
	for a := n.Next; a != nil; a = a.Next {
		ins.Args = append(ins.Args, a.Value)
	}
	return ins
}

func stage(ins Instruction) (Stage, error) {
	st := Stage{Line: ins.Line}
	switch {
	case len(ins.Args) == 1:
	case len(ins.Args) == 3 && strings.EqualFold(ins.Args[1], "as"):
		st.Name = strings.ToLower(ins.Args[2])
	default:
		return st, fmt.Errorf("line %d: FROM takes an image and an optional AS name, got %q", ins.Line, ins.Args)
	}
	st.Image = ins.Args[0]
	for _, f := range ins.Flags {
		if v, ok := strings.CutPrefix(f, "--platform="); ok {
			st.Platform = v
			continue
		}
		return st, fmt.Errorf("line %d: unknown FROM flag %q", ins.Line, f)
	}
	return st, nil
}

// Final returns the last stage: the image that is shipped.
func (d *Dockerfile) Final() *Stage { return &d.Stages[len(d.Stages)-1] }

// Stage returns the stage with the given AS name, or nil.
func (d *Dockerfile) Stage(name string) *Stage {
	for i := range d.Stages {
		if d.Stages[i].Name == strings.ToLower(name) {
			return &d.Stages[i]
		}
	}
	return nil
}

// Find returns the instructions of a stage with the given command, in order.
func (s *Stage) Find(command string) []Instruction {
	var out []Instruction
	for _, ins := range s.Body {
		if ins.Command == command {
			out = append(out, ins)
		}
	}
	return out
}

var digestRef = regexp.MustCompile(`^[^@\s]+@sha256:[0-9a-f]{64}$`)

// PinnedByDigest reports whether an image reference names its content by SHA-256 digest.
func PinnedByDigest(image string) bool { return digestRef.MatchString(image) }

// Flag returns the value of a --name=value flag of an instruction.
func (ins Instruction) Flag(name string) (string, bool) {
	for _, f := range ins.Flags {
		if v, ok := strings.CutPrefix(f, "--"+name+"="); ok {
			return v, true
		}
	}
	return "", false
}
