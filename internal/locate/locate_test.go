package locate

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSupported(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		want string // format name, "" for unsupported
	}{
		{"go.mod", "go.mod"},
		{"/sub/dir/go.mod", "go.mod"},
		{`C:\repo\go.work`, "go.work"},
		{"vendor/modules.txt", "vendor/modules.txt"},
		{"/x/vendor/modules.txt", "vendor/modules.txt"},
		{"modules.txt", ""},
		{"package.json", "package.json"},
		{"package-lock.json", "package-lock.json"},
		{"npm-shrinkwrap.json", "package-lock.json"},
		{"yarn.lock", "yarn.lock"},
		{"pnpm-lock.yaml", "pnpm-lock.yaml"},
		{"requirements.txt", "requirements.txt"},
		{"requirements-dev.txt", "requirements.txt"},
		{"dev-requirements.in", "requirements.txt"},
		{"Requirements.TXT", "requirements.txt"},
		{"constraints.txt", ""},
		{"poetry.lock", "poetry.lock"},
		{"uv.lock", "uv.lock"},
		{"Pipfile.lock", "Pipfile.lock"},
		{"Pipfile", ""},
		{"pyproject.toml", "pyproject.toml"},
		{"Cargo.toml", "Cargo.toml"},
		{"cargo.toml", ""},
		{"Cargo.lock", "Cargo.lock"},
		{"pom.xml", "pom.xml"},
		{"Gemfile.lock", "Gemfile.lock"},
		{"gems.locked", "Gemfile.lock"},
		{"Gemfile", ""},
		{"composer.lock", "composer.lock"},
		{"composer.json", "composer.json"},
		{"src/App.csproj", "*.csproj"},
		{"src/App.FsProj", "*.csproj"},
		{"packages.config", "packages.config"},
		{"Directory.Packages.props", "*.csproj"},
		{".github/workflows/ci.yml", ".github/workflows/*.yml"},
		{"/repo/.github/workflows/release.yaml", ".github/workflows/*.yml"},
		{".github/workflows/sub/ci.yml", ""},
		{".github/ci.yml", ""},
		{"action.yml", "action.yml"},
		{"actions/setup/action.yaml", "action.yml"},
		{"README.md", ""},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			f := detect(tc.path)
			got := ""
			if f != nil {
				got = f.name
			}
			if got != tc.want || Supported(tc.path) != (tc.want != "") {
				t.Errorf("detect(%q) = %q, want %q", tc.path, got, tc.want)
			}
		})
	}
}

func TestParseUnsupported(t *testing.T) {
	t.Parallel()
	ix, err := Parse("docs/README.md", []byte("# hi"))
	if !errors.Is(err, ErrUnsupported) || ix != nil {
		t.Fatalf("Parse = %v, %v; want ErrUnsupported", ix, err)
	}
	if !strings.Contains(err.Error(), "docs/README.md") {
		t.Errorf("error %q does not name the file", err)
	}
}

