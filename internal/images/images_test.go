package images

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"
)

// photo makes a noisy RGB picture of w × h pixels, as hard to compress as
// a photo, the same every time.
func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x + r.IntN(64)), uint8(y + r.IntN(64)), uint8(r.IntN(256)), 255})
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const okSVG = `<?xml version="1.0" encoding="UTF-8"?>
<!-- getekend door de redactie -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 400 300" role="img">
  <title>Ecogram</title>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>
  <circle id="c" r="10"/></defs>
  <style>circle { fill: url(#g); stroke: #333 }</style>
  <rect width="400" height="300" fill="url(#g)" style="stroke: url('#g')"/>
  <use href="#c" x="20" y="20"/><use xlink:href="#c" x="40" y="20"/>
  <text x="10" y="290">Gezin &amp; school</text>
</svg>
`

func TestSVGAccepted(t *testing.T) {
	for _, c := range []struct {
		name, svg string
		w, h      int
	}{
		{"viewBox", okSVG, 400, 300},
		{"width and height", `<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80"><path d="M0 0h10"/></svg>`, 120, 80},
		{"width and viewBox", `<svg xmlns="http://www.w3.org/2000/svg" width="200" viewBox="0 0 100 50"/>`, 200, 100},
		{"percentages fall back on the viewBox", `<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="100%" viewBox="0,0,640,480"/>`, 640, 480},
		{"Inkscape metadata", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" viewBox="0 0 10 10" inkscape:version="1.3"><sodipodi:namedview inkscape:zoom="1"/><g inkscape:label="Laag 1"/></svg>`, 10, 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, h, err := CheckSVG([]byte(c.svg))
			if err != nil {
				t.Fatal(err)
			}
			if w != c.w || h != c.h {
				t.Errorf("size %d×%d, want %d×%d", w, h, c.w, c.h)
			}
		})
	}
}

// TestHostileSVGRefused: every way an SVG can run a script or fetch
// something is refused, with the line it is on.
func TestHostileSVGRefused(t *testing.T) {
	const head = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">` + "\n"
	for _, c := range []struct {
		name, svg string
		line      int
		want      string
	}{
		{"script", head + `<script>alert(1)</script></svg>`, 2, "<script> is niet toegestaan"},
		{"script with CDATA in a group", head + "<g>\n<script type=\"text/javascript\"><![CDATA[alert(1)]]></script></g></svg>", 3, "<script>"},
		{"onload on the root", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"/>`, 1, "onload"},
		{"onclick in upper case", head + `<rect ONCLICK="alert(1)"/></svg>`, 2, "gebeurtenis"},
		{"onmouseover", head + `<g><circle r="1" onmouseover="alert(1)"/></g></svg>`, 2, "gebeurtenis"},
		{"foreignObject", head + `<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>`, 2, "<foreignObject>"},
		{"xlink:href javascript on a", head + `<a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`, 2, "<a>"},
		{"xlink:href javascript on use", head + `<use xlink:href="javascript:alert(1)"/></svg>`, 2, "buiten dit bestand"},
		{"href javascript with spaces", head + `<use href="  JavaScript:alert(1)"/></svg>`, 2, "buiten dit bestand"},
		{"external href", head + `<use href="https://example.org/x.svg#a"/></svg>`, 2, "buiten dit bestand"},
		{"use of an external file", head + `<use href="andere.svg#icoon"/></svg>`, 2, "buiten dit bestand"},
		{"use of an external file by xlink", head + "\n\n" + `<use xlink:href="andere.svg#icoon"/></svg>`, 4, "buiten dit bestand"},
		{"image element", head + `<image href="https://example.org/a.png"/></svg>`, 2, "<image>"},
		{"image with a data svg", head + `<image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>`, 2, "<image>"},
		{"feImage", head + `<filter id="f"><feImage href="https://example.org/a.png"/></filter></svg>`, 2, "<feImage>"},
		{"set changing an href", head + `<set attributeName="href" to="javascript:alert(1)"/></svg>`, 2, "<set>"},
		{"animate", head + `<animate attributeName="href" values="javascript:alert(1)"/></svg>`, 2, "<animate>"},
		{"iframe in the HTML namespace", head + `<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://example.org"/></svg>`, 2, "HTML"},
		{"script in the HTML namespace", head + `<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>`, 2, "HTML"},
		{"element without namespace", `<svg viewBox="0 0 10 10"><rect/></svg>`, 1, "hoofdelement"},
		{"DOCTYPE", `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">` + "\n" + head + `</svg>`, 1, "DOCTYPE"},
		{"entity bomb", "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"aaaaaaaaaa\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n" + head + `<text>&b;</text></svg>`, 2, "DOCTYPE"},
		{"external entity", "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n" + head + `<text>&x;</text></svg>`, 1, "DOCTYPE"},
		{"undeclared entity", head + `<text>&x;</text></svg>`, 2, "geen geldige SVG"},
		{"xml-stylesheet", `<?xml-stylesheet href="https://example.org/a.css"?>` + "\n" + head + `</svg>`, 1, "xml-stylesheet"},
		{"style @import", head + `<style>@import url(https://example.org/a.css);</style></svg>`, 2, "@import"},
		{"style external url", head + "<style>\nrect { fill: url(https://example.org/a.svg#p) }</style></svg>", 3, "url("},
		{"style escaped url", head + `<style>rect { fill: \75 rl(https://example.org/a) }</style></svg>`, 2, "backslash"},
		{"style image-set", head + `<style>rect { background: image-set("https://example.org/a.png" 1x) }</style></svg>`, 2, "image-set"},
		{"style attribute with external url", head + `<rect style="fill: url(//example.org/a.svg#p)"/></svg>`, 2, "url("},
		{"fill with external url", head + `<rect fill="url(https://example.org/a.svg#p)"/></svg>`, 2, "url("},
		{"xml:base", head + `<g xml:base="https://example.org/"><use href="#a"/></g></svg>`, 2, "xml:base"},
		{"not UTF-8", `<?xml version="1.0" encoding="ISO-8859-1"?>` + "\n" + head + `</svg>`, 1, "geen geldige SVG"},
		{"not well formed", head + `<rect></g></svg>`, 2, "geen geldige SVG"},
		{"two roots", head + `</svg><svg xmlns="http://www.w3.org/2000/svg"/>`, 2, "hoofdelement"},
		{"no size", `<svg xmlns="http://www.w3.org/2000/svg"/>`, 1, "afmetingen"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := CheckSVG([]byte(c.svg))
			if err == nil {
				t.Fatal("accepted")
			}
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("%T %v, want *Error", err, err)
			}
			if e.Line != c.line || !strings.Contains(e.Msg, c.want) {
				t.Errorf("got line %d %q, want line %d and %q", e.Line, e.Msg, c.line, c.want)
			}
			// Through Process as well, as the build calls it.
			if _, err := Process("x.svg", []byte(c.svg)); err == nil {
				t.Error("Process accepted it")
			}
		})
	}
}

