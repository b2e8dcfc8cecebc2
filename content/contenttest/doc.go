// Package contenttest is test material for content and the packages built
// on it: a synthetic corpus of district news (SyntheticCorpus,
// SyntheticArticle) and keyword alerts drawn from its vocabulary
// (SyntheticAlerts) for benchmarks and load tests; the hand-written
// relevance fixtures (LoadRelevanceFixtures, in content/testdata/relevance)
// and the ways a user may type a query (QueryVariants) for ranking tests;
// and the one clock tests set and move by hand (Clock).
//
// It is imported only by _test.go files, never by production code. It
// imports content and content/vi and nothing else of newsbot.
package contenttest
