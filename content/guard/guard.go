// Package guard contains the panics of newsbot's loops and handlers: the
// source poller, the inbox, the delivery worker, the digest, progress and
// backup loops, and the bot's update handlers all run their units of work
// through Do, so that one bad page, file or update is logged, counted and
// marked failed, and the loop goes on.
//
// It imports the standard library only; it must not import any of
// newsbot's packages, so that every one of them may use it.
package guard

import (
	"errors"
	"log/slog"
	"runtime/debug"
)

// ErrPanic is the error Do returns when its function panicked. Its text,
// "internal error", is what is recorded for the unit of work (a source's
// last error, an inbox file's .error.txt, a delivery's reason); the panic
// itself and its stack go to the log only.
var ErrPanic = errors.New("internal error")

// Counter is told of each contained panic with the name of the loop it
// happened in (a metric's label, e.g. "sources"). It must be safe for
// concurrent use. A nil Counter counts nothing.
type Counter func(loop string)

// Do calls f and returns its error. When f panics, Do recovers, logs the
// panic value and stack at level Error on log (nil: not logged), calls
// count with loop (when count is not nil) and returns ErrPanic. Do does not
// recover a panic of another goroutine f starts: such goroutines call Do
// themselves.
func Do(log *slog.Logger, count Counter, loop string, f func() error) (err error) {
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if log != nil {
			log.Error("panic contained; the loop goes on", slog.String("loop", loop), slog.Any("panic", p),
				slog.String("stack", string(debug.Stack())))
		}
		if count != nil {
			count(loop)
		}
		err = ErrPanic
	}()
	return f()
}
