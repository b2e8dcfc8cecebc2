package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// Ensure that the CSV writer neutralises formula starts at the start of a
// cell and after every "," and ";", quotes what RFC 4180 and ";"-splitting
// spreadsheets need, and leaves whole numbers and plain text alone.
func TestCSVWriterCells(t *testing.T) {
	for _, tc := range []struct{ cell, want string }{
		{"Nguyễn Văn An", "Nguyễn Văn An"},
		{"-1001234567", "-1001234567"},
		{"42", "42"},
		{"", ""},
		{"=1+1", "'=1+1"},
		{"+84 912", "'+84 912"},
		{"-x", "'-x"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "\"'\r=1\""},
		{"x;=1+1;", `"x;'=1+1;"`},
		{"a,=HYPERLINK(\"http://x\")", `"a,'=HYPERLINK(""http://x"")"`},
		{"a; -1", `"a;' -1"`},
		{"a;\u00a0@x", "\"a;'\u00a0@x\""},
		{"a;b", `"a;b"`},
		{" lead", `" lead"`},
		{"trail ", `"trail "`},
		{"2026-01-02", "2026-01-02"},
		{"1-2", "1-2"},
	} {
		var buf bytes.Buffer
		w := newCSVWriter(&buf)
		w.Write(tc.cell)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSuffix(buf.String(), "\n"); got != tc.want {
			t.Errorf("cell %q written as %q, want %q", tc.cell, got, tc.want)
		}
	}
}

// FuzzCSVWriter checks that no cell written, split where a spreadsheet may
// split it ("," and ";"), starts with a formula character after trimming
// (whole numbers aside), and that encoding/csv reads the row back to the
// cells written, one for one.
func FuzzCSVWriter(f *testing.F) {
	for _, s := range []string{"x;=1+1;", "=cmd|' /C calc'!A0", "a,b", "\"q\"", "-5", "+1", "@a;-b,=c", "\t\r\n", " ;\u00a0=1", "\xff=1;\x00"} {
		f.Add(s, "second")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		var buf bytes.Buffer
		w := newCSVWriter(&buf)
		w.Write(a, b)
		w.Write("x", a)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(&buf)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%q, %q: written %q, not read back: %v", a, b, buf.String(), err)
		}
		if len(rows) != 2 || len(rows[0]) != 2 || len(rows[1]) != 2 {
			t.Fatalf("%q, %q: written %q, read back as %q", a, b, buf.String(), rows)
		}
		for i, in := range []string{a, b, "x", a} {
			got := rows[i/2][i%2]
			if want := csvNeutral(in); got != strings.ReplaceAll(want, "\r\n", "\n") {
				t.Fatalf("cell %q read back as %q, want %q", in, got, want)
			}
			if wholeNumber.MatchString(got) {
				continue
			}
			for _, part := range strings.FieldsFunc(got, func(r rune) bool { return r == ',' || r == ';' }) {
				if p := strings.TrimSpace(part); p != "" && strings.ContainsRune("=+-@", rune(p[0])) {
					t.Fatalf("cell %q written as %q: part %q starts a formula", in, got, part)
				}
			}
			if got != "" && strings.ContainsRune(csvFormulaStarts, rune(got[0])) {
				t.Fatalf("cell %q written as %q starts a formula", in, got)
			}
		}
	})
}

// Ensure that `newsbot receipts ID --csv` writes a member named "x;=1+1;"
// so that no spreadsheet, whichever separator it splits on, reads =1+1 as
// a formula: the cell is quoted and the formula start neutralised.
func TestReceiptsCSVNeutralisesFormulas(t *testing.T) {
	h := newHarness(t)
	db := h.openDB(store.Options{})
	ctx := context.Background()
	names := map[int64]string{501: "x;=1+1;", 502: "=HYPERLINK(\"http://x/\";\"bấm\")", 503: "Trần Thị Bình"}
	for id, name := range names {
		if _, err := db.Subscribe(ctx, content.Subscriber{ChatID: id, UserID: id, Name: name, Username: "-u" + strconv.FormatInt(id, 10), Subscribed: true}); err != nil {
			t.Fatal(err)
		}
	}
	a := content.Article{ID: "chi-dao-1", Title: "Chỉ đạo phòng chống bão", Lead: "Các chi bộ triển khai ngay.",
		Category: content.CategoryDirective, Published: time.Date(2026, 3, 12, 7, 0, 0, 0, content.VietnamZone())}
	_, job, err := db.PublishPost(ctx, a, nil)
	if err != nil || job.ID == 0 || !job.Ack {
		t.Fatalf("publish: job %+v, %v", job, err)
	}
	db.Close()

	if code := h.cli("receipts", strconv.FormatUint(job.ID, 10), "--csv"); code != 0 {
		t.Fatalf("receipts --csv: exit %d\n%s", code, h.logs.String())
	}
	out := h.out.String()
	if !strings.Contains(out, `501,"x;'=1+1;",`) {
		t.Errorf("the name x;=1+1; is not quoted and neutralised:\n%s", out)
	}
	for _, sep := range []string{",", ";"} { // as spreadsheets in either locale split the line
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			for _, cell := range strings.Split(line, sep) {
				if c := strings.Trim(strings.TrimSpace(cell), `"`); c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
					t.Errorf("split on %q, cell %q of line %q starts a formula", sep, cell, line)
				}
			}
		}
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[1])
	}
	slices.Sort(got)
	want := []string{"'=HYPERLINK(\"http://x/\";\"bấm\")", "Trần Thị Bình", "x;'=1+1;"}
	if !slices.Equal(got, want) {
		t.Errorf("names read back %q, want %q", got, want)
	}
}
