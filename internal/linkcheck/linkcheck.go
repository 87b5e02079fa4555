// Package linkcheck crawls a built site on disk and reports every internal
// link or asset reference that leads nowhere: a missing page or file, or a
// #fragment with no element of that id on the target page. It takes the
// output directory and the base URL path, and gives the broken links.
package linkcheck

import (
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Broken is one link that leads nowhere.
type Broken struct {
	Page   string // the file the link is in, relative to the site root
	Link   string
	Reason string
}

func (b Broken) String() string { return fmt.Sprintf("%s: %s (%s)", b.Page, b.Link, b.Reason) }

var (
	refRE = regexp.MustCompile(`(?i)\s(?:href|src)\s*=\s*"([^"]*)"`)
	idRE  = regexp.MustCompile(`(?i)\sid\s*=\s*"([^"]*)"`)
)

// Check crawls every .html file in site (the output directory as an
// fs.FS). base is the path the site is served under ("/" or "/sub/").
// Links to other hosts and mailto: links are not followed.
func Check(site fs.FS, base string) ([]Broken, error) {
	pages := map[string]string{} // file -> html
	err := fs.WalkDir(site, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			b, err := fs.ReadFile(site, p)
			if err != nil {
				return err
			}
			pages[p] = string(b)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ids := map[string]map[string]bool{}
	idsOf := func(file string) map[string]bool {
		if ids[file] == nil {
			ids[file] = map[string]bool{}
			for _, m := range idRE.FindAllStringSubmatch(pages[file], -1) {
				ids[file][html.UnescapeString(m[1])] = true
			}
		}
		return ids[file]
	}
	var broken []Broken
	files := make([]string, 0, len(pages))
	for f := range pages {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, file := range files {
		for _, m := range refRE.FindAllStringSubmatch(pages[file], -1) {
			link := html.UnescapeString(m[1])
			u, err := url.Parse(link)
			if err != nil {
				broken = append(broken, Broken{file, link, "geen geldige URL"})
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue // external
			}
			target := file
			if u.Path != "" {
				abs := u.Path
				if !strings.HasPrefix(abs, "/") {
					abs = path.Join(base, path.Dir(file), abs)
					if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(abs, "/") {
						abs += "/"
					}
				}
				if !strings.HasPrefix(abs, base) {
					broken = append(broken, Broken{file, link, "valt buiten de base-URL " + base})
					continue
				}
				rel := strings.TrimPrefix(abs, base)
				if rel == "" || strings.HasSuffix(rel, "/") {
					rel += "index.html"
				}
				if _, err := fs.Stat(site, rel); err != nil {
					broken = append(broken, Broken{file, link, "bestaat niet"})
					continue
				}
				target = rel
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[u.Fragment] {
				broken = append(broken, Broken{file, link, "geen element met id " + u.Fragment})
			}
		}
	}
	return broken, nil
}
