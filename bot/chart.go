package bot

import (
	"bytes"
	"fmt"
	"image/color"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"newsbot/content"
)

// visitsChart draws daily visits as a bar chart PNG: n bars, one a day from
// from; days missing from days show as zero.
func visitsChart(title string, days []content.DayCount, from content.Day, n int, zone *time.Location) ([]byte, error) {
	byDay := make(map[content.Day]int64, len(days))
	for _, d := range days {
		byDay[d.Day] = d.Visits
	}
	values := make(plotter.Values, n)
	labels := make([]string, n)
	for i := range n {
		day := from.AddDays(i, zone)
		values[i] = float64(byDay[day])
		if i%5 == 0 || i == n-1 {
			labels[i] = string(day[8:10]) + "/" + string(day[5:7])
		}
	}
	p := plot.New()
	p.Title.Text = title
	bars, err := plotter.NewBarChart(values, vg.Points(13))
	if err != nil {
		return nil, fmt.Errorf("bot: chart: %w", err)
	}
	bars.Color = color.RGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	bars.LineStyle.Width = 0
	p.Add(bars)
	p.NominalX(labels...)
	p.X.Min, p.X.Max = -0.6, float64(n)-0.4
	p.Y.Min = 0
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Add(plotter.NewGrid())
	w, err := p.WriterTo(8*vg.Inch, 4*vg.Inch, "png")
	if err != nil {
		return nil, fmt.Errorf("bot: chart: %w", err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("bot: chart: %w", err)
	}
	return buf.Bytes(), nil
}
