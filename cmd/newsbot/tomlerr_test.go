package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// Ensure that a mistake in the sources or units file is told with the
// file, the line and what was expected, and still wraps the TOML library's
// error; and that errors without a position pass unchanged.
func TestTOMLErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, file, text string
		want             string
	}{
		{"two keys on one line", "sources.toml", "[[source]]\nname = \"xa\" url = \"https://example.vn/rss\"\n",
			"sources.toml, line 2: expected a top-level item to end with a newline, comment, or EOF, but got 'u' instead — expected one key = value per line"},
		{"text without quotes", "sources.toml", "[[source]]\nname = xa\n",
			`sources.toml, line 2: expected value but found "xa" instead — expected a value after name =: text goes in double quotes, e.g. name = "…"`},
		{"an unclosed quote", "sources.toml", "[[source]]\nname = \"xa\nurl = \"https://example.vn\"\n",
			"sources.toml, line 2: strings cannot contain newlines — expected the closing double quote on the same line"},
		{"a number for a text", "sources.toml", "[[source]]\nname = \"xa\"\nurl = \"https://example.vn\"\ninterval = 5\n",
			`sources.toml, line 4: incompatible types: TOML value has type int64; destination has type string — expected text in double quotes: interval = "…"`},
		{"a table header with one bracket", "units.toml", "[[units]\nslug = \"a\"\n",
			"units.toml, line 1: expected end of table array name delimiter"},
		{"a text for a boolean", "units.toml", "self_service = \"no\"\n",
			"units.toml, line 1: incompatible types: TOML value has type string; destination has type boolean — expected true or false: self_service = true"},
	}
	app := &App{Env: func(string) string { return "" }}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			if err := os.WriteFile(path, []byte(tc.text), 0o600); err != nil {
				t.Fatal(err)
			}
			var err error
			if tc.file == "units.toml" {
				_, err = loadUnits(context.Background(), path, nil)
			} else {
				_, err = app.sourceConfig(path)
			}
			if err == nil || err.Error() != filepath.Join(dir, tc.want) && !strings.HasPrefix(err.Error(), filepath.Join(dir, tc.want)) {
				t.Fatalf("error:\n%v\nwant:\n%s", err, filepath.Join(dir, tc.want))
			}
			var pe toml.ParseError
			if !errors.As(err, &pe) && !strings.Contains(errors.Unwrap(err).Error(), "toml: line") {
				t.Errorf("the TOML library's error is not wrapped: %#v", err)
			}
		})
	}
	plain := errors.New("no such file")
	if got := explainTOML("x.toml", plain); got != plain {
		t.Errorf("explainTOML changed an error without a position: %v", got)
	}
}
