package layout

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/werkzame-elementen/kb/internal/diag"
)

func TestExecuteAndStatic(t *testing.T) {
	fsys := fstest.MapFS{
		"base.html":        {Data: []byte(`<title>{{block "title" .}}{{end}}</title>{{block "main" .}}{{end}}`)},
		"_parts.html":      {Data: []byte(`{{define "link"}}<a href="{{url .}}">x</a>{{end}}`)},
		"pagina.html":      {Data: []byte(`{{define "main"}}{{.}} {{template "link" "a/b/"}}{{end}}`)},
		"static/style.css": {Data: []byte("body{}")},
		"static/.hidden":   {Data: []byte("no")},
		"root/_headers":    {Data: []byte("/*")},
		"notes.txt":        {Data: []byte("ignored")},
	}
	l, err := New(fsys, "/kb/")
	if err != nil {
		t.Fatal(err)
	}
	out, err := l.Execute("pagina", "<script>")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out); got != `<title></title>&lt;script&gt; <a href="/kb/a/b/">x</a>` {
		t.Errorf("Execute = %q", got)
	}
	if _, err := l.Execute("element", nil); err == nil || !strings.Contains(err.Error(), "element.html ontbreekt") {
		t.Errorf("missing template: %v", err)
	}
	files, err := Static(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files["static/style.css"] != "static/style.css" || files["_headers"] != "root/_headers" {
		t.Errorf("Static = %v", files)
	}
}

func TestParseErrorsNameTheFile(t *testing.T) {
	_, err := New(fstest.MapFS{"base.html": {Data: []byte(`ok`)}, "element.html": {Data: []byte(`{{if}}`)}}, "/")
	if err == nil || !strings.Contains(err.Error(), "templates/element.html") {
		t.Errorf("err = %v", err)
	}
	_, err = New(fstest.MapFS{"element.html": {Data: []byte(`x`)}}, "/")
	if err == nil || !strings.Contains(err.Error(), "base.html ontbreekt") {
		t.Errorf("err = %v", err)
	}
}

// TestTemplateErrorsAreDiag breaks a template in the ways html/template
// notices, when parsing and when executing, and checks that each problem
// is a diag.Error at the right template file and line with a Dutch
// message.
func TestTemplateErrorsAreDiag(t *testing.T) {
	base := `<title>{{block "title" .}}{{end}}</title>
{{block "main" .}}{{end}}`
	tests := []struct {
		name  string
		files map[string]string
		exec  bool // the problem shows when executing "x"
		want  string
	}{
		{"parse error in a page", map[string]string{"x.html": "{{define \"main\"}}\n<p>\n{{if}}{{end}}\n{{end}}"}, false,
			"templates/x.html:3: de template klopt niet: missing value for if"},
		{"parse error in a partial", map[string]string{"_delen.html": "{{define \"kop\"}}\n\n\n{{.Titel}\n{{end}}", "x.html": "x"}, false,
			"templates/_delen.html:4: de template klopt niet: bad character U+007D '}'"},
		{"unclosed action in base", map[string]string{"base.html": "a\n{{if .}}", "x.html": "x"}, false,
			"templates/base.html:2: de template klopt niet: unexpected EOF"},
		{"missing field", map[string]string{"x.html": "{{define \"main\"}}\n\n  {{.Titel.Kort}}{{end}}"}, true,
			"templates/x.html:3:10: de template loopt vast bij {{.Titel.Kort}}: can't evaluate field Kort in type string"},
		{"no such template", map[string]string{"x.html": "{{define \"main\"}}\n{{template \"kaart\" .}}{{end}}"}, true,
			`templates/x.html:2:11: de template roept een template aan die niet bestaat: no such template "kaart"`},
		{"unsafe HTML", map[string]string{"x.html": "{{define \"main\"}}<a href=\"{{.Titel}}{{end}}"}, true,
			"templates/base.html: de template is geen veilige HTML: ends in a non-text context"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"base.html": {Data: []byte(base)}}
			for name, src := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(src)}
			}
			l, err := New(fsys, "/")
			if tt.exec {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				_, err = l.Execute("x", struct{ Titel string }{"Titel"})
			}
			var d *diag.Error
			if !errors.As(err, &d) {
				t.Fatalf("error %v (%T) is not a diag.Error", err, err)
			}
			if got := d.Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("error = %q\nwant prefix %q", got, tt.want)
			}
		})
	}
}
