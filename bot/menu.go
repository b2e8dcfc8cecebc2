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
		cfg := tgbotapi.NewSetMyCommands(userCommands(l)...)
		cfg.LanguageCode = langCode(l)
		if _, err := b.client.Request(ctx, cfg); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// RegisterAdminCommands sets, for each admin's private chat (scope "chat"),
// a menu with the admin commands after everyone's, in both languages.
// Failure is not fatal: callers log it and go on.
func (b *Bot) RegisterAdminCommands(ctx context.Context, adminIDs []int64) error {
	var errs []error
	for _, id := range adminIDs {
		scope := tgbotapi.BotCommandScope{Type: "chat", ChatID: id}
		for _, l := range []Lang{Vietnamese, English} {
			cmds := append(userCommands(l), adminCommands(l)...)
			if _, err := b.client.Request(ctx, tgbotapi.NewSetMyCommandsWithScopeAndLanguage(scope, langCode(l), cmds...)); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// ClearAdminCommands deletes the admin menu of a former admin's private
// chat, in both languages, so Telegram shows everyone's menu there again.
// Failure is not fatal: callers log it and go on.
func (b *Bot) ClearAdminCommands(ctx context.Context, userID int64) error {
	var errs []error
	scope := tgbotapi.BotCommandScope{Type: "chat", ChatID: userID}
	for _, l := range []Lang{Vietnamese, English} {
		if _, err := b.client.Request(ctx, tgbotapi.NewDeleteMyCommandsWithScopeAndLanguage(scope, langCode(l))); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// langCode is the language_code of l's menus: "" (every language) for
// Vietnamese, the default.
func langCode(l Lang) string {
	if l == Vietnamese {
		return ""
	}
	return string(l)
}

// userCommands is everyone's menu in l.
func userCommands(l Lang) []tgbotapi.BotCommand {
	return []tgbotapi.BotCommand{
		{Command: "latest", Description: l.T(msgCommandLatest)},
		{Command: "search", Description: l.T(msgCommandSearch)},
		{Command: "alerts", Description: l.T(msgCommandAlerts)},
		{Command: "myunits", Description: l.T(msgCommandMyUnits)},
		{Command: "stats", Description: l.T(msgCommandStats)},
		{Command: "settings", Description: l.T(msgCommandSettings)},
		{Command: "subscribe", Description: l.T(msgCommandSubscribe)},
		{Command: "unsubscribe", Description: l.T(msgCommandUnsub)},
		{Command: "help", Description: l.T(msgCommandHelp)},
		{Command: "start", Description: l.T(msgCommandStart)},
	}
}

// adminCommands is what admins see in addition, in l.
func adminCommands(l Lang) []tgbotapi.BotCommand {
	return []tgbotapi.BotCommand{
		{Command: "broadcast", Description: l.T(msgCommandBroadcast)},
		{Command: "jobs", Description: l.T(msgCommandJobs)},
		{Command: "sources", Description: l.T(msgCommandSources)},
		{Command: "post", Description: l.T(msgCommandPost)},
		{Command: "retract", Description: l.T(msgCommandRetract)},
		{Command: "correct", Description: l.T(msgCommandCorrect)},
		{Command: "receipts", Description: l.T(msgCommandReceipts)},
		{Command: "units", Description: l.T(msgCommandUnits)},
		{Command: "admins", Description: l.T(msgCommandAdmins)},
		{Command: "members", Description: l.T(msgCommandMembers)},
		{Command: "invite", Description: l.T(msgCommandInvite)},
		{Command: "invites", Description: l.T(msgCommandInvites)},
		{Command: "audit", Description: l.T(msgCommandAudit)},
	}
}
