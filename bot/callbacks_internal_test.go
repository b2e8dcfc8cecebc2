package bot

import (
	"maps"
	"slices"
	"testing"
	"time"
)

// callbackTable is every prefix of the callbacks table with the literal it
// must keep: buttons already sent in chats carry these strings.
var callbackTable = []struct{ name, got, want string }{
	{"callbackArticle", callbackArticle, "a"},
	{"callbackAck", callbackAck, "ack"},
	{"callbackAdmins", callbackAdmins, "adm"},
	{"callbackAlert", callbackAlert, "al"},
	{"callbackJoin", callbackJoin, "ap"},
	{"callbackBroadcast", callbackBroadcast, "b"},
	{"callbackCategory", callbackCategory, "c"},
	{"callbackCorrect", callbackCorrect, "cr"},
	{"callbackDigest", callbackDigest, "dg"},
	{"callbackInvite", callbackInvite, "inv"},
	{"callbackJob", callbackJob, "j"},
	{"callbackLang", callbackLang, "lang"},
	{"callbackMembers", callbackMembers, "mem"},
	{"callbackPost", callbackPost, "post"},
	{"callbackQuiet", callbackQuiet, "q"},
	{"callbackReceipt", callbackReceipt, "rc"},
	{"callbackRetract", callbackRetract, "rt"},
	{"callbackSearch", callbackSearch, "s"},
	{"callbackSources", callbackSources, "src"},
	{"callbackUnit", callbackUnit, "u"},
}

// Ensure that every callback-data prefix keeps its literal value, that no
// two share one, and that the bot registers exactly the prefixes of the
// table, each once (Router.Callback panics on a second registration).
func TestCallbackPrefixesAreTheFixedTable(t *testing.T) {
	seen := map[string]string{}
	for _, c := range callbackTable {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q: buttons already sent carry %q", c.name, c.got, c.want, c.want)
		}
		if other, ok := seen[c.got]; ok {
			t.Errorf("%s and %s are both %q", other, c.name, c.got)
		}
		seen[c.got] = c.name
	}
	b, _, _ := newProgressBot(t, &listedJobs{}, time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC))
	got := slices.Sorted(maps.Keys(b.router.callbacks))
	want := slices.Sorted(maps.Keys(seen))
	if !slices.Equal(got, want) {
		t.Fatalf("registered callback prefixes %q, want the table's %q", got, want)
	}
}

// Ensure that registering a callback prefix twice panics instead of
// silently sending the first handler's buttons to the second.
func TestRouterCallbackRegisteredTwicePanics(t *testing.T) {
	rt := NewRouter("newsbot")
	rt.Callback(callbackArticle, nil)
	defer func() {
		if recover() == nil {
			t.Fatal("a second registration of the same prefix did not panic")
		}
	}()
	rt.Callback(callbackArticle, nil)
}
