// Package policy loads and validates ospo-gate policy files.
//
// A policy says which licenses are allowed, warned on and denied (by SPDX id or by category), what to do with
// the outcomes that are neither (unknown, invalid, not allowed, a declared/detected mismatch), which packages
// are excepted and until when, and which scopes are checked. Loading is strict: `version: 1` is required,
// unknown keys are rejected, and every SPDX id, category, date and purl is validated, with errors reported as
// FILE:LINE:COL: message. The embedded default policy is used when a repository has none.
package policy

import (
	_ "embed"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ospo-gate/ospo-gate/internal/licenses"
	"github.com/ospo-gate/ospo-gate/internal/spdx"
)

// Action is what the gate does with an outcome.
type Action string

// Actions.
const (
	Fail   Action = "fail"
	Warn   Action = "warn"
	Ignore Action = "ignore"
)

// Actions lists the valid actions.
var Actions = []string{string(Fail), string(Warn), string(Ignore)}

// DefaultPath is where a repository keeps its policy, relative to its root.
const DefaultPath = ".github/ospo-gate.yaml"

// EmbeddedName is the file name errors use for the embedded default policy.
const EmbeddedName = "<embedded default policy>"

// MaxFileSize and maxDepth bound what a policy file may be.
const (
	MaxFileSize = 1 << 20
	maxDepth    = 32
)

//go:embed default.yaml
var defaultPolicy []byte

// DefaultYAML returns the embedded default policy's text.
func DefaultYAML() []byte { return append([]byte(nil), defaultPolicy...) }

// Policy is a loaded, validated policy.
type Policy struct {
	// File is the path the policy was read from, or EmbeddedName.
	File       string
	Version    int
	Licenses   Licenses
	Exceptions []Exception
	Scopes     Scopes
	Paths      Paths
	// Scorecard is nil when the policy has no scorecard: section.
	Scorecard *Scorecard
}

// Licenses is the licenses: section.
type Licenses struct {
	Allow []Entry
	Warn  []Entry
	Deny  []Entry
	// Actions per outcome.
	Denied     Action
	NotAllowed Action
	Unknown    Action
	Invalid    Action
	Mismatch   Action
	Overrides  []Override
}

// Entry is one item of an allow/warn/deny list: a category name or a single license ("MIT",
// "GPL-2.0-or-later", "GPL-2.0-only WITH Classpath-exception-2.0", "LicenseRef-acme").
type Entry struct {
	Raw      string
	Category string // set when the entry names a category
	License  string // canonical single-license expression otherwise
	Line     int
	Column   int
}

// Override replaces the license of matching packages whose metadata is wrong.
type Override struct {
	Package PackagePattern
	License string // canonical SPDX expression
	Reason  string
	Line    int
}

// Exception excuses matching packages from license findings.
type Exception struct {
	Package PackagePattern
	// License, when set, is the only license the exception accepts (canonical SPDX expression).
	License string
	Reason  string
	// Until is the last day the exception applies (inclusive); zero means no end.
	Until  time.Time
	Line   int
	Column int
}

// Expired reports whether the exception no longer applies on the given day.
func (e Exception) Expired(now time.Time) bool {
	if e.Until.IsZero() {
		return false
	}
	end := e.Until.AddDate(0, 0, 1) // inclusive of the "until" day, in UTC
	return !now.UTC().Before(end)
}

// Scopes says which dependency scopes are checked.
type Scopes struct {
	Development bool
}

// Paths limits which parts of the tree are scanned.
type Paths struct {
	// Exclude holds globs relative to the scanned root ("tests/fixtures/**").
	Exclude []string
	// Unreadable is the action for a manifest or lockfile that could not be read (malformed, too deep, a
	// symbolic link): its dependencies were not checked. Default warn; fail for a strict gate.
	Unreadable Action
	// MaxFileMiB is the largest manifest or lockfile read, in MiB; 0 means the gate's default.
	MaxFileMiB int
	// MaxTotalMiB bounds the manifests and lockfiles read in all, in MiB; 0 means the gate's default.
	MaxTotalMiB int
}

// Default returns the embedded default policy.
func Default() *Policy {
	p, err := Parse(EmbeddedName, defaultPolicy)
	if err != nil {
		panic("embedded default policy is invalid: " + err.Error())
	}
	return p
}

// Load reads and validates the policy file at path.
func Load(path string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading policy: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading policy: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("reading policy: %s is not a regular file", path)
	}
	if st.Size() > MaxFileSize {
		return nil, &Error{File: path, Message: fmt.Sprintf("policy is %d bytes; the limit is %d", st.Size(), MaxFileSize)}
	}
	b := make([]byte, st.Size())
	if _, err := f.ReadAt(b, 0); err != nil && st.Size() > 0 {
		return nil, fmt.Errorf("reading policy: %w", err)
	}
	return Parse(path, b)
}

