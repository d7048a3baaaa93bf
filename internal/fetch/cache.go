package fetch

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"sync/atomic"
	"time"
)

// ErrCacheMiss is returned by [Cache.Load] when no valid entry exists.
var ErrCacheMiss = errors.New("cache miss")

// maxEntryFile bounds the size of a cache file read back from disk.
const maxEntryFile = 64 << 20

const entryVersion = 1

var namespaceRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// Cache is an on-disk store of lookup answers, safe for concurrent use by
// goroutines and processes. Each entry is one JSON file at
// DIR/NAMESPACE/HH/SHA256(namespace, key).json, written to a temporary file
// and renamed into place, so readers never see a partial entry. Entries that
// do not parse, belong to another key or are otherwise invalid count as
// misses and are overwritten by the next store.
type Cache struct {
	dir     string
	dirs    sync.Map // shard directories already created
	corrupt atomic.Int64
	writes  atomic.Int64
}

// Entry is one cached answer.
type Entry struct {
	// StoredAt is when the answer was obtained.
	StoredAt time.Time
	// TTL is how long the answer was meant to stay fresh when stored.
	TTL time.Duration
	// Status is the HTTP status of the answer: 2xx, 404 or 410.
	Status int
	// Body is the response body of a 2xx answer.
	Body []byte
}

// Expired reports whether e is no longer fresh at now. The effective
// lifetime is the shorter of the stored TTL and maxTTL (the currently
// configured one, when > 0), so lowering a TTL takes effect at once. An
// entry stored more than a minute in the future is treated as expired.
func (e Entry) Expired(now time.Time, maxTTL time.Duration) bool {
	ttl := e.TTL
	if maxTTL > 0 {
		ttl = min(ttl, maxTTL)
	}
	age := now.Sub(e.StoredAt)
	return age >= ttl || age < -time.Minute
}

// wireEntry is the JSON form of an entry. Body is stored as JSON when it is
// valid JSON (readable on disk) and base64 otherwise.
type wireEntry struct {
	Version    int             `json:"version"`
	Namespace  string          `json:"namespace"`
	Key        string          `json:"key"`
	StoredAt   time.Time       `json:"stored_at"`
	TTLSeconds float64         `json:"ttl_seconds"`
	Status     int             `json:"status"`
	Body       json.RawMessage `json:"body,omitempty"`
	BodyBase64 []byte          `json:"body_base64,omitempty"`
}

// OpenCache returns a cache rooted at dir, creating it if needed.
func OpenCache(dir string) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("cache directory is empty")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating cache directory: %w", err)
	}
	return &Cache{dir: dir}, nil
}

// Dir returns the cache's root directory.
func (c *Cache) Dir() string { return c.dir }

// CacheStats are cumulative counters of a cache.
type CacheStats struct {
	Corrupt int64 // entries found invalid and ignored
	Writes  int64 // entries written
}

// Stats returns a snapshot of the cache's counters.
func (c *Cache) Stats() CacheStats {
	return CacheStats{Corrupt: c.corrupt.Load(), Writes: c.writes.Load()}
}

func (c *Cache) noteCorrupt() { c.corrupt.Add(1) }

func (c *Cache) path(namespace, key string) (dir, file string, err error) {
	if !namespaceRE.MatchString(namespace) {
		return "", "", fmt.Errorf("invalid cache namespace %q: want [a-z0-9._-], at most 64 characters", namespace)
	}
	sum := sha256.Sum256([]byte(namespace + "\x00" + key))
	name := hex.EncodeToString(sum[:])
	dir = filepath.Join(c.dir, namespace, name[:2])
	return dir, filepath.Join(dir, name+".json"), nil
}

// Load returns the entry for namespace and key, or an error wrapping
// ErrCacheMiss when there is none or it is invalid. Freshness is the
// caller's decision (see [Entry.Expired]).
func (c *Cache) Load(namespace, key string) (Entry, error) {
	_, file, err := c.path(namespace, key)
	if err != nil {
		return Entry{}, err
	}
	data, err := readLimited(file, maxEntryFile)
	if err != nil {
		return Entry{}, fmt.Errorf("%w: %w", ErrCacheMiss, err)
	}
	e, err := decodeEntry(data, namespace, key)
	if err != nil {
		c.noteCorrupt()
		return Entry{}, fmt.Errorf("%w: %s: %w", ErrCacheMiss, file, err)
	}
	return e, nil
}

func readLimited(file string, limit int64) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("cache entry larger than %d bytes", limit)
	}
	return data, nil
}

// decodeEntry parses and validates a cache file for namespace and key.
func decodeEntry(data []byte, namespace, key string) (Entry, error) {
	var w wireEntry
	if err := DecodeJSON(data, &w); err != nil {
		return Entry{}, err
	}
	switch {
	case w.Version != entryVersion:
		return Entry{}, fmt.Errorf("entry version %d, want %d", w.Version, entryVersion)
	case w.Namespace != namespace || w.Key != key:
		return Entry{}, fmt.Errorf("entry is for %q/%q", w.Namespace, w.Key)
	case w.StoredAt.IsZero():
		return Entry{}, errors.New("entry has no stored_at")
	case !(w.TTLSeconds > 0) || w.TTLSeconds > (1<<62)/1e9:
		return Entry{}, fmt.Errorf("entry ttl_seconds %v out of range", w.TTLSeconds)
	case !(w.Status >= 200 && w.Status < 300) && !isNotFound(w.Status):
		return Entry{}, fmt.Errorf("entry status %d is not cacheable", w.Status)
	}
	e := Entry{StoredAt: w.StoredAt, TTL: time.Duration(w.TTLSeconds * 1e9), Status: w.Status, Body: w.BodyBase64}
	if len(w.Body) > 0 {
		e.Body = []byte(w.Body)
	}
	return e, nil
}

// Store writes e for namespace and key atomically, replacing any entry.
func (c *Cache) Store(namespace, key string, e Entry) error {
	dir, file, err := c.path(namespace, key)
	if err != nil {
		return err
	}
	data, err := encodeEntry(namespace, key, e)
	if err != nil {
		return err
	}
	if _, ok := c.dirs.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("creating cache directory: %w", err)
		}
		c.dirs.Store(dir, true)
	}
	if err := writeAtomic(dir, file, data); err != nil {
		return err
	}
	c.writes.Add(1)
	return nil
}

func encodeEntry(namespace, key string, e Entry) ([]byte, error) {
	if e.TTL <= 0 {
		return nil, fmt.Errorf("cache entry ttl %s is not positive", e.TTL)
	}
	w := wireEntry{
		Version: entryVersion, Namespace: namespace, Key: key,
		StoredAt: e.StoredAt.UTC(), TTLSeconds: e.TTL.Seconds(), Status: e.Status,
	}
	if json.Valid(e.Body) {
		var buf bytes.Buffer
		if err := json.Compact(&buf, e.Body); err != nil {
			return nil, fmt.Errorf("compacting body: %w", err)
		}
		w.Body = buf.Bytes()
	} else if len(e.Body) > 0 {
		w.BodyBase64 = e.Body
	}
	data, err := json.Marshal(w)
	if err != nil {
		return nil, fmt.Errorf("encoding cache entry: %w", err)
	}
	return data, nil
}

// writeAtomic writes data to a temporary file in dir and renames it to file.
func writeAtomic(dir, file string, data []byte) error {
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("writing cache entry: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("writing cache entry: %w", err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("writing cache entry: %w", err)
	}
	return nil
}