// errorCases are malformed inputs with the exact error each must produce.
var errorCases = []struct {
	path, content, want string
}{
	{"package.json", "{\n  \"dependencies\": {\n    \"a\": \"1\",\n  }\n}", "package.json:4:3: unexpected '}', expected string key"},
	{"package.json", "{\n  \"dependencies\": [1,]\n}", "package.json:2:22: unexpected ']', expected a JSON value"},
	{"package.json", `{"a": tru}`, "package.json:1:7: invalid literal, expected true"},
	{"package.json", "{\"a\": \"x\n\"}", `package.json:1:9: invalid control character '\n' in string`},
	{"package.json", "{} extra", "package.json:1:4: unexpected 'e', expected end of input"},
	{"package.json", "", "package.json:1:1: unexpected end of JSON input, expected '{'"},
	{"package.json", `{"dependencies": {"é": 1, "x": 1.5e}}`, "package.json:1:36: unexpected '}', expected digit"},
	{"package-lock.json", `{"packages": {"node_modules/a": {"version": 01}}}`, "package-lock.json:1:46: unexpected '1', expected ',' or '}'"},
	{"composer.lock", `{"packages": {}}`, "composer.lock:1:14: unexpected '{', expected '['"},
	{"Pipfile.lock", `{"default": {"a": {"version": "\x"}}}`, `Pipfile.lock:1:33: invalid escape '\x' in string`},
	{"go.mod", "module x\nrequire (\n\tgolang.org/x/mod\n)\n", "go.mod:3:2: usage: require module/path v1.2.3"},
	{"go.mod", "module x\nrequire (\n\ta v1\n", "go.mod:2:1: require block is not closed"},
	{"go.mod", "module x\n)\n", `go.mod:2:1: unexpected ")"`},
	{"go.mod", "require \"unterminated v1\n", "go.mod:1:9: unterminated quoted string"},
	{"go.mod", "replace a => \n", "go.mod:1:9: usage: replace module/path [v1.2.3] => other/module v1.4.5 | ../local/dir"},
	{"go.work", "use ./a /* x */\n", "go.work:1:9: block comments are not allowed"},
	{"vendor/modules.txt", "# a v1 extra\n", `vendor/modules.txt:1:1: malformed module line "# a v1 extra"`},
	{"yarn.lock", "foo@^1.0.0\n  version \"1\"\n", "yarn.lock:1:11: expected ':' at the end of an entry header"},
	{"yarn.lock", "  version \"1\"\n", "yarn.lock:1:3: indented line outside an entry"},
	{"yarn.lock", "\"foo@^1.0.0:\n", "yarn.lock:1:1: unterminated quoted descriptor"},
	{"yarn.lock", "foo:\n", `yarn.lock:1:1: invalid descriptor "foo": expected name@range`},
	{"pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  'foo@1.0.0:\n", "pnpm-lock.yaml:3:3: unterminated quoted key"},
	{"pnpm-lock.yaml", "packages:\n\tfoo@1.0.0:\n", "pnpm-lock.yaml:2:1: tab character in indentation"},
	{"pnpm-lock.yaml", "- a\n", `pnpm-lock.yaml:1:1: expected a mapping key, found "-"`},
	{"requirements.txt", "ok==1\n  +++bad\n", `requirements.txt:2:3: invalid requirement "+++bad"`},
	{"poetry.lock", "[[package]\nname = \"a\"\n", `poetry.lock:1:11: unexpected '\n', expected ']'`},
	{"poetry.lock", "[[package]]\nname = \"a\nversion = \"1\"\n", "poetry.lock:2:10: newline in string"},
	{"Cargo.toml", "[dependencies]\nserde = bogus\n", "Cargo.toml:2:9: unexpected 'b', expected a value"},
	{"Cargo.toml", "[dependencies]\nserde = \"1\" x = 2\n", "Cargo.toml:2:13: unexpected 'x', expected end of line"},
	{"pyproject.toml", "[project]\ndependencies = [\"a\" \"b\"]\n", `pyproject.toml:2:21: unexpected '"', expected ',' or ']'`},
	{"uv.lock", "x = \"\"\"never closed\n", "uv.lock:2:1: unterminated multi-line string"},
	{"Gemfile.lock", "GEM\n  specs:\n    rails 4.1.1\n", `Gemfile.lock:3:11: expected "(version)" after gem name`},
	{"pom.xml", "<project>\n  <dependencies>\n    <dependency>\n  </dependencies>\n</project>\n", "pom.xml:4: element <dependency> closed by </dependencies>"},
	{"pom.xml", `<?xml version="1.0" encoding="EBCDIC"?><project/>`, `pom.xml:1: xml: opening charset "EBCDIC": unsupported XML encoding "EBCDIC"`},
	{"a.csproj", "<Project>\n<ItemGroup>\n<PackageReference Include=\"a\">\n</Project>", "a.csproj:4: element <PackageReference> closed by </Project>"},
	{".github/workflows/ci.yml", "jobs:\n  build:\n    steps:\n      - uses: [a]\n", ".github/workflows/ci.yml:4:15: uses must be a string"},
	{".github/workflows/ci.yml", "jobs:\n  build:\n    steps: {a: b}\n", ".github/workflows/ci.yml:3:12: steps must be a sequence"},
	{".github/workflows/ci.yml", "jobs: [a]\n", ".github/workflows/ci.yml:1:7: jobs must be a mapping"},
	{".github/workflows/ci.yml", "jobs:\n  build\n    steps: x\n", ".github/workflows/ci.yml:3: mapping values are not allowed in this context"},
	{".github/workflows/ci.yml", "- a\n- b\n", ".github/workflows/ci.yml:1:1: the document must be a mapping"},
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range errorCases {
		t.Run(tc.path+"/"+tc.want, func(t *testing.T) {
			t.Parallel()
			ix, err := Parse(tc.path, []byte(tc.content))
			var pe *ParseError
			if !errors.As(err, &pe) || ix != nil {
				t.Fatalf("Parse = %v, %v; want a *ParseError", ix, err)
			}
			if err.Error() != tc.want {
				t.Errorf("error = %q\n want   %q", err.Error(), tc.want)
			}
		})
	}
}