// TestWrongFormat: a file that is not the image its extension says.
func TestWrongFormat(t *testing.T) {
	pngData := encodePNG(t, photo(8, 8))
	jpegData := encodeJPEG(t, photo(8, 8))
	for _, c := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"JPEG named .png", "foto.png", jpegData, "geen PNG-afbeelding, al eindigt de naam op .png (het is een JPEG-afbeelding)"},
		{"PNG named .jpg", "foto.jpg", pngData, "geen JPEG-afbeelding, al eindigt de naam op .jpg (het is een PNG-afbeelding)"},
		{"text named .png", "foto.png", []byte("dit is tekst"), "geen PNG-afbeelding, al eindigt de naam op .png (het lijkt geen afbeelding)"},
		{"HTML named .svg", "x.svg", []byte("<html><script>alert(1)</script></html>"), "geen SVG-afbeelding"},
		{"PNG named .svg", "x.svg", pngData, "geen SVG-afbeelding"},
		{"SVG named .png", "x.png", []byte(okSVG), "het is een SVG-afbeelding"},
		{"truncated PNG", "x.png", pngData[:len(pngData)/2], "beschadigd of onvolledig"},
		{"truncated JPEG", "x.jpg", jpegData[:len(jpegData)/2], "beschadigd of onvolledig"},
		{"empty GIF", "x.gif", []byte("GIF89a"), "beschadigd of onvolledig"},
		{"unknown extension", "x.bmp", pngData, "extensie"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Process(c.file, c.data)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

// TestTooManyPixels: a small file that claims a huge picture is refused
// before it is decoded.
func TestTooManyPixels(t *testing.T) {
	// A PNG header that claims 30000 × 30000 pixels.
	img := image.NewGray(image.Rect(0, 0, 1, 1))
	data := encodePNG(t, img)
	// IHDR width and height are at bytes 16..23, its checksum at 29..32.
	copy(data[16:], []byte{0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30})
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	_, err := Process("bom.png", data)
	if err == nil || !strings.Contains(err.Error(), "te groot om te verwerken (30000 × 30000 pixels") {
		t.Errorf("got %v", err)
	}
}

func TestRenditions(t *testing.T) {
	big := encodeJPEG(t, photo(2000, 1000))
	small := encodePNG(t, photo(300, 200))
	var g bytes.Buffer
	if err := gif.Encode(&g, photo(1600, 100), nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, file string
		data       []byte
		w, h       int
		widths     []int
	}{
		{"large photo", "Foto Buurt.jpg", big, 2000, 1000, []int{640, 1280}},
		{"small picture", "klein.png", small, 300, 200, nil},
		{"GIF stays as it is", "anim.gif", g.Bytes(), 1600, 100, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			im, err := Process(c.file, c.data)
			if err != nil {
				t.Fatal(err)
			}
			if im.Width != c.w || im.Height != c.h {
				t.Errorf("size %d×%d, want %d×%d", im.Width, im.Height, c.w, c.h)
			}
			var widths []int
			for _, r := range im.Renditions {
				widths = append(widths, r.Width)
				cfg, _, err := image.DecodeConfig(bytes.NewReader(r.Data))
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Width != r.Width || cfg.Width >= im.Width || cfg.Height >= im.Height {
					t.Errorf("rendition %s is %d×%d, original %d×%d", r.Path, cfg.Width, cfg.Height, im.Width, im.Height)
				}
				if len(r.Data) >= len(im.Original.Data) {
					t.Errorf("rendition %s is %d bytes, original %d", r.Path, len(r.Data), len(im.Original.Data))
				}
			}
			if len(widths) != len(c.widths) {
				t.Fatalf("rendition widths %v, want %v", widths, c.widths)
			}
			for i := range widths {
				if widths[i] != c.widths[i] {
					t.Errorf("rendition widths %v, want %v", widths, c.widths)
				}
			}
			// The same input gives the same files, under names that
			// carry their content's hash.
			again, _ := Process(c.file, c.data)
			for i, f := range im.Files() {
				if !strings.HasPrefix(f.Path, Dir+"/") || f.Path != again.Files()[i].Path || !bytes.Equal(f.Data, again.Files()[i].Data) {
					t.Errorf("file %d differs between two runs: %s %s", i, f.Path, again.Files()[i].Path)
				}
			}
		})
	}
	im, _ := Process("Foto Buurt.jpg", big)
	if !strings.HasPrefix(im.Original.Path, "afbeeldingen/foto-buurt.") || !strings.HasSuffix(im.Original.Path, ".jpg") {
		t.Errorf("published as %s", im.Original.Path)
	}
}

