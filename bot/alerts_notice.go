package bot

import tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

// keep remembers an article notice's card and buttons in l, and its
// picture, so that partsFor can render it again with an alert line.
func (n *notice) keep(l Lang, card string, kb tgbotapi.InlineKeyboardMarkup) {
	if n.card == nil {
		n.card, n.keyboard = map[Lang]string{}, map[Lang]tgbotapi.InlineKeyboardMarkup{}
	}
	n.card[l], n.keyboard[l] = card, kb
}

// partsFor returns the parts to send in language l, as parts does; when
// alert is not empty (the recipient's keyword alert brought the article),
// the card starts with a line naming the alert: "🔔 Theo dõi: «…»".
func (n *notice) partsFor(l Lang, photo bool, alert string) []part {
	card, ok := n.card[l]
	if alert == "" || !ok {
		return n.parts(l, photo)
	}
	html := l.T(msgAlertMatched, escape(alert)) + "\n" + card
	if photo && n.withPhoto[l] != nil {
		return n.pictureParts(html, n.keyboard[l])
	}
	return textParts(html, n.keyboard[l])
}
