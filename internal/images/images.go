// Package images checks and prepares the pictures editors put in the
// content: it takes the bytes of one image file and its name, and gives the
// files to publish under names that carry a hash of their content, the
// image's size in pixels, and for large photos smaller renditions for narrow
// screens. It checks that a file is the kind of image its extension says,
// refuses pictures too large to decode safely, and accepts SVG only without
// scripts, event handlers, foreignObject or external references (see
// CheckSVG). It does no I/O.
//
// PNG, JPEG and GIF are decoded by the standard library, WebP by
// golang.org/x/image/webp; renditions are scaled with
// golang.org/x/image/draw. The same input always gives the same bytes.
package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"path"
	"strings"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/werkzame-elementen/kb/internal/slug"
)

// Dir is the folder of the site the images are published in.
const Dir = "afbeeldingen"

// Limits on what one picture may ask of the build.
const (
	// MaxPixels is the most pixels a raster image may have (width times
	// height): a small file can claim a huge image, and decoding takes
	// four bytes a pixel. 40 megapixels is more than any phone camera
	// gives by default.
	MaxPixels = 40_000_000
	// MaxSide is the most pixels on one side.
	MaxSide = 20_000
)

// RenditionWidths are the widths, in pixels, of the smaller copies made of
// a large photo, for narrow screens and for the text column at one and two
// device pixels per CSS pixel. A rendition is only made narrower than the
// original, and only kept when its file is smaller than the original's.
var RenditionWidths = []int{640, 1280}

// RenditionMinBytes is the file size from which a raster image counts as a
// large photo that gets renditions; smaller files are served as they are.
const RenditionMinBytes = 100 << 10

// Sizes is the sizes attribute that goes with a srcset of renditions: the
// text column is 42rem wide on wide screens and the whole width on narrow
// ones.
const Sizes = "(min-width: 52rem) 42rem, 100vw"

// Format is the kind of an image file.
type Format string

// The formats kb accepts.
const (
	PNG  Format = "PNG"
	JPEG Format = "JPEG"
	GIF  Format = "GIF"
	WebP Format = "WebP"
	SVG  Format = "SVG"
)

// Formats maps the file extensions kb accepts (lower case, with the dot)
// to their format.
var Formats = map[string]Format{
	".png":  PNG,
	".jpg":  JPEG,
	".jpeg": JPEG,
	".gif":  GIF,
	".webp": WebP,
	".svg":  SVG,
}

// IsImage reports whether name has the extension of an image kb accepts.
func IsImage(name string) bool {
	_, ok := Formats[strings.ToLower(path.Ext(name))]
	return ok
}

// File is one file to publish, its path relative to the site root.
type File struct {
	Path  string
	Data  []byte
	Width int // in pixels
}

// Image is a checked picture, ready to publish.
type Image struct {
	Format Format
	// Width and Height are the size the picture is shown at, in pixels
	// (for an SVG: from its width and height, else its viewBox).
	Width, Height int
	// Original is the file as the editor made it, under a hashed name.
	Original File
	// Renditions are smaller copies, narrowest first; none for small
	// pictures, SVG and GIF (an animation would stand still).
	Renditions []File
}

// Files lists every file of the image: the original and its renditions.
func (im *Image) Files() []File { return append([]File{im.Original}, im.Renditions...) }

// Error is a problem with an image file. Line is the line in the file
// (an SVG's), 0 when the problem is the file as a whole.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("regel %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

