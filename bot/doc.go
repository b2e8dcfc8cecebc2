// Package bot is newsbot's Telegram side: the long-poll loop and the
// webhook, the router and its middleware, one file per command family,
// rendering, the message catalogue (Vietnamese and English), the delivery
// worker and its pacer. Handlers parse, call and render; business rules live
// in content and store.
//
// It imports content, content/guard and content/vi only: it reaches the store through
// the small interfaces it declares (Articles, Subscribers, Receipts, …), and
// must not import store, content/source, content/inbox or cmd/newsbot.
package bot
