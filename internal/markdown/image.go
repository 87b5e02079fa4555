package markdown

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Picture is an image as the page shows it: its published address, its
// size in pixels (so the page does not jump when it loads) and, for a
// large photo, smaller copies for narrow screens.
type Picture struct {
	Src    string
	Width  int
	Height int
	// Srcset and Sizes, when Srcset is not empty, let the browser pick a
	// smaller copy: "a.jpg 640w, b.jpg 1280w, c.jpg 2000w".
	Srcset string
	Sizes  string
}

// ImageResolver is implemented by a Resolver that can show pictures. With
// a Resolver that does not implement it, ![…](…) is refused.
type ImageResolver interface {
	// ResolveImage maps an image path written in file (relative to it) to
	// the picture to show. It returns a message in plain Dutch when the
	// picture cannot be shown.
	ResolveImage(file, dest string) (pic Picture, problem string)
}

// KindPicture is the AST node kind of a checked image.
var KindPicture = ast.NewNodeKind("Picture")

// pictureNode replaces an ast.Image once its file is checked.
type pictureNode struct {
	ast.BaseInline
	Picture
	Alt   string
	Title string
}

// Kind implements ast.Node.
func (n *pictureNode) Kind() ast.NodeKind { return KindPicture }

// Dump implements ast.Node.
func (n *pictureNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Src": n.Src, "Alt": n.Alt}, nil)
}

// image checks one ![alt](dest) and gives the node to put in its place, or
// the problems (each with the offset of what it is about).
func (r *Renderer) image(file string, n *ast.Image, src []byte, res Resolver) (*pictureNode, []string) {
	dest := string(n.Destination)
	var problems []string
	alt := plainText(n, src)
	if strings.TrimSpace(alt) == "" {
		problems = append(problems, "deze afbeelding heeft geen alt-tekst: beschrijf tussen de [ ] wat erop staat, voor wie de afbeelding niet ziet, bijvoorbeeld ![Ecogram van gezin De Boer met school en buurtteam](ecogram.png)")
	}
	ir, ok := res.(ImageResolver)
	if !ok {
		return nil, append(problems, "afbeeldingen worden hier niet ondersteund ("+dest+"); beschrijf wat erop staat in tekst")
	}
	if u, err := url.Parse(dest); err == nil && (u.Scheme != "" || strings.HasPrefix(dest, "//")) || strings.Contains(dest, ":") {
		return nil, append(problems, "het adres "+quote(dest)+" is niet toegestaan voor een afbeelding: zet het bestand in de contentmap, naast deze pagina, en schrijf het pad ernaartoe, bijvoorbeeld ![…](afbeeldingen/foto.jpg)")
	}
	p := dest
	if u, err := url.Parse(dest); err == nil {
		if q, err := url.PathUnescape(u.Path); err == nil {
			p = q
		}
	}
	pic, problem := ir.ResolveImage(file, p)
	if problem != "" {
		problems = append(problems, problem)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return &pictureNode{Picture: pic, Alt: alt, Title: string(n.Title)}, nil
}

// pictureRenderer writes a checked image as <img> with its size, lazy
// loading and, for a large photo, its smaller copies.
type pictureRenderer struct{}

func (pictureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindPicture, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*pictureNode)
		attr := func(name, value string) {
			w.WriteString(" " + name + `="`)
			w.Write(util.EscapeHTML([]byte(value)))
			w.WriteString(`"`)
		}
		w.WriteString("<img")
		attr("src", n.Src)
		if n.Srcset != "" {
			attr("srcset", n.Srcset)
			attr("sizes", n.Sizes)
		}
		attr("alt", n.Alt)
		if n.Title != "" {
			attr("title", n.Title)
		}
		attr("width", strconv.Itoa(n.Width))
		attr("height", strconv.Itoa(n.Height))
		w.WriteString(` loading="lazy" decoding="async">`)
		return ast.WalkSkipChildren, nil
	})
}
