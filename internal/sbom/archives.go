package sbom

import (
	"context"
	"fmt"

	"github.com/anchore/syft/syft"
	"github.com/anchore/syft/syft/cataloging"
	"github.com/anchore/syft/syft/cataloging/pkgcataloging"
	"github.com/anchore/syft/syft/file"
	"github.com/anchore/syft/syft/pkg"
	"github.com/anchore/syft/syft/pkg/cataloger/java"
	"github.com/anchore/syft/syft/source"
)

// javaArchiveGlobs are the archives syft's java-archive-cataloger reads.
var javaArchiveGlobs = []string{"**/*.jar", "**/*.war", "**/*.ear", "**/*.par", "**/*.sar", "**/*.nar", "**/*.jpi", "**/*.hpi", "**/*.kar", "**/*.lpkg"}

// hasJavaArchives reports whether the tree holds archives the java-archive cataloger would open.
func hasJavaArchives(r file.Resolver) bool {
	locs, err := r.FilesByGlob(javaArchiveGlobs...)
	return err == nil && len(locs) > 0
}

// scanJavaArchives catalogs Java archives checked into the tree. The archive cataloger unpacks archives into a
// temporary directory that only syft's own CreateSBOM sets up, so it runs there, alone, and only when the tree
// has archives: that path also builds syft's license scanner, a cost (about a second) not worth paying on trees
// without them.
func scanJavaArchives(ctx context.Context, src source.Source, javacfg java.ArchiveCatalogerConfig) ([]pkg.Package, error) {
	pc := pkgcataloging.DefaultConfig()
	pc.JavaArchive = javacfg
	cfg := syft.DefaultCreateSBOMConfig().
		WithCatalogerSelection(cataloging.NewSelectionRequest().WithExpression("-all", "+java-archive-cataloger")).
		WithPackagesConfig(pc).
		WithoutFiles()
	s, err := syft.CreateSBOM(ctx, src, cfg)
	if err != nil {
		return nil, fmt.Errorf("cataloging Java archives: %w", err)
	}
	return s.Artifacts.Packages.Sorted(), nil
}
