package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"newsbot/content"
	"newsbot/content/inbox"
	"newsbot/content/vi"
	"newsbot/store"
)

// articleSynopsis is `newsbot article -h`'s list of subcommands.
const articleSynopsis = `  newsbot article list [--n N] [--deleted] [--json]   the latest articles (or the deleted ones), newest first
  newsbot article show ID [--json]                      one article, with its push jobs; a deleted one too
  newsbot article delete ID                             take an article out of /latest, search, inline mode, related
                                                        lists and digests, cancel its pushes; it is kept, marked deleted
  newsbot article retract ID                            delete it as delete does and queue the retraction of its notices:
                                                        the bot, when it next starts, deletes every message it became,
                                                        or replaces it by a notice past Telegram's 48 hours
  newsbot article retract --job N                       the same for announcement (broadcast) N, as /jobs numbers it
  newsbot article edit ID FILE [--notify]               replace its text with FILE's (an article file); the bot, when it
                                                        next starts, edits every notice in place, marked "(đã sửa lúc …)";
                                                        --notify also replies "Đính chính:" to each
  newsbot article edit --job N FILE [--notify]          the same for announcement N; FILE holds its new text (UTF-8)
`

// articleListTitle caps a title in the list's table, in runes.
const articleListTitle = 80

// article runs `newsbot article list | show ID | delete ID`. Flags may come
// before or after the ID. The subcommand and its arguments are checked
// before the database is opened, and a missing database is refused (never
// created); list and show open it read-only.
func (app *App) article(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("article: want list, show, delete, retract or edit: %w", errUsage)
	}
	var c common
	if isHelp(args[0]) {
		return app.commandHelp("article", articleSynopsis, app.flags("article", &c))
	}
	sub := args[0]
	fs := app.flags("article "+sub, &c)
	var n *int
	var deleted, asJSON, notify *bool
	var jobID *uint64
	switch sub {
	case "list":
		n = fs.Int("n", 20, "how many articles, newest first (0: all)")
		deleted = fs.Bool("deleted", false, "list the deleted articles, latest deleted first")
		asJSON = fs.Bool("json", false, "print the articles as a JSON array")
	case "show":
		asJSON = fs.Bool("json", false, "print the article, its deletion and its push jobs as JSON")
	case "delete":
	case "retract":
		jobID = fs.Uint64("job", 0, "retract announcement (broadcast) N instead of an article")
	case "edit":
		notify = fs.Bool("notify", false, "also reply \"Đính chính:\" to each notice, which rings")
		jobID = fs.Uint64("job", 0, "correct announcement (broadcast) N instead of an article; FILE holds its new text")
	default:
		return fmt.Errorf("article: unknown subcommand %q, want list, show, delete, retract or edit: %w", sub, errUsage)
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	pos := fs.Args()
	switch {
	case sub == "list" && len(pos) != 0:
		return fmt.Errorf("article list takes no arguments, only --n N, --deleted and --json; got %q: %w", pos, errUsage)
	case sub == "list" && *n < 0:
		return fmt.Errorf("article list: --n %d: want 0 (all) or more: %w", *n, errUsage)
	case sub == "edit" && *jobID != 0 && (len(pos) != 1 || pos[0] == ""):
		return fmt.Errorf("article edit --job %d: name the file with the announcement's corrected text: %w", *jobID, errUsage)
	case sub == "edit" && *jobID == 0 && (len(pos) != 2 || pos[0] == "" || pos[1] == ""):
		return fmt.Errorf("article edit: name one article ID and the file with its corrected text: %w", errUsage)
	case sub == "retract" && *jobID != 0 && len(pos) != 0:
		return fmt.Errorf("article retract --job %d takes no article ID; got %q: %w", *jobID, pos, errUsage)
	case sub != "list" && sub != "edit" && !(sub == "retract" && *jobID != 0) && (len(pos) != 1 || pos[0] == ""):
		return fmt.Errorf("article %s: name one article ID (newsbot article list shows them): %w", sub, errUsage)
	}
	db, err := app.openDB(c, store.Options{ReadOnly: sub == "list" || sub == "show"})
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "list":
		if *deleted {
			return app.listDeletedArticles(ctx, db, *n, *asJSON)
		}
		return app.listArticles(ctx, db, *n, *asJSON)
	case "show":
		return app.showArticle(ctx, db, pos[0], *asJSON)
	case "retract":
		if *jobID != 0 {
			return app.retractJob(ctx, db, *jobID)
		}
		return app.retractArticle(ctx, db, pos[0])
	case "edit":
		if *jobID != 0 {
			return app.editJob(ctx, db, *jobID, pos[0], *notify)
		}
		return app.editArticle(ctx, db, pos[0], pos[1], *notify)
	}
	return app.deleteArticle(ctx, db, pos[0])
}

