package detect

import "testing"

func TestFileRank(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		rank int
		kind FileKind
	}{
		{"LICENSE", 0, LicenseFile},
		{"license.txt", 0, LicenseFile},
		{"LICENCE.md", 0, LicenseFile},
		{"COPYING", 0, LicenseFile},
		{"UNLICENSE", 0, LicenseFile},
		{"vendor/github.com/x/y/LICENSE", 0, LicenseFile},
		{`node_modules\left-pad\LICENSE`, 0, LicenseFile},
		{"LICENSE-MIT", 1, LicenseFile},
		{"LICENSE-APACHE", 1, LicenseFile},
		{"LICENSE.APACHE", 1, LicenseFile},
		{"LICENSE.BSD", 1, LicenseFile},
		{"LICENSE.MPL-2.0", 1, LicenseFile},
		{"MIT-LICENSE", 1, LicenseFile},
		{"COPYING.LESSER", 1, LicenseFile},
		{"COPYING.LIB", 1, LicenseFile},
		{"LICENSES/Apache-2.0.txt", 1, LicenseFile},
		{"LICENSE.docs", 2, LicenseFile},
		{"LICENSE.libyaml", 2, LicenseFile},
		{"COPYRIGHT", 2, LicenseFile},
		{"PATENTS", 2, LicenseFile},
		{"jquery.LICENSE", 3, LicenseFile},
		{"main.js.LICENSE.txt", 3, LicenseFile},
		{"NOTICE", 4, NoticeFile},
		{"NOTICE.txt", 4, NoticeFile},
		{"THIRD-PARTY-NOTICES.txt", 5, NoticeFile},
		{"LICENSE-3rdparty.csv", 5, NoticeFile},
		{"ThirdPartyNotices.txt", 5, NoticeFile},
		{"license.go", -1, NotLicenseFile},
		{"license_test.go", -1, NotLicenseFile},
		{"LICENSE.json", -1, NotLicenseFile},
		{"licenses", -1, NotLicenseFile},
		{"README.md", -1, NotLicenseFile},
		{"go.mod", -1, NotLicenseFile},
		{"", -1, NotLicenseFile},
		{"/", -1, NotLicenseFile},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := FileRank(tc.name); got != tc.rank {
				t.Errorf("FileRank(%q) = %d, want %d", tc.name, got, tc.rank)
			}
			if got := FileKindOf(tc.name); got != tc.kind {
				t.Errorf("FileKindOf(%q) = %d, want %d", tc.name, got, tc.kind)
			}
			if got := IsLicenseFile(tc.name); got != (tc.rank >= 0) {
				t.Errorf("IsLicenseFile(%q) = %v", tc.name, got)
			}
			if got := IsNoticeFile(tc.name); got != (tc.kind == NoticeFile) {
				t.Errorf("IsNoticeFile(%q) = %v", tc.name, got)
			}
		})
	}
}

func TestPrimaryLicenseFiles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		files []string
		want  []string
	}{
		{"single", []string{"README.md", "LICENSE", "NOTICE", "go.mod"}, []string{"LICENSE"}},
		{"dual-licensed crate", []string{"Cargo.toml", "LICENSE-MIT", "LICENSE-APACHE"}, []string{"LICENSE-APACHE", "LICENSE-MIT"}},
		{"notice only", []string{"NOTICE", "index.js"}, []string{"NOTICE"}},
		{"none", []string{"index.js", "package.json"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := PrimaryLicenseFiles(tc.files)
			if len(got) != len(tc.want) {
				t.Fatalf("PrimaryLicenseFiles(%q) = %q, want %q", tc.files, got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("PrimaryLicenseFiles(%q) = %q, want %q", tc.files, got, tc.want)
				}
			}
		})
	}
}
