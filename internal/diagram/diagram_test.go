package diagram

import (
	"encoding/xml"
	"flag"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var werkwijze = Cycle{
	Figure: Figure{ID: "cyclus", Title: "Van vraag naar plan: een cyclus"},
	Steps:  []string{"Vraagverheldering", "Doelen opstellen", "Plan maken", "Uitvoeren", "Evalueren"},
	Back:   []int{1, 2, 3},
}

var perspectieven = Hub{
	Figure: Figure{ID: "perspectieven", Title: "Vier perspectieven op integraal werken"},
	Center: Node{Label: "Vanuit de inwoner", Note: "leidend"},
	Around: []Node{
		{Label: "Methodisch"},
		{Label: "Organisatorisch"},
		{Label: "Beleidsmatig", Note: "toegevoegd", Dashed: true},
	},
	Relation: "Ten dienste daarvan staan",
}

var netwerkcirkel = Rings{
	Figure:  Figure{ID: "netwerkcirkel", Title: "Netwerkcirkel", Caption: "Illustratie van de redactie."},
	Lead:    "Illustratie van de redactie",
	Center:  "Inwoner",
	Rings:   []string{"heel dichtbij", "dichtbij", "verder weg"},
	Sectors: []string{"familie", "vrienden en buren", "werk of school", "professionals"},
}

var maatwerk = Place{
	Figure: Figure{ID: "samenhang", Title: "Maatwerk tussen de 15 elementen"},
	Title:  "Maatwerk", Number: 6, Total: 15, MaxItems: 8,
	Groups: []Group{
		{Name: "Voorbeelden", Items: []string{"Zelfredzaam, en toch vastlopen in het zorgaanbod", "Een passende woning dankzij maatwerk"}},
		{Name: "Hulpmiddelen", Items: []string{"De werkzame elementen scoren (0–10)", "Zelfredzaamheidsmatrix"}},
	},
}

// many has more items than a group draws, a title of three lines, and
// more elements than the row of dots shows.
var many = Place{
	Figure: Figure{ID: "veel", Title: "Veel"},
	Title:  "Het ouderennetwerk in Kattenbroek: samenwerken met deskundigen buiten het team, en nog een heel stuk meer tekst",
	Number: 41, Total: 1000, MaxItems: 3,
	Groups: []Group{
		{Name: "Voorbeelden", Items: []string{"een", "twee", "drie", "vier", "vijf"}},
		{Name: "Hulpmiddelen", None: "Er is nog geen hulpmiddel bij dit element."},
	},
}

// TestGolden compares each diagram's markup with a golden file: the
// drawing is deterministic, byte for byte.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		svg  func() template.HTML
	}{
		{"cyclus", werkwijze.SVG},
		{"perspectieven", perspectieven.SVG},
		{"netwerkcirkel", netwerkcirkel.SVG},
		{"samenhang", maatwerk.SVG},
		{"veel", many.SVG},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(tc.svg())
			if again := string(tc.svg()); again != got {
				t.Fatal("two drawings of the same data differ")
			}
			golden := filepath.Join("testdata", tc.name+".svg")
			if *update {
				os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s (go test ./internal/diagram -update to accept)", tc.name, golden)
			}
		})
	}
}

// TestWellFormed parses every diagram as XML and checks its text
// alternative: role img, labelled by its title, described by its desc,
// and every shape inside the 320-unit width of the view box.
func TestWellFormed(t *testing.T) {
	for _, tc := range []struct {
		name string
		svg  template.HTML
		id   string
	}{
		{"cyclus", werkwijze.SVG(), "cyclus"},
		{"perspectieven", perspectieven.SVG(), "perspectieven"},
		{"netwerkcirkel", netwerkcirkel.SVG(), "netwerkcirkel"},
		{"samenhang", maatwerk.SVG(), "samenhang"},
		{"veel", many.SVG(), "veel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dec := xml.NewDecoder(strings.NewReader(string(tc.svg)))
			var svg map[string]string
			texts := map[string]string{}
			var open []string
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("not well-formed: %v\n%s", err, tc.svg)
				}
				switch tok := tok.(type) {
				case xml.StartElement:
					open = append(open, tok.Name.Local)
					attrs := map[string]string{}
					for _, a := range tok.Attr {
						attrs[a.Name.Local] = a.Value
					}
					if tok.Name.Local == "svg" {
						svg = attrs
					}
					if id := attrs["id"]; id != "" && (tok.Name.Local == "title" || tok.Name.Local == "desc") {
						texts[tok.Name.Local] = id
					}
					for _, k := range []string{"x", "x1", "x2", "cx"} {
						if v, ok := attrs[k]; ok {
							if f, _ := strconv.ParseFloat(v, 64); f < 0 || f > Width {
								t.Errorf("<%s %s=%q> lies outside the drawing", tok.Name.Local, k, v)
							}
						}
					}
				case xml.EndElement:
					open = open[:len(open)-1]
				case xml.CharData:
					if len(open) > 0 && (open[len(open)-1] == "title" || open[len(open)-1] == "desc") && strings.TrimSpace(string(tok)) == "" {
						t.Errorf("empty <%s>", open[len(open)-1])
					}
				}
			}
			if svg == nil {
				t.Fatal("no <svg>")
			}
			if svg["role"] != "img" || svg["aria-labelledby"] != tc.id+"-titel" || svg["aria-describedby"] != tc.id+"-uitleg" {
				t.Errorf("svg attributes %v", svg)
			}
			if texts["title"] != tc.id+"-titel" || texts["desc"] != tc.id+"-uitleg" {
				t.Errorf("title and desc ids: %v", texts)
			}
			if !strings.HasPrefix(svg["viewBox"], "0 0 320 ") {
				t.Errorf("viewBox %q", svg["viewBox"])
			}
		})
	}
}

