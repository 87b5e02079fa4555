package build

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/werkzame-elementen/kb/internal/content"
	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/images"
	"github.com/werkzame-elementen/kb/internal/markdown"
	"github.com/werkzame-elementen/kb/internal/output"
	"github.com/werkzame-elementen/kb/internal/spelling"
)

// imageStore reads and checks the pictures the pages show, each once per
// build however many pages show it. With a Cache, a picture whose bytes
// are the same as in an earlier build is not decoded or scaled again.
type imageStore struct {
	fsys  fs.FS
	cache *Cache

	mu    sync.Mutex
	files map[string]*imageEntry // by path in the content FS
}

// imageEntry is one picture file as this build found it.
type imageEntry struct {
	once    sync.Once
	state   string // what it depends on: its hash, or why it could not be read
	img     *images.Image
	problem string
}

func newImageStore(fsys fs.FS, cache *Cache) *imageStore {
	return &imageStore{fsys: fsys, cache: cache, files: map[string]*imageEntry{}}
}

// get reads and checks the picture at p (a path in the content FS).
func (s *imageStore) get(p string) *imageEntry {
	s.mu.Lock()
	e, ok := s.files[p]
	if !ok {
		e = &imageEntry{}
		s.files[p] = e
	}
	s.mu.Unlock()
	e.once.Do(func() { s.load(p, e) })
	return e
}

func (s *imageStore) load(p string, e *imageEntry) {
	data, err := content.ReadImage(s.fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		e.state = "ontbreekt"
		e.problem = fmt.Sprintf("de afbeelding %s bestaat niet%s", p, s.nearImage(p))
		return
	}
	if err != nil {
		e.state = "fout\x00" + err.Error()
		var d *diag.Error
		msg := err.Error()
		if errors.As(err, &d) {
			msg = d.Msg
		}
		e.problem = fmt.Sprintf("de afbeelding %s kan niet gebruikt worden: %s", p, msg)
		return
	}
	sum := sha256.Sum256(data)
	e.state = fmt.Sprintf("%x", sum)
	var img *images.Image
	var perr error
	if s.cache != nil {
		img, perr = s.cache.image(p, sum, data)
	} else {
		img, perr = images.Process(p, data)
	}
	if perr != nil {
		var ie *images.Error
		if errors.As(perr, &ie) && ie.Line > 0 {
			e.problem = fmt.Sprintf("de afbeelding %s is geweigerd (%s, regel %d): %s", path.Base(p), p, ie.Line, ie.Msg)
		} else if errors.As(perr, &ie) {
			e.problem = fmt.Sprintf("de afbeelding %s is geweigerd (%s): %s", path.Base(p), p, ie.Msg)
		} else {
			e.problem = fmt.Sprintf("de afbeelding %s is geweigerd (%s): %v", path.Base(p), p, perr)
		}
		return
	}
	e.img = img
}

// nearImage suggests a picture in the same folder whose name is close.
func (s *imageStore) nearImage(p string) string {
	dir := path.Dir(p)
	entries, err := fs.ReadDir(s.fsys, dir)
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && images.IsImage(e.Name()) {
			names = append(names, e.Name())
		}
	}
	if near := spelling.Nearest(path.Base(p), names, 4); near != "" {
		return "; bedoel je " + near + "?"
	}
	return ""
}

// key sums up the state of the pictures at paths, for the cache.
func (s *imageStore) key(paths []string) [32]byte {
	h := sha256.New()
	for _, p := range paths {
		fmt.Fprintf(h, "%s\x00%s\x00", p, s.get(p).state)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// picture is what the page shows of an image entry: its address under the
// base URL, its size and its smaller copies.
func (m *Model) picture(img *images.Image) markdown.Picture {
	pic := markdown.Picture{Src: m.Base + img.Original.Path, Width: img.Width, Height: img.Height}
	if len(img.Renditions) > 0 {
		var set []string
		for _, f := range img.Files()[1:] {
			set = append(set, fmt.Sprintf("%s%s %dw", m.Base, f.Path, f.Width))
		}
		set = append(set, fmt.Sprintf("%s%s %dw", m.Base, img.Original.Path, img.Original.Width))
		pic.Srcset = strings.Join(set, ", ")
		pic.Sizes = images.Sizes
	}
	return pic
}

// pageResolver is the resolver for one page: it notes the pictures the
// page shows, so the cache knows what the page's HTML depends on and the
// build knows which files to publish.
type pageResolver struct {
	*resolver
	used []string
}

func (r *pageResolver) ResolveImage(file, dest string) (markdown.Picture, string) {
	p, err := content.ImagePath(file, dest)
	if err != nil {
		return markdown.Picture{}, fmt.Sprintf("het pad %q wijst buiten de contentmap; zet de afbeelding in de contentmap en schrijf het pad vanaf deze pagina, bijvoorbeeld afbeeldingen/foto.jpg", dest)
	}
	if !images.IsImage(p) {
		return markdown.Picture{}, fmt.Sprintf("%q is geen afbeelding die kb kan tonen: gebruik een bestand met de extensie .png, .jpg, .gif, .webp of .svg", dest)
	}
	r.used = append(r.used, p)
	e := r.m.images.get(p)
	if e.problem != "" {
		return markdown.Picture{}, e.problem
	}
	return r.m.picture(e.img), ""
}

// usedImages lists, sorted and once each, the pictures the pages show.
func usedImages(used [][]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, ps := range used {
		for _, p := range ps {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// writeImages writes the files of every picture a page shows, and notes
// those of large photos, which the service worker does not keep.
func (m *Model) writeImages(out *output.Output) error {
	m.onlineImages = map[string]bool{}
	for _, p := range m.imagePaths {
		e := m.images.get(p)
		if e.img == nil {
			continue // its problem stopped the build already
		}
		for _, f := range e.img.Files() {
			if len(e.img.Renditions) > 0 {
				m.onlineImages[f.Path] = true
			}
			if err := out.Put(f.Path, f.Data); err != nil {
				return err
			}
		}
	}
	return nil
}

// cachedImage is a processed picture kept by the dev server.
type cachedImage struct {
	img *images.Image
	err error
}

// image processes a picture unless the cache has it for the same bytes.
func (c *Cache) image(p string, sum [32]byte, data []byte) (*images.Image, error) {
	key := imageKey(p, sum)
	c.mu.Lock()
	ci, ok := c.nextImages[key]
	if !ok {
		ci, ok = c.images[key]
	}
	c.mu.Unlock()
	if !ok {
		img, err := images.Process(p, data)
		ci = cachedImage{img, err}
	}
	c.mu.Lock()
	if c.nextImages == nil {
		c.nextImages = map[[32]byte]cachedImage{}
	}
	c.nextImages[key] = ci
	c.mu.Unlock()
	return ci.img, ci.err
}

// imageKey: the result depends on the bytes and on the name (its
// extension and the published name).
func imageKey(p string, sum [32]byte) [32]byte {
	h := sha256.New()
	io.WriteString(h, p)
	h.Write(sum[:])
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// endImages makes the pictures this build used the cache for the next.
func (c *Cache) endImages() {
	c.mu.Lock()
	c.images, c.nextImages = c.nextImages, nil
	c.mu.Unlock()
}
