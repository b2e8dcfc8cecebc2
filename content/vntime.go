package content

import (
	"time"
	_ "time/tzdata" // Vietnam time must work on servers without a zone database.
)

// VietnamZoneName is the IANA name of Vietnam's time zone.
const VietnamZoneName = "Asia/Ho_Chi_Minh"

// VietnamZone returns Asia/Ho_Chi_Minh from the embedded zone database. It
// never fails: should the database lack the zone, it returns a fixed UTC+7.
func VietnamZone() *time.Location {
	loc, err := time.LoadLocation(VietnamZoneName)
	if err != nil {
		return time.FixedZone("ICT", 7*60*60)
	}
	return loc
}
