//go:build !race

package search

// raceEnabled: the race detector slows the tests down several times.
const raceEnabled = false
