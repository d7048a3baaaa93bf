package locate

import (
	"strings"
	"testing"
)

// fixture is a small inline file with the expected line of each query.
type fixture struct {
	name    string
	path    string
	content string
	checks  []check
}

type check struct {
	q    Query
	want int
}

// q builds a query; "name@version" splits at the last "@" that is not the first
// character.
func q(typ, nameVersion string) Query {
	name, version := nameVersion, ""
	if i := strings.LastIndexByte(nameVersion, '@'); i > 0 {
		name, version = nameVersion[:i], nameVersion[i+1:]
	}
	return Query{Type: typ, Name: name, Version: version}
}

// runFixtures checks every fixture as written, with CRLF line endings, with
// classic Mac (lone CR) line endings, and with a UTF-8 byte order mark.
func runFixtures(t *testing.T, fixtures []fixture) {
	t.Helper()
	variants := map[string]func(string) string{
		"lf":   func(s string) string { return s },
		"crlf": func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") },
		"cr":   func(s string) string { return strings.ReplaceAll(s, "\n", "\r") },
		"bom":  func(s string) string { return "\uFEFF" + s },
	}
	for _, fx := range fixtures {
		for vname, transform := range variants {
			t.Run(fx.name+"/"+vname, func(t *testing.T) {
				t.Parallel()
				ix, err := Parse(fx.path, []byte(transform(fx.content)))
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				for _, c := range fx.checks {
					if got := ix.Line(c.q); got != c.want {
						t.Errorf("Line(%+v) = %d, want %d", c.q, got, c.want)
					}
				}
			})
		}
	}
}

func TestGoFormats(t *testing.T) {
	t.Parallel()
	runFixtures(t, goFixtures)
}

var goFixtures = []fixture{{
	name: "go.mod",
	path: "go.mod",
	content: `// leading comment
module example.com/app

go 1.22

require golang.org/x/mod v0.20.0
require (
	github.com/google/go-cmp v0.6.0 // indirect
	"example.com/quoted" v1.0.0
	example.com/prefix v1.0.0
	example.com/prefix-longer v2.0.0
)

replace example.com/prefix v1.0.0 => example.com/fork v1.1.0
replace (
	example.com/local => ../local
	golang.org/x/mod => golang.org/x/mod v0.21.0
)
exclude example.com/excluded v1.0.0
`,
	checks: []check{
		{q("go-module", "golang.org/x/mod"), 6},
		{q("go-module", "golang.org/x/mod@v0.21.0"), 17},
		{q("go-module", "golang.org/x/mod@0.20.0"), 6},
		{q("go-module", "github.com/google/go-cmp"), 8},
		{q("golang", "example.com/quoted"), 9},
		{q("go-module", "example.com/prefix"), 10},
		{q("go-module", "example.com/prefix-longer"), 11},
		{q("go-module", "example.com/fork"), 14},
		{q("go-module", "example.com/local"), 16},
		{q("go-module", "../local"), 0},
		{q("go-module", "example.com/excluded"), 0},
		{q("go-module", "example.com/app"), 0},
		{q("go-module", "example.com/Prefix"), 0}, // module paths are case-sensitive
		{q("npm", "golang.org/x/mod"), 0},
		{q("", "golang.org/x/mod"), 6},
	},
}, {
	name: "go.work",
	path: "sub/go.work",
	content: `go 1.22

use (
	.
	./tools
)

replace example.com/a v1.0.0 => example.com/b v1.2.0
`,
	checks: []check{
		{q("go-module", "example.com/b"), 8},
		{q("go-module", "example.com/a"), 8},
		{q("go-module", "./tools"), 0},
	},
}, {
	name: "modules.txt",
	path: "vendor/modules.txt",
	content: `# example.com/a v1.0.0
## explicit; go 1.20
example.com/a
example.com/a/sub
# example.com/old v1.0.0 => example.com/new v1.5.0
## explicit
example.com/old
# example.com/local => ./local
## explicit
`,
	checks: []check{
		{q("go-module", "example.com/a@v1.0.0"), 1},
		{q("go-module", "example.com/a/sub"), 0},
		{q("go-module", "example.com/new"), 5},
		{q("go-module", "example.com/old"), 5},
		{q("go-module", "example.com/local"), 8},
	},
}}

func TestNPMFormats(t *testing.T) {
	t.Parallel()
	runFixtures(t, npmFixtures)
}

