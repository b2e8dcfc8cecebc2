package bot

import (
	"context"
	"errors"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// RegisterCommands sets the command menu Telegram shows, in Vietnamese by
// default and in English for English-speaking users. Failure is not fatal:
// callers log it and go on.
func (b *Bot) RegisterCommands(ctx context.Context) error {
	var errs []error
	for _, l := range []Lang{Vietnamese, English} {
		cfg := tgbotapi.NewSetMyCommands(
			tgbotapi.BotCommand{Command: "latest", Description: l.T(msgCommandLatest)},
			tgbotapi.BotCommand{Command: "search", Description: l.T(msgCommandSearch)},
			tgbotapi.BotCommand{Command: "alerts", Description: l.T(msgCommandAlerts)},
			tgbotapi.BotCommand{Command: "myunits", Description: l.T(msgCommandMyUnits)},
			tgbotapi.BotCommand{Command: "stats", Description: l.T(msgCommandStats)},
			tgbotapi.BotCommand{Command: "settings", Description: l.T(msgCommandSettings)},
			tgbotapi.BotCommand{Command: "subscribe", Description: l.T(msgCommandSubscribe)},
			tgbotapi.BotCommand{Command: "unsubscribe", Description: l.T(msgCommandUnsub)},
			tgbotapi.BotCommand{Command: "help", Description: l.T(msgCommandHelp)},
			tgbotapi.BotCommand{Command: "start", Description: l.T(msgCommandStart)},
		)
		if l != Vietnamese {
			cfg.LanguageCode = string(l)
		}
		if _, err := b.client.Request(ctx, cfg); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