func TestParseErrorString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  ParseError
		want string
	}{
		{ParseError{Path: "a.json", Line: 3, Col: 7, Msg: "bad"}, "a.json:3:7: bad"},
		{ParseError{Path: "a.json", Line: 3, Msg: "bad"}, "a.json:3: bad"},
		{ParseError{Path: "a.json", Msg: "bad"}, "a.json: bad"},
		{ParseError{Msg: "bad"}, "bad"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestSizeLimit(t *testing.T) {
	t.Parallel()
	_, err := Parse("package.json", bytes.Repeat([]byte(" "), MaxSize+1))
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Parse(oversized) error = %v, want ErrTooLarge", err)
	}
}

// nested returns open*n + inner + close*n.
func nested(open, inner, close string, n int) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

func TestNestingLimits(t *testing.T) {
	t.Parallel()
	deep, shallow := MaxDepth+10, MaxDepth-10
	tests := []struct {
		name, path string
		content    func(n int) string
	}{
		{"json arrays", "package.json", func(n int) string { return `{"x": ` + nested("[", "1", "]", n) + "}" }},
		{"json objects", "package-lock.json", func(n int) string { return nested(`{"a":`, "1", "}", n) }},
		{"toml arrays", "Cargo.toml", func(n int) string { return "x = " + nested("[", "1", "]", n) + "\n" }},
		{"toml inline tables", "pyproject.toml", func(n int) string { return "x = " + nested("{a = ", "1", "}", n) + "\n" }},
		{"toml dotted key", "Cargo.lock", func(n int) string { return strings.Repeat("a.", n) + "b = 1\n" }},
		{"yaml flow", ".github/workflows/ci.yml", func(n int) string { return "jobs: " + nested("[", "1", "]", n) + "\n" }},
		{"yaml block", "action.yml", func(n int) string {
			var b strings.Builder
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "%s- \n", strings.Repeat(" ", 2*i))
			}
			return "runs:\n" + b.String()
		}},
		{"xml", "pom.xml", func(n int) string { return nested("<a>", "", "</a>", n) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Parse(tc.path, []byte(tc.content(deep))); !errors.Is(err, ErrTooDeep) {
				t.Errorf("depth %d: error = %v, want ErrTooDeep", deep, err)
			}
			if _, err := Parse(tc.path, []byte(tc.content(shallow))); errors.Is(err, ErrTooDeep) {
				t.Errorf("depth %d: error = %v, want none about depth", shallow, err)
			}
		})
	}
}

// TestHostileInputIsFast feeds inputs built to trigger quadratic behaviour or
// alias expansion. Each parses in well under a second normally; the bound is
// loose enough for the race detector on a loaded machine, while a quadratic
// algorithm at this n (4e10 steps) or an expanded alias bomb (1e10 nodes) would
// take minutes.
func TestHostileInputIsFast(t *testing.T) {
	t.Parallel()
	const n = 200_000
	const bound = 20 * time.Second
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'k'; i++ {
		laughs += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	tests := []struct {
		name, path, content string
	}{
		{"yaml alias bomb", ".github/workflows/ci.yml", laughs + "jobs:\n  a:\n    steps: *k\n"},
		{"yarn header with many descriptors", "yarn.lock", strings.Repeat("a@1, ", n) + "a@1:\n  version \"1\"\n"},
		{"requirements continuation", "requirements.txt", "a==1 " + strings.Repeat("\\\n", n) + "\n"},
		{"toml many keys in deep table", "Cargo.toml", "[" + strings.TrimSuffix(strings.Repeat("a.", MaxDepth-1), ".") + "]\n" + strings.Repeat("k = 1\n", n/10)},
		{"many duplicate names", "go.mod", strings.Repeat("require a v1\n", n)},
		{"long json string", "package.json", `{"dependencies": {"` + strings.Repeat("a", 10*n) + `": "1"}}`},
		{"many pnpm keys", "pnpm-lock.yaml", "packages:\n" + strings.Repeat("  a@1.0.0:\n", n)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			ix, err := Parse(tc.path, []byte(tc.content))
			if err == nil {
				ix.Line(Query{Name: "a", Version: "1"})
			}
			if d := time.Since(start); d > bound {
				t.Errorf("took %v (err %v)", d, err)
			}
		})
	}
}

