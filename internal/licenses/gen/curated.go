package main

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// curated is the reviewed input file (curated.yaml).
type curated struct {
	Sources    map[string]sourceSpec `yaml:"sources"`
	Categories []categorySpec        `yaml:"categories"`
	References []referenceSpec       `yaml:"references"`
	Assign     []assignSpec          `yaml:"assign"`
	FSFLibre   fsfSpec               `yaml:"fsf_libre"`
}

// sourceSpec pins one npm package.
type sourceSpec struct {
	Package string `yaml:"package"`
	Version string `yaml:"version"`
	UsedFor string `yaml:"used_for"`
}

type categorySpec struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
}

type referenceSpec struct {
	ID       string `yaml:"id"`
	Name     string `yaml:"name"`
	Category string `yaml:"category"`
}

// assignSpec puts ids (exact or path.Match globs) into a category.
type assignSpec struct {
	Category        string   `yaml:"category"`
	Reason          string   `yaml:"reason"`
	OverrideBlueOak bool     `yaml:"override_blueoak"`
	IDs             []string `yaml:"ids"`
}

type fsfSpec struct {
	Source string   `yaml:"source"`
	IDs    []string `yaml:"ids"`
}

// Keys of curated.Sources.
const (
	srcBlueOak  = "blueoak"
	srcSPDX     = "spdx"
	srcCopyleft = "copyleft"
)

func loadCurated(file string) (*curated, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return parseCurated(file, b)
}

// parseCurated decodes curated.yaml strictly and checks its own consistency.
func parseCurated(name string, b []byte) (*curated, error) {
	var c curated
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &c, nil
}

func (c *curated) validate() error {
	for _, k := range []string{srcBlueOak, srcSPDX, srcCopyleft} {
		s, ok := c.Sources[k]
		if !ok || s.Package == "" || s.Version == "" {
			return fmt.Errorf("sources.%s: package and version are required", k)
		}
	}
	cats := c.categorySet()
	if len(cats) != len(c.Categories) {
		return fmt.Errorf("categories: duplicate name")
	}
	for _, r := range c.References {
		if !strings.HasPrefix(r.ID, "LicenseRef-") || !cats[r.Category] || r.Name == "" {
			return fmt.Errorf("references: %q needs a LicenseRef- id, a name and a known category", r.ID)
		}
	}
	for i, a := range c.Assign {
		if !cats[a.Category] || a.Reason == "" || len(a.IDs) == 0 {
			return fmt.Errorf("assign[%d]: needs a known category, a reason and ids", i)
		}
		for _, id := range a.IDs {
			if _, err := path.Match(id, ""); err != nil {
				return fmt.Errorf("assign[%d]: bad pattern %q: %w", i, id, err)
			}
		}
	}
	return nil
}

func (c *curated) categorySet() map[string]bool {
	m := map[string]bool{}
	for _, cat := range c.Categories {
		m[cat.Name] = true
	}
	return m
}

func isGlob(s string) bool { return strings.ContainsAny(s, "*?[") }