func problem(line int, format string, args ...any) *Error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Process checks the image file name (its path in the content, which gives
// the extension and the published name) with content data, and makes the
// files to publish. A problem is returned as an *Error in plain Dutch.
func Process(name string, data []byte) (*Image, error) {
	ext := strings.ToLower(path.Ext(name))
	want, ok := Formats[ext]
	if !ok {
		return nil, problem(0, "kb kent geen afbeeldingen met de extensie %q; gebruik .png, .jpg, .gif, .webp of .svg", path.Ext(name))
	}
	if got := Sniff(data); got != want {
		what := "het lijkt geen afbeelding"
		if got != "" {
			what = "het is een " + string(got) + "-afbeelding"
		}
		return nil, problem(0, "dit bestand is geen %s-afbeelding, al eindigt de naam op %s (%s): sla het op als %s of geef het de juiste extensie", want, ext, what, want)
	}
	stem := stemOf(name)
	if want == SVG {
		w, h, err := CheckSVG(data)
		if err != nil {
			return nil, err
		}
		return &Image{Format: SVG, Width: w, Height: h, Original: File{Path: hashedName(stem, "", ".svg", data), Data: data, Width: w}}, nil
	}
	cfg, err := decodeConfig(want, data)
	if err != nil {
		return nil, problem(0, "dit %s-bestand is beschadigd of onvolledig en kan niet gelezen worden: %v", want, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, problem(0, "deze afbeelding heeft geen pixels (%d × %d)", cfg.Width, cfg.Height)
	}
	if cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return nil, problem(0, "deze afbeelding is te groot om te verwerken (%d × %d pixels; de grens is %d megapixel en %d pixels per kant): maak hem kleiner", cfg.Width, cfg.Height, MaxPixels/1_000_000, MaxSide)
	}
	// The whole picture is decoded, also when no rendition is made: a
	// file whose header is fine but whose pixels are broken would show
	// as a broken image.
	img, err := decode(want, data)
	if err != nil {
		return nil, problem(0, "dit %s-bestand is beschadigd of onvolledig en kan niet gelezen worden: %v", want, err)
	}
	w, h := cfg.Width, cfg.Height
	published := data
	var upright image.Image = img
	if want == JPEG {
		if published, upright, w, h, err = publishJPEG(data, img); err != nil {
			return nil, err
		}
		ext = ".jpg"
	}
	im := &Image{Format: want, Width: w, Height: h, Original: File{Path: hashedName(stem, "", ext, published), Data: published, Width: w}}
	if want == GIF || len(published) < RenditionMinBytes {
		return im, nil
	}
	// The widest copy is scaled from the photo, each narrower one from
	// the copy before it: scaling takes memory for every pixel of the
	// source's height times the copy's width, 120 MB from a 12-megapixel
	// photo to 1280 pixels, and this way that is needed once.
	var widths []int
	for _, rw := range RenditionWidths {
		if rw < w {
			widths = append(widths, rw)
		}
	}
	src := upright
	for i := len(widths) - 1; i >= 0; i-- {
		rw := widths[i]
		rh := max(1, (h*rw+w/2)/w)
		for src.Bounds().Dx() >= 2*rw {
			src = halve(src) // a quarter of the memory for the next step
		}
		dst := image.NewRGBA(image.Rect(0, 0, rw, rh))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		src = dst
		out, rext, err := encode(want, dst)
		if err != nil {
			return nil, problem(0, "kan geen kleinere versie van deze afbeelding maken: %v", err)
		}
		if len(out) >= len(published) {
			continue // no smaller than the original: not worth a file
		}
		im.Renditions = append([]File{{Path: hashedName(stem, fmt.Sprintf("-%dw", rw), rext, out), Data: out, Width: rw}}, im.Renditions...)
	}
	return im, nil
}

// Sniff says which format data is by its first bytes, or "" when it is
// none kb accepts. An SVG is recognised by an <svg element before any
// other element (after an optional XML declaration and comments).
func Sniff(data []byte) Format {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return JPEG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return GIF
	case len(data) >= 12 && bytes.HasPrefix(data, []byte("RIFF")) && string(data[8:12]) == "WEBP":
		return WebP
	case looksLikeSVG(data):
		return SVG
	}
	return ""
}

// looksLikeSVG reports whether the first element of data is <svg.
func looksLikeSVG(data []byte) bool {
	s := bytes.TrimPrefix(data, []byte("\ufeff"))
	for {
		s = bytes.TrimLeft(s, " \t\r\n")
		switch {
		case bytes.HasPrefix(s, []byte("<?")):
			i := bytes.Index(s, []byte("?>"))
			if i < 0 {
				return false
			}
			s = s[i+2:]
		case bytes.HasPrefix(s, []byte("<!--")):
			i := bytes.Index(s, []byte("-->"))
			if i < 0 {
				return false
			}
			s = s[i+3:]
		case bytes.HasPrefix(s, []byte("<!")):
			// A DOCTYPE: still an SVG by its look; CheckSVG refuses it.
			i := bytes.IndexByte(s, '>')
			if i < 0 {
				return false
			}
			s = s[i+1:]
		default:
			return bytes.HasPrefix(s, []byte("<svg")) || bytes.HasPrefix(s, []byte("<svg:svg"))
		}
	}
}

