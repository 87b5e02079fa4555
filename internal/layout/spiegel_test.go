package layout

import (
	"encoding/csv"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// spiegelCSV runs the CSV functions of templates/static/spiegel.js in
// node, without a page: it exports every cell, reads the CSV back, and
// gives both.
const spiegelCSV = `
const fs = require("fs"), vm = require("vm");
const window = {};
vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), {window, document: {querySelectorAll: () => []}});
const csv = window.kbSpiegelCSV;
const cells = JSON.parse(fs.readFileSync(0, "utf8"));
const line = cells.map(csv.cell).join(",");
const back = csv.parse(line + "\r\n")[0];
process.stdout.write(JSON.stringify({line, back, handMade: csv.parse("'hallo,'=1+1,''x\r\n")[0]}));
`

// TestSpiegelCSVFormulas checks the spiegel's CSV export: a cell a
// spreadsheet would run as a formula gets a ' in front, and the import
// takes it off again, so export then import gives back every cell.
func TestSpiegelCSVFormulas(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed: make test installs what the browser tests need, node included")
	}
	cells := []string{"=HYPERLINK(\"https://x\",\"klik\")", "+31 6", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "'=al een quote", "'gewoon", "Cliënt, \"thuis\"", "7", "", "b1x2y3"}
	want := []string{"'=HYPERLINK(\"https://x\",\"klik\")", "'+31 6", "'-2+3", "'@SUM(A1)", "'\tTab", "'\rCR", "''=al een quote", "''gewoon", "Cliënt, \"thuis\"", "7", "", "b1x2y3"}
	in, _ := json.Marshal(cells)
	cmd := exec.Command(node, "-e", spiegelCSV, "../../templates/static/spiegel.js")
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if e, ok := err.(*exec.ExitError); ok {
		t.Fatalf("node: %v\n%s", err, e.Stderr)
	} else if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got struct {
		Line     string
		Back     []string
		HandMade []string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// What a spreadsheet sees in each cell, read by Go's CSV reader.
	shown, err := csv.NewReader(strings.NewReader(got.Line)).Read()
	if err != nil {
		t.Fatalf("the exported line is no CSV: %v\n%q", err, got.Line)
	}
	if strings.Join(shown, "|") != strings.Join(want, "|") {
		t.Errorf("exported cells\n%q\nwant\n%q", shown, want)
	}
	if strings.Join(got.Back, "|") != strings.Join(cells, "|") {
		t.Errorf("export→import gives\n%q\nwant\n%q", got.Back, cells)
	}
	if want := []string{"'hallo", "=1+1", "'x"}; strings.Join(got.HandMade, "|") != strings.Join(want, "|") {
		t.Errorf("a hand-made file reads as %q, want %q", got.HandMade, want)
	}
}
