package fetch

import (
	"testing"
	"time"
)

// FuzzDecodeEntry feeds arbitrary cache files (a cache restored by
// actions/cache is untrusted input) to the entry decoder.
func FuzzDecodeEntry(f *testing.F) {
	good, err := encodeEntry("ns", "k", Entry{StoredAt: time.Unix(1e9, 0), TTL: time.Hour, Status: 200, Body: []byte(`{"a":[1,2]}`)})
	if err != nil {
		f.Fatal(err)
	}
	bin, _ := encodeEntry("ns", "k", Entry{StoredAt: time.Unix(1e9, 0), TTL: time.Hour, Status: 200, Body: []byte{0, 1, 2}})
	neg, _ := encodeEntry("ns", "k", Entry{StoredAt: time.Unix(1e9, 0), TTL: time.Minute, Status: 404})
	for _, seed := range [][]byte{good, bin, neg, good[:len(good)/2], []byte("null"), []byte(`{"version":1,"ttl_seconds":1e308}`), {}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := decodeEntry(data, "ns", "k")
		if err != nil {
			return
		}
		if e.TTL <= 0 || e.StoredAt.IsZero() {
			t.Fatalf("accepted invalid entry %+v", e)
		}
		again, err := encodeEntry("ns", "k", e)
		if err != nil {
			t.Fatalf("re-encoding accepted entry: %v", err)
		}
		if _, err := decodeEntry(again, "ns", "k"); err != nil {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}

// FuzzParseRetryAfter checks that any header value yields a non-negative wait.
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "Sun, 01 Mar 2026 12:01:00 GMT", "Sunday, 01-Mar-26 12:00:30 GMT", "Mon Jan  2 15:04:05 2006", "-1", "4294967295"} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d, ok := parseRetryAfter(v, now); d < 0 || (!ok && d != 0) {
			t.Fatalf("parseRetryAfter(%q) = %s, %v", v, d, ok)
		}
	})
}

// FuzzDecodeJSON checks that error positions always fall inside the input.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"a":1}`, "{\n\"a\": x}", `[`, `"`, "null", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v map[string]any
		_ = DecodeJSON(data, &v)
		for _, off := range []int64{-1, 0, int64(len(data)), int64(len(data)) + 5} {
			if l, c := Position(data, off); l < 1 || c < 1 {
				t.Fatalf("Position(%d) = %d:%d", off, l, c)
			}
		}
	})
}
