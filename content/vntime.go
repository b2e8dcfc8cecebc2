package content

import (
	"sync"
	"time"
	_ "time/tzdata" // Vietnam time must work on servers without a zone database.
)

// VietnamZoneName is the IANA name of Vietnam's time zone.
const VietnamZoneName = "Asia/Ho_Chi_Minh"

// VietnamZone returns Asia/Ho_Chi_Minh from the embedded zone database. It
// never fails: should the database lack the zone, it returns a fixed UTC+7.
func VietnamZone() *time.Location { return vietnamZone() }

// vietnamZone loads the zone once: time.LoadLocation reads and parses the
// zone's data at every call, and a Location is safe for concurrent use.
var vietnamZone = sync.OnceValue(loadVietnamZone)

func loadVietnamZone() *time.Location {
	loc, err := time.LoadLocation(VietnamZoneName)
	if err != nil {
		return time.FixedZone("ICT", 7*60*60)
	}
	return loc
}
