package policy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ospo-gate/ospo-gate/internal/scorecard"
)

// Scorecard is the scorecard: section. A policy without one looks nothing up.
type Scorecard struct {
	// MinScore is the minimum aggregate score (0–10); 0 means no minimum.
	MinScore float64
	// Checks maps canonical check names to minimum scores.
	Checks map[string]int
	// Unknown is the action for a package with no published result, an unresolved repository, or a required
	// check that is missing or inconclusive (-1).
	Unknown Action
	// Unavailable is the action when the API or the network failed (never ignore: a gate that cannot ask must
	// say so).
	Unavailable Action
	// Types limits the check to these package types (syft's: npm, go-module, github-action, ...); empty = all.
	Types []string
	// Development says whether development dependencies are checked; it defaults to scopes.development.
	Development *bool
	// Exceptions excuse packages from scorecard findings.
	Exceptions []Exception
	// Line is where the section starts.
	Line int
}

// AppliesTo reports whether the scorecard check covers a package type.
func (s *Scorecard) AppliesTo(typ string) bool {
	if len(s.Types) == 0 {
		return true
	}
	for _, t := range s.Types {
		if t == typ {
			return true
		}
	}
	return false
}

var scorecardKeys = []string{"min-score", "checks", "unknown", "unavailable", "types", "development", "exceptions"}

func (d *decoder) scorecard(n *yaml.Node) *Scorecard {
	s := &Scorecard{Unknown: Warn, Unavailable: Warn, Line: n.Line}
	d.mapping(n, "scorecard", scorecardKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "min-score":
			if f, ok := d.score(v, "scorecard.min-score"); ok {
				s.MinScore = f
			}
		case "checks":
			s.Checks = d.checks(v)
		case "unknown":
			d.action(v, "scorecard.unknown", &s.Unknown)
		case "unavailable":
			d.action(v, "scorecard.unavailable", &s.Unavailable)
			if s.Unavailable == Ignore {
				d.errorf(v, "scorecard.unavailable must be fail or warn: a lookup that failed is never silently ignored")
			}
		case "types":
			d.list(v, "scorecard.types", func(_ int, item *yaml.Node) {
				if t, ok := d.str(item, "a scorecard.types entry"); ok {
					s.Types = append(s.Types, t)
				}
			})
		case "development":
			if b, ok := d.boolean(v, "scorecard.development"); ok {
				s.Development = &b
			}
		case "exceptions":
			d.list(v, "scorecard.exceptions", func(_ int, item *yaml.Node) {
				if e, ok := d.exception(item); ok {
					if e.License != "" {
						d.errorf(item, "a scorecard exception has no license key")
						return
					}
					s.Exceptions = append(s.Exceptions, e)
				}
			})
		}
	})
	return s
}

// score reads a number from 0 to 10.
func (d *decoder) score(n *yaml.Node, what string) (float64, bool) {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		f, err := strconv.ParseFloat(n.Value, 64)
		if err == nil && f >= 0 && f <= 10 {
			return f, true
		}
	}
	d.errorf(n, "%s must be a number from 0 to 10, got %s", what, kindName(n))
	return 0, false
}

func (d *decoder) checks(n *yaml.Node) map[string]int {
	out := map[string]int{}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "scorecard.checks must be a mapping of check name to minimum score, got %s", kindName(n))
		return out
	}
	names := scorecard.CheckNames()
	sort.Strings(names)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		canon, ok := scorecard.CanonicalCheck(k.Value)
		if !ok {
			d.errorf(k, "scorecard.checks: %q is not a Scorecard check (known: %s)", k.Value, strings.Join(names, ", "))
			continue
		}
		if _, dup := out[canon]; dup {
			d.errorf(k, "scorecard.checks: %s is listed twice", canon)
			continue
		}
		f, ok := d.score(v, fmt.Sprintf("scorecard.checks.%s", canon))
		if !ok {
			continue
		}
		if f != float64(int(f)) {
			d.errorf(v, "scorecard.checks.%s must be a whole number (check scores are integers)", canon)
			continue
		}
		out[canon] = int(f)
	}
	return out
}
