package images

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// An SVG file is a document that can run scripts: a visitor who opens the
// file itself (not the page that shows it) runs them on the site's origin,
// also on hosts that do not send the site's Content-Security-Policy. So an
// SVG is read with encoding/xml and accepted only when every part of it is
// known to be harmless; anything kb does not know is refused.

const (
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXLink = "http://www.w3.org/1999/xlink"
	nsXML   = "http://www.w3.org/XML/1998/namespace"
)

// metadataNS are the namespaces drawing programs (Inkscape, Illustrator)
// put their own notes in; browsers draw nothing of them and run nothing.
// Their elements are allowed, their attributes are checked like all others.
var metadataNS = map[string]bool{
	"http://www.inkscape.org/namespaces/inkscape":        true,
	"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd": true,
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#":        true,
	"http://purl.org/dc/elements/1.1/":                   true,
	"http://creativecommons.org/ns#":                     true,
	"http://web.resource.org/cc/":                        true,
	"http://ns.adobe.com/AdobeIllustrator/10.0/":         true,
	"http://www.bohemiancoding.com/sketch/ns":            true,
}

// svgElements are the SVG elements that only draw. Left out on purpose:
// script, foreignObject (it holds HTML), a (a link), image and feImage
// (they load files), animate, set and the other animation elements (they
// can change an attribute into a javascript: link), iframe, video, audio,
// handler, listener.
var svgElements = toSet(`svg g defs title desc metadata symbol use switch
	path rect circle ellipse line polyline polygon
	text tspan textPath
	linearGradient radialGradient stop pattern clipPath mask marker
	style
	filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
	feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA
	feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology feOffset
	fePointLight feSpecularLighting feSpotLight feTile feTurbulence`)

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(s) {
		m[f] = true
	}
	return m
}

// localURL matches a url(...) in CSS or an attribute that points inside
// the document: url(#id), with optional quotes and spaces.
var (
	cssURL   = regexp.MustCompile(`(?i)url\s*\(`)
	localURL = regexp.MustCompile(`(?i)^url\s*\(\s*['"]?#[^'"()\s]*['"]?\s*\)`)
)

// CheckSVG reads an SVG document and returns its width and height in
// pixels, or an *Error naming the line of the first thing it refuses:
// a DOCTYPE or entity (they can pull in other files or blow up in size),
// an element that is not plain drawing (script, foreignObject, a link,
// an embedded image, animation, HTML), an event-handler attribute (onload,
// onclick, …), a reference to anything outside the file (href to another
// file or a javascript: address, url(…) in styles, @import, xml:base), or
// anything that is not well-formed XML in UTF-8.
func CheckSVG(data []byte) (width, height int, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = map[string]string{} // only the five predefined entities
	// No CharsetReader: a document that says it is not UTF-8 is refused.
	depth := 0
	inStyle := false
	var root *xml.StartElement
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			l, _ := d.InputPos()
			return 0, 0, problem(l, "dit is geen geldige SVG (kan de XML niet lezen: %s)", xmlReason(err))
		}
		switch t := tok.(type) {
		case xml.ProcInst:
			if t.Target != "xml" {
				return 0, 0, problem(line, "de verwerkingsinstructie <?%s …?> is niet toegestaan in een SVG (zij kan een ander bestand laden)", t.Target)
			}
		case xml.Directive:
			return 0, 0, problem(line, "een <!DOCTYPE> of <!ENTITY> is niet toegestaan in een SVG (daarmee kan een bestand andere bestanden binnenhalen of enorm groot worden); haal hem weg")
		case xml.StartElement:
			if err := checkElement(t, depth); err != nil {
				err.Line = line
				return 0, 0, err
			}
			if depth == 0 {
				if root != nil {
					return 0, 0, problem(line, "een SVG heeft één hoofdelement <svg>")
				}
				el := t.Copy()
				root = &el
			}
			inStyle = t.Name.Space == nsSVG && t.Name.Local == "style"
			depth++
		case xml.EndElement:
			depth--
			inStyle = false
		case xml.CharData:
			if inStyle {
				if msg, at := checkCSS(string(t)); msg != "" {
					return 0, 0, problem(line+strings.Count(string(t[:at]), "\n"), "in <style>: %s", msg)
				}
			}
		}
	}
	if root == nil {
		return 0, 0, problem(0, "dit is geen SVG: er staat geen <svg>-element in")
	}
	w, h, ok := svgSize(*root)
	if !ok {
		return 0, 0, problem(1, "kb kan de afmetingen van deze SVG niet bepalen: geef het <svg>-element een viewBox, of een width en height in pixels")
	}
	return w, h, nil
}

// checkElement checks one start tag; the caller fills in the line.
func checkElement(t xml.StartElement, depth int) *Error {
	name := t.Name
	switch {
	case depth == 0 && (name.Space != nsSVG || name.Local != "svg"):
		return problem(0, "het hoofdelement van een SVG moet <svg xmlns=\"%s\"> zijn", nsSVG)
	case name.Space == nsSVG:
		if !svgElements[name.Local] {
			return problem(0, "het element <%s> is niet toegestaan in een SVG: %s", name.Local, whyElement(name.Local))
		}
	case metadataNS[name.Space]:
		// An editor's notes (Inkscape, Illustrator): nothing is drawn or run.
	default:
		what := "een onbekende naamruimte"
		if name.Space == "" {
			what = "geen naamruimte"
		} else if name.Space == "http://www.w3.org/1999/xhtml" {
			what = "de naamruimte van HTML"
		}
		return problem(0, "het element <%s> staat in %s (%s); een SVG mag alleen SVG-elementen bevatten", name.Local, what, name.Space)
	}
	for _, a := range t.Attr {
		if msg := checkAttr(name.Local, a); msg != "" {
			return problem(0, "<%s %s=…>: %s", name.Local, attrName(a.Name), msg)
		}
	}
	return nil
}

