package registry

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ospo-gate/ospo-gate/internal/depsdev"
	"github.com/ospo-gate/ospo-gate/internal/detect"
	"github.com/ospo-gate/ospo-gate/internal/fetch"
)

// Default base URLs of the public registries.
const (
	DefaultDepsDevURL = depsdev.DefaultBaseURL
	DefaultNPMURL     = "https://registry.npmjs.org"
	DefaultPyPIURL    = "https://pypi.org"
	DefaultCratesURL  = "https://crates.io"
	DefaultMavenURL   = "https://repo1.maven.org/maven2"
	// DefaultGoProxy is the go command's default GOPROXY. "direct" ends the
	// list: this package never fetches modules from version control.
	DefaultGoProxy = "https://proxy.golang.org,direct"
)

// Defaults applied by [New] to zero fields of [Config].
const (
	DefaultMaxParentDepth         = 10
	DefaultMaxZipBytes            = 256 << 20 // Go module zips are at most 500 MiB; google.golang.org/api is ~45 MiB
	DefaultMaxZipEntries          = 100_000
	DefaultMaxLicenseFileBytes    = 256 << 10
	DefaultMaxLicenseFiles        = 16
	DefaultModuleTTL              = 30 * 24 * time.Hour // a published module version never changes
	DefaultModuleNegativeTTL      = 24 * time.Hour
	DefaultMaxConsecutiveFailures = 8
	// MaxZipDownloads caps the parallel module zip downloads of
	// [ZipFetchConfig].
	MaxZipDownloads = 8
)

// Cache namespaces, one per source. The module namespace holds the licenses
// read out of module zips, not the zips.
const (
	NamespaceNPM    = "registry-npm"
	NamespacePyPI   = "registry-pypi"
	NamespaceCrates = "registry-crates"
	NamespaceMaven  = "registry-maven-pom"
	NamespaceGoZip  = "registry-gomod-licenses"
)

// Source names an online license source; it is what a [Result] reports.
type Source string

// The sources.
const (
	SourceDepsDev Source = "deps.dev"
	SourceGoProxy Source = "go-proxy"
	SourceNPM     Source = "npm-registry"
	SourcePyPI    Source = "pypi"
	SourceCrates  Source = "crates.io"
	SourceMaven   Source = "maven-central"
)

// Sources lists every source. For each package deps.dev is consulted
// first, then the registry of the package's ecosystem.
func Sources() []Source {
	return []Source{SourceDepsDev, SourceGoProxy, SourceNPM, SourcePyPI, SourceCrates, SourceMaven}
}

// Config configures a [Resolver]. Zero fields take the defaults above.
type Config struct {
	// Fetch performs every lookup (required). Its AllowedHosts must include
	// AllowedHosts() of this config.
	Fetch *fetch.Client
	// ZipFetch downloads Go module zips; nil means Fetch. Zips need a larger
	// body limit and fewer parallel downloads than JSON answers: build it
	// from the same fetch.Config with [ZipFetchConfig].
	ZipFetch *fetch.Client
	// Cache stores the licenses read out of module zips (the zips are never
	// cached). Pass the cache given to fetch; nil disables it.
	Cache *fetch.Cache

	// Base URLs; "" means the public default.
	DepsDevURL, NPMURL, PyPIURL, CratesURL, MavenURL string
	// GoProxy is a GOPROXY value: proxy URLs separated by "," (try the next
	// one only after a 404/410) or "|" (after any failure); "direct" and
	// "off" end the list. "" means DefaultGoProxy.
	GoProxy string
	// GoNoProxy holds GONOPROXY patterns (GOPRIVATE when GONOPROXY is
	// unset): matching modules are sent to no source at all.
	GoNoProxy string
	// Disable lists sources not to consult (e.g. deps.dev where it is not
	// reachable).
	Disable []Source

	// MaxParentDepth bounds how many parent POMs are followed.
	MaxParentDepth int
	// MaxZipBytes, MaxZipEntries, MaxLicenseFileBytes and MaxLicenseFiles
	// bound what is read from one module zip.
	MaxZipBytes         int64
	MaxZipEntries       int
	MaxLicenseFileBytes int64
	MaxLicenseFiles     int
	// ModuleTTL and ModuleNegativeTTL are the cache lifetimes of licenses
	// read from a module zip and of "no proxy has this module".
	ModuleTTL, ModuleNegativeTTL time.Duration
	// MaxConsecutiveFailures is how many lookups of one source may end
	// unavailable (network, timeout, 5xx, rate limited) in a row before the
	// source is skipped for the rest of the run; negative disables this.
	MaxConsecutiveFailures int
	// Workers bounds the packages resolved at once; 0 means twice the
	// fetch client's concurrency.
	Workers int
	// Detector classifies license texts; nil means detect.Default. It is
	// called only when a text has to be classified.
	Detector func() *detect.Detector
	// Now is the clock of module cache entries (default time.Now); keep it
	// the same as fetch's.
	Now func() time.Time
}

