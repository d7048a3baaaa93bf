package shipcheck

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

const sampleSource = `package sample

const (
	DefaultName = "ospo-gate"
	FormatA     = "a"
)

var Formats = []string{FormatA, "b"}

var computed = []string{fmt()}

func fmt() string { return "" }

func read(a getter, kv [][2]string) {
	_ = a.GetInput("policy")
	_ = a.GetInput("mode")
	_ = GetInput("path")
	_ = a.GetInput(name)
	kv = append(kv, [2]string{"verdict", "pass"}, [2]string{"report-" + f, p})
	_ = [][2]string{{"errors", "0"}, {"warnings", "0"}}
	_ = [3]string{"not", "a", "pair"}
}
`

func TestGoPackage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, src := range map[string]string{"a.go": sampleSource, "a_test.go": "package sample\nfunc x() { GetInput(\"test-only\") }\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pkg, err := LoadGoPackage(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pkg.CallArgs("GetInput"), []string{"mode", "path", "policy"}; !reflect.DeepEqual(got, want) {
		t.Errorf("CallArgs = %v, want %v", got, want)
	}
	if got, want := pkg.PairNames(), []string{"errors", "report-*", "verdict", "warnings"}; !reflect.DeepEqual(got, want) {
		t.Errorf("PairNames = %v, want %v", got, want)
	}
	if got, ok := pkg.StringConst("DefaultName"); !ok || got != "ospo-gate" {
		t.Errorf("StringConst = %q, %v", got, ok)
	}
	if _, ok := pkg.StringConst("Missing"); ok {
		t.Error("StringConst found a missing constant")
	}
	if got, ok := pkg.StringList("Formats"); !ok || !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("StringList = %v, %v", got, ok)
	}
	if _, ok := pkg.StringList("computed"); ok {
		t.Error("StringList resolved a computed element")
	}
	if _, err := LoadGoPackage(t.TempDir()); err == nil {
		t.Error("LoadGoPackage of an empty directory succeeded")
	}
}
