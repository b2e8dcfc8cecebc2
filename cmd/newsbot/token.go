package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"newsbot/bot"
	"newsbot/content/safefile"
)

// tokenPattern is the shape of a token from @BotFather: the bot's numeric
// ID, a colon, and a secret of letters, digits, "_" and "-" (35 characters
// in the tokens Telegram issues; 30 or more are accepted).
var tokenPattern = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{30,}$`)

// checkToken is the one check of a token, wherever it was found: it
// returns t without surrounding spaces as a bot.Token when it has a token's
// shape, and otherwise an error naming from, where t came from, and never
// t itself.
func checkToken(t string, from tokenSource) (bot.Token, error) {
	t = strings.TrimSpace(t)
	if !tokenPattern.MatchString(t) {
		return "", fmt.Errorf("the %s does not hold a bot token: expected the bot's number, a colon and "+
			"a secret of 30 or more letters, digits, - or _, as @BotFather gives it (123456789:AAF…)", from)
	}
	return bot.Token(t), nil
}

// errNoToken says where a token may be configured.
var errNoToken = errors.New("no bot token configured: set TELEGRAM_BOT_TOKEN, " +
	"or give --token-file FILE (mode 0600), or store it in the OS keyring with `newsbot token set`")

// tokenSource says where a token was found, for `token status` and logs.
type tokenSource string

// findToken looks for the token in the order the README documents:
// TELEGRAM_BOT_TOKEN, then the token file, then the OS keyring.
func (app *App) findToken(ctx context.Context, c common) (bot.Token, tokenSource, error) {
	if t := strings.TrimSpace(app.Env("TELEGRAM_BOT_TOKEN")); t != "" {
		const src tokenSource = "environment variable TELEGRAM_BOT_TOKEN"
		tok, err := checkToken(t, src)
		return tok, src, err
	}
	if c.tokenFile != "" {
		t, err := readTokenFile(c.tokenFile)
		return t, tokenSource("token file " + c.tokenFile), err
	}
	t, err := withTimeout(ctx, func() (string, error) { return app.Keyring.Get(keyringService, keyringUser) })
	if errors.Is(err, errNoKeyringEntry) {
		return "", "", errNoToken
	}
	if err != nil {
		return "", "", fmt.Errorf("%w (keyring: %v)", errNoToken, err)
	}
	const src tokenSource = "OS keyring"
	tok, err := checkToken(t, src)
	return tok, src, err
}

// readTokenFile reads a token file, refusing one that others may read.
func readTokenFile(path string) (bot.Token, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("token file %s has mode %04o: others may read it; run `chmod 600 %s`", path, fi.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	return checkToken(string(b), tokenSource("token file "+path))
}

// tokenSynopsis is `newsbot token -h`'s list of subcommands.
const tokenSynopsis = `  newsbot token set [--file PATH]   read the token from standard input; store it in the OS keyring, or in PATH (mode 0600)
  newsbot token delete              remove the token from the OS keyring
  newsbot token status              say where the token was found and show the bot's ID, never the token
`

// token runs `newsbot token set|delete|status`.
func (app *App) token(ctx context.Context, args []string) error {
	split := app.flags("token", new(common))
	split.String("file", "", "")
	args = subcommandFirst(split, args)
	if len(args) == 0 {
		return fmt.Errorf("token: want set, delete or status: %w", errUsage)
	}
	var c common
	help := isHelp(args[0])
	fs := app.flags("token "+args[0], &c)
	if help {
		fs = app.flags("token", &c)
	}
	file := fs.String("file", "", "with set: write the token to this file (mode 0600) instead of the keyring")
	switch {
	case help:
		return app.commandHelp("token", tokenSynopsis, fs)
	case args[0] != "set" && args[0] != "delete" && args[0] != "status":
		return fmt.Errorf("token: unknown subcommand %q, want set, delete or status: %w", args[0], errUsage)
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("token %s takes no arguments, got %q: %w", args[0], fs.Args(), errUsage)
	}
	switch args[0] {
	case "set":
		return app.tokenSet(ctx, *file)
	case "delete":
		_, err := withTimeout(ctx, func() (struct{}, error) {
			return struct{}{}, app.Keyring.Delete(keyringService, keyringUser)
		})
		if err != nil && !errors.Is(err, errNoKeyringEntry) {
			return fmt.Errorf("token delete: %w", err)
		}
		fmt.Fprintln(app.Stdout, "The token was removed from the OS keyring.")
		return nil
	case "status":
		t, src, err := app.findToken(ctx, c)
		if err != nil {
			return err
		}
		fmt.Fprintf(app.Stdout, "Token found in the %s; bot ID %s.\n", src, t.BotID())
	}
	return nil
}

// tokenSet reads the token from standard input and stores it in the keyring,
// or in file when one is given: a new file of mode 0600 put in its place
// (safefile.Replace), never the old file written over.
func (app *App) tokenSet(ctx context.Context, file string) error {
	line, err := bufio.NewReader(app.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("token set: read the token from standard input: %w", err)
	}
	tok, err := checkToken(line, "standard input")
	if err != nil {
		return fmt.Errorf("token set: %w", err)
	}
	t := tok.Reveal()
	if file != "" {
		// A new file renamed over the old one: a reader that opened the old
		// file while it was looser never reads the new token.
		err := safefile.Replace(file, 0o600, func(f *os.File) error {
			_, err := f.WriteString(t + "\n")
			return err
		})
		if err != nil {
			return fmt.Errorf("token set: %w", err)
		}
		fmt.Fprintf(app.Stdout, "Token written to %s (mode 0600); run with --token-file %s.\n", file, file)
		return nil
	}
	_, err = withTimeout(ctx, func() (struct{}, error) { return struct{}{}, app.Keyring.Set(keyringService, keyringUser, t) })
	if err != nil {
		return fmt.Errorf("token set: the OS keyring is not usable here: %v; "+
			"use `newsbot token set --file /etc/newsbot/token` and --token-file, or TELEGRAM_BOT_TOKEN", err)
	}
	fmt.Fprintf(app.Stdout, "Token stored in the OS keyring; bot ID %s.\n", tok.BotID())
	return nil
}
