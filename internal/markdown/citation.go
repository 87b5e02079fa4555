package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindCitation is the AST node kind of a citation, written [@key] or
// [@key1; @key2] in markdown.
var KindCitation = ast.NewNodeKind("Citation")

// Citation is an inline node for a citation of one or more sources.
type Citation struct {
	ast.BaseInline
	Keys []string
	// Filled in by the render step from the Resolver.
	Labels []string
	URLs   []string
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Keys": strings.Join(n.Keys, ";")}, nil)
}

// citationParser recognises [@key; @key]. It runs before goldmark's link
// parser; anything else that starts with '[' it leaves to that parser.
type citationParser struct{}

func (citationParser) Trigger() []byte { return []byte{'['} }

func (citationParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) < 4 || line[1] != '@' {
		return nil
	}
	end := strings.IndexByte(string(line), ']')
	if end < 0 {
		return nil
	}
	var keys []string
	for _, part := range strings.Split(string(line[1:end]), ";") {
		part = strings.TrimSpace(part)
		if !strings.HasPrefix(part, "@") || len(part) < 2 {
			return nil
		}
		key := part[1:]
		for _, r := range key {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r >= 'A' && r <= 'Z' || r == '_') {
				return nil
			}
		}
		keys = append(keys, key)
	}
	block.Advance(end + 1)
	return &Citation{Keys: keys}
}

// citationRenderer writes a citation as "(Author, year; Author, year)" with
// each label linking to the source's entry.
type citationRenderer struct{}

func (citationRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*Citation)
		w.WriteString(`<span class="citation">(`)
		for i := range n.Keys {
			if i > 0 {
				w.WriteString("; ")
			}
			label, url := n.Keys[i], ""
			if i < len(n.Labels) {
				label, url = n.Labels[i], n.URLs[i]
			}
			if url != "" {
				w.WriteString(`<a href="`)
				w.Write(util.EscapeHTML([]byte(url)))
				w.WriteString(`">`)
			}
			w.Write(util.EscapeHTML([]byte(label)))
			if url != "" {
				w.WriteString(`</a>`)
			}
		}
		w.WriteString(`)</span>`)
		return ast.WalkSkipChildren, nil
	})
}
