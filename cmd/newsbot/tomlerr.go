package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// tomlFileError is a TOML file's syntax or type error told the way an
// editor points at it: the file and line first, what is wrong, and what was
// expected there. It wraps the TOML library's error.
type tomlFileError struct {
	path string
	line int
	msg  string
	hint string
	err  error
}

func (e *tomlFileError) Error() string {
	s := fmt.Sprintf("%s, line %d: %s", e.path, e.line, e.msg)
	if e.hint != "" {
		s += " — " + e.hint
	}
	return s
}

func (e *tomlFileError) Unwrap() error { return e.err }

// tomlLine matches the position the TOML library puts in the text of its
// type errors, which are not toml.ParseError values: `toml: line 3 (last key
// "source.interval"): incompatible types: …`.
var tomlLine = regexp.MustCompile(`toml: line (\d+)(?: \(last key "([^"]*)"\))?: (.*)`)

// explainTOML returns err, met reading the TOML file at path, as a
// *tomlFileError when the TOML library gave it a line, and unchanged
// otherwise (nil stays nil).
func explainTOML(path string, err error) error {
	if err == nil {
		return nil
	}
	var line int
	var key, msg string
	var pe toml.ParseError
	if errors.As(err, &pe) {
		line, key, msg = pe.Position.Line, pe.LastKey, pe.Message
	} else if m := tomlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		key, msg = m[2], m[3]
	}
	if line == 0 {
		return err
	}
	if strings.HasSuffix(msg, `got '\n' instead`) && line > 1 {
		line-- // the library counts the newline that ended the line at fault in the next one
	}
	return &tomlFileError{path: path, line: line, msg: msg, hint: tomlHint(key, msg), err: err}
}

// tomlHint says what the TOML library expected, in the words of the
// sources and units files' format, for the mistakes people make by hand.
func tomlHint(key, msg string) string {
	short := key
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		short = key[i+1:]
	}
	switch {
	case strings.Contains(msg, "to end with a newline"):
		return "expected one key = value per line"
	case strings.HasPrefix(msg, "expected value but found"):
		return fmt.Sprintf(`expected a value after %s =: text goes in double quotes, e.g. %s = "…"`, short, short)
	case strings.Contains(msg, "strings cannot contain newlines"):
		return `expected the closing double quote on the same line`
	case strings.Contains(msg, "table array name delimiter") || strings.Contains(msg, "table name delimiter"):
		return "expected a table header such as [[source]] or [[units]], two brackets on each side"
	case strings.Contains(msg, "destination has type string"):
		return fmt.Sprintf(`expected text in double quotes: %s = "…"`, short)
	case strings.Contains(msg, "destination has type bool"):
		return fmt.Sprintf("expected true or false: %s = true", short)
	case strings.Contains(msg, "destination has type int") || strings.Contains(msg, "destination has type uint"):
		return fmt.Sprintf("expected a whole number without quotes: %s = 3", short)
	case strings.Contains(msg, "destination has type []") || strings.Contains(msg, "destination has type slice"):
		return fmt.Sprintf(`expected a list: %s = ["…", "…"]`, short)
	case strings.Contains(msg, "duplicate key") || strings.Contains(msg, "has already been defined"):
		return "expected each key once per table"
	}
	return ""
}