// vnTime formats t in Vietnam time, to the minute.
func vnTime(t time.Time) string {
	return t.In(content.VietnamZone()).Format("2006-01-02 15:04")
}

// listArticles prints the latest n articles (0: all), newest publication
// first.
func (app *App) listArticles(ctx context.Context, db *store.DB, n int, asJSON bool) error {
	if n == 0 {
		var err error
		if n, err = db.CountArticles(ctx); err != nil {
			return err
		}
	}
	as, err := db.Latest(ctx, n)
	if err != nil {
		return err
	}
	if asJSON {
		return app.printJSON(nonNil(as))
	}
	if len(as) == 0 {
		fmt.Fprintln(app.Stdout, "No articles yet.")
		return nil
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPUBLISHED (VIETNAM)\tCATEGORY\tTITLE")
	for _, a := range as {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.ID, vnTime(a.Published), a.Category, listTitle(a.Title))
	}
	return tw.Flush()
}

// listDeletedArticles prints the n articles deleted last (0: all).
func (app *App) listDeletedArticles(ctx context.Context, db *store.DB, n int, asJSON bool) error {
	dels, err := db.DeletedArticles(ctx, n)
	if err != nil {
		return err
	}
	if asJSON {
		return app.printJSON(nonNil(dels))
	}
	if len(dels) == 0 {
		fmt.Fprintln(app.Stdout, "No article has been deleted.")
		return nil
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDELETED (VIETNAM)\tBY\tCATEGORY\tTITLE")
	for _, d := range dels {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.Article.ID, vnTime(d.At), deletedBy(d.By), d.Article.Category, listTitle(d.Article.Title))
	}
	return tw.Flush()
}

// listTitle keeps a title to one table row of reasonable width.
func listTitle(title string) string {
	t := oneLine(title)
	if cut := vi.TruncateRunes(t, articleListTitle); cut != t {
		return cut + "…"
	}
	return t
}

// deletedBy names who deleted an article.
func deletedBy(by int64) string {
	if by == 0 {
		return "command line"
	}
	return fmt.Sprintf("admin %d", by)
}

// articleView is what `article show --json` prints.
type articleView struct {
	Article content.Article `json:"article"`
	// Deleted is the deletion record; null for an article still stored.
	Deleted *content.ArticleDeletion `json:"deleted"`
	Jobs    []content.Job            `json:"jobs"`
}

// showArticle prints article id, stored or deleted, with its push jobs.
// An ID that names neither is an error (exit 1).
func (app *App) showArticle(ctx context.Context, db *store.DB, id string, asJSON bool) error {
	var v articleView
	a, err := db.Article(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		del, derr := db.DeletedArticle(ctx, id)
		if errors.Is(derr, store.ErrNotFound) {
			return noArticle("show", id)
		}
		if derr != nil {
			return derr
		}
		v.Article, v.Deleted = del.Article, &del
	case err != nil:
		return err
	default:
		v.Article = a
	}
	if v.Jobs, err = db.ArticleJobs(ctx, id); err != nil {
		return err
	}
	if asJSON {
		v.Jobs = nonNil(v.Jobs)
		return app.printJSON(v)
	}
	a = v.Article
	w := tabwriter.NewWriter(app.Stdout, 0, 4, 2, ' ', 0)
	row := func(k, val string) {
		if val != "" {
			fmt.Fprintf(w, "%s\t%s\n", k, val)
		}
	}
	row("ID:", a.ID)
	if v.Deleted != nil {
		row("DELETED:", fmt.Sprintf("%s (Vietnam time) by the %s; no longer listed, searched or pushed", vnTime(v.Deleted.At), deletedBy(v.Deleted.By)))
	}
	row("Title:", oneLine(a.Title))
	row("Published:", vnTime(a.Published)+" (Vietnam time)")
	row("Category:", string(a.Category))
	row("Source:", articleSource(a))
	row("Author:", oneLine(a.Author))
	row("Lead:", oneLine(a.Lead))
	row("Paragraphs:", fmt.Sprint(len(a.Body)))
	if len(a.Images) > 0 {
		row("Pictures:", fmt.Sprint(len(a.Images)))
	}
	if len(v.Jobs) == 0 {
		row("Push:", "none (stored quietly, or nobody was subscribed)")
	}
	for i, j := range v.Jobs {
		k := ""
		if i == 0 {
			k = "Push jobs:"
		}
		row(k, jobLine(j))
	}
	return w.Flush()
}