var npmFixtures = []fixture{{
	name: "package.json",
	path: "web/package.json",
	content: `{
  "name": "app",
  "dependencies": {
    "react-dom": "^18.2.0",
    "react": "18.2.0",
    "@scope/pkg": "^1.0.0",
    "esc\u0061ped": "1.0.0"
  },
  "devDependencies": {
    "react": "^18.0.0",
    "typescript": "~5.4.0"
  },
  "peerDependencies": {"react": ">=17"},
  "optionalDependencies": {"fsevents": "^2.3.0"},
  "scripts": {"dependencies": "not a dependency"}
}`,
	checks: []check{
		{q("npm", "react"), 5},
		{q("npm", "react-dom"), 4},
		{q("npm", "@scope/pkg"), 6},
		{q("npm", "escaped"), 7},
		{q("npm", "typescript"), 11},
		{q("npm", "fsevents"), 14},
		{q("npm", "reac"), 0},
		{q("npm", "app"), 0},
		{q("npm", "React"), 0}, // npm names are exact
	},
}, {
	name: "package-lock v3",
	path: "package-lock.json",
	content: `{
  "name": "root",
  "lockfileVersion": 3,
  "packages": {
    "": {
      "name": "root",
      "version": "1.0.0",
      "dependencies": {"react": "^18.0.0"}
    },
    "node_modules/@scope/pkg": {"version": "1.0.0"},
    "node_modules/a/node_modules/react": {
      "version": "17.0.2"
    },
    "node_modules/react": {
      "version": "18.2.0",
      "license": {"type": "MIT"}
    },
    "node_modules/react-dom": {"version": "18.2.0"},
    "node_modules/alias": {"name": "real-pkg", "version": "2.0.0"},
    "node_modules/ws-a": {"resolved": "packages/a", "link": true},
    "packages/a": {"version": "0.1.0"},
    "packages/b": {"name": "ws-b", "version": "0.2.0"},
    "packages/b/node_modules/@scope/pkg": {"version": "0.9.0"}
  }
}`,
	checks: []check{
		{q("npm", "react"), 14},
		{q("npm", "react@17.0.2"), 11},
		{q("npm", "react@18.2.0"), 14},
		{q("npm", "react@99.0.0"), 14},
		{q("npm", "react-dom"), 18},
		{q("npm", "@scope/pkg"), 10},
		{q("npm", "@scope/pkg@0.9.0"), 23},
		{q("npm", "real-pkg"), 19},
		{q("npm", "alias"), 19},
		{q("npm", "ws-a"), 21},
		{q("npm", "ws-b"), 22},
		{q("npm", "root"), 5},
		{q("npm", "pkg"), 0},
	},
}, {
	name: "package-lock v1",
	path: "npm-shrinkwrap.json",
	content: `{
  "lockfileVersion": 1,
  "dependencies": {
    "a": {
      "version": "1.0.0",
      "requires": {"b": "^2.0.0"},
      "dependencies": {
        "b": {"version": "2.0.0"}
      }
    },
    "b": {"version": "3.0.0"}
  }
}`,
	checks: []check{
		{q("npm", "a"), 4},
		{q("npm", "b"), 11},
		{q("npm", "b@2.0.0"), 8},
	},
}, {
	name: "yarn classic",
	path: "yarn.lock",
	content: `# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
  version "7.12.13"
  dependencies:
    "@babel/highlight" "^7.10.4"

react-dom@^16.0.0:
  version "16.14.0"

react@^16.0.0, react@^16.8.0:
  version "16.14.0"

react@^17.0.0:
  version "17.0.2"

"js-tokens@^3.0.0 || ^4.0.0":
  version "4.0.0"

string-width-cjs@npm:string-width@^4.2.0:
  version "4.2.3"
`,
	checks: []check{
		{q("npm", "@babel/code-frame"), 5},
		{q("npm", "@babel/highlight"), 0},
		{q("npm", "react"), 13},
		{q("npm", "react@17.0.2"), 16},
		{q("npm", "react@16.14.0"), 13},
		{q("npm", "react-dom"), 10},
		{q("npm", "js-tokens@4.0.0"), 19},
		{q("npm", "string-width"), 22},
		{q("npm", "string-width-cjs"), 22},
	},
}, {
	name: "yarn berry",
	path: "yarn.lock",
	content: `# This file is generated by running "yarn install" inside your project.

__metadata:
  version: 8
  cacheKey: 10c0

"@scope/name@npm:^1.2.0, @scope/name@npm:^1.3.0":
  version: 1.3.1
  resolution: "@scope/name@npm:1.3.1"
  dependencies:
    react: "npm:^18.0.0"
  languageName: node
  linkType: hard

"@scope/name@npm:^2.0.0":
  version: 2.0.0
  resolution: "@scope/name@npm:2.0.0"

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."

"resolve@patch:resolve@npm%3A^1.20.0#~builtin<compat/resolve>":
  version: 1.22.8
  resolution: "resolve@patch:resolve@npm%3A1.22.8#~builtin<compat/resolve>::version=1.22.8&hash=c3c19d"
`,
	checks: []check{
		{q("npm", "@scope/name"), 7},
		{q("npm", "@scope/name@2.0.0"), 15},
		{q("npm", "@scope/name@1.3.1"), 7},
		{q("npm", "react"), 0},
		{q("npm", "app"), 19},
		{q("npm", "resolve@1.22.8"), 23},
		{q("npm", "__metadata"), 0},
	},
}, {
	name: "pnpm v9",
	path: "pnpm-lock.yaml",
	content: `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true

importers:

  .:
    dependencies:
      react:
        specifier: ^18.2.0
        version: 18.2.0

packages:

  '@babel/core@7.24.0':
    resolution: {integrity: sha512-x}

  react-dom@18.2.0:
    resolution: {integrity: sha512-y}
    peerDependencies:
      react: ^18.2.0

  react@17.0.2:
    resolution: {integrity: sha512-z}

  react@18.2.0:
    resolution: {integrity: sha512-w}

snapshots:

  '@babel/core@7.24.0': {}

  react-dom@18.2.0(react@18.2.0):
    dependencies:
      react: 18.2.0

  react@18.2.0: {}

  only-in-snapshots@1.0.0(peer@2.0.0): {} # comment
`,
	checks: []check{
		{q("npm", "react"), 24},
		{q("npm", "react@18.2.0"), 27},
		{q("npm", "react@17.0.2"), 24},
		{q("npm", "react-dom"), 19},
		{q("npm", "@babel/core@7.24.0"), 16},
		{q("npm", "only-in-snapshots@1.0.0"), 40},
		{q("npm", "peer"), 0},
		{q("npm", "specifier"), 0},
	},
}, {
	name: "pnpm v6",
	path: "pnpm-lock.yaml",
	content: `lockfileVersion: '6.0'

packages:

  /@scope/pkg@1.0.0(react@18.2.0):
    resolution: {integrity: sha512-a}
    dev: false

  /react@18.2.0:
    resolution: {integrity: sha512-b}
`,
	checks: []check{
		{q("npm", "@scope/pkg@1.0.0"), 5},
		{q("npm", "react"), 9},
	},
}, {
	name: "pnpm v5",
	path: "pnpm-lock.yaml",
	content: `lockfileVersion: 5.4

specifiers:
  react: ^17.0.0

packages:

  /@babel/core/7.12.3_supports-color@8.1.1:
    resolution: {integrity: sha512-a}

  /lodash._baseiteratee/4.7.0:
    resolution: {integrity: sha512-b}

  /react/17.0.2:
    resolution: {integrity: sha512-c}
`,
	checks: []check{
		{q("npm", "@babel/core@7.12.3"), 8},
		{q("npm", "lodash._baseiteratee"), 11},
		{q("npm", "react@17.0.2"), 14},
	},
}}

