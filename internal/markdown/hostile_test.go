package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestSlowInputsAreStopped: inputs on which goldmark spends seconds to
// minutes end in an error naming the file and line, quickly.
func TestSlowInputsAreStopped(t *testing.T) {
	for _, c := range []struct {
		name, body, want string
		timeout          time.Duration
	}{
		{"600 KB of [a](<b on one line (17 s unguarded)", strings.Repeat("[a](<b", 100<<10), "x.md:7: deze regel is te lang (600 KB", 0},
		{"200 KB of > on one line (7 s unguarded)", strings.Repeat("> ", 100<<10), "x.md:7: deze regel is te lang", 0},
		{"40 nested quotes", "Intro.\n\n" + strings.Repeat("> ", 40) + "diep\n", "x.md:9: hier staan 40 citaten of opsommingen in elkaar", 0},
		{"40 nested lists", "- a\n" + strings.Repeat("- ", 40) + "b\n", "x.md:8: hier staan 40 citaten", 0},
		{"slow but within the shape limits", strings.Repeat(strings.Repeat("[a](<b", 5000)+"\n", 30), "x.md:7: het verwerken van deze pagina duurt te lang (meer dan 50ms)", 50 * time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := New()
			r.Timeout = c.timeout
			start := time.Now()
			_, err := r.Render("x.md", []byte(c.body), 7, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestNesting(t *testing.T) {
	for line, want := range map[string]int{
		"plain text":      0,
		"> quote":         1,
		"> > - item":      3,
		"1. > 2) x":       3,
		"-no space":       0,
		"    > code-ish":  0,
		"12345678901. no": 0,
	} {
		if got := nesting([]byte(line)); got != want {
			t.Errorf("nesting(%q) = %d, want %d", line, got, want)
		}
	}
}

// BenchmarkRender measures rendering one page of about 1,000 words with
// headings, lists and links, as the synthetic corpus has.
func BenchmarkRender(b *testing.B) {
	var body strings.Builder
	for s := 0; s < 10; s++ {
		fmt.Fprintf(&body, "## Kop %d\n\n", s)
		for p := 0; p < 3; p++ {
			body.WriteString(strings.Repeat("De professional bespreekt samen met het gezin welke doelen het eerst komen. ", 4) + "\n\n")
		}
		body.WriteString("- Een punt om mee aan de slag te gaan.\n- Nog een punt met [een link](https://example.org/).\n\n")
	}
	src := []byte(body.String())
	r := New()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := r.Render("x.md", src, 1, nil); err != nil {
			b.Fatal(err)
		}
	}
}