// articleSource says where an article came from: its page, and how it
// reached newsbot when not by the portal's export.
func articleSource(a content.Article) string {
	switch {
	case a.SourceURL != "" && a.Source != "":
		return a.SourceURL + " (" + a.Source + ")"
	case a.SourceURL != "":
		return a.SourceURL
	case a.Source != "":
		return a.Source
	}
	return "article file (no link)"
}

// jobLine summarises a push job for `article show`.
func jobLine(j content.Job) string {
	state := "sending"
	switch {
	case j.Cancelled:
		state = "cancelled"
	case j.Done:
		state = "done"
	}
	what := ""
	if j.RemindOf != 0 {
		what = fmt.Sprintf(" (reminder of #%d)", j.RemindOf)
	}
	return fmt.Sprintf("#%d%s %s, created %s: %s, %d sent, %d blocked, %d failed, %d not sent",
		j.ID, what, state, vnTime(j.Created), content.Counted(j.Total, "recipient", "recipients"), j.Sent, j.Blocked, j.Failed, j.Pending())
}

// deleteArticle deletes article id and records it in the audit log. An
// article deleted already is reported, and nothing changes; an unknown ID
// is an error (exit 1).
func (app *App) deleteArticle(ctx context.Context, db *store.DB, id string) error {
	del, err := db.DeleteArticle(ctx, id, 0)
	if errors.Is(err, store.ErrNotFound) {
		was, derr := db.DeletedArticle(ctx, id)
		if errors.Is(derr, store.ErrNotFound) {
			return noArticle("delete", id)
		}
		if derr != nil {
			return derr
		}
		fmt.Fprintf(app.Stdout, "Article %s was already deleted on %s (Vietnam time); nothing changed.\n", id, vnTime(was.At))
		return nil
	}
	if err != nil {
		return err
	}
	_, auditErr := db.AppendAudit(ctx, content.AuditEntry{Action: content.AuditArticleDelete, Detail: del.AuditDetail()})
	fmt.Fprintf(app.Stdout, "Deleted article %s %q: %s cancelled, %s not yet sent dropped.\n"+
		"It is kept, marked deleted: newsbot article show %s\n",
		id, oneLine(del.Article.Title), content.Counted(len(del.Cancelled), "push job", "push jobs"), content.Counted(del.Spared, "notice", "notices"), id)
	if auditErr != nil {
		return fmt.Errorf("warning: article %s was deleted, but the deletion is not in the audit log: %w", id, auditErr)
	}
	return nil
}

// retractArticle deletes article id and queues the retraction of its
// notices in one transaction (store.RetractArticle), audited with how many
// chats it reaches. The bot (stopped while the command holds the database)
// performs it when it next starts.
func (app *App) retractArticle(ctx context.Context, db *store.DB, id string) error {
	del, job, err := db.RetractArticle(ctx, id, 0)
	if errors.Is(err, store.ErrNotFound) {
		if _, derr := db.DeletedArticle(ctx, id); derr == nil {
			return fmt.Errorf("article retract: article %s was already deleted; its notices can no longer be retracted from here", id)
		}
		return noArticle("retract", id)
	}
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("%s %q: #%d, %s", id, del.Article.Title, job.ID, content.Counted(job.Total, "chat", "chats"))
	_, auditErr := db.AppendAudit(ctx, content.AuditEntry{Action: content.AuditArticleRetract, Detail: detail})
	fmt.Fprintf(app.Stdout, "Retracted article %s %q: it left /latest and search; take-down #%d will delete its messages in %s.\n"+
		"The bot does it when it next starts; progress: /jobs in the bot.\n",
		id, oneLine(del.Article.Title), job.ID, content.Counted(job.Total, "chat", "chats"))
	if auditErr != nil {
		return fmt.Errorf("warning: article %s was retracted, but the retraction is not in the audit log: %w", id, auditErr)
	}
	return nil
}

