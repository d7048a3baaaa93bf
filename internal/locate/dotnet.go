package locate

import (
	"encoding/xml"
	"strings"
)

// msbuildItemRank lists the MSBuild items that name NuGet packages.
var msbuildItemRank = map[string]int{
	"PackageReference":       rankPrimary,
	"GlobalPackageReference": rankPrimary,
	"PackageVersion":         rankSecondary, // central package management
}

// msbuildItem is a package item whose <Version> child may still follow.
type msbuildItem struct {
	depth   int
	ids     []string
	line    int
	rank    int
	version string
	inVer   bool
	text    strings.Builder
}

// parseMSBuild indexes SDK-style project files (*.csproj, *.fsproj, *.vbproj)
// and Directory.Packages.props: <PackageReference Include="Id" Version="1.0"/>,
// <PackageVersion>, <GlobalPackageReference>, and the Update="Id" form. The
// version may also be a <Version> child element.
func parseMSBuild(src string, b *builder) error {
	var cur *msbuildItem
	return walkXML(src, func(r *xmlReader, tok xml.Token, line int) {
		depth := len(r.stack)
		switch t := tok.(type) {
		case xml.StartElement:
			if cur != nil && depth == cur.depth+1 && t.Name.Local == "Version" {
				cur.inVer = true
				return
			}
			if rank, ok := msbuildItemRank[t.Name.Local]; ok && cur == nil {
				cur = newMSBuildItem(t, depth, line, rank)
			}
		case xml.CharData:
			if cur != nil && cur.inVer {
				cur.text.Write(t)
			}
		case xml.EndElement:
			if cur == nil {
				return
			}
			if cur.inVer && depth+1 == cur.depth+1 {
				cur.version, cur.inVer = strings.TrimSpace(cur.text.String()), false
			}
			if depth+1 == cur.depth {
				for _, id := range cur.ids {
					b.add(id, cur.line, cur.rank, cur.version)
				}
				cur = nil
			}
		}
	})
}

func newMSBuildItem(t xml.StartElement, depth, line, rank int) *msbuildItem {
	include := attr(t, "Include")
	if include == "" {
		include = attr(t, "Update")
		rank = max(rank, rankSecondary)
	}
	it := &msbuildItem{depth: depth, line: line, rank: rank, version: attr(t, "Version")}
	if it.version == "" {
		it.version = attr(t, "VersionOverride")
	}
	for _, id := range strings.Split(include, ";") {
		if id = strings.TrimSpace(id); id != "" {
			it.ids = append(it.ids, id)
		}
	}
	return it
}

// parsePackagesConfig indexes the legacy NuGet packages.config:
// <package id="Id" version="1.0" />.
func parsePackagesConfig(src string, b *builder) error {
	return walkXML(src, func(r *xmlReader, tok xml.Token, line int) {
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "package" && r.parent() == "packages" {
			b.add(attr(t, "id"), line, rankPrimary, attr(t, "version"))
		}
	})
}
