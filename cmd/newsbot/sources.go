package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"newsbot/content"
	"newsbot/content/source"
)

// sourcesSynopsis is `newsbot sources -h`'s list of subcommands.
const sourcesSynopsis = `  newsbot sources check FILE   fetch each source of FILE once and print what would be imported
`

// sources runs `newsbot sources SUBCOMMAND`.
func (app *App) sources(ctx context.Context, args []string) error {
	args = subcommandFirst(app.flags("sources", new(common)), args)
	if len(args) == 0 {
		return fmt.Errorf("sources needs a subcommand: check FILE: %w", errUsage)
	}
	if isHelp(args[0]) {
		var c common
		return app.commandHelp("sources", sourcesSynopsis, app.flags("sources check", &c))
	}
	switch args[0] {
	case "check":
		return app.sourcesCheck(ctx, args[1:])
	}
	return fmt.Errorf("unknown sources subcommand %q (want check): %w", args[0], errUsage)
}

// sourcesCheck fetches each source of the file once and prints what a poll
// would import: date, category, title and URL of every article. It opens no
// database and writes nothing. It fails when a source cannot be read or
// yields no article: a feed or page that lists nothing is as useless to the
// bot as one that does not answer (usually a wrong URL or selector).
func (app *App) sourcesCheck(ctx context.Context, args []string) error {
	var c common
	fs := app.flags("sources check", &c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("sources check takes one sources file, got %d arguments: %w", fs.NArg(), errUsage)
	}
	cfg, err := app.sourceConfig(fs.Arg(0))
	if err != nil {
		return err
	}
	log, err := app.logger(c)
	if err != nil {
		return err
	}
	p := source.New(cfg, source.Options{Log: log, Now: app.Now})
	failed := 0
	for _, src := range cfg.Sources {
		ch := p.Check(ctx, src)
		if ch.Err != nil || len(ch.Articles) == 0 {
			failed++
		}
		printChecked(app.Stdout, ch)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d sources could not be read or yielded no article", failed, len(cfg.Sources))
	}
	return nil
}

// sourceConfig reads the sources file at path (without a path: no file
// sources, the default rules and limits) and adds App.AllowPrivate to its
// allow_private: the one way every command gets its sources' settings.
func (app *App) sourceConfig(path string) (source.Config, error) {
	cfg := source.DefaultConfig()
	if path != "" {
		var err error
		if cfg, err = source.LoadConfig(path); err != nil {
			return source.Config{}, explainTOML(path, err)
		}
	}
	cfg.AllowPrivate = append(slices.Clip(cfg.AllowPrivate), app.AllowPrivate...)
	return cfg, nil
}

// printChecked prints one source's check: a heading, then each article's
// date (Vietnam time), category and title, with its URL below and a line
// "📎 NAME "LABEL" URL" for each of its documents. URLs are shown without
// user info.
func printChecked(w io.Writer, ch source.Checked) {
	src := ch.Source
	if ch.Err != nil {
		fmt.Fprintf(w, "%s (%s) %s: FAILED: %v\n\n", src.Name, src.Kind, source.Redact(src.URL), ch.Err)
		return
	}
	where := source.Redact(src.URL)
	if ch.URL != "" && ch.URL != src.URL {
		where += " → " + source.Redact(ch.URL)
	}
	label := ""
	if len(ch.Articles) > 0 {
		label = " (times in Vietnam time)"
	}
	fmt.Fprintf(w, "%s (%s) %s: %s%s\n", src.Name, src.Kind, where, content.Counted(len(ch.Articles), "article", "articles"), label)
	if len(ch.Articles) == 0 {
		fmt.Fprintf(w, "  ! FAILED: no article found; check the URL and, for a page, the selectors\n")
	}
	for i, a := range ch.Articles {
		mark := ""
		if ch.Urgent[i] || a.Urgent() {
			mark = " [urgent]"
		}
		fmt.Fprintf(w, "  %s  %-9s  %s%s\n", vnTime(a.Published),
			a.Category, a.Title, mark)
		if a.SourceURL != "" {
			fmt.Fprintf(w, "  %16s  %-9s  %s\n", "", "", a.SourceURL)
		}
		for _, d := range a.Attachments {
			label := ""
			if d.Label != "" {
				label = fmt.Sprintf(" %q", d.Label)
			}
			fmt.Fprintf(w, "  %16s  %-9s  📎 %s%s %s\n", "", "", d.Name, label, source.Redact(d.URL))
		}
	}
	for _, err := range ch.Failed {
		fmt.Fprintf(w, "  ! %v\n", err)
	}
	fmt.Fprintln(w)
}
