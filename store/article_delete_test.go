package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// Ensure that a deleted article leaves Latest, Search (what /latest,
// /search and inline mode show), Related and a digest run already started;
// that its push job, partly sent (by category and to a keyword alert's
// owner), is cancelled with the rest spared; that it is kept, with the time
// and who deleted it, across a restart; and that publishing it again (a
// source still listing it) stores and pushes nothing.
func TestDeleteArticleTakesItOutEverywhere(t *testing.T) {
	ctx := context.Background()
	zone := content.VietnamZone()
	now := time.Date(2026, 3, 11, 15, 0, 0, 0, zone)
	open := clockDB(t, &now)
	db := open()
	subscribe(t, db, 1, 2, 3, 4, 5)
	setDigest(t, db, 4, true, now)
	// Chat 5 wants conferences only, and gets the article by its keyword alert.
	if _, err := db.SetPreferences(ctx, 5, func(s *content.Subscriber) {
		s.Categories = []content.Category{content.CategoryConference}
	}); err != nil {
		t.Fatal(err)
	}
	addAlert(t, db, 5, "tổng kết")
	if _, _, err := db.StartDigest(ctx, content.DigestDue(now, zone), now); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	publish := func(title string) content.Article {
		t.Helper()
		res, err := db.PublishArticle(ctx, article(title, now))
		if err != nil || !res.Created {
			t.Fatalf("publish %q: %+v %v", title, res, err)
		}
		return res.Article
	}
	other := publish("Xã Hòa Bình đạt chuẩn nông thôn mới")
	wrong := content.Article{Title: "Tổng kết xây dựng nông thôn mới năm 2025", Lead: "Bản nháp đăng nhầm.",
		Body: []string{"Nội dung."}, Category: content.CategoryNews, Published: now, SourceURL: "https://x.vn/nham"}
	wrong.ID = wrong.DeriveID()
	res, err := db.PublishArticle(ctx, wrong)
	if err != nil || res.Job.ID == 0 {
		t.Fatalf("publish: %+v %v", res, err)
	}
	jobID := res.Job.ID
	if got := recipientAlerts(t, db, jobID); len(got) != 4 || got[5] != "tổng kết" {
		t.Fatalf("recipients=%v, want 1, 2, 3 and 5 by its alert", got)
	}
	if _, err := db.RecordDeliveries(ctx, jobID, []content.Delivery{{ChatID: 1, Outcome: content.OutcomeSent}}); err != nil {
		t.Fatal(err)
	}
	now = time.Date(2026, 3, 12, 7, 0, 0, 0, zone)
	digest, started, err := db.StartDigest(ctx, content.DigestDue(now, zone), now)
	if err != nil || !started || digest.ID == 0 {
		t.Fatalf("digest: %+v started=%v err=%v", digest, started, err)
	}
	// Before: it is everywhere.
	if as, _ := db.DigestArticles(ctx, digest.ID, 4); !slices.Contains(titles(as), wrong.Title) {
		t.Fatalf("digest before delete=%q", titles(as))
	}
	if got := searchIDs(t, db, "nông thôn mới"); !slices.Contains(got, wrong.ID) {
		t.Fatalf("search before delete=%v", got)
	}
	if rel, err := db.Related(ctx, other.ID, 5); err != nil || !slices.Contains(titles(rel), wrong.Title) {
		t.Fatalf("related before delete=%q %v", titles(rel), err)
	}

	now = now.Add(time.Minute)
	del, err := db.DeleteArticle(ctx, wrong.ID, 801)
	if err != nil {
		t.Fatal(err)
	}
	if del.Article.Title != wrong.Title || !del.At.Equal(now) || del.By != 801 ||
		!slices.Equal(del.Cancelled, []uint64{jobID}) || del.Spared != 3 {
		t.Fatalf("deletion=%+v, want job %d cancelled with 3 notices spared (chat 4 reads the digest) at %v", del, jobID, now)
	}
	if got, want := del.AuditDetail(), wrong.ID+" "+wrong.Title; got != want {
		t.Fatalf("audit detail=%q, want %q", got, want)
	}

	check := func(when string) {
		t.Helper()
		if _, err := db.Article(ctx, wrong.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: Article err=%v, want ErrNotFound", when, err)
		}
		if as, err := db.Latest(ctx, 10); err != nil || !slices.Equal(titles(as), []string{other.Title}) {
			t.Errorf("%s: latest=%q %v", when, titles(as), err)
		}
		if got := searchIDs(t, db, "nông thôn mới"); !slices.Equal(got, []string{other.ID}) {
			t.Errorf("%s: search=%v", when, got)
		}
		if got := searchIDs(t, db, "đăng nhầm"); len(got) != 0 {
			t.Errorf("%s: search for its lead=%v", when, got)
		}
		if rel, err := db.Related(ctx, other.ID, 5); err != nil || slices.Contains(titles(rel), wrong.Title) {
			t.Errorf("%s: related=%q %v", when, titles(rel), err)
		}
		if _, err := db.Related(ctx, wrong.ID, 5); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: related to it: err=%v, want ErrNotFound", when, err)
		}
		if as, err := db.DigestArticles(ctx, digest.ID, 4); err != nil || slices.Contains(titles(as), wrong.Title) {
			t.Errorf("%s: digest=%q %v", when, titles(as), err)
		}
		job, err := db.Job(ctx, jobID)
		if err != nil || !job.Cancelled || !job.Done || job.Sent != 1 || job.Pending() != 3 {
			t.Errorf("%s: job=%+v %v, want cancelled after 1 sent", when, job, err)
		}
		open, err := db.OpenJobs(ctx)
		if err != nil || slices.ContainsFunc(open, func(j content.Job) bool { return j.ID == jobID }) {
			t.Errorf("%s: open jobs=%+v %v", when, open, err)
		}
		kept, err := db.DeletedArticle(ctx, wrong.ID)
		if err != nil || kept.Article.Lead != wrong.Lead || !kept.At.Equal(del.At) || kept.By != 801 {
			t.Errorf("%s: kept=%+v %v", when, kept, err)
		}
		list, err := db.DeletedArticles(ctx, 0)
		if err != nil || len(list) != 1 || list[0].Article.ID != wrong.ID {
			t.Errorf("%s: deleted articles=%+v %v", when, list, err)
		}
		jobs, err := db.ArticleJobs(ctx, wrong.ID)
		if err != nil || len(jobs) != 1 || jobs[0].ID != jobID || !jobs[0].Cancelled {
			t.Errorf("%s: article jobs=%+v %v", when, jobs, err)
		}
		if known, err := db.HasArticle(ctx, wrong.ID); err != nil || !known {
			t.Errorf("%s: HasArticle=%v %v, want true (not to be read again)", when, known, err)
		}
	}
	check("after delete")
	db = open()
	check("after a restart")

	// A source that still lists it, or the same file imported again.
	again, err := db.PublishArticle(ctx, wrong)
	if err != nil || again.Created || again.Job.ID != 0 {
		t.Fatalf("published again: %+v %v", again, err)
	}
	check("after publishing it again")
	if _, err := db.DeleteArticle(ctx, wrong.ID, 0); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleting twice: err=%v, want ErrNotFound", err)
	}
	check("after deleting twice")
	// The next digest run has nothing of it either.
	now = time.Date(2026, 3, 13, 7, 0, 0, 0, zone)
	if next, _, err := db.StartDigest(ctx, content.DigestDue(now, zone), now); err != nil || next.ID != 0 {
		t.Fatalf("next digest: %+v %v, want no run (nothing to read)", next, err)
	}
}

