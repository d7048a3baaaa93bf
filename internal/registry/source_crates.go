package registry

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
	"github.com/ospo-gate/ospo-gate/internal/licenses"
)

// cratesURL is the crates.io API document of one version of t. crates.io
// refuses requests without a User-Agent; fetch always sends one.
func (r *Resolver) cratesURL(t target) string {
	return r.base[SourceCrates] + "/api/v1/crates/" + url.PathEscape(t.name) + "/" + url.PathEscape(t.version)
}

// lookupCrates reads the license of a crate version. Old crates use "/" for
// OR ("MIT/Apache-2.0"); normalisation reads it so.
func (r *Resolver) lookupCrates(ctx context.Context, t target) answer {
	v, resp := fetch.Get(ctx, r.fetch, fetch.Request{URL: r.cratesURL(t), Namespace: NamespaceCrates}, decodeCrate)
	a := fromResponse(SourceCrates, resp)
	switch a.outcome {
	case NotFound:
		a.note = "version not on crates.io"
	case Found:
		if v.License == "" {
			a.outcome, a.note = NotFound, "the version declares no license expression"
			if v.LicenseFile != "" {
				a.note = fmt.Sprintf("the version declares its license only in the file %q", v.LicenseFile)
			}
			return a
		}
		a.values = []string{v.License}
		a.license = licenses.Normalize(v.License)
	}
	return a
}

// crateVersion is the license metadata of a crate version.
type crateVersion struct {
	License     string // SPDX expression, or "A/B" in old crates
	LicenseFile string // license_file, set when the license is not SPDX
}

// decodeCrate reads {"version": {"license": …, "license_file": …}}. A
// document without a version object is an error.
func decodeCrate(data []byte) (crateVersion, error) {
	var d struct {
		Version *struct {
			License     any `json:"license"`
			LicenseFile any `json:"license_file"`
		} `json:"version"`
	}
	if err := fetch.DecodeJSON(data, &d); err != nil {
		return crateVersion{}, fmt.Errorf("decoding crates.io version: %w", err)
	}
	if d.Version == nil {
		return crateVersion{}, errors.New("decoding crates.io version: no \"version\" object")
	}
	return crateVersion{License: str(d.Version.License), LicenseFile: str(d.Version.LicenseFile)}, nil
}
