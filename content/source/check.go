package source

import (
	"context"

	"newsbot/content"
)

// Checked is what a check found at one source.
type Checked struct {
	Source Source
	// URL is where the source was read, after redirects.
	URL string
	// Articles are what a poll would import, in the source's order, with
	// the categories the rules give them.
	Articles []content.Article
	// Urgent[i] says whether a rule made Articles[i] urgent.
	Urgent []bool
	// Failed are the items that could not be read, with why.
	Failed []error
	// Err is set when the source itself could not be read.
	Err error
}

// Check fetches src once, unconditionally, with its article pages (up to
// MaxItems) and returns what a poll would import. It writes nothing and
// needs no Sink or StateStore.
func (p *Poller) Check(ctx context.Context, src Source) Checked {
	out := Checked{Source: src}
	rd, err := p.read(ctx, src, Request{URL: src.URL}, nil)
	if err != nil {
		out.Err = err
		return out
	}
	out.URL = rd.resp.URL
	now := p.opts.Now()
	for _, f := range rd.failed {
		out.Failed = append(out.Failed, &itemError{key: f.key, err: f.err})
	}
	for _, it := range rd.items {
		a, urgent := p.article(src, it, identify(src.Name, it), now)
		out.Articles = append(out.Articles, a)
		out.Urgent = append(out.Urgent, urgent)
	}
	return out
}

// itemError names the item an error is about.
type itemError struct {
	key string
	err error
}

func (e *itemError) Error() string { return e.key + ": " + e.err.Error() }
func (e *itemError) Unwrap() error { return e.err }
