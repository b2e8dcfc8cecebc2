package main

import (
	"flag"
	"strings"
)

// interleave returns args with the flags fs defines moved before the
// positional arguments, each keeping its order, and a "--" between the two,
// so that the flag package, which stops at the first positional argument,
// reads `newsbot admin add 777 --db x.db` as `newsbot admin add --db x.db 777`.
//
// A flag that takes a value keeps the argument after it, unless written
// -flag=value; a boolean flag takes none. A "--" in args ends the flags:
// everything after it is positional, even what starts with "-". A lone "-"
// is positional. An argument that starts with "-" but names no flag of fs
// stays among the flags, so that fs.Parse reports it (or answers -h).
func interleave(fs *flag.FlagSet, args []string) []string {
	flags, pos := splitArgs(fs, args)
	return append(append(flags, "--"), pos...)
}

// subcommandFirst returns args with their first positional argument, as fs
// reads them, moved to the front, so that a command with subcommands finds
// its subcommand in args[0] even after flags (`newsbot admin --db x.db add
// 777`). args without a positional argument are returned as they are.
func subcommandFirst(fs *flag.FlagSet, args []string) []string {
	flags, pos := splitArgs(fs, args)
	if len(pos) == 0 {
		return args
	}
	return append(append(append([]string{pos[0]}, flags...), "--"), pos[1:]...)
}

// splitArgs returns the flags of args, with their values, and the
// positional arguments, as interleave describes.
func splitArgs(fs *flag.FlagSet, args []string) (flags, pos []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case len(a) < 2 || a[0] != '-':
			pos = append(pos, a)
		default:
			flags = append(flags, a)
			name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
			if strings.Contains(name, "=") || i+1 == len(args) {
				continue
			}
			if f := fs.Lookup(name); f != nil && !isBoolFlag(f) {
				flags, i = append(flags, args[i+1]), i+1
			}
		}
	}
	return flags, pos
}

// isBoolFlag reports whether f takes no value, as the flag package decides.
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
