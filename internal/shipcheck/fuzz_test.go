package shipcheck

import (
	"encoding/json"
	"testing"
)

func FuzzYAMLToJSON(f *testing.F) {
	for _, s := range []string{
		"on: push\njobs: {a: {runs-on: x, steps: [{run: echo}]}}\n",
		"a: &x [1, 2.5, true, null, ~, 0x1F]\nb: *x\n",
		"a: .inf\n", "? [a]\n: b\n", "a: 1\na: 2\n", "<<: {a: 1}\n", "",
		"a: &a [*a]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := YAMLToJSON(data)
		if err != nil {
			return
		}
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("YAMLToJSON produced a value JSON cannot encode: %v", err)
		}
	})
}

func FuzzParseDockerfile(f *testing.F) {
	for _, s := range []string{
		"FROM golang:1@sha256:" + sha64 + " AS build\nRUN go build .\nFROM scratch\nCOPY --from=build /x /x\nENTRYPOINT [\"/x\"]\n",
		"ARG A\nFROM $A\n", "FROM a AS\n", "RUN <<EOF\nx\nEOF\n", "FROM --platform= a\n", "\\\n",
		"# escape=`\nFROM a\nRUN a `\n b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDockerfile(data)
		if err != nil {
			return
		}
		if len(d.Stages) == 0 {
			t.Fatal("a parsed Dockerfile without stages")
		}
		final := d.Final()
		_ = final.Find("entrypoint")
		_ = PinnedByDigest(final.Image)
	})
}

func FuzzWorkflowUses(f *testing.F) {
	for _, s := range []string{
		"jobs:\n  a:\n    steps:\n      - uses: a/b@" + sha64[:40] + " # v1\n        with: {x: y}\n",
		"jobs:\n  a:\n    uses: ./x.yml\n", "jobs: []\n", "jobs:\n  a:\n    steps: {a: b}\n", "- a\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		uses, err := WorkflowUses(data)
		if err != nil {
			return
		}
		for _, u := range uses {
			_ = u.PinProblem()
		}
	})
}

func FuzzParseAction(f *testing.F) {
	for _, s := range []string{
		"name: x\ninputs:\n  a:\n    description: d\n    default: ''\nruns:\n  using: docker\n  image: Dockerfile\n  args: [action]\n",
		"inputs: [a]\n", "runs: {args: {a: b}}\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAction(data)
		if err != nil {
			return
		}
		for _, in := range a.Inputs {
			_ = in.Default
		}
	})
}
