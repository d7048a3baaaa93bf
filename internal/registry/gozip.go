package registry

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/ospo-gate/ospo-gate/internal/detect"
)

// zipLimits bound what readModuleZip does with one zip.
type zipLimits struct {
	maxZip     int64 // bytes of the zip
	maxEntries int   // entries of the central directory
	maxFile    int64 // bytes read from one license file; the rest is ignored
	maxFiles   int   // license files read
}

// licenseText is a license file read from a module zip.
type licenseText struct {
	name      string // relative to the module root
	text      []byte
	truncated bool
}

// readModuleZip returns the license files at the root of the zip of
// module@version, most authoritative first (detect.FileRank). Only regular
// files named "{module}@{version}/{name}" with no further path element are
// considered; notice files are not license terms and are left out. The zip
// is rejected when it exceeds lim, before its central directory is parsed
// when the end record already says so.
func readModuleZip(body []byte, module, version string, lim zipLimits) ([]licenseText, error) {
	if int64(len(body)) > lim.maxZip {
		return nil, fmt.Errorf("module zip is %d bytes, more than the %d-byte limit", len(body), lim.maxZip)
	}
	declared, err := zipEntryCount(body)
	if err != nil {
		return nil, err
	}
	if declared > uint64(lim.maxEntries) {
		return nil, fmt.Errorf("module zip declares %d entries, more than the %d limit", declared, lim.maxEntries)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("reading module zip: %w", err)
	}
	if len(zr.File) > lim.maxEntries {
		return nil, fmt.Errorf("module zip has %d entries, more than the %d limit", len(zr.File), lim.maxEntries)
	}
	files := rootLicenseFiles(zr.File, module+"@"+version+"/")
	if len(files) > lim.maxFiles {
		files = files[:lim.maxFiles]
	}
	out := make([]licenseText, 0, len(files))
	for _, f := range files {
		lt, err := readZipFile(f, len(module)+len(version)+2, lim.maxFile)
		if err != nil {
			return nil, err
		}
		out = append(out, lt)
	}
	return out, nil
}

// rootLicenseFiles selects the license files directly under prefix, sorted
// by rank then name.
func rootLicenseFiles(all []*zip.File, prefix string) []*zip.File {
	var files []*zip.File
	for _, f := range all {
		rel, ok := strings.CutPrefix(f.Name, prefix)
		if !ok || rel == "" || strings.ContainsAny(rel, "/\\\x00:") || rel == "." || rel == ".." {
			continue
		}
		if !f.Mode().IsRegular() || detect.FileKindOf(rel) != detect.LicenseFile {
			continue
		}
		files = append(files, f)
	}
	sort.SliceStable(files, func(i, j int) bool {
		ri, rj := detect.FileRank(path.Base(files[i].Name)), detect.FileRank(path.Base(files[j].Name))
		if ri != rj {
			return ri < rj
		}
		return files[i].Name < files[j].Name
	})
	return files
}

// readZipFile reads at most limit bytes of f; a longer file is truncated
// (license texts are short, and the beginning identifies them).
func readZipFile(f *zip.File, prefixLen int, limit int64) (licenseText, error) {
	lt := licenseText{name: f.Name[prefixLen:]}
	rc, err := f.Open()
	if err != nil {
		return lt, fmt.Errorf("reading %s from module zip: %w", lt.name, err)
	}
	defer rc.Close()
	lt.text, err = io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return lt, fmt.Errorf("reading %s from module zip: %w", lt.name, err)
	}
	if int64(len(lt.text)) > limit {
		lt.text, lt.truncated = lt.text[:limit], true
	}
	return lt, nil
}

// End-of-central-directory signatures and sizes (APPNOTE.TXT 4.3.14-16).
const (
	eocdSig         = 0x06054b50
	eocdLen         = 22
	zip64LocatorSig = 0x07064b50
	zip64LocatorLen = 20
	zip64EOCDSig    = 0x06064b50
	zip64EOCDLen    = 56
	maxCommentLen   = 0xFFFF
)

// zipEntryCount returns the number of entries the end record of a zip
// declares (its zip64 record when the classic one overflows).
func zipEntryCount(b []byte) (uint64, error) {
	if len(b) < eocdLen {
		return 0, errors.New("not a zip file: too short")
	}
	lo := max(0, len(b)-eocdLen-maxCommentLen)
	for i := len(b) - eocdLen; i >= lo; i-- {
		if binary.LittleEndian.Uint32(b[i:]) != eocdSig {
			continue
		}
		count := uint64(binary.LittleEndian.Uint16(b[i+10:]))
		if count != 0xFFFF || i < zip64LocatorLen {
			return count, nil
		}
		return zip64EntryCount(b, i-zip64LocatorLen, count)
	}
	return 0, errors.New("not a zip file: no end of central directory record")
}

// zip64EntryCount reads the entry count of the zip64 end record that the
// locator at loc points to; without a locator, fallback stands.
func zip64EntryCount(b []byte, loc int, fallback uint64) (uint64, error) {
	if binary.LittleEndian.Uint32(b[loc:]) != zip64LocatorSig {
		return fallback, nil
	}
	off := binary.LittleEndian.Uint64(b[loc+8:])
	if off > uint64(len(b)) || uint64(len(b))-off < zip64EOCDLen {
		return 0, errors.New("invalid zip64 end record offset")
	}
	rec := b[off:]
	if binary.LittleEndian.Uint32(rec) != zip64EOCDSig {
		return 0, errors.New("invalid zip64 end record signature")
	}
	return binary.LittleEndian.Uint64(rec[32:]), nil
}
