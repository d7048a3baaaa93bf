package registry

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// moduleKey keys a module version's cached licenses. The proxy list is part
// of the key: "not found" depends on it.
func (r *Resolver) moduleKey(t target) string {
	urls := make([]string, 0, len(r.proxies))
	for _, p := range r.proxies {
		urls = append(urls, fmt.Sprintf("%d:%s", p.kind, p.url))
	}
	return t.name + "@" + t.version + " " + strings.Join(urls, ",")
}

// loadModule answers from the cache. An expired entry is used only when the
// zip client is offline; a corrupt one is a miss.
func (r *Resolver) loadModule(key string) (answer, bool) {
	if r.cfg.Cache == nil {
		return answer{}, false
	}
	e, err := r.cfg.Cache.Load(NamespaceGoZip, key)
	if err != nil {
		return answer{}, false
	}
	ttl := r.cfg.ModuleTTL
	if e.Status != 200 {
		ttl = r.cfg.ModuleNegativeTTL
	}
	if e.Expired(r.cfg.Now(), ttl) && !r.zipFetch.Offline() {
		return answer{}, false
	}
	var me moduleEntry
	if err := json.Unmarshal(e.Body, &me); err != nil || me.Format != moduleEntryFormat || me.URL == "" {
		return answer{}, false
	}
	if e.Status != 200 {
		return answer{source: SourceGoProxy, url: me.URL, outcome: NotFound, cached: true, note: "no proxy has the module version"}, true
	}
	return me.answer(true), true
}

// storeModule caches what was read from a zip; a failed write only costs a
// future download.
func (r *Resolver) storeModule(key string, e moduleEntry) {
	r.store(key, 200, r.cfg.ModuleTTL, e)
}

// storeModuleMissing caches that no proxy has the module version.
func (r *Resolver) storeModuleMissing(key, firstURL string) {
	r.store(key, 404, r.cfg.ModuleNegativeTTL, moduleEntry{Format: moduleEntryFormat, URL: firstURL})
}

func (r *Resolver) store(key string, status int, ttl time.Duration, e moduleEntry) {
	if r.cfg.Cache == nil {
		return
	}
	body, err := json.Marshal(e)
	if err != nil {
		return
	}
	_ = r.cfg.Cache.Store(NamespaceGoZip, key, fetch.Entry{StoredAt: r.cfg.Now(), TTL: ttl, Status: status, Body: body})
}
