package bot

import (
	"context"
	"errors"
	"strings"

	"newsbot/content"
)

// postUnits checks the units a /post is addressed to ("@slug[,slug]", see
// unitTargets). When they are all defined it returns their slugs, names and
// how many active people they have (the preview's count); otherwise it
// tells the admin why (too many units, or an unknown one, listing the units
// there are) and reports ok false, and nothing is previewed or published.
func (b *Bot) postUnits(ctx context.Context, r *Request, slugs []string) (units, names []string, reach int, ok bool, err error) {
	if len(slugs) > maxBroadcastUnits {
		return nil, nil, 0, false, b.reply(ctx, r, r.Lang.T(msgUnitTooMany), nil)
	}
	names, err = b.unitNames(ctx, slugs)
	var unknown unknownUnitError
	if errors.As(err, &unknown) {
		known, err := b.knownUnits(ctx, r)
		if err != nil {
			return nil, nil, 0, false, err
		}
		return nil, nil, 0, false, b.reply(ctx, r,
			r.Lang.T(msgPostUnitUnknown, escape(truncate(string(unknown), content.MaxUnitSlugLen)), known), nil)
	}
	if err != nil {
		return nil, nil, 0, false, err
	}
	chats, err := b.store.UnitRecipients(ctx, slugs)
	if err != nil {
		return nil, nil, 0, false, err
	}
	return slugs, names, len(chats), true, nil
}

// knownUnits lists the defined units as "@slug (Name)", HTML-escaped, or
// says there are none.
func (b *Bot) knownUnits(ctx context.Context, r *Request) (string, error) {
	units, err := b.store.Units(ctx)
	if err != nil {
		return "", err
	}
	if len(units) == 0 {
		return r.Lang.T(msgUnitsNone), nil
	}
	list := make([]string, 0, len(units))
	for _, u := range units {
		list = append(list, "<code>@"+escape(u.Slug)+"</code> ("+escape(u.Name)+")")
	}
	return strings.Join(list, ", "), nil
}