func decodeConfig(f Format, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch f {
	case PNG:
		return png.DecodeConfig(r)
	case JPEG:
		return jpeg.DecodeConfig(r)
	case GIF:
		return gif.DecodeConfig(r)
	case WebP:
		return webp.DecodeConfig(r)
	}
	return image.Config{}, fmt.Errorf("onbekend formaat %s", f)
}

func decode(f Format, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	switch f {
	case PNG:
		return png.Decode(r)
	case JPEG:
		return jpeg.Decode(r)
	case GIF:
		// Every frame, so a broken later frame is found too.
		g, err := gif.DecodeAll(r)
		if err != nil {
			return nil, err
		}
		return g.Image[0], nil
	case WebP:
		return webp.Decode(r)
	}
	return nil, fmt.Errorf("onbekend formaat %s", f)
}

// encode writes a rendition: a JPEG for a JPEG, a WebP without
// transparency as a JPEG too (Go has no WebP encoder), anything else as a
// PNG. It returns the bytes and their extension.
func encode(f Format, img *image.RGBA) ([]byte, string, error) {
	var buf bytes.Buffer
	if f == JPEG || (f == WebP && img.Opaque()) {
		err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 82})
		return buf.Bytes(), ".jpg", err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	err := enc.Encode(&buf, img)
	return buf.Bytes(), ".png", err
}

// hashedName is the published path of a file: the folder, the name the
// editor gave it (as a slug), the suffix, the first 16 hex digits of the
// SHA-256 of its bytes, and ext. A changed picture gets a new name, so a
// browser never shows an old copy from its cache.
func hashedName(stem, suffix, ext string, data []byte) string {
	sum := sha256.Sum256(data)
	return Dir + "/" + stem + suffix + "." + hex.EncodeToString(sum[:8]) + ext
}

// stemOf makes the file name without extension safe for a URL.
func stemOf(name string) string {
	base := path.Base(name)
	s := slug.Make(strings.TrimSuffix(base, path.Ext(base)))
	if s == "" {
		s = "afbeelding"
	}
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

// publishJPEG gives the JPEG to publish without its metadata (see
// stripJPEGMetadata), the picture upright and its upright size. A photo
// whose EXIF data turns it is turned in its pixels and written anew at a
// high quality, since without the EXIF data no browser would turn it.
func publishJPEG(data []byte, img image.Image) (out []byte, upright image.Image, w, h int, err error) {
	b := img.Bounds()
	if o := jpegOrientation(data); o != 1 {
		upright = orientate(img, o)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, upright, &jpeg.Options{Quality: 92}); err != nil {
			return nil, nil, 0, 0, problem(0, "kan deze foto niet rechtop zetten: %v", err)
		}
		ub := upright.Bounds()
		return buf.Bytes(), upright, ub.Dx(), ub.Dy(), nil
	}
	out, ok := stripJPEGMetadata(data)
	if !ok {
		return nil, nil, 0, 0, problem(0, "dit JPEG-bestand is beschadigd: de onderdelen voor de beeldgegevens kloppen niet")
	}
	return out, img, b.Dx(), b.Dy(), nil
}

// orientate turns img upright according to an EXIF orientation (1–8).
func orientate(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			dst.Set(dx, dy, color.RGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)))
		}
	}
	return dst
}

// halve scales img to half its width and height, each pixel the average
// of four: exact for a downscale by two, and cheap.
func halve(img image.Image) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx()/2, b.Dy()/2
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var r, g, bl, a uint32
			for _, d := range [4][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				cr, cg, cb, ca := img.At(b.Min.X+2*x+d[0], b.Min.Y+2*y+d[1]).RGBA()
				r, g, bl, a = r+cr, g+cg, bl+cb, a+ca
			}
			i := dst.PixOffset(x, y)
			dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2], dst.Pix[i+3] = uint8(r>>10), uint8(g>>10), uint8(bl>>10), uint8(a>>10)
		}
	}
	return dst
}
