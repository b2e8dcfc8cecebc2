package main

import (
	"flag"
	"io"
	"slices"
	"testing"
)

// Ensure that interleave moves the flags a command defines before its
// positional arguments, with their values, and keeps "--", "-" and what
// follows "--" positional.
func TestInterleave(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("db", "", "")
	fs.Int("n", 0, "")
	fs.Bool("json", false, "")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"flags before the arguments stay there", []string{"--db", "x.db", "777"}, []string{"--db", "x.db", "--", "777"}},
		{"a flag after the argument moves before it with its value", []string{"777", "--db", "x.db"}, []string{"--db", "x.db", "--", "777"}},
		{"flags between the arguments keep their order", []string{"a", "-n", "5", "b", "--json", "c"}, []string{"-n", "5", "--json", "--", "a", "b", "c"}},
		{"a value written with = is one argument", []string{"a", "--db=x.db", "b"}, []string{"--db=x.db", "--", "a", "b"}},
		{"a boolean flag takes no value", []string{"--json", "a"}, []string{"--json", "--", "a"}},
		{"a value that looks like a flag is the value", []string{"a", "-n", "-1"}, []string{"-n", "-1", "--", "a"}},
		{"after -- everything is positional", []string{"a", "--", "--db", "x", "-"}, []string{"--", "a", "--db", "x", "-"}},
		{"a lone - is positional", []string{"-", "--json"}, []string{"--json", "--", "-"}},
		{"an unknown flag stays a flag, for Parse to refuse", []string{"a", "--frob", "b"}, []string{"--frob", "--", "a", "b"}},
		{"a value flag at the end stays for Parse to refuse", []string{"a", "--db"}, []string{"--db", "--", "a"}},
		{"help stays a flag", []string{"add", "-h"}, []string{"-h", "--", "add"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := interleave(fs, tc.args); !slices.Equal(got, tc.want) {
				t.Fatalf("interleave(%q) = %q, want %q", tc.args, got, tc.want)
			}
		})
	}
}
