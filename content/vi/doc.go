// Package vi is newsbot's Vietnamese text engine: normalisation (Normalize),
// folding (Fold), tokenising (Tokenize, Pairs, FoldedPairs), query parsing
// (ParseQuery), search snippets (Snippet), the tone-style check of texts
// the bot writes (NewStyleTones), and the one phrase matcher (Text.Contains
// with a Phrase) that source rules, keyword alerts, snippets and category
// guessing share.
//
// It imports nothing of newsbot: the domain (package content), the sources,
// the store and the bot use it, never the other way round. Everything in it
// is pure and safe for concurrent use.
package vi