func TestPythonFormats(t *testing.T) {
	t.Parallel()
	runFixtures(t, pythonFixtures)
}

var pythonFixtures = []fixture{{
	name: "requirements",
	path: "requirements-dev.txt",
	content: `# comment
-r base.txt
--index-url https://pypi.example/simple
Django==4.2.1  # inline comment
requests[security,socks] >= 2.31 ; python_version >= "3.8"
zope.interface
Foo_Bar.baz==1.0 \
    --hash=sha256:aaaa \
    --hash=sha256:bbbb
numpy @ https://files.example/numpy-1.26.0.whl
-e git+https://github.com/org/proj.git#egg=Proj_Name
https://files.example/archive.tar.gz#egg=from-url
./local/path
pytest
`,
	checks: []check{
		{q("python", "django"), 4},
		{q("python", "Django@4.2.1"), 4},
		{q("python", "requests"), 5},
		{q("python", "zope-interface"), 6},
		{q("python", "foo-bar-baz"), 7},
		{q("python", "numpy"), 10},
		{q("python", "proj-name"), 11},
		{q("python", "from_url"), 12},
		{q("python", "pytest"), 14},
		{q("python", "base.txt"), 0},
		{q("python", "security"), 0},
	},
}, {
	name: "poetry.lock",
	path: "poetry.lock",
	content: `# This file is automatically @generated by Poetry and should not be changed by hand.

[[package]]
name = "Typing_Extensions"
version = "4.9.0"
files = [
    {file = "typing_extensions-4.9.0.tar.gz", hash = "sha256:abc"},
]

[package.dependencies]
idna = ">=2.8"

[[package]]
name = "idna"
version = "3.6"

[metadata]
lock-version = "2.0"
content-hash = "x"
`,
	checks: []check{
		{q("python", "typing-extensions"), 4},
		{q("python", "idna@3.6"), 14},
		{q("python", "metadata"), 0},
	},
}, {
	name: "uv.lock",
	path: "uv.lock",
	content: `version = 1
requires-python = ">=3.12"

[[package]]
name = "anyio"
version = "4.3.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "idna" },
]
wheels = [
    { url = "https://files.example/anyio.whl", hash = "sha256:x", size = 85584, upload-time = 2024-02-19T08:36:26Z },
]

[[package]]
name = "idna"
version = "3.7"
`,
	checks: []check{
		{q("python", "anyio"), 5},
		{q("python", "idna"), 16},
	},
}, {
	name: "Pipfile.lock",
	path: "Pipfile.lock",
	content: `{
    "_meta": {"hash": {"sha256": "x"}, "requires": {"python_version": "3.11"}},
    "default": {
        "requests": {
            "hashes": ["sha256:a"],
            "version": "==2.31.0"
        }
    },
    "develop": {
        "pytest": {"version": "==8.0.0"},
        "requests": {"version": "==2.30.0"}
    }
}`,
	checks: []check{
		{q("python", "requests"), 4},
		{q("python", "requests@2.30.0"), 11},
		{q("python", "Requests@2.31.0"), 4},
		{q("python", "pytest"), 10},
		{q("python", "_meta"), 0},
	},
}, {
	name: "pyproject",
	path: "pyproject.toml",
	content: `[project]
name = "demo"
dependencies = [
  "httpx>=0.27",  # comment
  'rich[jupyter]==13.7.1 ; python_version > "3.8"',
]
optional-dependencies.cli = ["click>=8"]

[project.optional-dependencies]
docs = [
    "Sphinx_RTD_Theme",
]

[dependency-groups]
dev = ["pytest>=8", {include-group = "lint"}]

[build-system]
requires = ["hatchling"]

[tool.poetry.dependencies]
python = "^3.10"
Flask = "^3.0"
pendulum = { version = "^3.0", optional = true }
requests.version = "^2.31"

[tool.poetry.group.test.dependencies]
pytest-cov = "*"

[tool.poetry.dependencies.numpy]
version = "^1.26"
`,
	checks: []check{
		{q("python", "httpx"), 4},
		{q("python", "rich@13.7.1"), 5},
		{q("python", "click"), 7},
		{q("python", "sphinx-rtd-theme"), 11},
		{q("python", "pytest"), 15},
		{q("python", "hatchling"), 18},
		{q("python", "flask"), 22},
		{q("python", "pendulum"), 23},
		{q("python", "requests"), 24},
		{q("python", "pytest-cov"), 27},
		{q("python", "numpy"), 29},
		{q("python", "python"), 0},
		{q("python", "demo"), 0},
		{q("python", "lint"), 0},
	},
}}

