package shipcheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// GoPackage is the syntax of the non-test Go files of one directory.
type GoPackage struct {
	Dir   string
	Files []*ast.File
}

// LoadGoPackage parses the non-test .go files of dir (not its subdirectories).
func LoadGoPackage(dir string) (*GoPackage, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	p := &GoPackage{Dir: dir}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		p.Files = append(p.Files, f)
	}
	if len(p.Files) == 0 {
		return nil, fmt.Errorf("%s: %w", dir, fs.ErrNotExist)
	}
	return p, nil
}

// CallArgs returns the string-literal first arguments of every call of a method or function named fn
// (x.fn("a"), fn("a")), sorted and deduplicated.
func (p *GoPackage) CallArgs(fn string) []string {
	set := map[string]bool{}
	p.inspect(func(n ast.Node) {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || calleeName(call.Fun) != fn {
			return
		}
		if s, ok := stringLit(call.Args[0]); ok {
			set[s] = true
		}
	})
	return sortedKeys(set)
}

// PairNames returns the names of the name/value pairs the code builds as [2]string{"name", value} (alone or in
// a [][2]string literal): output names for GITHUB_OUTPUT. A name built as "prefix-" + x is returned as
// "prefix-*".
func (p *GoPackage) PairNames() []string {
	set := map[string]bool{}
	add := func(lit *ast.CompositeLit) {
		if len(lit.Elts) != 2 {
			return
		}
		if s, ok := stringLit(lit.Elts[0]); ok {
			set[s] = true
			return
		}
		if b, ok := lit.Elts[0].(*ast.BinaryExpr); ok && b.Op == token.ADD {
			if s, ok := stringLit(b.X); ok {
				set[s+"*"] = true
			}
		}
	}
	p.inspect(func(n ast.Node) {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return
		}
		switch {
		case isStringPair(lit.Type):
			add(lit)
		case isPairSlice(lit.Type):
			for _, e := range lit.Elts {
				if inner, ok := e.(*ast.CompositeLit); ok && inner.Type == nil {
					add(inner)
				}
			}
		}
	})
	return sortedKeys(set)
}

// StringConst returns the value of a package-level string constant or variable initialised with a literal.
func (p *GoPackage) StringConst(name string) (string, bool) {
	for _, f := range p.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || (gd.Tok != token.CONST && gd.Tok != token.VAR) {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if id.Name == name && i < len(vs.Values) {
						return stringLit(vs.Values[i])
					}
				}
			}
		}
	}
	return "", false
}

// StringList returns the elements of a package-level []string variable initialised with a composite literal of
// string literals and string constants of the package.
func (p *GoPackage) StringList(name string) ([]string, bool) {
	for _, f := range p.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if id.Name != name || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.CompositeLit)
					if !ok {
						return nil, false
					}
					return p.stringElts(lit.Elts)
				}
			}
		}
	}
	return nil, false
}

func (p *GoPackage) stringElts(elts []ast.Expr) ([]string, bool) {
	out := make([]string, 0, len(elts))
	for _, e := range elts {
		if s, ok := stringLit(e); ok {
			out = append(out, s)
			continue
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return nil, false
		}
		s, ok := p.StringConst(id.Name)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func (p *GoPackage) inspect(fn func(ast.Node)) {
	for _, f := range p.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			fn(n)
			return true
		})
	}
}

func calleeName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.Ident:
		return f.Name
	}
	return ""
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// isStringPair reports whether t is [2]string.
func isStringPair(t ast.Expr) bool {
	at, ok := t.(*ast.ArrayType)
	if !ok || at.Len == nil {
		return false
	}
	n, ok := at.Len.(*ast.BasicLit)
	id, isIdent := at.Elt.(*ast.Ident)
	return ok && n.Value == "2" && isIdent && id.Name == "string"
}

// isPairSlice reports whether t is [][2]string.
func isPairSlice(t ast.Expr) bool {
	at, ok := t.(*ast.ArrayType)
	return ok && at.Len == nil && isStringPair(at.Elt)
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
