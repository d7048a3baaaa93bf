package repo

import "testing"

func TestFromPURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"pkg:golang/github.com/google/go-github/v60@v60.0.0", "github.com/google/go-github"},
		{"pkg:golang/github.com/Azure/azure-sdk-for-go/sdk/azcore@v1.11.1", "github.com/azure/azure-sdk-for-go"},
		{"pkg:golang/github.com/o/r@v1.0.0", "github.com/o/r"},
		{"pkg:golang/github.com/o@v1.0.0", ""},
		{"pkg:golang/gitlab.com/group/proj/v3@v3.0.0", "gitlab.com/group/proj"},
		{"pkg:golang/bitbucket.org/o/r/sub@v1.0.0", "bitbucket.org/o/r"},
		{"pkg:golang/golang.org/x/mod@v0.42.0", "github.com/golang/mod"},
		{"pkg:golang/golang.org/x/tools/gopls@v0.16.0", "github.com/golang/tools"},
		{"pkg:golang/google.golang.org/grpc@v1.84.0", "github.com/grpc/grpc-go"},
		{"pkg:golang/google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.5.1", "github.com/grpc/grpc-go"},
		{"pkg:golang/google.golang.org/grpcx@v1", ""},
		{"pkg:golang/google.golang.org/genproto/googleapis/rpc@v0.0.0-20260921155816-b14227669459", "github.com/googleapis/go-genproto"},
		{"pkg:golang/k8s.io/klog/v2@v2.130.1", "github.com/kubernetes/klog"},
		{"pkg:golang/k8s.io/client-go@v0.30.0", "github.com/kubernetes/client-go"},
		{"pkg:golang/sigs.k8s.io/structured-merge-diff/v6@v6.3.0", "github.com/kubernetes-sigs/structured-merge-diff"},
		{"pkg:golang/go.uber.org/zap@v1.27.0", "github.com/uber-go/zap"},
		{"pkg:golang/gopkg.in/yaml.v3@v3.0.1", "github.com/go-yaml/yaml"},
		{"pkg:golang/gopkg.in/evanphx/json-patch.v4@v4.12.0", "github.com/evanphx/json-patch"},
		{"pkg:golang/gopkg.in/yaml@v3", ""},
		{"pkg:golang/go.opentelemetry.io/otel/sdk/metric@v1.46.0", "github.com/open-telemetry/opentelemetry-go"},
		{"pkg:golang/go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp@v0.71.0", "github.com/open-telemetry/opentelemetry-go-contrib"},
		{"pkg:golang/go.yaml.in/yaml/v3@v3.0.6", "github.com/yaml/go-yaml"},
		{"pkg:golang/modernc.org/sqlite@v1.62.0", "gitlab.com/cznic/sqlite"},
		{"pkg:golang/example.com/private/mod@v1.0.0", ""},
		{"pkg:github/actions/checkout@v4", "github.com/actions/checkout"},
		{"pkg:github/github/codeql-action@v3#init", "github.com/github/codeql-action"},
		{"pkg:githubactions/Actions/Setup-Go@v5", "github.com/actions/setup-go"},
		{"pkg:npm/lodash@4.17.21?vcs_url=git%2Bhttps://github.com/lodash/lodash.git", "github.com/lodash/lodash"},
		{"pkg:npm/lodash@4.17.21", ""},
		{"pkg:pypi/flask@3.0.0", ""},
		{"not a purl", ""},
		{"", ""},
	}
	for _, tc := range tests {
		got, ok := FromPURL(tc.in)
		if got.String() != tc.want || ok != (tc.want != "") {
			t.Errorf("FromPURL(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

func TestFromAction(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"actions/checkout@v4", "github.com/actions/checkout"},
		{"actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "github.com/actions/checkout"},
		{"github/codeql-action/init@v3", "github.com/github/codeql-action"},
		{"octo-org/another-repo/.github/workflows/workflow.yml@v1", "github.com/octo-org/another-repo"},
		{"./.github/actions/local", ""},
		{"docker://alpine:3.19", ""},
		{"checkout@v4", ""},
	}
	for _, tc := range tests {
		got, ok := FromAction(tc.in)
		if got.String() != tc.want || ok != (tc.want != "") {
			t.Errorf("FromAction(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}