func TestRustFormats(t *testing.T) {
	t.Parallel()
	runFixtures(t, rustFixtures)
}

var rustFixtures = []fixture{{
	name: "Cargo.toml",
	path: "crates/x/Cargo.toml",
	content: `[package]
name = "x"
version = "0.1.0"

[dependencies]
serde = { version = "1.0", features = ["derive"] }
serde_json = "1.0"
my-alias = { package = "real-crate", version = "2" }
tokio.workspace = true
multi = { version = "1", features = [
    "a",
] }

[dev-dependencies]
serde = "1.0.100"
insta = "1"

[target.'cfg(unix)'.dependencies]
libc = "0.2"

[dependencies.regex]
version = "1.10"
default-features = false

[workspace.dependencies]
anyhow = "1"

[patch.crates-io]
foo = { git = "https://github.com/example/foo" }
`,
	checks: []check{
		{q("rust-crate", "serde"), 6},
		{q("rust-crate", "serde@1.0.100"), 15},
		{q("rust-crate", "serde_json"), 7},
		{q("rust-crate", "serde-json"), 7},
		{q("rust-crate", "real-crate"), 8},
		{q("rust-crate", "my-alias"), 0},
		{q("rust-crate", "tokio"), 9},
		{q("rust-crate", "multi"), 10},
		{q("rust-crate", "insta"), 16},
		{q("rust-crate", "libc"), 19},
		{q("rust-crate", "regex"), 21},
		{q("rust-crate", "anyhow"), 26},
		{q("cargo", "foo"), 29},
		{q("rust-crate", "x"), 0},
		{q("rust-crate", "derive"), 0},
	},
}, {
	name: "Cargo.lock",
	path: "Cargo.lock",
	content: `# This file is automatically @generated by Cargo.
version = 3

[[package]]
name = "syn"
version = "1.0.109"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "syn"
version = "2.0.48"
dependencies = [
 "proc-macro2",
]

[[package]]
name = "syn-ext"
version = "0.1.0"
`,
	checks: []check{
		{q("rust-crate", "syn"), 5},
		{q("rust-crate", "syn@2.0.48"), 10},
		{q("rust-crate", "syn-ext"), 17},
		{q("rust-crate", "proc-macro2"), 0},
	},
}}

