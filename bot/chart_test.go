package bot

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"testing"

	"newsbot/content"
)

var chartOut = flag.String("chart-out", "", "write the test chart to this PNG file, to look at it")

// Ensure that the visit chart is a PNG with a bar a day, days without visits
// included.
func TestVisitsChart(t *testing.T) {
	days := []content.DayCount{{Day: "2026-03-01", Visits: 120}, {Day: "2026-03-05", Visits: 2331}, {Day: "2026-03-30", Visits: 4321}}
	b, err := visitsChart("Lượt truy cập 30 ngày qua", days, "2026-03-01", 30, content.VietnamZone())
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if w := img.Bounds().Dx(); w < 500 {
		t.Fatalf("chart is %d pixels wide", w)
	}
	if *chartOut != "" {
		if err := os.WriteFile(*chartOut, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
