package detect

// The embedded license data (licenses.bin.gz, zz_generated_data.go) and the
// offline test copy of the texts (testdata/spdx-texts.json.gz) are rebuilt from
// the pinned npm tarball; gen refuses a tarball whose integrity differs.
//go:generate go run ./gen -version 6.12.0 -integrity sha512-+nUYqm3aZMSHbjsthK+i/HHI2okTElCvqwUd4k8QcSk+FTGgjq+fsdFj2wZOaX6XmR2JdWhf/NeflNnvKOjcnQ==