// ZipFetchConfig derives the fetch configuration of [Config.ZipFetch] from
// the one of [Config.Fetch]: a body limit of DefaultMaxZipBytes, at most
// MaxZipDownloads downloads at once and a longer per-attempt timeout.
// Everything else (allow list, deadline, offline mode, clock) is kept; the
// cache is dropped since zips are never cached. Zips are read in memory, so
// the worst case is MaxZipDownloads × DefaultMaxZipBytes; real module zips
// are mostly well under 10 MiB.
func ZipFetchConfig(cfg fetch.Config) fetch.Config {
	cfg.MaxBodyBytes = DefaultMaxZipBytes
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = fetch.DefaultConcurrency
	}
	cfg.Concurrency = min(cfg.Concurrency, MaxZipDownloads)
	cfg.Timeout = max(cfg.Timeout, 2*time.Minute)
	cfg.Cache = nil
	return cfg
}

func (c *Config) applyDefaults() {
	setDefault(&c.DepsDevURL, DefaultDepsDevURL)
	setDefault(&c.NPMURL, DefaultNPMURL)
	setDefault(&c.PyPIURL, DefaultPyPIURL)
	setDefault(&c.CratesURL, DefaultCratesURL)
	setDefault(&c.MavenURL, DefaultMavenURL)
	setDefault(&c.GoProxy, DefaultGoProxy)
	setDefault(&c.MaxParentDepth, DefaultMaxParentDepth)
	setDefault(&c.MaxZipBytes, DefaultMaxZipBytes)
	setDefault(&c.MaxZipEntries, DefaultMaxZipEntries)
	setDefault(&c.MaxLicenseFileBytes, DefaultMaxLicenseFileBytes)
	setDefault(&c.MaxLicenseFiles, DefaultMaxLicenseFiles)
	setDefault(&c.ModuleTTL, DefaultModuleTTL)
	setDefault(&c.ModuleNegativeTTL, DefaultModuleNegativeTTL)
	setDefault(&c.MaxConsecutiveFailures, DefaultMaxConsecutiveFailures)
	if c.Detector == nil {
		c.Detector = detect.Default
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

func setDefault[T comparable](field *T, def T) {
	var zero T
	if *field == zero {
		*field = def
	}
}

// baseURLs returns the configured registry base URLs by source.
func (c *Config) baseURLs() map[Source]string {
	return map[Source]string{
		SourceDepsDev: c.DepsDevURL, SourceNPM: c.NPMURL, SourcePyPI: c.PyPIURL,
		SourceCrates: c.CratesURL, SourceMaven: c.MavenURL,
	}
}

// validate checks the URLs and limits after defaults were applied.
func (c *Config) validate() error {
	var errs []error
	for src, raw := range c.baseURLs() {
		if _, err := cleanBase(raw); err != nil {
			errs = append(errs, fmt.Errorf("%s base URL: %w", src, err))
		}
	}
	if _, err := parseGoProxy(c.GoProxy); err != nil {
		errs = append(errs, err)
	}
	for _, s := range c.Disable {
		if !slices.Contains(Sources(), s) {
			errs = append(errs, fmt.Errorf("disable: unknown source %q", s))
		}
	}
	if c.MaxParentDepth < 0 || c.MaxZipBytes < 0 || c.MaxZipEntries < 0 || c.MaxLicenseFileBytes < 0 ||
		c.MaxLicenseFiles < 0 || c.ModuleTTL < 0 || c.ModuleNegativeTTL < 0 || c.Workers < 0 {
		errs = append(errs, errors.New("limits, TTLs and workers must not be negative"))
	}
	return errors.Join(errs...)
}

// cleanBase checks that raw is an absolute http(s) URL without query or
// fragment and returns it without a trailing slash.
func cleanBase(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%q: %w", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%q: want an absolute http(s) URL without credentials, query or fragment", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// AllowedHosts returns the hosts the configured base URLs and Go proxies
// need, sorted and deduplicated, for fetch.Config.AllowedHosts. Disabled
// sources contribute none. Defaults apply to empty fields.
func (c Config) AllowedHosts() ([]string, error) {
	c.applyDefaults()
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("registry config: %w", err)
	}
	var hosts []string
	add := func(raw string) {
		if h, err := fetch.HostOf(raw); err == nil && !slices.Contains(hosts, h) {
			hosts = append(hosts, h)
		}
	}
	for src, raw := range c.baseURLs() {
		if !slices.Contains(c.Disable, src) {
			add(raw)
		}
	}
	if !slices.Contains(c.Disable, SourceGoProxy) {
		proxies, _ := parseGoProxy(c.GoProxy)
		for _, p := range proxies {
			if p.kind == proxyURL {
				add(p.url)
			}
		}
	}
	slices.Sort(hosts)
	return hosts, nil
}