// exifJPEG puts an EXIF segment with the given orientation and a GPS
// pointer after the SOI of a JPEG.
func exifJPEG(data []byte, orientation uint16) []byte {
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD0 at 8
		0, 2, // two entries
		0x01, 0x12, 0, 3, 0, 0, 0, 1, byte(orientation >> 8), byte(orientation), 0, 0, // orientation
		0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, // GPS IFD pointer
		0, 0, 0, 0}
	payload := append([]byte("Exif\x00\x00"), tiff...)
	n := len(payload) + 2
	seg := append([]byte{0xFF, 0xE1, byte(n >> 8), byte(n)}, payload...)
	out := append([]byte{}, data[:2]...)
	out = append(out, seg...)
	return append(out, data[2:]...)
}

// TestJPEGMetadata: the published photo carries no EXIF data (which can
// hold where it was taken), and a photo turned by EXIF is turned in its
// pixels, with width and height to match.
func TestJPEGMetadata(t *testing.T) {
	plain := encodeJPEG(t, photo(60, 40))
	for _, c := range []struct {
		name        string
		orientation uint16
		w, h        int
	}{
		{"upright", 1, 60, 40},
		{"a quarter turn", 6, 40, 60},
		{"upside down", 3, 60, 40},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := exifJPEG(plain, c.orientation)
			if jpegOrientation(data) != int(c.orientation) {
				t.Fatalf("orientation %d, want %d", jpegOrientation(data), c.orientation)
			}
			im, err := Process("x.jpg", data)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(im.Original.Data, []byte("Exif\x00\x00")) {
				t.Error("EXIF data published")
			}
			if im.Width != c.w || im.Height != c.h {
				t.Errorf("size %d×%d, want %d×%d", im.Width, im.Height, c.w, c.h)
			}
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(im.Original.Data))
			if err != nil || cfg.Width != c.w || cfg.Height != c.h {
				t.Errorf("published file is %d×%d (%v), want %d×%d", cfg.Width, cfg.Height, err, c.w, c.h)
			}
			if c.orientation == 1 && !bytes.Equal(im.Original.Data, plain) {
				t.Error("an upright photo's image data was changed")
			}
		})
	}
}

// BenchmarkProcessPhoto: checking a 12-megapixel phone photo and making
// its two smaller copies (make bench does not run it; go test -bench
// ProcessPhoto ./internal/images does).
func BenchmarkProcessPhoto(b *testing.B) {
	data := encodeJPEG(b, photo(4000, 3000))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Process("foto.jpg", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckSVG: reading and checking a drawing of 2000 shapes.
func BenchmarkCheckSVG(b *testing.B) {
	var s strings.Builder
	s.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000">`)
	for i := range 2000 {
		fmt.Fprintf(&s, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" style=\"fill: url(#g)\"/>\n", i%1000, i/2)
	}
	s.WriteString("</svg>")
	data := []byte(s.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := CheckSVG(data); err != nil {
			b.Fatal(err)
		}
	}
}