// editArticle replaces article id's title, lead and body with those of
// the article file at path and queues the correction of its notices in one
// transaction (store.CorrectArticle), audited with how many chats it
// reaches. The file's category and source URL replace the stored ones when
// it has them; everything else (the publication time, pictures, author)
// stays. The bot performs the edits when it next starts.
func (app *App) editArticle(ctx context.Context, db *store.DB, id, path string, notify bool) error {
	f, _, err := inbox.ReadFile(path, app.Now())
	if err != nil {
		return fmt.Errorf("article edit: %s: %w", path, err)
	}
	fix := content.ArticleFix{ID: id, Title: f.Title, Lead: f.Lead, Body: f.Body, Category: f.Category, SourceURL: f.SourceURL}
	a, job, err := db.CorrectArticle(ctx, fix, 0, notify)
	if errors.Is(err, store.ErrNotFound) {
		return noArticle("edit", id)
	}
	if err != nil {
		return err
	}
	detail := fmt.Sprintf("%s %q: #%d, %s", id, a.Title, job.ID, content.Counted(job.Total, "chat", "chats"))
	if notify {
		detail += ", notified"
	}
	_, auditErr := db.AppendAudit(ctx, content.AuditEntry{Action: content.AuditArticleCorrect, Detail: detail})
	fmt.Fprintf(app.Stdout, "Corrected article %s %q: correction #%d will edit its notices in %s.\n"+
		"The bot does it when it next starts; progress: /jobs in the bot.\n", id, oneLine(a.Title), job.ID, content.Counted(job.Total, "chat", "chats"))
	if auditErr != nil {
		return fmt.Errorf("warning: article %s was corrected, but the correction is not in the audit log: %w", id, auditErr)
	}
	return nil
}

// retractJob queues the retraction of broadcast id's notice
// (store.RetractJob), audited with how many chats it reaches; the bot
// performs it when it next starts.
func (app *App) retractJob(ctx context.Context, db *store.DB, id uint64) error {
	job, err := db.RetractJob(ctx, id, 0)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("article retract --job %d: no such announcement (/jobs in the bot shows the numbers)", id)
	case errors.Is(err, store.ErrNotRetractable):
		return fmt.Errorf("article retract --job %d: it cannot be withdrawn (already withdrawn, or a take-down, correction or digest itself)", id)
	case err != nil:
		return err
	}
	detail := fmt.Sprintf("#%d: #%d, %s", id, job.ID, content.Counted(job.Total, "chat", "chats"))
	_, auditErr := db.AppendAudit(ctx, content.AuditEntry{Action: content.AuditBroadcastRetract, Detail: detail})
	fmt.Fprintf(app.Stdout, "Withdrew announcement #%d: take-down #%d will delete its messages in %s.\n"+
		"The bot does it when it next starts; progress: /jobs in the bot.\n", id, job.ID, content.Counted(job.Total, "chat", "chats"))
	if auditErr != nil {
		return fmt.Errorf("warning: announcement #%d was withdrawn, but the withdrawal is not in the audit log: %w", id, auditErr)
	}
	return nil
}

// editJob replaces broadcast id's text with the file at path (UTF-8 text)
// and queues the correction of its notice (store.CorrectJob), audited with
// how many chats it reaches; the bot performs the edits when it next
// starts.
func (app *App) editJob(ctx context.Context, db *store.DB, id uint64, path string, notify bool) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("article edit --job %d: %w", id, err)
	}
	text := strings.TrimSpace(string(raw))
	switch {
	case !utf8.ValidString(text):
		return fmt.Errorf("article edit --job %d: %s is not UTF-8 text", id, path)
	case text == "":
		return fmt.Errorf("article edit --job %d: %s is empty", id, path)
	}
	job, err := db.CorrectJob(ctx, id, text, 0, notify)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("article edit --job %d: no such announcement (/jobs in the bot shows the numbers)", id)
	case errors.Is(err, store.ErrNotCorrectable):
		return fmt.Errorf("article edit --job %d: it cannot be corrected (withdrawn, or not an announcement)", id)
	case err != nil:
		return err
	}
	detail := fmt.Sprintf("#%d %q: #%d, %s", id, oneLine(text), job.ID, content.Counted(job.Total, "chat", "chats"))
	if notify {
		detail += ", notified"
	}
	_, auditErr := db.AppendAudit(ctx, content.AuditEntry{Action: content.AuditBroadcastCorrect, Detail: detail})
	fmt.Fprintf(app.Stdout, "Corrected announcement #%d: correction #%d will edit its messages in %s.\n"+
		"The bot does it when it next starts; progress: /jobs in the bot.\n", id, job.ID, content.Counted(job.Total, "chat", "chats"))
	if auditErr != nil {
		return fmt.Errorf("warning: announcement #%d was corrected, but the correction is not in the audit log: %w", id, auditErr)
	}
	return nil
}

// noArticle is the error for an ID that names no article.
func noArticle(sub, id string) error {
	return fmt.Errorf("article %s: no article with ID %q (newsbot article list shows the IDs, --deleted the deleted ones)", sub, id)
}

// printJSON prints v as indented JSON.
func (app *App) printJSON(v any) error {
	enc := json.NewEncoder(app.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// nonNil turns a nil slice into an empty one, so JSON prints [] not null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