func whyElement(local string) string {
	switch strings.ToLower(local) {
	case "script", "handler", "listener":
		return "een script zou meedraaien met de site"
	case "foreignobject":
		return "het kan HTML bevatten, ook scripts en formulieren"
	case "a":
		return "een link in een afbeelding kan naar een javascript:-adres wijzen; zet links in de tekst"
	case "image", "feimage", "iframe", "video", "audio", "embed", "object":
		return "het laadt een ander bestand; neem de afbeelding op in de tekst in plaats van in de SVG"
	case "animate", "set", "animatemotion", "animatetransform", "animatecolor", "discard":
		return "een animatie kan een attribuut veranderen in een javascript:-adres"
	}
	return "kb laat alleen tekenende elementen toe"
}

// checkAttr checks one attribute of element el; "" when it is harmless.
func checkAttr(el string, a xml.Attr) string {
	local := strings.ToLower(a.Name.Local)
	v := a.Value
	switch {
	case a.Name.Space == "xmlns" || (a.Name.Space == "" && local == "xmlns"):
		return "" // a namespace declaration
	case strings.HasPrefix(local, "on"):
		return "een attribuut voor een gebeurtenis (zoals onload of onclick) voert een script uit"
	case a.Name.Space == nsXML && local == "base", local == "base" && a.Name.Space != "":
		return "xml:base verandert waar verwijzingen heen wijzen"
	case local == "href":
		if a.Name.Space != "" && a.Name.Space != nsXLink {
			return "een href in een onbekende naamruimte"
		}
		if !strings.HasPrefix(strings.TrimSpace(v), "#") {
			return "een verwijzing naar iets buiten dit bestand (" + quoteShort(v) + ") is niet toegestaan; een SVG mag alleen naar delen van zichzelf verwijzen (#naam)"
		}
	case local == "style":
		if msg, _ := checkCSS(v); msg != "" {
			return msg
		}
	}
	if strings.Contains(strings.ToLower(v), "javascript:") {
		return "een javascript:-adres is niet toegestaan"
	}
	if local != "style" {
		for _, loc := range cssURL.FindAllStringIndex(v, -1) {
			if !localURL.MatchString(v[loc[0]:]) {
				return "url(…) mag alleen naar een deel van dit bestand wijzen, zoals url(#verloop)"
			}
		}
	}
	return ""
}

// checkCSS checks style text: no @import, no url() but to a part of the
// file, no image-set (it loads files without url()), no backslash escapes
// (they can spell any of those so that a check does not see them). It
// returns the problem and the offset in css where it is.
func checkCSS(css string) (string, int) {
	l := strings.ToLower(css)
	for _, bad := range []struct{ needle, msg string }{
		{"@import", "@import laadt een ander bestand"},
		{`\`, "tekens met een backslash (\\) zijn niet toegestaan in stijlen"},
		{"image-set", "image-set, image() en src() laden een ander bestand"},
		{"image(", "image-set, image() en src() laden een ander bestand"},
		{"src(", "image-set, image() en src() laden een ander bestand"},
		{"javascript:", "een script in een stijl is niet toegestaan"},
		{"expression(", "een script in een stijl is niet toegestaan"},
	} {
		if i := strings.Index(l, bad.needle); i >= 0 {
			return bad.msg, i
		}
	}
	for _, loc := range cssURL.FindAllStringIndex(css, -1) {
		if !localURL.MatchString(css[loc[0]:]) {
			return "url(…) mag alleen naar een deel van dit bestand wijzen, zoals url(#verloop)", loc[0]
		}
	}
	return "", 0
}

func attrName(n xml.Name) string {
	switch n.Space {
	case "":
		return n.Local
	case nsXLink:
		return "xlink:" + n.Local
	case nsXML:
		return "xml:" + n.Local
	}
	return n.Local
}

func quoteShort(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return "“" + s + "”"
}

func xmlReason(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	return err.Error()
}

// svgSize reads the size the SVG asks for: width and height in pixels
// (a plain number or with px), else the viewBox's width and height.
func svgSize(root xml.StartElement) (int, int, bool) {
	var width, height, viewBox string
	for _, a := range root.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "width":
			width = a.Value
		case "height":
			height = a.Value
		case "viewBox":
			viewBox = a.Value
		}
	}
	w, wok := pixels(width)
	h, hok := pixels(height)
	if wok && hok {
		return w, h, true
	}
	f := strings.FieldsFunc(viewBox, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '\r' })
	if len(f) != 4 {
		return 0, 0, false
	}
	vw, err1 := strconv.ParseFloat(f[2], 64)
	vh, err2 := strconv.ParseFloat(f[3], 64)
	if err1 != nil || err2 != nil || vw <= 0 || vh <= 0 || vw > MaxSide || vh > MaxSide {
		return 0, 0, false
	}
	if wok { // a width in pixels and a viewBox: the height follows
		return w, max(1, int(float64(w)*vh/vw+0.5)), true
	}
	return max(1, int(vw+0.5)), max(1, int(vh+0.5)), true
}

// pixels parses "400" or "400px" (or "400.5") into whole pixels.
func pixels(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "px")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || v > MaxSide {
		return 0, false
	}
	return max(1, int(v+0.5)), true
}
