package locate

import (
	"encoding/xml"
	"strings"
)

// pomDep is a <dependency>, <plugin>, <parent> or <extension> being read.
type pomDep struct {
	depth           int // element depth of the dependency element itself
	rank            int
	plugin          bool
	line            int // line of the element, replaced by the <artifactId> line
	group, artifact string
	version         string
	field           string // the direct child being read: groupId, artifactId, version
	text            strings.Builder
}

// pomReader is the state of a pom.xml walk.
type pomReader struct {
	b    *builder
	open []*pomDep
}

// parsePom indexes pom.xml: <dependency> under <dependencies> (also in
// <dependencyManagement>, profiles and plugins), <plugin> under <plugins> (also
// in <pluginManagement>), <extension> and <parent>. The entry line is the line
// of <artifactId>; the groupId is kept for Query.Group.
func parsePom(src string, b *builder) error {
	p := &pomReader{b: b}
	return walkXML(src, p.token)
}

func (p *pomReader) token(r *xmlReader, tok xml.Token, line int) {
	var cur *pomDep
	if len(p.open) > 0 {
		cur = p.open[len(p.open)-1]
	}
	depth := len(r.stack)
	switch t := tok.(type) {
	case xml.StartElement:
		if cur != nil && depth == cur.depth+1 {
			cur.field = t.Name.Local
			cur.text.Reset()
			if cur.field == "artifactId" {
				cur.line = line
			}
		}
		if rank, ok := pomElementRank(r, t.Name.Local); ok {
			p.open = append(p.open, &pomDep{depth: depth, rank: rank, line: line, plugin: t.Name.Local == "plugin"})
		}
	case xml.CharData:
		if cur != nil && cur.field != "" && depth == cur.depth+1 {
			cur.text.Write(t)
		}
	case xml.EndElement:
		p.end(cur, depth+1)
	}
}

// end handles a closing tag at element depth closed.
func (p *pomReader) end(cur *pomDep, closed int) {
	switch {
	case cur == nil:
	case closed == cur.depth+1 && cur.field != "":
		v := strings.TrimSpace(cur.text.String())
		switch cur.field {
		case "groupId":
			cur.group = v
		case "artifactId":
			cur.artifact = v
		case "version":
			cur.version = v
		}
		cur.field = ""
	case closed == cur.depth:
		p.open = p.open[:len(p.open)-1]
		if cur.group == "" && cur.plugin {
			cur.group = "org.apache.maven.plugins"
		}
		if cur.artifact != "" {
			p.b.addGroup(cur.group, cur.artifact, cur.line, cur.rank, cur.version)
		}
	}
}

// pomElementRank recognises the element just opened as a dependency-like entry
// and ranks it: declared dependencies and the parent first, then managed and
// profile dependencies, then plugins and their dependencies.
func pomElementRank(r *xmlReader, name string) (int, bool) {
	parent := r.parent()
	switch {
	case name == "dependency" && parent == "dependencies":
		switch {
		case r.inside("plugin"):
			return rankSecondary + 1, true
		case r.inside("dependencyManagement") || r.inside("profile"):
			return rankSecondary, true
		}
		return rankPrimary, true
	case name == "parent" && parent == "project":
		return rankPrimary, true
	case name == "plugin" && parent == "plugins", name == "extension" && parent == "extensions":
		if r.inside("pluginManagement") {
			return rankSecondary + 2, true
		}
		return rankSecondary + 1, true
	}
	return 0, false
}
