package bot

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsbot/content"
)

// namesAPlace matches a named place or body: an administrative word (or a
// known district) followed by a capitalised name, as in "Trung tâm Văn hóa",
// "huyện Hoằng Hóa", "Xã Hoằng Tiến". "huyện." or "the district's" alone
// name no one.
var namesAPlace = regexp.MustCompile(`(?i:huyện|xã|tỉnh|thị trấn|phường|quận|thành phố|trung tâm|cổng thông tin|ủy ban|huyện ủy|district|commune|province)\s+\p{Lu}|Hoằng`)

// identityTexts renders, in l, what people see of the identity: the
// greeting of a newcomer, /help, a digest's text, a push's card and a
// broadcast — with the functions the handlers and the delivery worker call.
func identityTexts(id Identity, l Lang) map[string]string {
	zone := content.VietnamZone()
	a := content.Article{ID: "a1", Title: "Hội nghị tổng kết", Lead: "Sáng nay, hội nghị đã diễn ra.",
		Published: time.Date(2026, 3, 2, 8, 0, 0, 0, zone), SourceURL: "https://example.vn/a1"}
	digest, _ := digestMessage(l, id.digestHeader(l, 1), []content.Article{a}, zone)
	return map[string]string{
		"/start":    id.welcome(l, "Lan"),
		"/help":     id.helpHeader(l) + l.T(msgHelp, "newsbot") + l.T(msgHelpAdmin),
		"digest":    digest,
		"push":      articleCard(a, l, zone) + id.pushFooter(),
		"broadcast": id.signed("Mời các đồng chí dự họp."),
	}
}

// Ensure that with no identity configured no text people see names a
// district or an organisation (nor does any text of the catalogue), and that a configured identity appears,
// escaped, where each part belongs: the organisation in /start, /help and
// the digest's title; the portal, linked, in /help and under pushes; the
// welcome in /start; the signature under broadcasts.
func TestIdentityInTexts(t *testing.T) {
	configured := Identity{Org: "Trung tâm Văn hóa, Thông tin và Thể thao huyện Hoằng Hóa",
		PortalName: "Cổng thông tin điện tử huyện Hoằng Hóa", PortalURL: "https://hoanghoa.thanhhoa.gov.vn",
		Welcome: "Chào mừng đồng chí đến với kênh tin <chính thức>.", Signature: "Ban Tuyên giáo Huyện ủy"}
	org := escape(configured.Org)
	portal := `<a href="https://hoanghoa.thanhhoa.gov.vn">Cổng thông tin điện tử huyện Hoằng Hóa</a>`
	tests := []struct {
		name     string
		id       Identity
		text     string
		want     []string // substrings the text must contain
		wantNone bool     // the text must name no place
	}{
		{name: "a neutral /start names no one", text: "/start", wantNone: true},
		{name: "a neutral /help names no one", text: "/help", wantNone: true},
		{name: "a neutral digest names no one", text: "digest", wantNone: true},
		{name: "a neutral push has no footer", text: "push", wantNone: true},
		{name: "a neutral broadcast is unsigned", text: "broadcast", wantNone: true},
		{name: "/start names the organisation and says the welcome", id: configured, text: "/start",
			want: []string{"Lan", org, "Chào mừng đồng chí đến với kênh tin &lt;chính thức&gt;."}},
		{name: "/help names the organisation and links the portal", id: configured, text: "/help",
			want: []string{"<b>" + org + "</b>", portal}},
		{name: "the digest's title names the organisation", id: configured, text: "digest", want: []string{org}},
		{name: "a push ends with the portal, linked", id: configured, text: "push", want: []string{"— <i>" + portal + "</i>"}},
		{name: "a push ends with the organisation when there is no portal", id: Identity{Org: configured.Org}, text: "push",
			want: []string{"— <i>" + org + "</i>"}},
		{name: "a broadcast is signed", id: configured, text: "broadcast", want: []string{"— <i>Ban Tuyên giáo Huyện ủy</i>"}},
	}
	for _, tt := range tests {
		for _, l := range []Lang{Vietnamese, English} {
			t.Run(tt.name+" in "+string(l), func(t *testing.T) {
				text := identityTexts(tt.id, l)[tt.text]
				if text == "" {
					t.Fatalf("no text rendered for %s", tt.text)
				}
				if m := namesAPlace.FindString(text); tt.wantNone && m != "" {
					t.Errorf("%s names %q with no identity configured:\n%s", tt.text, m, text)
				}
				for _, w := range tt.want {
					if !strings.Contains(text, w) {
						t.Errorf("%s lacks %q:\n%s", tt.text, w, text)
					}
				}
			})
		}
	}
	if m := namesAPlace.FindString(identityTexts(configured, Vietnamese)["/start"]); m == "" {
		t.Error("the check for named places finds nothing in a configured /start, so it cannot fail")
	}
	// Nor does any other text of the catalogue, examples included.
	for l, texts := range catalogue {
		for key, text := range texts {
			if m := namesAPlace.FindString(text); m != "" {
				t.Errorf("%s/%s names %q: %q", l, key, m, text)
			}
		}
	}
}

// Ensure that Validate accepts the neutral and a full identity, and refuses
// a portal URL that is not http(s) and a name too long for a footer.
func TestIdentityValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		id   Identity
		ok   bool
	}{
		{name: "neutral", ok: true},
		{name: "full", id: Identity{Org: "Huyện ủy", PortalName: "Cổng", PortalURL: "https://example.vn/", Welcome: "Chào", Signature: "BTG"}, ok: true},
		{name: "a relative portal URL", id: Identity{PortalURL: "example.vn"}},
		{name: "a javascript portal URL", id: Identity{PortalURL: "javascript:alert(1)"}},
		{name: "a long organisation name", id: Identity{Org: strings.Repeat("a", maxIdentityName+1)}},
		{name: "a long welcome", id: Identity{Welcome: strings.Repeat("a", maxIdentityWelcome+1)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.id.Validate()
			if tt.ok != (err == nil) || (err != nil && !errors.Is(err, ErrBadIdentity)) {
				t.Fatalf("Validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
