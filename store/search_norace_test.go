//go:build !race

package store

// raceEnabled: the race detector slows the tests down several times.
const raceEnabled = false
