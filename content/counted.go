package content

import "strconv"

// Counted writes n followed by an English noun in the number n asks for:
// Counted(1, "article", "articles") is "1 article", Counted(0, …) "0 articles".
// It is for the English of the command line and the audit log; the bot's
// replies count with their message catalogue.
func Counted(n int, one, many string) string {
	if n == 1 || n == -1 {
		return strconv.Itoa(n) + " " + one
	}
	return strconv.Itoa(n) + " " + many
}
