package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"newsbot/content"
	"newsbot/store"
)

// Ensure that a source's state is stored and read back whole, and an
// unknown source is ErrNotFound.
func TestSourceStateRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if _, err := db.SourceState(ctx, "portal"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	want := store.SourceState{Name: "portal", ConfiguredURL: "https://x.vn/rss", URL: "https://x.vn/rss2", ETag: `"7"`,
		LastModified: "Fri, 12 Mar 2021 01:05:09 GMT", FirstPollDone: true, FirstPollAt: fixedNow,
		Backlog: []string{"https://x.vn/a"}, LastPoll: fixedNow, LastSuccess: fixedNow, NextPoll: fixedNow.Add(time.Minute),
		Failures: 2, LastError: "HTTP 500", FailingNotified: true, Items: 12, Pushed: 3}
	if err := db.PutSourceState(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := db.SourceState(ctx, "portal")
	if err != nil {
		t.Fatal(err)
	}
	if !got.NextPoll.Equal(want.NextPoll) || !got.LastPoll.Equal(want.LastPoll) {
		t.Fatalf("times: %+v", got)
	}
	got.FirstPollAt, got.LastPoll, got.LastSuccess, got.NextPoll = want.FirstPollAt, want.LastPoll, want.LastSuccess, want.NextPoll
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%+v\nwant\n%+v", got, want)
	}
	if err := db.PutSourceState(ctx, store.SourceState{}); err == nil {
		t.Fatal("a state without a name was stored")
	}
}

// Ensure that only SetSourcePaused changes Paused: a poll's state written
// after an admin paused the source does not resume it.
func TestSourcePausedBelongsToAdmins(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	st, err := db.SetSourcePaused(ctx, "trang", true)
	if err != nil || !st.Paused || st.Name != "trang" {
		t.Fatalf("pause a source never polled: %+v, %v", st, err)
	}
	if err := db.PutSourceState(ctx, store.SourceState{Name: "trang", Items: 5}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.SourceState(ctx, "trang")
	if !got.Paused || got.Items != 5 {
		t.Fatalf("after a poll's write: %+v", got)
	}
	if _, err := db.SetSourcePaused(ctx, "trang", false); err != nil {
		t.Fatal(err)
	}
	if err := db.PutSourceState(ctx, store.SourceState{Name: "trang", Items: 6, Paused: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.SourceState(ctx, "trang"); got.Paused || got.Items != 6 {
		t.Fatalf("a poll's write paused the source: %+v", got)
	}
	all, err := db.SourceStates(ctx)
	if err != nil || len(all) != 1 || all[0].Name != "trang" {
		t.Fatalf("states %+v, %v", all, err)
	}
}

// Ensure that a quiet publication stores and indexes the article without a
// push job, and an urgent one makes the job urgent.
func TestPublishArticleWith(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	if _, err := db.Subscribe(ctx, content.Subscriber{ChatID: 7, Subscribed: true, JoinedAt: fixedNow}); err != nil {
		t.Fatal(err)
	}
	quiet := article("Hội nghị chuyển đổi số", fixedNow)
	res, err := db.PublishArticleWith(ctx, quiet, store.PublishOptions{Quiet: true})
	if err != nil || !res.Created || res.Job.ID != 0 {
		t.Fatalf("quiet: %+v, %v", res, err)
	}
	if ids := searchIDs(t, db, "chuyển đổi số"); len(ids) != 1 || ids[0] != quiet.ID {
		t.Fatalf("the quiet article is not searchable: %v", ids)
	}
	if ok, err := db.HasArticle(ctx, quiet.ID); err != nil || !ok {
		t.Fatalf("HasArticle = %v, %v", ok, err)
	}
	if ok, _ := db.HasArticle(ctx, "khong-co"); ok {
		t.Fatal("HasArticle of an unknown ID")
	}
	again, err := db.PublishArticleWith(ctx, quiet, store.PublishOptions{})
	if err != nil || again.Created || again.Job.ID != 0 {
		t.Fatalf("publishing again: %+v, %v", again, err)
	}
	urgent := article("Chống cháy rừng", fixedNow)
	res, err = db.PublishArticleWith(ctx, urgent, store.PublishOptions{Urgent: true})
	if err != nil || !res.Created || res.Job.ID == 0 || !res.Job.Urgent || res.Job.Total != 1 {
		t.Fatalf("urgent: %+v, %v", res, err)
	}
	jobs, _ := db.RecentJobs(ctx, 10)
	if len(jobs) != 1 {
		t.Fatalf("jobs %+v, want the urgent article's only", jobs)
	}
}