func TestJVMRubyPHPDotnetFormats(t *testing.T) {
	t.Parallel()
	runFixtures(t, otherFixtures)
}

var otherFixtures = []fixture{{
	name: "pom.xml",
	path: "pom.xml",
	content: `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.0</version>
  </parent>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.google.guava</groupId>
        <artifactId>guava</artifactId>
        <version>33.0.0-jre</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <!-- a comment -->
    <dependency>
      <groupId>com.google.guava</groupId>
      <artifactId>guava</artifactId>
      <exclusions>
        <exclusion>
          <groupId>com.google.code.findbugs</groupId>
          <artifactId>jsr305</artifactId>
        </exclusion>
      </exclusions>
    </dependency>
    <dependency>
      <groupId>org.other</groupId>
      <artifactId>guava</artifactId>
      <version>1.0</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-compiler-plugin</artifactId>
        <dependencies>
          <dependency>
            <groupId>org.ow2.asm</groupId>
            <artifactId>asm</artifactId>
          </dependency>
        </dependencies>
      </plugin>
    </plugins>
  </build>
</project>
`,
	checks: []check{
		{Query{Type: "java-archive", Name: "guava"}, 21},
		{Query{Type: "java-archive", Name: "guava", Version: "33.0.0-jre"}, 12},
		{Query{Type: "java-archive", Name: "guava", Group: "org.other"}, 31},
		{Query{Type: "java-archive", Name: "guava", Group: "com.google.guava"}, 21},
		{Query{Type: "java-archive", Name: "guava", Group: "com.example"}, 0},
		{Query{Type: "java-archive", Name: "jsr305"}, 0},
		{Query{Type: "java-archive", Name: "spring-boot-starter-parent"}, 5},
		{Query{Type: "maven", Name: "maven-compiler-plugin", Group: "org.apache.maven.plugins"}, 38},
		{Query{Type: "java-archive", Name: "asm"}, 42},
	},
}, {
	name: "Gemfile.lock",
	path: "Gemfile.lock",
	content: `GIT
  remote: https://github.com/rails/rails.git
  revision: abc
  specs:
    rails (7.1.0)
      actionpack (= 7.1.0)

GEM
  remote: https://rubygems.org/
  specs:
    actionpack (7.1.0)
      rack (>= 2.2.4)
    nokogiri (1.15.4-x86_64-linux)
      racc (~> 1.4)
    rack (3.0.8)
    rack-test (2.1.0)

PLATFORMS
  x86_64-linux

DEPENDENCIES
  nokogiri
  rails!

BUNDLED WITH
   2.4.10
`,
	checks: []check{
		{q("gem", "rails"), 5},
		{q("gem", "actionpack"), 11},
		{q("gem", "nokogiri@1.15.4"), 13},
		{q("gem", "nokogiri@1.15.4-x86_64-linux"), 13},
		{q("gem", "rack"), 15},
		{q("gem", "rack-test"), 16},
		{q("gem", "racc"), 14},
		{q("gem", "x86_64-linux"), 0},
	},
}, {
	name: "composer.lock",
	path: "composer.lock",
	content: `{
    "content-hash": "x",
    "packages": [
        {
            "name": "Monolog/Monolog",
            "version": "3.5.0",
            "require": {"php": ">=8.1"}
        }
    ],
    "packages-dev": [
        {
            "name": "phpunit/phpunit",
            "version": "10.5.0"
        }
    ]
}`,
	checks: []check{
		{q("php-composer", "monolog/monolog"), 5},
		{q("php-composer", "phpunit/phpunit@10.5.0"), 12},
		{q("php-composer", "php"), 0},
	},
}, {
	name: "composer.json",
	path: "composer.json",
	content: `{
    "require": {
        "php": ">=8.1",
        "ext-json": "*",
        "monolog/monolog": "^3.0"
    },
    "require-dev": {"phpunit/phpunit": "^10"}
}`,
	checks: []check{
		{q("php-composer", "monolog/monolog"), 5},
		{q("php-composer", "phpunit/phpunit"), 7},
		{q("php-composer", "php"), 0},
	},
}, {
	name: "csproj",
	path: "src/App/App.csproj",
	content: `<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
    <PackageReference
        Include="Serilog">
      <Version>3.1.1</Version>
    </PackageReference>
    <PackageReference Update="Newtonsoft.Json" Version="13.0.1" />
  </ItemGroup>
</Project>
`,
	checks: []check{
		{q("dotnet", "newtonsoft.json"), 3},
		{q("nuget", "Newtonsoft.Json@13.0.1"), 8},
		{q("dotnet", "Serilog@3.1.1"), 4},
	},
}, {
	name: "packages.config",
	path: "packages.config",
	content: `<?xml version="1.0" encoding="utf-8"?>
<packages>
  <package id="jQuery" version="3.7.1" targetFramework="net48" />
  <package id="NUnit" version="3.14.0" />
</packages>
`,
	checks: []check{
		{q("dotnet", "jquery"), 3},
		{q("dotnet", "NUnit"), 4},
	},
}, {
	name: "Directory.Packages.props",
	path: "Directory.Packages.props",
	content: `<Project>
  <ItemGroup>
    <PackageVersion Include="xunit" Version="2.6.0" />
  </ItemGroup>
</Project>
`,
	checks: []check{{q("dotnet", "xunit@2.6.0"), 3}},
}}

