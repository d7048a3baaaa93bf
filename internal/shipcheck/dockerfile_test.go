package shipcheck

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

func loadDockerfile(t *testing.T) *Dockerfile {
	t.Helper()
	d, err := ParseDockerfile(readRepoFile(t, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// buildStage is the stage that runs `go build`.
func buildStage(t *testing.T, d *Dockerfile) (*Stage, Instruction) {
	t.Helper()
	for i := range d.Stages {
		for _, ins := range d.Stages[i].Find("run") {
			if strings.Contains(strings.Join(ins.Args, " "), "go build") {
				return &d.Stages[i], ins
			}
		}
	}
	t.Fatal("no stage runs go build")
	return nil, Instruction{}
}

func TestDockerfileIsMultiStageAndPinned(t *testing.T) {
	t.Parallel()
	d := loadDockerfile(t)
	if len(d.Stages) < 2 {
		t.Fatalf("%d stage(s); the release image must be built in one stage and shipped from another", len(d.Stages))
	}
	names := map[string]bool{}
	for _, st := range d.Stages {
		switch {
		case names[strings.ToLower(st.Image)], st.Image == "scratch":
		case strings.Contains(st.Image, "$"):
			t.Errorf("line %d: FROM %s: the base image must be written out, pinned, not built from ARGs", st.Line, st.Image)
		case !PinnedByDigest(st.Image):
			t.Errorf("line %d: FROM %s is not pinned by @sha256 digest", st.Line, st.Image)
		}
		if st.Name != "" {
			names[st.Name] = true
		}
	}
}

func TestDockerfileBuildsStaticTrimmedBinary(t *testing.T) {
	t.Parallel()
	d := loadDockerfile(t)
	st, build := buildStage(t, d)
	cmd := strings.Join(build.Args, " ")
	cgoOff := strings.Contains(cmd, "CGO_ENABLED=0")
	for _, env := range st.Find("env") {
		if strings.Contains(strings.Join(env.Args, " "), "CGO_ENABLED 0") || containsPair(env.Args, "CGO_ENABLED", "0") {
			cgoOff = true
		}
	}
	ldflags := regexp.MustCompile(`-ldflags[= ]"([^"]*)"`).FindStringSubmatch(cmd)
	checks := []struct {
		name string
		ok   bool
	}{
		{"CGO_ENABLED=0", cgoOff},
		{"-trimpath", strings.Contains(cmd, "-trimpath")},
		{"-ldflags", ldflags != nil},
		{"-s -w (no symbol table, no DWARF)", ldflags != nil && strings.Contains(ldflags[1], "-s -w")},
		{"-X .../internal/cli.Version=", ldflags != nil && strings.Contains(ldflags[1], "-X github.com/ospo-gate/ospo-gate/internal/cli.Version=")},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("line %d: the go build does not use %s: %s", build.Line, c.name, cmd)
		}
	}
}

// containsPair reports whether ENV arguments (key, value, separator triples from BuildKit's parser) set key.
func containsPair(args []string, key, value string) bool {
	for i := 0; i+1 < len(args); i++ {
		if args[i] == key && args[i+1] == value {
			return true
		}
	}
	return false
}

func TestDockerfileVersionVariableExists(t *testing.T) {
	t.Parallel()
	pkg, err := LoadGoPackage(repoRoot + "/internal/cli")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := pkg.StringConst("Version"); !ok {
		t.Error("internal/cli has no string variable Version for -X to set")
	}
}

func TestDockerfileGoMatchesGoMod(t *testing.T) {
	t.Parallel()
	d := loadDockerfile(t)
	st, _ := buildStage(t, d)
	m := regexp.MustCompile(`^golang:(\d+\.\d+(?:\.\d+)?)`).FindStringSubmatch(st.Image)
	if m == nil {
		t.Fatalf("line %d: the build stage's image %s is not golang:VERSION", st.Line, st.Image)
	}
	mf, err := modfile.ParseLax("go.mod", readRepoFile(t, "go.mod"), nil)
	if err != nil || mf.Go == nil {
		t.Fatalf("reading go.mod: %v", err)
	}
	if m[1] != mf.Go.Version {
		t.Errorf("the build image has Go %s but go.mod says go %s: the image would download another toolchain", m[1], mf.Go.Version)
	}
}

func TestDockerfileFinalImage(t *testing.T) {
	t.Parallel()
	d := loadDockerfile(t)
	final := d.Final()
	for _, st := range d.Stages {
		if users := st.Find("user"); len(users) > 0 {
			t.Errorf("line %d: USER: GitHub runs Docker actions as root so they can use the workspace; remove it", users[0].Line)
		}
	}
	eps := final.Find("entrypoint")
	if len(eps) != 1 || !eps[0].JSON || len(eps[0].Args) != 1 {
		t.Fatalf("the final stage needs exactly one exec-form ENTRYPOINT [\"/path/to/ospo-gate\"], got %+v", eps)
	}
	binary := eps[0].Args[0]
	copied := false
	for _, c := range final.Find("copy") {
		if from, ok := c.Flag("from"); ok && d.Stage(from) != nil && len(c.Args) > 0 && c.Args[len(c.Args)-1] == binary {
			copied = true
		}
	}
	if !copied {
		t.Errorf("the ENTRYPOINT %s is not COPY --from=<build stage> into the final image", binary)
	}
	git := strings.Contains(final.Image, "git")
	for _, r := range final.Find("run") {
		if regexp.MustCompile(`\b(apk add|apt-get install)\b.*\bgit\b`).MatchString(strings.Join(r.Args, " ")) {
			git = true
		}
	}
	if !git {
		t.Error("the final image does not install git, which the diff gate runs")
	}
}

func TestDockerignoreKeepsContextSmall(t *testing.T) {
	t.Parallel()
	lines := map[string]bool{}
	for _, l := range strings.Split(string(readRepoFile(t, ".dockerignore")), "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{"*", "!go.mod", "!go.sum", "!main.go", "!internal/", "**/*.test", "**/testdata"} {
		if !lines[want] {
			t.Errorf(".dockerignore lacks %q", want)
		}
	}
}

func TestParseDockerfile(t *testing.T) {
	t.Parallel()
	const good = "ARG X=1\nFROM --platform=$BUILDPLATFORM golang:1@sha256:" + sha64 + " AS build\nRUN go build .\n" +
		"FROM scratch\nCOPY --from=build /out/x /x\nENTRYPOINT [\"/x\"]\n"
	tests := []struct {
		name, in string
		stages   int
		err      string
	}{
		{"two stages", good, 2, ""},
		{"no FROM", "RUN true\n", 0, "RUN before the first FROM"},
		{"only ARG", "ARG A=1\n", 0, "no FROM"},
		{"bad FROM", "FROM a b c d\n", 0, "FROM takes an image"},
		{"unknown flag", "FROM --foo=bar alpine\n", 0, "unknown FROM flag"},
		{"empty", "", 0, "no instructions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := ParseDockerfile([]byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Stages) != tt.stages {
				t.Fatalf("%d stages, want %d", len(d.Stages), tt.stages)
			}
			if d.Stages[0].Name != "build" || d.Stages[0].Platform != "$BUILDPLATFORM" || !PinnedByDigest(d.Stages[0].Image) {
				t.Errorf("first stage = %+v", d.Stages[0])
			}
			if ep := d.Final().Find("entrypoint"); len(ep) != 1 || !ep[0].JSON || ep[0].Args[0] != "/x" {
				t.Errorf("entrypoint = %+v", ep)
			}
		})
	}
}

const sha64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestPinnedByDigest(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"alpine@sha256:" + sha64:                  true,
		"ghcr.io/a/b:v1@sha256:" + sha64:          true,
		"alpine:3.22":                             false,
		"alpine@sha256:" + sha64[:63]:             false,
		"alpine@sha256:" + strings.ToUpper(sha64): false,
		"@sha256:" + sha64:                        false,
	}
	for in, want := range tests {
		if got := PinnedByDigest(in); got != want {
			t.Errorf("PinnedByDigest(%q) = %v, want %v", in, got, want)
		}
	}
}
