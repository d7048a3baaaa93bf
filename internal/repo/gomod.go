package repo

import (
	"regexp"
	"strings"
)

// vanity maps well-known Go import-path prefixes to their repository: a
// value ending in "/" takes the next path element as the repository name
// (k8s.io/api → github.com/kubernetes/api); other values are the
// repository of every module under the prefix. Only mappings the projects
// document (their go-get meta tags) are listed; anything else is left to
// deps.dev, which follows the go-get redirect.
var vanity = []struct{ prefix, repo string }{
	{"golang.org/x/", "github.com/golang/"},
	{"google.golang.org/grpc", "github.com/grpc/grpc-go"},
	{"google.golang.org/protobuf", "github.com/protocolbuffers/protobuf-go"},
	{"google.golang.org/genproto", "github.com/googleapis/go-genproto"},
	{"google.golang.org/api", "github.com/googleapis/google-api-go-client"},
	{"google.golang.org/appengine", "github.com/golang/appengine"},
	{"cloud.google.com/go", "github.com/googleapis/google-cloud-go"},
	{"k8s.io/", "github.com/kubernetes/"},
	{"sigs.k8s.io/", "github.com/kubernetes-sigs/"},
	{"go.uber.org/", "github.com/uber-go/"},
	{"go.etcd.io/", "github.com/etcd-io/"},
	{"go.opentelemetry.io/otel", "github.com/open-telemetry/opentelemetry-go"},
	{"go.opentelemetry.io/contrib", "github.com/open-telemetry/opentelemetry-go-contrib"},
	{"go.opentelemetry.io/collector", "github.com/open-telemetry/opentelemetry-collector"},
	{"go.opentelemetry.io/proto/otlp", "github.com/open-telemetry/opentelemetry-proto-go"},
	{"go.opentelemetry.io/auto", "github.com/open-telemetry/opentelemetry-go-instrumentation"},
	{"go.opencensus.io", "github.com/census-instrumentation/opencensus-go"},
	{"go.yaml.in/yaml", "github.com/yaml/go-yaml"},
	{"go.mongodb.org/mongo-driver", "github.com/mongodb/mongo-go-driver"},
	{"go.starlark.net", "github.com/google/starlark-go"},
	{"go4.org", "github.com/go4org/go4"},
	{"gocloud.dev", "github.com/google/go-cloud"},
	{"gonum.org/v1/", "github.com/gonum/"},
	{"gotest.tools", "github.com/gotestyourself/gotest.tools"},
	{"honnef.co/go/tools", "github.com/dominikh/go-tools"},
	{"howett.net/plist", "github.com/dhowett/go-plist"},
	{"dario.cat/mergo", "github.com/darccio/mergo"},
	{"cyphar.com/go-pathrs", "github.com/cyphar/libpathrs"},
	{"tags.cncf.io/container-device-interface", "github.com/cncf-tags/container-device-interface"},
	{"cel.dev/expr", "github.com/google/cel-spec"},
	{"helm.sh/helm", "github.com/helm/helm"},
	{"oras.land/oras-go", "github.com/oras-project/oras-go"},
	{"cuelang.org/go", "github.com/cue-lang/cue"},
	{"connectrpc.com/connect", "github.com/connectrpc/connect-go"},
	{"connectrpc.com/otelconnect", "github.com/connectrpc/otelconnect-go"},
	{"go.lsp.dev/", "github.com/go-language-server/"},
	{"gvisor.dev/gvisor", "github.com/google/gvisor"},
	{"filippo.io/", "github.com/filosottile/"},
	{"mvdan.cc/", "github.com/mvdan/"},
	{"rsc.io/", "github.com/rsc/"},
	{"modernc.org/", "gitlab.com/cznic/"},
}

var majorSuffix = regexp.MustCompile(`^v[0-9]+$`)

// FromGoModule returns the repository of a Go module path: modules on
// github.com and bitbucket.org are owner/repo (a "/vN" suffix or nested
// module path is dropped), gitlab.com modules are taken as group/project
// (a module in a GitLab subgroup cannot be told apart offline), gopkg.in
// follows its documented github.com mapping, and the vanity table covers
// well-known custom domains.
func FromGoModule(path string) (Repo, bool) {
	segs := splitPath(strings.TrimSpace(path))
	if len(segs) == 0 {
		return Repo{}, false
	}
	switch strings.ToLower(segs[0]) {
	case "github.com", "bitbucket.org", "gitlab.com":
		if len(segs) < 3 {
			return Repo{}, false
		}
		return newRepo(segs[0], segs[1], segs[2])
	case "gopkg.in":
		return fromGopkgIn(segs[1:])
	}
	return fromVanity(strings.Join(segs, "/"))
}

// fromGopkgIn maps gopkg.in/pkg.vN → github.com/go-pkg/pkg and
// gopkg.in/user/pkg.vN → github.com/user/pkg.
func fromGopkgIn(segs []string) (Repo, bool) {
	if len(segs) == 0 {
		return Repo{}, false
	}
	if name, ok := cutGopkgVersion(segs[0]); ok {
		return newRepo("github.com", "go-"+name, name)
	}
	if len(segs) < 2 {
		return Repo{}, false
	}
	if name, ok := cutGopkgVersion(segs[1]); ok {
		return newRepo("github.com", segs[0], name)
	}
	return Repo{}, false
}

func cutGopkgVersion(s string) (string, bool) {
	i := strings.LastIndex(s, ".v")
	if i <= 0 || strings.Trim(s[i+2:], "0123456789") != "" || len(s) == i+2 {
		return "", false
	}
	return s[:i], true
}

func fromVanity(path string) (Repo, bool) {
	for _, v := range vanity {
		rest, ok := strings.CutPrefix(path, v.prefix)
		if !ok {
			continue
		}
		if strings.HasSuffix(v.prefix, "/") {
			name, _, _ := strings.Cut(rest, "/")
			if majorSuffix.MatchString(name) {
				return Repo{}, false
			}
			return ParseURL(v.repo + name)
		}
		if rest == "" || rest[0] == '/' {
			return ParseURL(v.repo)
		}
	}
	return Repo{}, false
}