func TestQueryMatching(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path, content string
		q             Query
		want          int
	}{
		{"requirements.txt", "Foo__Bar...Baz==1\n", Query{Type: "pypi", Name: "foo-bar-baz"}, 1},
		{"requirements.txt", "foo==1\n", Query{Type: "PYTHON", Name: " foo "}, 1},
		{"requirements.txt", "foo==1\n", Query{Type: "npm", Name: "foo"}, 0},
		{"requirements.txt", "foo==1\n", Query{Type: "python", Name: ""}, 0},
		{"package.json", `{"dependencies": null, "devDependencies": {"a": "1"}}`, Query{Type: "npm", Name: "a"}, 1},
		{"requirements.txt", "foo==1\nfoo==2\n", Query{Type: "python", Name: "foo", Version: "==2"}, 2},
		{"composer.lock", `{"packages": [{"name": "Vendor/Pkg"}]}`, Query{Type: "composer", Name: "vendor/PKG"}, 1},
		{"packages.config", `<packages><package id="Newtonsoft.Json"/></packages>`, Query{Type: "nuget", Name: "newtonsoft.json"}, 1},
		{"go.mod", "require a v1.0.0\nrequire a v2.0.0\n", Query{Type: "go-module", Name: "a", Version: "2.0.0"}, 2},
		{"go.mod", "require a v1.0.0\n", Query{Type: "go-module", Name: "a", Version: "v9"}, 1},
		{"Gemfile.lock", "GEM\n  specs:\n    Rails (1.0)\n", Query{Type: "gem", Name: "rails"}, 0},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/%+v", tc.path, tc.q), func(t *testing.T) {
			t.Parallel()
			ix, err := Parse(tc.path, []byte(tc.content))
			if err != nil {
				t.Fatal(err)
			}
			if got := ix.Line(tc.q); got != tc.want {
				t.Errorf("Line = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestNormalisation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fn       func(string) string
		in, want string
	}{
		{normPEP503, "Foo_Bar", "foo-bar"},
		{normPEP503, "zope.interface", "zope-interface"},
		{normPEP503, "a-_.b", "a-b"},
		{normPEP503, "_a_", "a"},
		{normCrate, "Serde_JSON", "serde-json"},
		{normVersion, "==1.2.3", "1.2.3"},
		{normVersion, " v1.2.3-RC1 ", "1.2.3-rc1"},
		{normVersion, "version", "version"},
		{normGemVersion, "1.15.4-x86_64-linux", "1.15.4"},
		{normActionRef, "B4FFDE65F46336AB88EB53BE808477A3936BAE11", "b4ffde65f46336ab88eb53be808477a3936bae11"},
		{normActionRef, "V4", "V4"},
	}
	for _, tc := range tests {
		if got := tc.fn(tc.in); got != tc.want {
			t.Errorf("normalise(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPEP508(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, name, version string
		ok                bool
	}{
		{"requests", "requests", "", true},
		{"requests[socks]==2.31.0", "requests", "2.31.0", true},
		{"requests (==2.31.0)", "requests", "2.31.0", true},
		{"requests==2.*", "requests", "", true},
		{"requests>=2,<3", "requests", "", true},
		{"requests===2.0 ; os_name == 'nt'", "requests", "2.0", true},
		{"pkg @ https://x/pkg.whl", "pkg", "", true},
		{"-bad", "", "", false},
		{"bad-", "", "", false},
		{"a$b", "", "", false},
		{"", "", "", false},
	}
	for _, tc := range tests {
		name, version, ok := pep508(tc.in)
		if name != tc.name || version != tc.version || ok != tc.ok {
			t.Errorf("pep508(%q) = %q, %q, %v; want %q, %q, %v", tc.in, name, version, ok, tc.name, tc.version, tc.ok)
		}
	}
}

func TestNormalizeLoneCR(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"a\nb", "a\nb"},
		{"a\r\nb\r\n", "a\r\nb\r\n"},
		{"a\rb", "a\nb"},
		{"a\r", "a\n"},
		{"a\r\nb\rc\r\r\n", "a\r\nb\nc\n\r\n"},
	}
	for _, tc := range tests {
		if got := normalizeLoneCR(tc.in); got != tc.want {
			t.Errorf("normalizeLoneCR(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTOMLScalars(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value string
		ok    bool
	}{
		{"true", true}, {"false", true}, {"42", true}, {"-17", true}, {"+1_000", true},
		{"3.14e-2", true}, {"0x1F", true}, {"inf", true}, {"-nan", true},
		{"1979-05-27", true}, {"1979-05-27T07:32:00Z", true}, {"1979-05-27 07:32:00", true},
		{"--inf", false}, {"+true", false}, {"bogus", false}, {"-", false},
	}
	for _, tc := range tests {
		_, err := Parse("Cargo.toml", []byte("x = "+tc.value+"\n"))
		if (err == nil) != tc.ok {
			t.Errorf("x = %s: error %v, want ok=%v", tc.value, err, tc.ok)
		}
	}
}
