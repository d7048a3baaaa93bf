package shipcheck

import (
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/ospo-gate/ospo-gate/internal/shipcheck/schemas"
)

func loadAction(t *testing.T) *Action {
	t.Helper()
	a, err := ParseAction(readRepoFile(t, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestActionMetadataMatchesSchema(t *testing.T) {
	t.Parallel()
	v := validator(t)
	doc, err := YAMLToJSON(readRepoFile(t, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.ValidateValue(schemas.GitHubAction, doc); err != nil {
		t.Errorf("action.yml does not match GitHub's action metadata schema:\n%v", err)
	}
}

var releaseImage = regexp.MustCompile(`^docker://ghcr\.io/ospo-gate/ospo-gate:v\d+\.\d+\.\d+$`)

func TestActionMetadata(t *testing.T) {
	t.Parallel()
	a := loadAction(t)
	checks := []struct {
		name string
		ok   bool
	}{
		{"has a name", a.Name != ""},
		{"has a description", a.Description != ""},
		{"has an author", a.Author != ""},
		{"has branding", a.Branding.Icon != "" && a.Branding.Color != ""},
		{"runs as a Docker action", a.Runs.Using == "docker"},
		{"builds the Dockerfile or uses a release image", a.Runs.Image == "Dockerfile" || releaseImage.MatchString(a.Runs.Image)},
		{"runs the action subcommand", len(a.Runs.Args) > 0 && a.Runs.Args[0] == "action"},
		{"declares inputs", len(a.Inputs) > 0},
		{"declares outputs", len(a.Outputs) > 0},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("action.yml: %s: no", c.name)
		}
	}
	for name, in := range a.Inputs {
		if strings.TrimSpace(in.Description) == "" {
			t.Errorf("input %s has no description", name)
		}
		if in.Default == nil {
			t.Errorf("input %s has no default (write default: \"\" when there is none)", name)
		}
		if in.Required {
			t.Errorf("input %s is required; every input of ospo-gate has a default", name)
		}
	}
	for name, out := range a.Outputs {
		if strings.TrimSpace(out.Description) == "" {
			t.Errorf("output %s has no description", name)
		}
	}
}

func TestActionInputsMatchCode(t *testing.T) {
	t.Parallel()
	pkg, err := LoadGoPackage(repoRoot + "/internal/action")
	if err != nil {
		t.Fatal(err)
	}
	read := setOf(pkg.CallArgs("GetInput"))
	if len(read) == 0 {
		t.Fatal("found no GetInput(\"…\") call in internal/action")
	}
	declared := loadAction(t).Inputs
	for name := range read {
		if _, ok := declared[name]; !ok {
			t.Errorf("internal/action reads the input %q, which action.yml does not declare", name)
		}
	}
	for name := range declared {
		if !read[name] {
			t.Errorf("action.yml declares the input %q, which internal/action never reads", name)
		}
	}
}

// formats lists the report formats (internal/report) and artifact formats (internal/artifacts): the action
// writes the output "report-FORMAT" for each file it writes. Read from the source, so that this test does not
// link the whole pipeline.
func formats(t *testing.T) (reports, artifacts []string) {
	t.Helper()
	for _, c := range []struct {
		dir string
		out *[]string
	}{{"report", &reports}, {"artifacts", &artifacts}} {
		pkg, err := LoadGoPackage(repoRoot + "/internal/" + c.dir)
		if err != nil {
			t.Fatal(err)
		}
		list, ok := pkg.StringList("Formats")
		if !ok || len(list) == 0 {
			t.Fatalf("internal/%s has no Formats list of string constants", c.dir)
		}
		*c.out = list
	}
	return reports, artifacts
}

func TestActionOutputsMatchCode(t *testing.T) {
	t.Parallel()
	pkg, err := LoadGoPackage(repoRoot + "/internal/action")
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, name := range pkg.PairNames() {
		prefix, dynamic := strings.CutSuffix(name, "*")
		if !dynamic {
			set[name] = true
			continue
		}
		reports, artifacts := formats(t)
		for _, f := range append(reports, artifacts...) {
			set[prefix+f] = true
		}
	}
	if !set["verdict"] {
		t.Fatalf("found no \"verdict\" output pair in internal/action (found %v)", sortedKeys(set))
	}
	declared := loadAction(t).Outputs
	for name := range set {
		if _, ok := declared[name]; !ok {
			t.Errorf("internal/action sets the output %q, which action.yml does not declare", name)
		}
	}
	for name := range declared {
		if !set[name] {
			t.Errorf("action.yml declares the output %q, which internal/action never sets", name)
		}
	}
}

func TestActionDefaultsMatchCode(t *testing.T) {
	t.Parallel()
	pkg, err := LoadGoPackage(repoRoot + "/internal/action")
	if err != nil {
		t.Fatal(err)
	}
	a := loadAction(t)
	for input, constant := range map[string]string{"check-name": "DefaultCheckName", "outputs": "DefaultOutputs"} {
		want, ok := pkg.StringConst(constant)
		if !ok {
			t.Errorf("internal/action has no string constant %s", constant)
			continue
		}
		if got := a.Inputs[input].Default; got == nil || *got != want {
			t.Errorf("input %s: action.yml default %v, internal/action.%s = %q", input, deref(got), constant, want)
		}
	}
	for input, want := range map[string]string{"mode": "auto", "comment": "never", "fail-on": "error", "path": ".", "policy": ""} {
		if got := a.Inputs[input].Default; got == nil || *got != want {
			t.Errorf("input %s: default %v, want %q (the code's behaviour for an empty input)", input, deref(got), want)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<none>"
	}
	return `"` + *s + `"`
}

func TestParseActionErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"not yaml", "name: [unclosed", "line 1"},
		{"inputs not a mapping", "name: x\ninputs: [a, b]\n", "line 2"},
		{"args not a list", "runs:\n  using: docker\n  args: {a: b}\n", "line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseAction([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseAction(%q) = %v, want an error mentioning %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestReadmeOfArtifactsNamesEveryFormat(t *testing.T) {
	t.Parallel()
	doc := string(readRepoFile(t, path.Join("internal", "artifacts", "README.md")))
	a := loadAction(t)
	_, artifacts := formats(t)
	for _, f := range artifacts {
		if !strings.Contains(doc, f+"=") {
			t.Errorf("internal/artifacts/README.md does not show the %s=FILE output", f)
		}
		if !strings.Contains(a.Inputs["outputs"].Description, f) {
			t.Errorf("the outputs input's description does not name the %s format", f)
		}
	}
}