func TestActionsFormats(t *testing.T) {
	t.Parallel()
	runFixtures(t, actionsFixtures)
}

var actionsFixtures = []fixture{{
	name: "workflow",
	path: ".github/workflows/ci.yml",
	content: `name: ci
on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1
      - name: setup
        uses: actions/setup-go@v5
        with:
          uses: not/an-action@v1
      - uses: ./.github/actions/local
      - uses: docker://alpine:3.19
      - uses: github/codeql-action/init@v3
      - run: echo hi
  call:
    uses: org/shared/.github/workflows/build.yml@main
`,
	checks: []check{
		{q("github-action", "actions/checkout"), 7},
		{q("github-action", "Actions/Checkout@B4FFDE65F46336AB88EB53BE808477A3936BAE11"), 7},
		{q("github-action", "actions/setup-go@v5"), 9},
		{q("github-action", "not/an-action"), 0},
		{q("github-action", "github/codeql-action/init"), 14},
		{q("github-action", "github/codeql-action"), 14},
		{q("github-action-workflow", "org/shared/.github/workflows/build.yml"), 17},
		{q("github-action", "org/shared"), 17},
		{q("github-action", "actions/setup"), 0},
		{q("npm", "actions/checkout"), 0},
	},
}, {
	name: "composite action",
	path: "action.yaml",
	content: `name: composite
runs:
  using: composite
  steps:
    - uses: actions/cache@v4
    - uses: actions/cache/restore@v4
`,
	checks: []check{
		{q("github-action", "actions/cache"), 5},
		{q("github-action", "actions/cache/restore"), 6},
	},
}}
