package repo

import "testing"

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://github.com/o/x", "github.com/o/x"},
		{"git+https://github.com/o/x.git#main", "github.com/o/x"},
		{"git+https://github.com/O/X.git", "github.com/o/x"},
		{"git+ssh://git@github.com/o/x.git", "github.com/o/x"},
		{"git@github.com:o/x.git", "github.com/o/x"},
		{"ssh://git@github.com:o/x.git", "github.com/o/x"},
		{"ssh://git@github.com:22/o/x.git", "github.com/o/x"},
		{"git://github.com/o/x.git", "github.com/o/x"},
		{"github:o/x", "github.com/o/x"},
		{"gitlab:group/proj", "gitlab.com/group/proj"},
		{"bitbucket:o/x", "bitbucket.org/o/x"},
		{"https://github.com/o/x/tree/main/sub", "github.com/o/x"},
		{"https://github.com/o/x/blob/main/README.md#L3", "github.com/o/x"},
		{"https://github.com/o/x#readme", "github.com/o/x"},
		{"https://github.com/o/x/issues", "github.com/o/x"},
		{"https://www.github.com/o/x/", "github.com/o/x"},
		{"http://WWW.GitHub.com/Owner/Repo.js", "github.com/owner/repo.js"},
		{"https://user:pw@github.com/o/x", "github.com/o/x"},
		{"https://github.com:443/o/x?tab=readme", "github.com/o/x"},
		{"github.com/o/x", "github.com/o/x"},
		{"  github.com/o/x  ", "github.com/o/x"},
		{"https://raw.githubusercontent.com/o/x/main/LICENSE", "github.com/o/x"},
		{"scm:git:git://github.com/qos-ch/slf4j.git", "github.com/qos-ch/slf4j"},
		{"scm:git:git@github.com:apache/commons-lang.git", "github.com/apache/commons-lang"},
		{"https://gitlab.com/group/sub/proj/-/tree/main", "gitlab.com/group/sub/proj"},
		{"https://gitlab.com/group/proj/tree/master", "gitlab.com/group/proj"},
		{"https://gitlab.com/group/proj.git", "gitlab.com/group/proj"},
		{"https://bitbucket.org/o/x/src/master/", "bitbucket.org/o/x"},
		// Not a repository.
		{"https://github.com/o", ""},
		{"https://github.com/", ""},
		{"https://github.com/sponsors/o", ""},
		{"https://github.com/orgs/o/teams", ""},
		{"https://github.com/o/.git", ""},
		{"https://github.com/o/..", ""},
		{"https://example.com/o/x", ""},
		{"https://github.io/o/x", ""},
		{"https://notgithub.com/o/x", ""},
		{"https://github.com.evil.com/o/x", ""},
		{"o/x", ""},
		{"", ""},
		{"UNKNOWN", ""},
		{"http://[::1/x", ""},
		{"git@:o/x", ""},
		{"https://github.com/o/x%2Fy", ""},
		{"https://github.com/o/x y", ""},
	}
	for _, tc := range tests {
		got, ok := ParseURL(tc.in)
		if got.String() != tc.want || ok != (tc.want != "") {
			t.Errorf("ParseURL(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}