// Ensure that an unknown ID is ErrNotFound and changes nothing, and that
// ArticleJobs and DeletedArticle know nothing of it.
func TestDeleteArticleUnknown(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1)
	res, err := db.PublishArticle(ctx, article("Tin thường", fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"no-such-article", "", res.Article.ID + "x"} {
		if _, err := db.DeleteArticle(ctx, id, 0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("delete %q: err=%v, want ErrNotFound", id, err)
		}
		if _, err := db.DeletedArticle(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted article %q: err=%v, want ErrNotFound", id, err)
		}
	}
	if jobs, err := db.ArticleJobs(ctx, "no-such-article"); err != nil || len(jobs) != 0 {
		t.Errorf("jobs of an unknown article=%+v %v", jobs, err)
	}
	if as, err := db.Latest(ctx, 5); err != nil || len(as) != 1 {
		t.Fatalf("latest=%q %v", titles(as), err)
	}
	if job, err := db.Job(ctx, res.Job.ID); err != nil || job.Cancelled || job.Done {
		t.Fatalf("job=%+v %v, want it open", job, err)
	}
	if list, err := db.DeletedArticles(ctx, 0); err != nil || len(list) != 0 {
		t.Fatalf("deleted articles=%+v %v", list, err)
	}
}

// Ensure that deleting a directive whose notice was sent cancels the
// reminder still going out, and leaves other articles' jobs alone; and that
// ArticleJobs lists the job and its reminder.
func TestDeleteArticleCancelsReminder(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1, 2)
	job := publishDirective(t, db, "Chỉ thị số 9")
	if _, err := db.RecordDeliveries(ctx, job.ID, []content.Delivery{
		{ChatID: 1, Outcome: content.OutcomeSent}, {ChatID: 2, Outcome: content.OutcomeSent}}); err != nil {
		t.Fatal(err)
	}
	rem, err := db.RemindUnacknowledged(ctx, job.ID, 801)
	if err != nil {
		t.Fatal(err)
	}
	keep, err := db.PublishArticle(ctx, article("Tin khác", fixedNow))
	if err != nil || keep.Job.ID == 0 {
		t.Fatalf("%+v %v", keep, err)
	}
	del, err := db.DeleteArticle(ctx, job.ArticleID, 801)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(del.Cancelled, []uint64{rem.ID}) || del.Spared != 2 {
		t.Fatalf("deletion=%+v, want reminder %d cancelled, 2 spared", del, rem.ID)
	}
	if j, err := db.Job(ctx, rem.ID); err != nil || !j.Cancelled {
		t.Fatalf("reminder=%+v %v", j, err)
	}
	if j, err := db.Job(ctx, keep.Job.ID); err != nil || j.Cancelled || j.Done {
		t.Fatalf("another article's job=%+v %v, want it open", j, err)
	}
	jobs, err := db.ArticleJobs(ctx, job.ArticleID)
	if err != nil || len(jobs) != 2 || jobs[0].ID != job.ID || jobs[1].ID != rem.ID || jobs[0].Cancelled || !jobs[0].Done {
		t.Fatalf("article jobs=%+v %v, want the sent job then the cancelled reminder", jobs, err)
	}
}

