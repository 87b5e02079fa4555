package content

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoLiteralsOutsideContent keeps the table of kinds the one place
// that names a content folder, the id of a section the site uses or a
// heading of an outline: it reads every Go file of the other packages
// (tests aside, which write synthetic content trees) and fails on a
// string literal that is one of them, or holds a folder as part of a path
// ("elementen/x"), a section id as a fragment ("#hulpmiddelen") or a
// heading as markdown ("## Wat is het?").
func TestNoLiteralsOutsideContent(t *testing.T) {
	type rule struct {
		what  string
		match func(lit string) bool
	}
	var rules []rule
	for _, ki := range Kinds {
		if ki.Dir == "" {
			continue
		}
		dir := ki.Dir
		rules = append(rules, rule{"de map " + dir, func(lit string) bool {
			return lit == dir || strings.HasPrefix(lit, dir+"/") || strings.Contains(lit, "/"+dir+"/") || strings.Contains(lit, "/"+dir+"\"")
		}})
		for _, it := range ki.Outline {
			title := it.Title
			rules = append(rules, rule{"de kop " + it.String(), func(lit string) bool {
				return lit == title || strings.Contains(lit, "# "+title)
			}})
		}
	}
	for _, id := range []string{ToolsSection, ExamplesSection, PointsSection, WhatSection} {
		rules = append(rules, rule{"de sectie-id " + id, func(lit string) bool { return lit == id || strings.Contains(lit, "#"+id) }})
	}

	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	self, _ := filepath.Abs(".")
	files := 0
	for _, top := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p == self || d.Name() == "testdata" || d.Name() == "node_modules" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			files++
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				for _, r := range rules {
					if r.match(s) {
						rel, _ := filepath.Rel(root, fset.Position(lit.Pos()).Filename)
						t.Errorf("%s:%d: de tekst %s noemt %s; neem die uit content.Kinds", rel, fset.Position(lit.Pos()).Line, lit.Value, r.what)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 20 {
		t.Fatalf("read only %d Go files; is the walk looking in the right place (%s)?", files, root)
	}
}
