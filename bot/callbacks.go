package bot

// The callback-data prefixes, one per button family: a button's data is
// "<prefix>:<rest>", and the router sends a press to the handler
// registered for its prefix (Router.Callback; a prefix registered twice
// panics). Buttons already sent sit in chats for months and carry these
// strings, so a value never changes and a retired one is never reused.
// Telegram caps callback data at 64 bytes, prefix included.
const (
	// callbackArticle: "a:<article ID>" sends the article's whole text
	// (Đọc toàn văn, the related articles, the search hits, the digest).
	callbackArticle = "a"
	// callbackAck: "ack:j<job ID>" acknowledges a notice (Đã nhận).
	callbackAck = "ack"
	// callbackAdmins: /admins' buttons, "adm:rm:<ID>" asks to remove an
	// admin, "adm:rmy:<ID>" confirms, "adm:no" cancels.
	callbackAdmins = "adm"
	// callbackAlert: "al:<alert ID>" deletes one of the person's alerts.
	callbackAlert = "al"
	// callbackJoin: a join request's Duyệt / Từ chối, "ap:y:<user ID>"
	// approves, "ap:n:<user ID>" rejects (in the admins' notice and in
	// /members).
	callbackJoin = "ap"
	// callbackBroadcast: a broadcast preview's "b:send", "b:sendack" (asks
	// for acknowledgements) and "b:cancel" (also under a unit broadcast).
	callbackBroadcast = "b"
	// callbackCategory: "c:<category>" subscribes the chat to a category
	// or unsubscribes it.
	callbackCategory = "c"
	// callbackCorrect: corrections, "cr:a:<article>" explains how to
	// correct, a preview's "cr:y" edits silently and "cr:yn" edits and
	// says "Đính chính:".
	callbackCorrect = "cr"
	// callbackDigest: the daily digest, "dg:on", "dg:off"; "dg:cats" shows
	// the category toggles.
	callbackDigest = "dg"
	// callbackInvite: "inv:r:<invite ID>" revokes an invite link.
	callbackInvite = "inv"
	// callbackJob: "j:<job ID>" cancels a push job (/jobs).
	callbackJob = "j"
	// callbackLang: "lang:vi", "lang:en" choose the chat's language.
	callbackLang = "lang"
	// callbackMembers: /members' confirmation, "mem:rmy:<ID>" removes a
	// member, "mem:no" cancels.
	callbackMembers = "mem"
	// callbackPost: /post's preview, "post:<category>" publishes the
	// article in that category, "post:cancel" drops it.
	callbackPost = "post"
	// callbackQuiet: "q:<choice>" sets the chat's quiet hours.
	callbackQuiet = "q"
	// callbackReceipt: "rc:v<job ID>" shows a notice's acknowledgements,
	// "rc:r<job ID>" sends its one reminder.
	callbackReceipt = "rc"
	// callbackRetract: retractions, "rt:a:<article>" and "rt:j:<job>" show
	// the preview, its "rt:y:a:<article>" or "rt:y:j:<job>" confirms, "rt:n"
	// keeps everything.
	callbackRetract = "rt"
	// callbackSearch: "s:<page>" turns a page of search results.
	callbackSearch = "s"
	// callbackSources: /sources, "src:p:<name>" pauses and "src:r:<name>"
	// resumes a source; "src:d:<name>" asks to remove one added in the bot,
	// "src:dy:<name>" removes it, "src:dn:<name>" keeps it.
	callbackSources = "src"
	// callbackUnit: "u:menu" shows the unit picker, "u:t:<slug>" toggles a
	// unit for the chat, "u:send:<id>" sends a unit broadcast preview.
	callbackUnit = "u"
)