// Ensure that the deleted articles list the latest deletion first and
// honour n.
func TestDeletedArticlesOrder(t *testing.T) {
	ctx := context.Background()
	now := fixedNow
	open := clockDB(t, &now)
	db := open()
	var ids []string
	for _, title := range []string{"Một", "Hai", "Ba"} {
		res, err := db.PublishArticle(ctx, article(title, fixedNow))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.Article.ID)
	}
	for _, id := range ids {
		now = now.Add(time.Minute)
		if _, err := db.DeleteArticle(ctx, id, 0); err != nil {
			t.Fatal(err)
		}
	}
	list, err := db.DeletedArticles(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range list {
		got = append(got, d.Article.Title)
	}
	if want := []string{"Ba", "Hai"}; !slices.Equal(got, want) {
		t.Fatalf("deleted=%q, want %q", got, want)
	}
}

// Ensure that a deleted article leaves the most viewed articles of /stats,
// and that the receipt of its acknowledged notice keeps its title.
func TestDeletedArticleInStatsAndReceipts(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 1)
	job := publishDirective(t, db, "Chỉ thị số 12")
	other, err := db.PublishArticle(ctx, article("Tin thường", fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	month := fixedNow.Format("2006-01")
	var v content.Visits
	for _, id := range []string{job.ArticleID, other.Article.ID} {
		v.View(content.Day(fixedNow.Format("2006-01-02")), id)
	}
	if err := db.CommitUpdates(ctx, 1, v); err != nil {
		t.Fatal(err)
	}
	viewed := func() []string {
		t.Helper()
		s, err := db.AdminStats(ctx, fixedNow.Add(-time.Hour), month, 5)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, v := range s.MostViewed {
			out = append(out, v.Title)
		}
		slices.Sort(out)
		return out
	}
	if got, want := viewed(), []string{"Chỉ thị số 12", "Tin thường"}; !slices.Equal(got, want) {
		t.Fatalf("most viewed=%q, want %q", got, want)
	}
	if _, err := db.DeleteArticle(ctx, job.ArticleID, 0); err != nil {
		t.Fatal(err)
	}
	if got, want := viewed(), []string{"Tin thường"}; !slices.Equal(got, want) {
		t.Fatalf("most viewed after delete=%q, want %q", got, want)
	}
	rcs, err := db.Receipts(ctx, 5)
	if err != nil || len(rcs) != 1 || rcs[0].Title != "Chỉ thị số 12" {
		t.Fatalf("receipts=%+v %v, want the deleted directive's title", rcs, err)
	}
}
