package artifacts

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/inventory"
)

// Defaults of [NoticeOptions].
const (
	DefaultNoticeFileBytes  = 64 << 10 // per license or notice file
	DefaultNoticeTotalBytes = 32 << 20 // of texts in one NOTICE file
	DefaultNoticeFiles      = 8        // license and notice files per package
)

const unknownLicense = "(license unknown)"

// NoticeOptions tune [WriteNotice]. Zero values mean the defaults.
type NoticeOptions struct {
	// ToolVersion is recorded in the header.
	ToolVersion string
	// Project names the scanned project in the header; "" leaves it out.
	Project string
	// MaxFileBytes bounds each text; longer ones are cut and say so.
	MaxFileBytes int64
	// MaxTotalBytes bounds all texts together; once reached, files are listed without their text.
	MaxTotalBytes int64
	// MaxFilesPerPackage bounds the files read from one package directory.
	MaxFilesPerPackage int
}

func (o NoticeOptions) withDefaults() NoticeOptions {
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = DefaultNoticeFileBytes
	}
	if o.MaxTotalBytes <= 0 {
		o.MaxTotalBytes = DefaultNoticeTotalBytes
	}
	if o.MaxFilesPerPackage <= 0 {
		o.MaxFilesPerPackage = DefaultNoticeFiles
	}
	return o
}

// noticeEntry is one package in the NOTICE file.
type noticeEntry struct {
	pkg   *inventory.Package
	files []fileRef
}

// fileRef is one of a package's files: a reference to a shared text, or why there is none.
type fileRef struct {
	name    string
	text    int // index into notice.texts, or -1
	skipped string
}

// noticeText is a distinct license or notice text and the packages that ship it.
type noticeText struct {
	body      string
	truncated int64
	first     string   // "name version (file)" of the first package
	others    []string // "name version" of the other packages
}

type notice struct {
	groups []string
	byLic  map[string][]*noticeEntry
	texts  []*noticeText
	total  int64
}

// WriteNotice writes a third-party attribution file: every package of the inventory grouped by its resolved
// license, and the license and notice texts found in the packages' own directories, each distinct text once.
// The order is deterministic: licenses alphabetically (unknown last), packages by name, version and type, texts
// in the order the packages first use them. Texts are sanitized (see sanitizeText) and bounded by opts.
func WriteNotice(w io.Writer, inv *inventory.Inventory, opts NoticeOptions) error {
	if inv == nil {
		return fmt.Errorf("no inventory: the NOTICE file lists the scan's packages")
	}
	opts = opts.withDefaults()
	n := buildNotice(inv, opts)
	bw := bufio.NewWriter(w)
	n.write(bw, opts, len(inv.Packages))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing the NOTICE file: %w", err)
	}
	return nil
}

func buildNotice(inv *inventory.Inventory, opts NoticeOptions) *notice {
	pkgs := make([]*inventory.Package, len(inv.Packages))
	for i := range inv.Packages {
		pkgs[i] = &inv.Packages[i]
	}
	sort.SliceStable(pkgs, func(i, j int) bool { return lessPackage(pkgs[i], pkgs[j]) })
	n := &notice{byLic: map[string][]*noticeEntry{}}
	seen := map[[32]byte]int{}
	for _, p := range pkgs {
		lic := licenseLabel(p)
		e := &noticeEntry{pkg: p}
		for _, lf := range packageFiles(inv.Root, p, opts.MaxFilesPerPackage, opts.MaxFileBytes) {
			e.files = append(e.files, n.addText(seen, p, lf, opts.MaxTotalBytes))
		}
		if _, ok := n.byLic[lic]; !ok {
			n.groups = append(n.groups, lic)
		}
		n.byLic[lic] = append(n.byLic[lic], e)
	}
	sort.Slice(n.groups, func(i, j int) bool { return lessLicense(n.groups[i], n.groups[j]) })
	return n
}

// addText records a file's text once per distinct content and returns the package's reference to it.
func (n *notice) addText(seen map[[32]byte]int, p *inventory.Package, lf licenseFile, budget int64) fileRef {
	ref := fileRef{name: lf.name, text: -1, skipped: lf.skipped}
	if lf.text == "" {
		return ref
	}
	sum := sha256.Sum256([]byte(lf.text))
	if i, ok := seen[sum]; ok {
		t := n.texts[i]
		t.others = appendUnique(t.others, pkgLabel(p))
		ref.text = i
		return ref
	}
	if n.total+int64(len(lf.text)) > budget {
		ref.skipped = "text left out: the NOTICE file reached its size limit"
		return ref
	}
	n.total += int64(len(lf.text))
	seen[sum] = len(n.texts)
	ref.text = len(n.texts)
	n.texts = append(n.texts, &noticeText{body: lf.text, truncated: lf.truncated, first: pkgLabel(p) + " (" + oneLine(lf.name) + ")"})
	return ref
}

func licenseLabel(p *inventory.Package) string {
	if l := p.License(); l.Known() {
		return oneLine(l.Expression)
	}
	return unknownLicense
}

func lessLicense(a, b string) bool {
	if (a == unknownLicense) != (b == unknownLicense) {
		return b == unknownLicense
	}
	if la, lb := strings.ToLower(a), strings.ToLower(b); la != lb {
		return la < lb
	}
	return a < b
}

func lessPackage(a, b *inventory.Package) bool {
	switch {
	case a.Name != b.Name:
		return a.Name < b.Name
	case a.Version != b.Version:
		return a.Version < b.Version
	case a.Type != b.Type:
		return a.Type < b.Type
	}
	return a.PURL < b.PURL
}

func pkgLabel(p *inventory.Package) string {
	if p.Version == "" {
		return oneLine(p.Name)
	}
	return oneLine(p.Name + " " + p.Version)
}

func appendUnique(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}
