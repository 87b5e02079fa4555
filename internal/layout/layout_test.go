package layout

import (
	"strings"
	"testing"
	"testing/fstest"
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
