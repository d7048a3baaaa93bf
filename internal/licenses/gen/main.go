// Command gen rebuilds internal/licenses/data.json, the license categories
// and flags that package licenses embeds.
//
// It fetches the npm packages pinned in curated.yaml with `npm pack` (or
// reads the tarballs from -packs when offline), combines them with the SPDX
// license list compiled into github.com/github/go-spdx and with the reviewed
// assignments of curated.yaml, and writes the data set with its provenance.
// Run it through `go generate ./internal/licenses`.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"

	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stderr))
}

type options struct {
	curated, out, packs, date string
}

func run(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.curated, "curated", "gen/curated.yaml", "reviewed input file")
	fs.StringVar(&o.out, "out", "data.json", "data set to write")
	fs.StringVar(&o.packs, "packs", "", "directory holding the npm tarballs already (offline); default: npm pack into a temporary directory")
	fs.StringVar(&o.date, "date", time.Now().UTC().Format(time.DateOnly), "retrieval date to record (YYYY-MM-DD)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	warnings, err := generate(ctx, o)
	for _, w := range warnings {
		fmt.Fprintln(stderr, "gen: warning:", w)
	}
	if err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 1
	}
	return 0
}

func generate(ctx context.Context, o options) ([]string, error) {
	if _, err := time.Parse(time.DateOnly, o.date); err != nil {
		return nil, fmt.Errorf("-date: %w", err)
	}
	cur, err := loadCurated(o.curated)
	if err != nil {
		return nil, err
	}
	dir, offline := o.packs, o.packs != ""
	if !offline {
		if dir, err = os.MkdirTemp("", "ospo-gate-licenses-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
	}
	in, packs, err := gather(ctx, cur, dir, offline)
	if err != nil {
		return nil, err
	}
	entries, warnings, err := build(in)
	if err != nil {
		return warnings, err
	}
	ds, err := newDataset(cur, packs, entries, o.date)
	if err != nil {
		return warnings, err
	}
	out, err := ds.encode()
	if err != nil {
		return warnings, err
	}
	return warnings, os.WriteFile(o.out, out, 0o644)
}

// gather fetches the pinned packages and reads the SPDX list.
func gather(ctx context.Context, cur *curated, dir string, offline bool) (*inputs, map[string]*pack, error) {
	packs := map[string]*pack{}
	for _, k := range []string{srcBlueOak, srcSPDX, srcCopyleft} {
		p, err := fetchPack(ctx, cur.Sources[k], dir, offline)
		if err != nil {
			return nil, nil, err
		}
		packs[k] = p
	}
	in := &inputs{cur: cur, deprecated: map[string]bool{}, replaces: map[string]string{}}
	err := errors.Join(
		packs[srcBlueOak].decodeJSON("package/index.json", &in.blueOak),
		packs[srcSPDX].decodeJSON("package/spdx.json", &in.spdx),
		packs[srcCopyleft].decodeJSON("package/index.json", &in.copyleft),
	)
	if err != nil {
		return nil, nil, err
	}
	in.ids = append(spdxlicenses.GetLicenses(), spdxlicenses.GetDeprecated()...)
	for _, id := range spdxlicenses.GetDeprecated() {
		in.deprecated[id] = true
		if expr, ok := spdx.Replacement(id); ok {
			n, err := spdx.Parse(expr)
			if err != nil {
				return nil, nil, fmt.Errorf("replacement of %q: %w", id, err)
			}
			in.replaces[id] = n.Leaves()[0].License
		}
	}
	return in, packs, nil
}

// dataset is the file format of data.json.
type dataset struct {
	Schema      int             `json:"schema"`
	GeneratedBy string          `json:"generated_by"`
	Retrieved   string          `json:"retrieved"`
	SPDXList    listInfo        `json:"spdx_list"`
	Sources     []sourceInfo    `json:"sources"`
	Categories  []categoryInfo  `json:"categories"`
	Licenses    []entry         `json:"-"`
	Lines       json.RawMessage `json:"licenses"`
}

type listInfo struct {
	Version string `json:"version"`
	Via     string `json:"via"`
}

type sourceInfo struct {
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"`
	License   string `json:"license"`
	Integrity string `json:"integrity,omitempty"`
	UsedFor   string `json:"used_for"`
}

type categoryInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

func newDataset(cur *curated, packs map[string]*pack, entries []entry, date string) (*dataset, error) {
	ds := &dataset{
		Schema:      1,
		GeneratedBy: "go generate ./internal/licenses (internal/licenses/gen)",
		Retrieved:   date,
		SPDXList:    listInfo{Version: spdxlicenses.LicenseListVersion(), Via: "github.com/github/go-spdx/v2 " + goSPDXVersion()},
		Licenses:    entries,
	}
	for _, k := range []string{srcBlueOak, srcSPDX, srcCopyleft} {
		p := packs[k]
		lic, err := p.license()
		if err != nil {
			return nil, err
		}
		ds.Sources = append(ds.Sources, sourceInfo{Name: p.spec.Package, Version: p.spec.Version,
			License: lic, Integrity: p.integrity, UsedFor: p.spec.UsedFor})
	}
	ds.Sources = append(ds.Sources,
		sourceInfo{Name: "internal/licenses/gen/curated.yaml", License: "same as ospo-gate",
			UsedFor: "category definitions, curated category assignments, ospo-gate LicenseRef ids"},
		sourceInfo{Name: cur.FSFLibre.Source, License: "CC0-1.0", UsedFor: "FSF-libre flags (transcribed into curated.yaml)"})
	for _, c := range cur.Categories {
		ds.Categories = append(ds.Categories, categoryInfo(c))
	}
	return ds, nil
}

// encode writes the header indented and one license per line, so that
// reviews of a regeneration show one changed line per changed license.
func (ds *dataset) encode() ([]byte, error) {
	var lines bytes.Buffer
	lines.WriteString("[\n")
	for i, e := range ds.Licenses {
		b, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		lines.WriteString("    ")
		lines.Write(b)
		if i < len(ds.Licenses)-1 {
			lines.WriteByte(',')
		}
		lines.WriteByte('\n')
	}
	lines.WriteString("  ]")
	const placeholder = `"@licenses@"`
	ds.Lines = json.RawMessage(placeholder)
	out, err := json.MarshalIndent(ds, "", "  ")
	if err != nil {
		return nil, err
	}
	out = bytes.Replace(out, []byte(placeholder), lines.Bytes(), 1)
	return append(out, '\n'), nil
}

func goSPDXVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/github/go-spdx/v2" {
				return d.Version
			}
		}
	}
	return "(unknown version)"
}
