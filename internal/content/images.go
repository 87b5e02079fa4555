package content

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/werkzame-elementen/kb/internal/diag"
	"github.com/werkzame-elementen/kb/internal/images"
)

// MaxImageSize is the largest image file kb accepts: 8 MB, more than a
// phone photo at full size. A picture is published smaller for narrow
// screens (see package images), but the original stays on the site too.
const MaxImageSize = 8 << 20

// ImageDir is the name of a folder for pictures, allowed inside the
// folders of pages (voorbeelden/afbeeldingen/) and beside them; pictures
// may also stand directly beside the markdown that shows them.
const ImageDir = "afbeeldingen"

// IsImage reports whether a file name has the extension of a picture kb
// can show (.png, .jpg, .jpeg, .gif, .webp, .svg); such files in the
// content folders are not pages and are left to the pages that show them.
func IsImage(name string) bool { return images.IsImage(name) }

// ErrImagePath is the problem of an image path that leaves the content
// folder.
var ErrImagePath = errors.New("het pad wijst buiten de contentmap")

// ImagePath resolves dest, an image path written in the markdown of file,
// to a path in the content FS. It refuses absolute paths, paths that leave
// the content folder and addresses (http:, data:, …) with ErrImagePath.
func ImagePath(file, dest string) (string, error) {
	if dest == "" || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, `\`) || strings.Contains(dest, ":") || strings.Contains(dest, `\`) {
		return "", ErrImagePath
	}
	p := path.Join(path.Dir(file), dest)
	if p == ".." || strings.HasPrefix(p, "../") || !fs.ValidPath(p) {
		return "", ErrImagePath
	}
	return p, nil
}

// ReadImage reads the image file at p in the content FS the way pages are
// read: only a regular file, at most MaxImageSize bytes, never more read
// than that. A missing file gives an error that errors.Is fs.ErrNotExist;
// every other problem is a diag error naming the file.
func ReadImage(fsys fs.FS, p string) ([]byte, error) {
	return readLimited(fsys, p, MaxImageSize, func(size string) error {
		return diag.New(p, 0, 0, "de afbeelding is te groot (%s; de grens is %d MB): verklein hem, bijvoorbeeld tot 2000 pixels breed", size, MaxImageSize>>20)
	})
}
