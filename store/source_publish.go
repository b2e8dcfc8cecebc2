package store

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"newsbot/content"
	"newsbot/store/search"
)

// PublishOptions change what PublishArticleWith does beyond PublishArticle.
type PublishOptions struct {
	// Quiet stores the article and its search index entries without a push
	// job: it is searchable and listed, but nobody is notified (what a
	// source listed before newsbot first polled it).
	Quiet bool
	// Urgent makes the push job urgent (ringing in quiet hours) even when
	// the title does not say so (a category rule did).
	Urgent bool
	// Units, when not empty, addresses the push to those units (slugs): its
	// recipients are every active subscriber who belongs to at least one of
	// them, whatever categories they chose and whether they read the daily
	// digest (the article is not queued for the digest, so nobody outside
	// the units gets it there). Owners of keyword alerts that match the
	// article still receive it, units or not: alerts are personal, and the
	// article is public (listed and searchable for everyone) anyway. A slug
	// that is not a unit fails the publication with an error wrapping
	// content.ErrUnknownUnit, and nothing is stored.
	Units []string
}

// PublishArticleWith is PublishArticle with options: in one transaction it
// stores a new article with its search index entries and, unless Quiet, a
// push job for every subscribed chat (or, with Units, for the units'
// people). An article already stored (by ID, or by source URL), or deleted
// (by ID), is left as it is and reported with Created false.
func (db *DB) PublishArticleWith(ctx context.Context, a content.Article, opts PublishOptions) (Published, error) {
	if a.ID == "" {
		a.ID = a.DeriveID()
	}
	var res Published
	err := db.search.Update(ctx, func(tx *bolt.Tx, d *search.Delta) error {
		var err error
		res, err = db.publishTx(tx, d, a, opts, nil)
		return err
	})
	if err != nil {
		return Published{}, fmt.Errorf("store: publish article %s: %w", a.ID, err)
	}
	return res, nil
}

// publishTx does PublishArticleWith's work in tx for a, whose ID is set;
// dt, when not nil, holds a's index terms (search.AnalyzeBatch), analyzed
// before. An error wrapping content.ErrUnknownUnit comes before anything
// is written; after any other error tx must be rolled back.
func (db *DB) publishTx(tx *bolt.Tx, d *search.Delta, a content.Article, opts PublishOptions, dt *search.Terms) (Published, error) {
	res := Published{Article: a}
	if exists(tx, a) {
		return res, nil
	}
	if err := checkUnits(tx, opts.Units); err != nil {
		return Published{}, err
	}
	if err := putArticle(tx, a); err != nil {
		return Published{}, err
	}
	if err := db.search.Add(tx, d, &a, dt); err != nil {
		return Published{}, err
	}
	res.Created = true
	if opts.Quiet {
		return res, nil
	}
	now, urgent := db.now(), a.Urgent() || opts.Urgent
	var chats []int64
	var queuedAt time.Time // when a was queued for the digest; zero: it was not
	var err error
	if len(opts.Units) > 0 {
		chats, err = unitMembers(tx, opts.Units)
	} else {
		var queued bool
		if chats, queued, err = pushRecipients(tx, a, urgent, now); queued {
			queuedAt = now
		}
	}
	if err != nil {
		return Published{}, err
	}
	// Keyword alerts (DB.AddAlert): their owners receive the article too,
	// once, with the alert that matched, unless their digest lists it.
	chats, alerted, err := db.alertRecipients(tx, a, chats, queuedAt)
	if err != nil {
		return Published{}, err
	}
	job, err := createJob(tx, content.Job{ArticleID: a.ID, Created: now, Urgent: urgent, Ack: content.NeedsAck(a.Category)}, chats)
	if err != nil {
		return Published{}, err
	}
	res.Job = job
	return res, putJobAlerts(tx, job, alerted)
}

// HasArticle reports whether an article with this ID is stored or was
// deleted (DeleteArticle): either way a source need not read it again, as
// it will not be stored again.
func (db *DB) HasArticle(ctx context.Context, id string) (bool, error) {
	var ok bool
	err := db.view(ctx, func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketArticles).Get([]byte(id)) != nil || isDeleted(tx, id)
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: has article %s: %w", id, err)
	}
	return ok, nil
}
