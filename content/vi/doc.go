// Package vi is newsbot's Vietnamese text engine: normalisation (Normalize),
// folding (Fold), tokenising (Tokenize, Pairs, FoldedPairs), query parsing
// (ParseQuery), search snippets (Snippet) and the tone-style check of texts
// the bot writes (NewStyleTones).
//
// It imports nothing of newsbot: the domain (package content), the sources,
// the store and the bot use it, never the other way round. Everything in it
// is pure and safe for concurrent use.
package vi