// Parse validates policy text; file names the source in error messages. All problems found are returned
// together (errors.Join of *Error values).
func Parse(file string, data []byte) (*Policy, error) {
	if len(data) > MaxFileSize {
		return nil, &Error{File: file, Message: fmt.Sprintf("policy is %d bytes; the limit is %d", len(data), MaxFileSize)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(file, err)
	}
	d := &decoder{file: file}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &Error{File: file, Line: 1, Column: 1, Message: "policy is empty: it needs at least `version: 1`"}
	}
	root := doc.Content[0]
	if !d.checkNoAliases(root, 0) {
		return nil, d.err()
	}
	p := &Policy{File: file}
	p.Licenses = Licenses{Denied: Fail, NotAllowed: Fail, Unknown: Warn, Invalid: Fail, Mismatch: Warn}
	p.Scopes.Development = true
	p.Paths.Unreadable = Warn
	versionSeen := false
	d.mapping(root, "the policy", []string{"version", "licenses", "exceptions", "scopes", "paths", "scorecard"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			versionSeen = true
			if n, ok := d.integer(v, "version"); ok && n != 1 {
				d.errorf(v, "unsupported policy version %d: this ospo-gate reads version 1", n)
			}
			p.Version = 1
		case "licenses":
			d.licenses(v, &p.Licenses)
		case "exceptions":
			d.list(v, "exceptions", func(_ int, item *yaml.Node) {
				if e, ok := d.exception(item); ok {
					p.Exceptions = append(p.Exceptions, e)
				}
			})
		case "scopes":
			d.mapping(v, "scopes", []string{"development"}, func(_ string, _, v *yaml.Node) {
				if b, ok := d.boolean(v, "scopes.development"); ok {
					p.Scopes.Development = b
				}
			})
		case "scorecard":
			p.Scorecard = d.scorecard(v)
		case "paths":
			d.mapping(v, "paths", []string{"exclude", "unreadable", "max-file-mib", "max-total-mib"}, func(key string, _, v *yaml.Node) {
				switch key {
				case "unreadable":
					d.action(v, "paths.unreadable", &p.Paths.Unreadable)
					return
				case "max-file-mib":
					d.intIn(v, "paths.max-file-mib", 1, 1024, &p.Paths.MaxFileMiB)
					return
				case "max-total-mib":
					d.intIn(v, "paths.max-total-mib", 1, 65536, &p.Paths.MaxTotalMiB)
					return
				}
				d.list(v, "paths.exclude", func(_ int, item *yaml.Node) {
					if s, ok := d.str(item, "a paths.exclude entry"); ok {
						if strings.HasPrefix(s, "/") || strings.Contains(s, "..") {
							d.errorf(item, "paths.exclude entry %q must be relative to the repository root, without ..", s)
							return
						}
						p.Paths.Exclude = append(p.Paths.Exclude, s)
					}
				})
			})
		}
	})
	if root.Kind == yaml.MappingNode && !versionSeen {
		d.errorf(root, "missing `version: 1` at the top of the policy")
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	return p, nil
}

func (d *decoder) err() error {
	if len(d.errs) == 0 {
		return nil
	}
	errs := make([]error, len(d.errs))
	for i, e := range d.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// yamlError turns a yaml.v3 syntax error ("yaml: line 3: ...") into FILE:LINE:COL form.
func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ":"); i > 0 {
			if _, scanErr := fmt.Sscanf(rest[:i], "%d", &line); scanErr == nil {
				msg = strings.TrimSpace(rest[i+1:])
			}
		}
	}
	if line == 0 {
		line = 1
	}
	return &Error{File: file, Line: line, Column: 1, Message: "invalid YAML: " + msg}
}

var licenseKeys = []string{"allow", "warn", "deny", "denied", "not-allowed", "unknown", "invalid", "mismatch", "overrides"}

func (d *decoder) licenses(n *yaml.Node, l *Licenses) {
	d.mapping(n, "licenses", licenseKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "allow":
			l.Allow = d.entries(v, "licenses.allow")
		case "warn":
			l.Warn = d.entries(v, "licenses.warn")
		case "deny":
			l.Deny = d.entries(v, "licenses.deny")
		case "denied":
			d.action(v, "licenses.denied", &l.Denied)
		case "not-allowed":
			d.action(v, "licenses.not-allowed", &l.NotAllowed)
		case "unknown":
			d.action(v, "licenses.unknown", &l.Unknown)
		case "invalid":
			d.action(v, "licenses.invalid", &l.Invalid)
		case "mismatch":
			d.action(v, "licenses.mismatch", &l.Mismatch)
		case "overrides":
			d.list(v, "licenses.overrides", func(_ int, item *yaml.Node) {
				if o, ok := d.override(item); ok {
					l.Overrides = append(l.Overrides, o)
				}
			})
		}
	})
	d.checkOverlap(l)
}

