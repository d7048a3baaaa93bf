package detect

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	lreCommentRE = regexp.MustCompile(`(?s)//\*\*.*?\*\*//`)
	lreTokenRE   = regexp.MustCompile(`\(\(|\)\)\?\?|\)\)|\|\||__\d+__|[^\s()|]+`)
)

// lreSample renders the wording an LRE was written from: the first branch
// of every alternation, optional groups included, wildcards left out.
func lreSample(lre string) string {
	toks := lreTokenRE.FindAllString(lreCommentRE.ReplaceAllString(lre, " "), -1)
	var out []string
	var walk func(i int, keep bool) int
	walk = func(i int, keep bool) int {
		branch := keep
		for i < len(toks) {
			switch t := toks[i]; {
			case t == "((":
				i = walk(i+1, branch)
				continue
			case t == "))" || t == "))??":
				return i + 1
			case t == "||":
				branch = false
			case strings.HasPrefix(t, "__"):
			default:
				if branch {
					out = append(out, t)
				}
			}
			i++
		}
		return i
	}
	walk(0, true)
	return strings.Join(out, " ")
}

// TestCustomPatternsMatchTheirWording checks every hand-written pattern
// recognises the wording it was written from.
func TestCustomPatternsMatchTheirWording(t *testing.T) {
	t.Parallel()
	for _, p := range customPatterns {
		sample := lreSample(p.lre)
		t.Run(p.id+"/"+sample[:min(30, len(sample))], func(t *testing.T) {
			t.Parallel()
			r := Default().Classify([]byte(sample))
			if !slices.ContainsFunc(r.Matches, func(m Match) bool { return m.ID == p.id }) {
				t.Fatalf("pattern for %s does not match %q: %+v", p.id, sample, r.Matches)
			}
		})
	}
}
