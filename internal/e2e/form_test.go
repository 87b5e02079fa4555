package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/werkzame-elementen/kb/internal/build"
	"github.com/werkzame-elementen/kb/internal/serve"
)

// devServer runs kb serve over a copy of the real content on a free
// loopback port and returns its address and the content directory.
func devServer(t *testing.T) (string, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	s := &serve.Server{Options: build.Options{ContentDir: dir, TemplatesDir: "../../templates"}}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, "127.0.0.1:0", ready) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case addr := <-ready:
		return "http://" + addr, dir
	case err := <-done:
		t.Fatal(err)
	}
	return "", ""
}

// byLabel gives a CSS selector for the form control whose <label> reads
// exactly label, as a person finds it.
func byLabel(ctx context.Context, label string) (string, error) {
	var id string
	err := chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(`(function () {
		var l = Array.from(document.querySelectorAll("label")).find(function (l) { return l.textContent.trim() === %q; });
		return l && l.control ? l.control.id : "";
	})()`, label), &id))
	if err == nil && id == "" {
		err = fmt.Errorf("no control labelled %q", label)
	}
	return "#" + id, err
}

// typeInto empties a field and types text into it, key by key.
func typeInto(ctx context.Context, sel, text string) error {
	return chromedp.Run(ctx,
		chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q).value = ""`, sel), nil),
		chromedp.SendKeys(sel, text, chromedp.ByQuery))
}

// fill types text into the fields found by their labels, and ticks the
// checkboxes found by theirs.
func fill(ctx context.Context, texts map[string]string, ticks []string) error {
	for label, text := range texts {
		sel, err := byLabel(ctx, label)
		if err != nil {
			return err
		}
		if err := typeInto(ctx, sel, text); err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
	}
	for _, label := range ticks {
		sel, err := byLabel(ctx, label)
		if err != nil {
			return err
		}
		if err := chromedp.Run(ctx, chromedp.Click(sel, chromedp.ByQuery)); err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
	}
	return nil
}

// TestNewExampleForm fills kb serve's form for a new example by its
// labels, as an editor would: the preview shows the page as the site will
// and a problem next to its field, Opslaan writes the file, the browser
// opens the new page and the content passes kb check. The same title a
// second time does not overwrite the file.
func TestNewExampleForm(t *testing.T) {
	addr, dir := devServer(t)
	ctx, errs := browser(t)
	texts := map[string]string{
		"Titel":                            "Een buurvrouw die meedenkt",
		"Samenvatting":                     "Een buurvrouw helpt een gezin op weg naar het wijkteam.",
		"De situatie":                      "Een moeder met drie kinderen woont sinds kort in de wijk. Ze kent nog niemand.",
		"Wat er gebeurde":                  "De professional vroeg wie ze wel kende. Ze noemde de buurvrouw. Samen maakten ze een plan.",
		"Wat werkte":                       "De buurvrouw was er al, dichtbij en vertrouwd.",
		"Welke werkzame elementen zie je?": "- [Maatwerk](../elementen/maatwerk.md): het plan past bij dit gezin.",
		"Vragen voor intervisie":           "- Wie ken jij in de straat van dit gezin?\n- Wanneer vraag je een buur om mee te denken?",
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(addr+"/voorbeelden/"),
		chromedp.Click(`//a[normalize-space()="Nieuw praktijkvoorbeeld"]`, chromedp.BySearch),
		chromedp.WaitVisible(`//h1[normalize-space()="Nieuw praktijkvoorbeeld"]`, chromedp.BySearch),
	); err != nil {
		t.Fatalf("the dev server's pages do not lead to the form: %v", err)
	}
	if err := fill(ctx, texts, []string{"Maatwerk", "Ecogram"}); err != nil {
		t.Fatal(err)
	}
	// A problem kb check finds shows next to its field, and goes when fixed.
	waitPreview := func(what, cond string) {
		t.Helper()
		var ok bool
		if err := chromedp.Run(ctx, chromedp.Poll(cond, &ok, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			var status string
			chromedp.Run(ctx, chromedp.Text("#kb-voorbeeld-status", &status, chromedp.ByQuery))
			t.Fatalf("%s: %v (status: %s)", what, err, status)
		}
	}
	sel, err := byLabel(ctx, "Vragen voor intervisie")
	if err != nil {
		t.Fatal(err)
	}
	if err := typeInto(ctx, sel, "Eén vraag?"); err != nil {
		t.Fatal(err)
	}
	waitPreview("the problem next to the questions", `(function () {
		var f = document.getElementById("fout-sectie-4");
		return !f.hidden && f.textContent.indexOf("bevat één vraag") >= 0 && document.getElementById("sectie-4").getAttribute("aria-invalid") === "true";
	})()`)
	if err := typeInto(ctx, sel, texts["Vragen voor intervisie"]); err != nil {
		t.Fatal(err)
	}
	// The preview is the page as the site will show it, with no problems left.
	waitPreview("the preview", `(function () {
		var d = document.getElementById("kb-voorbeeld").contentDocument;
		var h1 = d && d.querySelector(".voorbeeld h1");
		return !!h1 && h1.textContent === "Een buurvrouw die meedenkt" &&
			d.body.textContent.indexOf("Wanneer vraag je een buur om mee te denken?") >= 0 &&
			!!d.querySelector('.voorbeeld .tags a[href="/elementen/maatwerk/"]') &&
			getComputedStyle(d.querySelector(".site-header")).display !== "inline" &&
			document.querySelectorAll(".kb-fout:not([hidden])").length === 0;
	})()`)
	screenshot(t, ctx, "kb-nieuw-voorbeeld")

	var h1, location string
	if err := chromedp.Run(ctx,
		chromedp.Click(`//button[normalize-space()="Opslaan"]`, chromedp.BySearch),
		chromedp.WaitVisible(`.voorbeeld h1`, chromedp.ByQuery),
		chromedp.Text(".voorbeeld h1", &h1, chromedp.ByQuery),
		chromedp.Location(&location),
	); err != nil {
		t.Fatal(err)
	}
	if h1 != texts["Titel"] || location != addr+"/voorbeelden/een-buurvrouw-die-meedenkt/" {
		t.Errorf("after saving: %q at %s", h1, location)
	}
	file := filepath.Join(dir, "voorbeelden", "een-buurvrouw-die-meedenkt.md")
	saved, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(saved), "elementen: [maatwerk]") || !strings.Contains(string(saved), "hulpmiddelen: [ecogram]") ||
		!strings.Contains(string(saved), "## Vragen voor intervisie\n\n- Wie ken jij in de straat van dit gezin?\n- Wanneer vraag je een buur om mee te denken?\n") {
		t.Errorf("saved file:\n%s", saved)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if _, err := build.Prepare(root.FS(), ""); err != nil { // what kb check runs
		t.Errorf("kb check after saving: %v", err)
	}

	// The same title again: the file stays, another name is offered.
	if err := chromedp.Run(ctx, chromedp.Navigate(addr+serve.FormPath), chromedp.WaitVisible("#kb-nieuw", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	texts["De situatie"] = "Een heel ander verhaal."
	if err := fill(ctx, texts, []string{"Maatwerk"}); err != nil {
		t.Fatal(err)
	}
	var message, offered string
	if err := chromedp.Run(ctx,
		chromedp.Click(`//button[normalize-space()="Opslaan"]`, chromedp.BySearch),
		chromedp.WaitVisible("#fout-bestandsnaam li", chromedp.ByQuery),
		chromedp.Text("#fout-bestandsnaam", &message, chromedp.ByQuery),
		chromedp.Value("#bestandsnaam", &offered, chromedp.ByQuery),
		chromedp.Location(&location),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(message, "dat blijft zoals het is") || offered != "een-buurvrouw-die-meedenkt-2" || !strings.HasSuffix(location, serve.SavePath) {
		t.Errorf("second save: %q, file name field %q, at %s", message, offered, location)
	}
	if again, _ := os.ReadFile(file); string(again) != string(saved) {
		t.Errorf("the first file was overwritten:\n%s", again)
	}
	screenshot(t, ctx, "kb-nieuw-bestaat-al")
	for _, e := range errs.take() {
		if !strings.Contains(e, "status of 409") { // the refusal asked for
			t.Errorf("console error: %s", e)
		}
	}
}
