package depsdev

import (
	"fmt"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// NonStandardLicense is the value deps.dev uses for a license it found but
// could not map to an SPDX expression.
const NonStandardLicense = "non-standard"

// Relation types and provenances of related projects.
const (
	RelationSourceRepo = "SOURCE_REPO"

	ProvenanceSLSA       = "SLSA_ATTESTATION"
	ProvenanceGoOrigin   = "GO_ORIGIN"
	ProvenanceUnverified = "UNVERIFIED_METADATA"
)

// LabelSourceRepo is the link label of a declared source repository.
const LabelSourceRepo = "SOURCE_REPO"

// Version is a deps.dev package version.
type Version struct {
	Key         VersionKey
	PublishedAt time.Time
	IsDefault   bool
	// Licenses are SPDX expressions as deps.dev reports them (possibly with
	// deprecated ids, or NonStandardLicense). When several are listed their
	// relationship is unspecified.
	Licenses        []string
	Links           []Link
	RelatedProjects []RelatedProject
	AdvisoryIDs     []string
}

// Link is a labelled URL (SOURCE_REPO, HOMEPAGE, ISSUE_TRACKER, ORIGIN...).
type Link struct {
	Label, URL string
}

// RelatedProject is a project (repository) related to the version.
type RelatedProject struct {
	ID           string // e.g. "github.com/pallets/flask"
	RelationType string // SOURCE_REPO, ISSUE_TRACKER...
	Provenance   string // SLSA_ATTESTATION, GO_ORIGIN, UNVERIFIED_METADATA...
}

// SourceRepo returns the version's source repository: the SOURCE_REPO
// related project with the strongest provenance (SLSA attestation, then Go
// origin, then unverified metadata), else the SOURCE_REPO link's URL. The
// result is a project id ("github.com/o/r") or a URL; ok is false when
// deps.dev knows none.
func (v Version) SourceRepo() (repo string, ok bool) {
	best, bestRank := "", -1
	for _, p := range v.RelatedProjects {
		if p.RelationType != RelationSourceRepo || p.ID == "" {
			continue
		}
		if r := provenanceRank(p.Provenance); r > bestRank {
			best, bestRank = p.ID, r
		}
	}
	if best != "" {
		return best, true
	}
	for _, l := range v.Links {
		if l.Label == LabelSourceRepo && l.URL != "" {
			return l.URL, true
		}
	}
	return "", false
}

func provenanceRank(p string) int {
	switch p {
	case ProvenanceSLSA:
		return 3
	case ProvenanceGoOrigin:
		return 2
	case ProvenanceUnverified:
		return 1
	default:
		return 0
	}
}

// wireVersion is the JSON of a GetVersion answer; unknown fields are ignored.
type wireVersion struct {
	VersionKey struct {
		System  string `json:"system"`
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"versionKey"`
	PublishedAt  string    `json:"publishedAt"`
	IsDefault    bool      `json:"isDefault"`
	Licenses     []*string `json:"licenses"`
	AdvisoryKeys []*struct {
		ID string `json:"id"`
	} `json:"advisoryKeys"`
	Links []*struct {
		Label string `json:"label"`
		URL   string `json:"url"`
	} `json:"links"`
	RelatedProjects []*struct {
		ProjectKey *struct {
			ID string `json:"id"`
		} `json:"projectKey"`
		RelationProvenance string `json:"relationProvenance"`
		RelationType       string `json:"relationType"`
	} `json:"relatedProjects"`
}

// DecodeVersion parses a GetVersion answer. Null or empty list elements and
// related projects without an id are skipped; the system is lower-cased.
// Errors carry a line:col position where the JSON itself is malformed.
func DecodeVersion(data []byte) (Version, error) {
	var w wireVersion
	if err := fetch.DecodeJSON(data, &w); err != nil {
		return Version{}, fmt.Errorf("decoding deps.dev version: %w", err)
	}
	v := Version{
		Key:       VersionKey{System: strings.ToLower(w.VersionKey.System), Name: w.VersionKey.Name, Version: w.VersionKey.Version},
		IsDefault: w.IsDefault,
	}
	if s := strings.TrimSpace(w.PublishedAt); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return Version{}, fmt.Errorf("decoding deps.dev version: publishedAt %q is not RFC 3339", s)
		}
		v.PublishedAt = t.UTC()
	}
	w.copyLists(&v)
	return v, nil
}

// copyLists copies the list fields, skipping null and empty elements.
func (w wireVersion) copyLists(v *Version) {
	for _, l := range w.Licenses {
		if l != nil && strings.TrimSpace(*l) != "" {
			v.Licenses = append(v.Licenses, strings.TrimSpace(*l))
		}
	}
	for _, a := range w.AdvisoryKeys {
		if a != nil && a.ID != "" {
			v.AdvisoryIDs = append(v.AdvisoryIDs, a.ID)
		}
	}
	for _, l := range w.Links {
		if l != nil && l.URL != "" {
			v.Links = append(v.Links, Link{Label: l.Label, URL: l.URL})
		}
	}
	for _, p := range w.RelatedProjects {
		if p == nil || p.ProjectKey == nil || strings.TrimSpace(p.ProjectKey.ID) == "" {
			continue
		}
		v.RelatedProjects = append(v.RelatedProjects, RelatedProject{
			ID: strings.TrimSpace(p.ProjectKey.ID), RelationType: p.RelationType, Provenance: p.RelationProvenance,
		})
	}
}
