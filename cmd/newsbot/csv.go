package main

import (
	"bufio"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// csvWriter writes every CSV file newsbot prints (receipts --csv, stats
// --csv), so that a spreadsheet opening it shows each cell as text and
// never runs it as a formula. Create it with newCSVWriter; it is not safe
// for concurrent use.
//
// The rule, for every cell but a whole number (an ID or a count, which a
// spreadsheet reads as that number):
//   - the cell is split where a spreadsheet may split it into columns: at
//     each "," and ";" (Excel in Vietnamese and other decimal-comma locales
//     splits on ";");
//   - a part that starts with "=", "+", "-", "@", a tab or a carriage
//     return, after any spaces, gets a "'" put before it, so "x;=1+1;" is
//     written as "x;'=1+1;";
//   - a cell holding ",", ";", a double quote, a line break, or starting or
//     ending with a space is quoted as RFC 4180 says (inner double quotes
//     doubled); encoding/csv reads every file back to the cells written.
//
// Rows end in "\n", as encoding/csv's Writer ends them by default.
type csvWriter struct {
	w   *bufio.Writer
	err error
}

func newCSVWriter(w io.Writer) *csvWriter {
	return &csvWriter{w: bufio.NewWriter(w)}
}

// Write writes one row of cells, neutralised and quoted as csvWriter says.
// An error is kept and returned by Flush.
func (c *csvWriter) Write(cells ...string) {
	if c.err != nil {
		return
	}
	for i, cell := range cells {
		if i > 0 {
			c.w.WriteByte(',')
		}
		c.w.WriteString(csvQuote(csvNeutral(cell)))
	}
	_, c.err = c.w.WriteString("\n")
}

// Flush writes what is buffered and returns the first error of any Write
// or of the flush.
func (c *csvWriter) Flush() error {
	if c.err != nil {
		return c.err
	}
	return c.w.Flush()
}

// wholeNumber matches the cells left as they are: an optional minus and
// decimal digits.
var wholeNumber = regexp.MustCompile(`^-?[0-9]+$`)

// csvFormulaStarts are the characters that make a spreadsheet read a cell,
// or a part of it after a separator, as a formula.
const csvFormulaStarts = "=+-@\t\r"

// csvNeutral puts a "'" before every part of s, between the separators
// "," and ";", that starts with a formula character after spaces.
func csvNeutral(s string) string {
	if wholeNumber.MatchString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 1)
	part := 0 // where the part starts: the cell's start or after a separator
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != ',' && s[i] != ';' {
			continue
		}
		rest := strings.TrimLeftFunc(s[part:i], isPadding)
		if rest != "" && strings.IndexByte(csvFormulaStarts, rest[0]) >= 0 {
			b.WriteByte('\'')
		}
		b.WriteString(s[part:min(i+1, len(s))]) // the part and its separator, bytes as they are
		part = i + 1
	}
	return b.String()
}

// isPadding reports the white space a spreadsheet may skip before a
// formula, except tab and carriage return, which are formula starts
// themselves.
func isPadding(r rune) bool {
	return r != '\t' && r != '\r' && unicode.IsSpace(r)
}

// csvQuote quotes s when RFC 4180 (or a ";"-splitting spreadsheet) needs
// it.
func csvQuote(s string) string {
	if s == "" {
		return s
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if !strings.ContainsAny(s, ",;\"\r\n") && !unicode.IsSpace(first) && !unicode.IsSpace(last) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
