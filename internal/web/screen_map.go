package web

import (
	"math"

	"renda/internal/store"
)

// Dot is one township on the screen's schematic county map: a circle at
// the township's place, its area proportional to the count, a link to the
// list it counts.
type Dot struct {
	Label   string
	Value   int
	Href    string
	X, Y, R int
	LabelY  int
}

// countyMap lays out a breakdown's figures by township as positioned
// circles (a schematic map: the renda data holds each township's station
// position, not its outline). Figures of townships without a position are
// left to the bars; nil when fewer than three can be placed.
func countyMap(figs []store.Figure, at map[string][2]float64) ([]Dot, int, int) {
	const w, pad = 560, 34
	var placed []store.Figure
	minLat, maxLat, minLng, maxLng := 90.0, -90.0, 180.0, -180.0
	top := 1
	for _, f := range figs {
		p, ok := at[f.Place]
		if f.Place == "" || !ok {
			continue
		}
		placed = append(placed, f)
		minLat, maxLat = math.Min(minLat, p[0]), math.Max(maxLat, p[0])
		minLng, maxLng = math.Min(minLng, p[1]), math.Max(maxLng, p[1])
		top = max(top, f.Value)
	}
	if len(placed) < 3 || maxLat <= minLat || maxLng <= minLng {
		return nil, 0, 0
	}
	// Equirectangular, with longitude shortened by the latitude's cosine.
	kx := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	scale := float64(w-2*pad) / ((maxLng - minLng) * kx)
	h := int((maxLat-minLat)*scale) + 2*pad
	var out []Dot
	for _, f := range placed {
		p := at[f.Place]
		x := pad + int((p[1]-minLng)*kx*scale)
		y := pad + int((maxLat-p[0])*scale)
		r := 3 + int(math.Round(20*math.Sqrt(float64(f.Value)/float64(top))))
		out = append(out, Dot{Label: f.Label, Value: f.Value, Href: f.Href, X: x, Y: y, R: r, LabelY: y + r + 11})
	}
	return out, w, h
}
