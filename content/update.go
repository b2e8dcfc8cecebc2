package content

// AcceptedUpdate is an update from Telegram that the bot has accepted (told
// Telegram it received) and not yet handled. The domain does not read it:
// Body is the update's JSON as Telegram sent it.
type AcceptedUpdate struct {
	// ID is Telegram's update_id: updates are handled in its order.
	ID int
	// Body is the update's JSON.
	Body []byte
}