func (d *decoder) action(n *yaml.Node, what string, dst *Action) {
	s, ok := d.str(n, what)
	if !ok {
		return
	}
	if !slices.Contains(Actions, s) {
		d.errorf(n, "%s must be one of %s, got %q", what, strings.Join(Actions, " | "), s)
		return
	}
	*dst = Action(s)
}

func (d *decoder) entries(n *yaml.Node, what string) []Entry {
	var out []Entry
	d.list(n, what, func(_ int, item *yaml.Node) {
		s, ok := d.str(item, "a "+what+" entry")
		if !ok {
			return
		}
		e := Entry{Raw: s, Line: item.Line, Column: item.Column}
		if licenses.IsCategory(s) {
			e.Category = s
			out = append(out, e)
			return
		}
		node, err := spdx.Parse(s)
		if err != nil {
			d.errorf(item, "%s: %q is neither a category (%s) nor a valid SPDX license id: %v", what, s, strings.Join(licenses.Categories(), ", "), err)
			return
		}
		if node.Op != spdx.License {
			d.errorf(item, "%s: %q is an expression; list single licenses (an OR/AND expression is judged from its parts)", what, s)
			return
		}
		e.License = node.String()
		out = append(out, e)
	})
	return out
}

// checkOverlap rejects a license that is both allowed and denied by the same spelling: the policy would be
// ambiguous. (A category in one list and a member id in another is allowed: the id is the more specific.)
func (d *decoder) checkOverlap(l *Licenses) {
	seen := map[string]string{}
	for _, list := range []struct {
		name    string
		entries []Entry
	}{{"allow", l.Allow}, {"warn", l.Warn}, {"deny", l.Deny}} {
		for _, e := range list.entries {
			key := e.Category + e.License
			if prev, ok := seen[key]; ok && prev != list.name {
				d.errs = append(d.errs, &Error{File: d.file, Line: e.Line, Column: e.Column,
					Message: fmt.Sprintf("%q is in both licenses.%s and licenses.%s", e.Raw, prev, list.name)})
				continue
			}
			seen[key] = list.name
		}
	}
}

func (d *decoder) expression(n *yaml.Node, what string) (string, bool) {
	s, ok := d.str(n, what)
	if !ok {
		return "", false
	}
	node, err := spdx.Parse(s)
	if err != nil {
		d.errorf(n, "%s: %q is not a valid SPDX expression: %v", what, s, err)
		return "", false
	}
	return node.String(), true
}

func (d *decoder) pattern(n *yaml.Node, what string) (PackagePattern, bool) {
	s, ok := d.str(n, what)
	if !ok {
		return PackagePattern{}, false
	}
	pp, err := ParsePackagePattern(s)
	if err != nil {
		d.errorf(n, "%s: %v", what, err)
		return PackagePattern{}, false
	}
	return pp, true
}

func (d *decoder) override(n *yaml.Node) (Override, bool) {
	o := Override{Line: n.Line}
	var okPkg, okLic, okReason bool
	d.mapping(n, "a licenses.overrides entry", []string{"package", "license", "reason"}, func(key string, _, v *yaml.Node) {
		switch key {
		case "package":
			o.Package, okPkg = d.pattern(v, "licenses.overrides package")
		case "license":
			o.License, okLic = d.expression(v, "licenses.overrides license")
		case "reason":
			o.Reason, okReason = d.str(v, "licenses.overrides reason")
		}
	})
	if n.Kind == yaml.MappingNode {
		d.required(n, "a licenses.overrides entry", map[string]bool{"package": okPkg, "license": okLic, "reason": okReason})
	}
	return o, okPkg && okLic && okReason
}

func (d *decoder) exception(n *yaml.Node) (Exception, bool) {
	e := Exception{Line: n.Line, Column: n.Column}
	okPkg, okReason, okRest := false, false, true
	d.mapping(n, "an exceptions entry", []string{"package", "license", "reason", "until"}, func(key string, _, v *yaml.Node) {
		switch key {
		case "package":
			e.Package, okPkg = d.pattern(v, "exceptions package")
		case "license":
			var ok bool
			if e.License, ok = d.expression(v, "exceptions license"); !ok {
				okRest = false
			}
		case "reason":
			e.Reason, okReason = d.str(v, "exceptions reason")
		case "until":
			var ok bool
			if e.Until, ok = d.date(v, "exceptions until"); !ok {
				okRest = false
			}
		}
	})
	if n.Kind == yaml.MappingNode {
		d.required(n, "an exceptions entry", map[string]bool{"package": okPkg, "reason": okReason})
	}
	return e, okPkg && okReason && okRest
}

// required reports keys missing from a mapping (a key present but invalid was already reported).
func (d *decoder) required(n *yaml.Node, what string, have map[string]bool) {
	present := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		present[n.Content[i].Value] = true
	}
	for _, k := range []string{"package", "license", "reason"} {
		if ok, wanted := have[k]; wanted && !ok && !present[k] {
			d.errorf(n, "%s needs a %q", what, k)
		}
	}
}