var descOf = regexp.MustCompile(`<desc id="[^"]*">([^<]*)</desc>`)

// TestDescription checks that the description says what the drawing
// shows, in words.
func TestDescription(t *testing.T) {
	for _, tc := range []struct {
		name string
		svg  template.HTML
		want string
	}{
		{"cyclus", werkwijze.SVG(), "5 stappen na elkaar: 1 Vraagverheldering, 2 Doelen opstellen, 3 Plan maken, 4 Uitvoeren en 5 Evalueren. Na stap 5 gaat het waar nodig terug naar stap 1, 2 of 3, en zo verder in een cyclus."},
		{"perspectieven", perspectieven.SVG(), "In het midden: Vanuit de inwoner (leidend). Ten dienste daarvan staan: Methodisch, Organisatorisch en Beleidsmatig (toegevoegd)."},
		{"netwerkcirkel", netwerkcirkel.SVG(), "Illustratie van de redactie. In het midden: Inwoner. Daaromheen 3 cirkels, van binnen naar buiten: heel dichtbij, dichtbij en verder weg. De cirkels zijn verdeeld in vakken: familie; vrienden en buren; werk of school; professionals."},
		{"samenhang", maatwerk.SVG(), "Maatwerk is element 6 van 15. Voorbeelden (2): Zelfredzaam, en toch vastlopen in het zorgaanbod; Een passende woning dankzij maatwerk. Hulpmiddelen (2): De werkzame elementen scoren (0–10) en Zelfredzaamheidsmatrix."},
		{"veel", many.SVG(), "element 41 van 1000. Voorbeelden (5): een, twee, drie, vier en vijf. Er is nog geen hulpmiddel bij dit element."},
	} {
		m := descOf.FindStringSubmatch(string(tc.svg))
		if m == nil {
			t.Errorf("%s: no desc", tc.name)
			continue
		}
		if got := template.HTMLEscapeString(tc.want); !strings.HasSuffix(m[1], got) {
			t.Errorf("%s: desc\n %s\nwant\n %s", tc.name, m[1], got)
		}
	}
}

// TestWrap checks the line breaking of labels.
func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in       string
		width    float64
		maxLines int
		want     []string
	}{
		{"Maatwerk", 200, 2, []string{"Maatwerk"}},
		{"Samen doelen voor het hele gezin", 120, 3, []string{"Samen doelen", "voor het hele", "gezin"}},
		{"Zelfredzaamheidsmatrix", 50, 2, []string{"Zelfredzaamheidsmatrix"}},
		{"een twee drie vier vijf zes zeven", 70, 2, []string{"een twee", "drie …"}},
		{"", 100, 2, nil},
	} {
		got := Font{Size: 14}.Wrap(tc.in, tc.width, tc.maxLines)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Wrap(%q, %v): %q; want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

// TestList checks the Dutch lists of the descriptions.
func TestList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a en b"},
		{[]string{"a", "b", "c"}, "a, b en c"},
		{[]string{"familie", "vrienden en buren"}, "familie; vrienden en buren"},
	} {
		if got := list(tc.in); got != tc.want {
			t.Errorf("list(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

// BenchmarkPlace measures the drawing every element page gets.
func BenchmarkPlace(b *testing.B) {
	for b.Loop() {
		_ = maatwerk.SVG()
	}
}
