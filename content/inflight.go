package content

// PoisonDeaths is how many runs must have died while an update was in
// flight before the update is taken for the cause and skipped: one death may
// be anything (an out-of-memory kill, a power cut), two in a row with the
// same update in hand are not chance.
const PoisonDeaths = 2

// InFlight is what is known of a Telegram update the bot has begun to
// handle and whose offset is not committed yet.
type InFlight struct {
	// Deaths counts the runs that died while the update was in flight.
	Deaths int
	// Handled is set once the update's handling has finished: it is not
	// handled again, whatever happens before its offset is committed.
	Handled bool
	// Committed is set for an update whose handling was committed, with
	// its visits, by an earlier batch: Telegram hands it over again (a
	// webhook delivery whose answer did not reach it, fetched by polling),
	// and it is only confirmed. Committed implies Handled.
	Committed bool
}

// Poisoned reports whether the update was in flight in PoisonDeaths deaths
// and never handled: it is skipped rather than handed to the bot again.
func (f InFlight) Poisoned() bool { return !f.Handled && f.Deaths >= PoisonDeaths }
