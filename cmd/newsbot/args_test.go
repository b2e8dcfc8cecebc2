package main

import (
	"flag"
	"io"
	"slices"
	"strings"
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

// Ensure that subcommandFirst brings the subcommand to the front, past
// flags and their values, and leaves arguments without one as they are.
func TestSubcommandFirst(t *testing.T) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.String("db", "", "")
	fs.Bool("json", false, "")
	for _, tc := range []struct{ args, want []string }{
		{[]string{"add", "777"}, []string{"add", "--", "777"}},
		{[]string{"--db", "x.db", "add", "777"}, []string{"add", "--db", "x.db", "--", "777"}},
		{[]string{"--json", "list"}, []string{"list", "--json", "--"}},
		{[]string{"-h"}, []string{"-h"}},
		{[]string{"--db", "x.db"}, []string{"--db", "x.db"}},
		{nil, nil},
	} {
		if got := subcommandFirst(fs, tc.args); !slices.Equal(got, tc.want) {
			t.Errorf("subcommandFirst(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

// FuzzInterleave checks that interleave never panics, loses or invents no
// argument (it adds one "--", and drops the "--" that ended the flags), and
// keeps the positional arguments in their order.
func FuzzInterleave(f *testing.F) {
	f.Add("add\x00777\x00--db\x00x.db")
	f.Add("-n\x00-1\x00--\x00--json\x00-")
	f.Add("--db=x\x00--json=false\x00a\x00--frob")
	f.Add("-n\x00--")
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		fs := flag.NewFlagSet("fuzz", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.String("db", "", "")
		fs.Int("n", 0, "")
		fs.Bool("json", false, "")
		got := interleave(fs, args)

		// The positional arguments and the "--" that ends the flags, by hand.
		var pos []string
		ended := false
		for i := 0; i < len(args); i++ {
			a := args[i]
			switch {
			case a == "--":
				pos, ended = append(pos, args[i+1:]...), true
				i = len(args)
			case len(a) < 2 || a[0] != '-':
				pos = append(pos, a)
			case slices.Contains([]string{"-db", "--db", "-n", "--n"}, a):
				i++ // its value
			}
		}
		want := append(slices.Clone(args), "--")
		if ended {
			want = slices.Delete(want, slices.Index(want, "--"), slices.Index(want, "--")+1)
		}
		if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
			t.Fatalf("interleave(%q) = %q: not the same arguments", args, got)
		}
		if i := len(got) - len(pos) - 1; i < 0 || got[i] != "--" || !slices.Equal(got[i+1:], pos) {
			t.Fatalf("interleave(%q) = %q: want the positional arguments %q last, after a --", args, got, pos)
		}
	})
}
