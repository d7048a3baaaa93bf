package detect

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// refKind says what a reference text is.
type refKind uint8

const (
	kindLicense   refKind = 0
	kindException refKind = 1
)

// reference is one indexed text: a license of the SPDX list (ids lists every
// list id sharing the normalised text), an exception, or a hand-written text.
type reference struct {
	kind  refKind
	ids   []string
	base  string   // exceptions: the license the exception is written for
	words []uint32 // word ids, see vocabulary
}

// refData is the decoded content of licenses.bin.gz.
type refData struct {
	dict  []string          // word index → word; word id = index + 1
	names map[string]string // SPDX id → full name
	refs  []reference
}

// Limits that make a corrupt data file fail cleanly rather than allocate wildly.
const (
	maxDataSize  = 64 << 20
	maxDataCount = 1 << 22
	dataMagic    = "ODTL"
	dataFormat   = 1
)

// loadRefData decompresses and decodes the generator's output.
func loadRefData(gz []byte) (*refData, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("opening license data: %w", err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, maxDataSize))
	if err != nil {
		return nil, fmt.Errorf("decompressing license data: %w", err)
	}
	return decodeRefData(raw)
}

// decodeRefData decodes the uncompressed data format (see gen/write.go).
func decodeRefData(raw []byte) (*refData, error) {
	d := &decoder{b: raw}
	if string(d.bytes(len(dataMagic))) != dataMagic || d.uint() != dataFormat {
		return nil, errors.New("license data: bad magic or format version")
	}
	out := &refData{names: make(map[string]string)}
	out.dict = make([]string, d.count())
	for i := range out.dict {
		out.dict[i] = d.string()
	}
	for n := d.count(); n > 0 && d.err == nil; n-- {
		id := d.string()
		out.names[id] = d.string()
	}
	out.refs = make([]reference, d.count())
	for i := range out.refs {
		out.refs[i] = d.reference(len(out.dict))
	}
	if d.err != nil {
		return nil, fmt.Errorf("license data: %w", d.err)
	}
	return out, nil
}

// decoder reads the varint format; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.b = nil
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(errors.New("truncated or bad varint"))
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) count() int {
	v := d.uint()
	if v > maxDataCount || v > uint64(len(d.b)) { // every element takes at least a byte
		d.fail(fmt.Errorf("count %d out of range", v))
		return 0
	}
	return int(v)
}

func (d *decoder) bytes(n int) []byte {
	if n > len(d.b) {
		d.fail(errors.New("truncated data"))
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	return string(d.bytes(d.count()))
}

func (d *decoder) reference(dictLen int) reference {
	r := reference{kind: refKind(d.uint())}
	if r.kind != kindLicense && r.kind != kindException {
		d.fail(fmt.Errorf("unknown reference kind %d", r.kind))
	}
	r.ids = make([]string, d.count())
	for i := range r.ids {
		r.ids[i] = d.string()
	}
	r.base = d.string()
	r.words = make([]uint32, d.count())
	for i := range r.words {
		w := d.uint()
		if w >= uint64(dictLen) {
			d.fail(fmt.Errorf("word index %d out of range", w))
			return r
		}
		r.words[i] = uint32(w) + 1
	}
	return r
}
