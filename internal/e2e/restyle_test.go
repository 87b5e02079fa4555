package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/serve"
)

// TestStyleSheetSwapsWithoutReload: in kb serve, a save of style.css
// changes the open page's style in place (the page is not loaded again:
// a mark left in the window survives), and a save of a script reloads it.
func TestStyleSheetSwapsWithoutReload(t *testing.T) {
	dir := t.TempDir()
	contentDir, templatesDir := filepath.Join(dir, "content"), filepath.Join(dir, "templates")
	if err := os.CopyFS(contentDir, os.DirFS("../../testdata/site")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(templatesDir, os.DirFS("../../templates")); err != nil {
		t.Fatal(err)
	}
	s := &serve.Server{Options: build.Options{ContentDir: contentDir, TemplatesDir: templatesDir}}
	sctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.Run(sctx, "127.0.0.1:0", ready) }()
	t.Cleanup(func() { cancel(); <-done })
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	appendTo := func(p, text string) {
		t.Helper()
		file := filepath.Join(templatesDir, filepath.FromSlash(p))
		old, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(filepath.Dir(file), ".kb-e2e-save")
		if err := os.WriteFile(tmp, append(old, text...), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, file); err != nil {
			t.Fatal(err)
		}
	}

	ctx, errs := browser(t)
	var mark bool
	err := chromedp.Run(ctx,
		// Every page notes when its event stream is open: a save before
		// that would reload the page (the version it then reads differs),
		// which is right but not what this test is about.
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(`(function () {
				var ES = window.EventSource;
				window.EventSource = function (u) { var es = new ES(u); es.addEventListener("open", function () { window.kbOpen = true; }); return es; };
			})()`).Do(ctx)
			return err
		}),
		chromedp.Navigate("http://"+addr+"/"),
		chromedp.Poll(`window.kbOpen === true`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(`window.kbMark = true`, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	appendTo("static/style.css", "\nbody{outline:3px solid rgb(1, 2, 3)}\n")
	err = chromedp.Run(ctx,
		chromedp.Poll(`getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Evaluate(`window.kbMark === true`, &mark),
	)
	if err != nil {
		t.Fatalf("the new style never showed: %v", err)
	}
	if !mark {
		t.Error("the page was loaded again for a style sheet change")
	}
	var sheets int
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll('link[rel="stylesheet"][href*="style.css"]').length`, &sheets)); err != nil {
		t.Fatal(err)
	}
	if sheets != 1 {
		t.Errorf("%d links to style.css after the swap; want 1", sheets)
	}

	appendTo("static/app.js", "\n// nieuw\n")
	// The reload ends the context the poll runs in; poll again in the new
	// page until it is there without the mark.
	reloaded := false
	for i := 0; i < 20 && !reloaded; i++ {
		err = chromedp.Run(ctx, chromedp.Poll(`window.kbMark === undefined && window.kbOpen === true`, nil, chromedp.WithPollingTimeout(time.Second)))
		reloaded = err == nil
	}
	if !reloaded {
		t.Errorf("the page was not loaded again for a script change: %v", err)
	}
	if e := errs.take(); len(e) > 0 {
		t.Errorf("errors in the page: %v", e)
	}
}
