package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"newsbot/content"
)

// Ensure that SubscribeMany, like Subscribe, keeps a stored chat's every
// preference (categories, quiet hours, language chosen, digest and its
// spans, units) and JoinedAt, takes only what Telegram reports from the
// new record, makes a blocked or unsubscribed chat reachable again, and
// counts only the chats that were not receiving pushes.
func TestSubscribeManyKeepsPreferences(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	subscribe(t, db, 7, 8, 9)
	quiet := content.QuietHours{From: 21 * 60, To: 5 * 60}
	for _, id := range []int64{7, 8} {
		if _, err := db.SetPreferences(ctx, id, func(s *content.Subscriber) {
			s.Categories = []content.Category{content.CategoryDirective}
			s.Quiet = &quiet
			s.LangChoice = "en"
			s.SetDigest(true, fixedNow.Add(-48*time.Hour))
			s.SetDigest(false, fixedNow.Add(-24*time.Hour))
			s.SetDigest(true, fixedNow)
			s.Units = []string{"chi-bo-3"}
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Unsubscribe(ctx, 8); err != nil {
		t.Fatal(err)
	}
	before, err := db.Subscriber(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !before.Digest || len(before.DigestSpans) != 2 || before.LangChoice != "en" || len(before.Units) != 1 {
		t.Fatalf("preferences not set up: %+v", before)
	}

	// Chat 7 through Subscribe, 8 and 9 (and a new 10) through
	// SubscribeMany, each as Telegram reports it now.
	again := func(id int64) content.Subscriber {
		return content.Subscriber{ChatID: id, UserID: id, Username: "moi", Name: "Tên mới", Lang: "vi"}
	}
	if _, err := db.Subscribe(ctx, again(7)); err != nil {
		t.Fatal(err)
	}
	newly, err := db.SubscribeMany(ctx, []content.Subscriber{again(8), again(9), again(10)})
	if err != nil {
		t.Fatal(err)
	}
	if newly != 2 {
		t.Fatalf("SubscribeMany counted %d chats not receiving pushes, want 2 (8 and 10)", newly)
	}

	want := before
	want.UserID, want.Username, want.Name, want.Lang = 7, "moi", "Tên mới", "vi"
	if got, err := db.Subscriber(ctx, 7); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("after Subscribe:\n got %+v, %v\nwant %+v", got, err, want)
	}
	want.ChatID, want.UserID = 8, 8
	if got, err := db.Subscriber(ctx, 8); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("after SubscribeMany:\n got %+v, %v\nwant %+v", got, err, want)
	}
	if got, err := db.Subscriber(ctx, 10); err != nil || !got.Active() || !got.JoinedAt.Equal(fixedNow) || got.Name != "Tên mới" {
		t.Fatalf("new chat after SubscribeMany: %+v, %v", got, err)
	}
}
