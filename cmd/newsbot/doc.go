// Command newsbot runs the district news bot and its maintenance commands.
// See the README for every command, flag and setting.
//
// It owns the command line (flags and environment to config), the wiring of
// store, bot, sources and inbox into one App (injected environment, streams,
// keyring and clock), one file per subcommand, and the reading of the
// operator's files (the units file: parseUnits). It is the only package that
// imports all the others; nothing imports it.
package main
