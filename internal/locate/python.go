package locate

import (
	"strings"
)

// pep508 extracts the project name of a PEP 508 requirement and, for an exact
// "==" pin, its version. ok is false when the string does not start with a
// valid project name followed by a valid separator.
func pep508(req string) (name, version string, ok bool) {
	s := strings.TrimLeft(req, " \t")
	i := 0
	for i < len(s) && isPyNameChar(s[i]) {
		i++
	}
	name = s[:i]
	if name == "" || !isAlnum(name[0]) || !isAlnum(name[len(name)-1]) {
		return "", "", false
	}
	rest := s[i:]
	if rest != "" && !strings.ContainsRune(" \t[(<>=!~;@,", rune(rest[0])) {
		return "", "", false
	}
	return name, exactPin(rest), true
}

func isPyNameChar(c byte) bool { return isAlnum(c) || c == '-' || c == '_' || c == '.' }

func isAlnum(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// exactPin returns X for a version specifier that is exactly "==X" or "===X".
func exactPin(spec string) string {
	spec = strings.TrimSpace(spec)
	if strings.HasPrefix(spec, "[") {
		end := strings.IndexByte(spec, ']')
		if end < 0 {
			return ""
		}
		spec = strings.TrimSpace(spec[end+1:])
	}
	if i := strings.IndexByte(spec, ';'); i >= 0 {
		spec = spec[:i]
	}
	spec = strings.TrimSpace(strings.Trim(strings.TrimSpace(spec), "()"))
	if !strings.HasPrefix(spec, "==") || strings.ContainsAny(spec, ",*<>!~") {
		return ""
	}
	return strings.TrimSpace(strings.TrimLeft(spec, "="))
}

// parseRequirements indexes a pip requirements file. Continuation lines are
// joined as pip does, and the entry line is the first physical line of the
// requirement. Options (-r, -c, --index-url, ...) are skipped, except that an
// editable or URL requirement is indexed under its "#egg=" name.
func parseRequirements(src string, b *builder) error {
	ls := newLineScanner(src)
	for ls.next() {
		first, start := ls.text, ls.num
		text := first
		if strings.HasSuffix(text, `\`) && !isReqComment(text) {
			text = joinContinuation(ls, text)
		}
		if err := requirementLine(b, stripReqComment(text), first, start); err != nil {
			return err
		}
	}
	return nil
}

// joinContinuation joins the lines that follow a line ending in a backslash, as
// pip does: a whole-line comment ends the logical line.
func joinContinuation(ls *lineScanner, text string) string {
	var sb strings.Builder
	sb.WriteString(strings.TrimRight(text, `\`))
	for ls.next() {
		if isReqComment(ls.text) {
			sb.WriteString(" " + ls.text)
			break
		}
		if !strings.HasSuffix(ls.text, `\`) {
			sb.WriteString(ls.text)
			break
		}
		sb.WriteString(strings.TrimRight(ls.text, `\`))
	}
	return sb.String()
}

// isReqComment reports whether a physical line is a whole-line comment.
func isReqComment(s string) bool { return strings.HasPrefix(strings.TrimLeft(s, " \t"), "#") }

// stripReqComment removes a comment: "#" at the start or after whitespace.
func stripReqComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			return strings.TrimSpace(s[:i])
		}
	}
	return strings.TrimSpace(s)
}

// requirementLine indexes one logical requirements line.
func requirementLine(b *builder, text, first string, line int) error {
	if text == "" {
		return nil
	}
	if strings.HasPrefix(text, "-") {
		if name := reqOptionEgg(text); name != "" {
			b.add(name, line, rankPrimary, "")
		}
		return nil
	}
	req := text
	if i := strings.Index(req, " -"); i >= 0 {
		req = req[:i] // per-requirement options such as --hash=...
	}
	if name, version, ok := pep508(req); ok && !isArchiveName(name) {
		b.add(name, line, rankPrimary, version)
		return nil
	}
	if looksLikeURLOrPath(text) {
		if name := eggName(text); name != "" {
			b.add(name, line, rankPrimary, "")
		}
		return nil
	}
	off := len(first) - len(strings.TrimLeft(first, " \t"))
	return errAt(line, column(first, off), "invalid requirement %q", truncate(text, 80))
}

// reqOptionEgg returns the #egg= name of an "-e"/"--editable" option line.
func reqOptionEgg(text string) string {
	for _, opt := range []string{"--editable", "-e"} {
		if rest, ok := strings.CutPrefix(text, opt); ok && (rest == "" || rest[0] == ' ' || rest[0] == '=' || rest[0] == '\t') {
			return eggName(rest)
		}
	}
	return ""
}

// looksLikeURLOrPath reports whether a requirement line is a URL, archive or path
// rather than a PEP 508 requirement.
func looksLikeURLOrPath(text string) bool {
	tok := text
	if i := strings.IndexAny(tok, " \t;"); i >= 0 {
		tok = tok[:i]
	}
	if tok == "" {
		return false
	}
	return strings.ContainsAny(tok, "/\\") || strings.ContainsAny(tok[:1], ".~$") || isArchiveName(tok)
}

// isArchiveName reports whether s names a wheel or source archive.
func isArchiveName(s string) bool {
	for _, ext := range []string{".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar"} {
		if strings.HasSuffix(strings.ToLower(s), ext) {
			return true
		}
	}
	return false
}

// eggName extracts the project name from a "#egg=name" URL fragment.
func eggName(s string) string {
	i := strings.Index(s, "#egg=")
	if i < 0 {
		i = strings.Index(s, "&egg=")
	}
	if i < 0 {
		return ""
	}
	name, _, ok := pep508(s[i+len("#egg="):])
	if !ok {
		return ""
	}
	return name
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// parsePipfileLock indexes the "default" and "develop" objects of Pipfile.lock.
func parsePipfileLock(src string, b *builder) error {
	s := newJSONScanner(src)
	err := s.object(func(key string, _ int) error {
		rank := rankPrimary
		switch key {
		case "default":
		case "develop":
			rank = rankSecondary
		default:
			return nil
		}
		return s.object(func(name string, line int) error {
			var version string
			err := s.object(func(key string, _ int) error {
				var err error
				if key == "version" {
					version, _, err = s.stringOrSkip()
				}
				return err
			})
			b.add(name, line, rank, version)
			return err
		})
	})
	if err != nil {
		return err
	}
	return s.finish()
}

// pyproject is the visitor for pyproject.toml.
type pyproject struct {
	keyedDeps // Poetry tables
	b         *builder
}

func (p *pyproject) table(path []string, _ bool, line int) { p.keyedDeps.table(path, line) }

func (p *pyproject) want(path []string) bool {
	if p.keyedDeps.want(path) {
		return true
	}
	_, ok := pyRequirementArray(path)
	return ok || pyRequirementParent(path)
}

func (p *pyproject) value(path []string, line int, v *tomlValue) {
	if p.keyedDeps.want(path) {
		p.keyedDeps.value(path, line, v)
		return
	}
	p.requirements(path, v)
}

// requirements indexes the PEP 508 strings of a requirement array, following
// inline tables such as optional-dependencies = { cli = [...] }.
func (p *pyproject) requirements(path []string, v *tomlValue) {
	if v.kind == tomlTable {
		for _, f := range v.fields {
			sub := append(append([]string(nil), path...), f.key...)
			p.requirements(sub, f.val)
		}
		return
	}
	rank, ok := pyRequirementArray(path)
	if !ok || v.kind != tomlArray {
		return
	}
	for _, it := range v.items {
		if it.kind != tomlString {
			continue // {include-group = "..."} and the like
		}
		if name, version, ok := pep508(it.str); ok {
			p.b.add(name, it.line, rank, version)
		}
	}
}

// pyRequirementArray recognises the keys whose value is a list of PEP 508
// requirements, with their rank.
func pyRequirementArray(path []string) (rank int, ok bool) {
	switch {
	case pathIs(path, "project", "dependencies"):
		return rankPrimary, true
	case len(path) == 3 && path[0] == "project" && path[1] == "optional-dependencies":
		return rankPrimary, true
	case len(path) == 2 && path[0] == "dependency-groups":
		return rankSecondary, true
	case pathIs(path, "tool", "uv", "dev-dependencies"):
		return rankSecondary, true
	case len(path) == 4 && path[0] == "tool" && path[1] == "pdm" && path[2] == "dev-dependencies":
		return rankSecondary, true
	case pathIs(path, "build-system", "requires"):
		return rankSecondary + 1, true
	}
	return 0, false
}

// pyRequirementParent recognises keys whose inline-table value holds requirement
// arrays.
func pyRequirementParent(path []string) bool {
	return pathIs(path, "project", "optional-dependencies") || pathIs(path, "dependency-groups") ||
		pathIs(path, "tool", "pdm", "dev-dependencies")
}

func pathIs(path []string, want ...string) bool {
	if len(path) != len(want) {
		return false
	}
	for i := range want {
		if path[i] != want[i] {
			return false
		}
	}
	return true
}

// poetryDepTable matches [tool.poetry.dependencies], [tool.poetry.dev-dependencies]
// and [tool.poetry.group.<name>.dependencies].
func poetryDepTable(path []string) (n, rank int) {
	if len(path) < 3 || path[0] != "tool" || path[1] != "poetry" {
		return 0, 0
	}
	switch {
	case path[2] == "dependencies":
		return 3, rankPrimary
	case path[2] == "dev-dependencies":
		return 3, rankSecondary
	case path[2] == "group" && len(path) >= 5 && path[4] == "dependencies":
		return 5, rankSecondary
	}
	return 0, 0
}

// parsePyproject indexes pyproject.toml: PEP 621 [project] dependencies and
// optional-dependencies, PEP 735 [dependency-groups], Poetry dependency tables,
// uv and PDM dev dependencies, and [build-system] requires.
func parsePyproject(src string, b *builder) error {
	v := &pyproject{
		keyedDeps: keyedDeps{match: poetryDepTable, skip: func(n string) bool { return strings.EqualFold(n, "python") }},
		b:         b,
	}
	if err := parseTOML(src, v); err != nil {
		return err
	}
	v.flush(b)
	return nil
}
