package check

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"

	"gradphoto/shared/photospec"
)

// Background is the wall behind the student as seen in a band along the top
// edge and along both sides above the shoulders. Colours are RGB, 0-255, and
// distances are Euclidean in RGB.
type Background struct {
	Mean     [3]float64 `json:"mean"`     // of the band's pixels that belong to the wall
	Nearest  string     `json:"nearest"`  // the accepted colour nearest to Mean, "#RRGGBB"
	Distance float64    `json:"distance"` // from Mean to Nearest
	// Spread is the RMS distance of the wall pixels from Mean: noise, texture.
	Spread float64 `json:"spread"`
	// Range is the largest distance between the means of the band's
	// patches (three along the top, two down each side): gradients, shadows.
	Range float64 `json:"range"`
	// Outliers is the share of band pixels far from the wall's colour:
	// hair, objects, a door frame.
	Outliers float64 `json:"outliers"`
	Samples  int     `json:"samples"`
	Standard bool    `json:"standard"` // Distance <= ColourTolerance
	Even     bool    `json:"even"`     // Spread, Range and Outliers within their limits
}

// Thresholds of the background rows. JPEG at the qualities the standards
// ask for moves a flat colour by a few units; camera noise on a real wall
// gives a spread of 4-8.
const (
	ColourTolerance = 24.0 // distance from an accepted colour
	MaxSpread       = 12.0
	MaxRange        = 12.0
	MaxOutliers     = 0.05
	// outlierDistance separates the wall from what stands in front of it.
	outlierDistance = 40.0
	// Band sizes: a share of the height along the top, of the width on
	// each side; the side bands reach down to half the height.
	topBand  = 0.08
	sideBand = 0.06
)

// patch is a rectangle of the band and what its wall pixels add up to.
type patch struct {
	r              image.Rectangle
	sum            [3]float64
	sumSq          float64
	inliers, total int
}

// bands returns the band's patches in an image of w x h working pixels. The
// top band stops above the preset's highest crown (scaled to the working
// size) so that a compliant head never enters it.
func bands(w, h int, p photospec.Preset) []*patch {
	top := int(math.Ceil(topBand * float64(h)))
	if c := p.Geometry.CrownMin; c > 0 && p.Height > 0 {
		top = min(top, int(0.8*float64(c)*float64(h)/float64(p.Height)))
	}
	top = max(1, top)
	side := max(1, int(math.Ceil(sideBand*float64(w))))
	mid := h / 2
	ps := []*patch{
		{r: image.Rect(0, 0, w/3, top)},
		{r: image.Rect(w/3, 0, 2*w/3, top)},
		{r: image.Rect(2*w/3, 0, w, top)},
	}
	if mid > top {
		half := (top + mid) / 2
		ps = append(ps,
			&patch{r: image.Rect(0, top, side, half)}, &patch{r: image.Rect(0, half, side, mid)},
			&patch{r: image.Rect(w-side, top, w, half)}, &patch{r: image.Rect(w-side, half, w, mid)})
	}
	return ps
}

// measureBackground samples the band of img: the median colour first, then
// the mean and spread of the pixels near it, per patch and overall.
func measureBackground(img *image.RGBA, p photospec.Preset) Background {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	ps := bands(w, h, p)
	var hist [3][256]int
	n := 0
	for _, pa := range ps {
		forPixels(img, pa.r, func(c []uint8) {
			hist[0][c[0]]++
			hist[1][c[1]]++
			hist[2][c[2]]++
			n++
		})
	}
	var bg Background
	if n == 0 {
		return bg
	}
	var med [3]float64
	for ch := range 3 {
		med[ch] = float64(median(&hist[ch], n))
	}
	var all patch
	for _, pa := range ps {
		forPixels(img, pa.r, func(c []uint8) {
			pa.total++
			r, g, b := float64(c[0]), float64(c[1]), float64(c[2])
			if dist3([3]float64{r, g, b}, med) > outlierDistance {
				return
			}
			pa.inliers++
			pa.sum[0] += r
			pa.sum[1] += g
			pa.sum[2] += b
			pa.sumSq += r*r + g*g + b*b
		})
		all.inliers += pa.inliers
		all.total += pa.total
		for ch := range 3 {
			all.sum[ch] += pa.sum[ch]
		}
		all.sumSq += pa.sumSq
	}
	bg.Samples = all.total
	bg.Outliers = 1 - float64(all.inliers)/float64(all.total)
	if all.inliers == 0 {
		bg.Outliers = 1
		return bg
	}
	bg.Mean = all.mean()
	meanSq := bg.Mean[0]*bg.Mean[0] + bg.Mean[1]*bg.Mean[1] + bg.Mean[2]*bg.Mean[2]
	bg.Spread = math.Sqrt(max(0, all.sumSq/float64(all.inliers)-meanSq))
	for i, a := range ps {
		for _, b := range ps[i+1:] {
			if a.inliers*4 < a.total || b.inliers*4 < b.total || a.inliers == 0 || b.inliers == 0 {
				continue // mostly something else: its mean says nothing about the wall
			}
			bg.Range = max(bg.Range, dist3(a.mean(), b.mean()))
		}
	}
	accepted := p.Backgrounds
	if len(accepted) == 0 {
		accepted = []color.RGBA{p.Background}
	}
	bg.Distance = math.Inf(1)
	for _, c := range accepted {
		if d := dist3(bg.Mean, rgb(c)); d < bg.Distance {
			bg.Distance, bg.Nearest = d, photospec.Hex(c)
		}
	}
	bg.Standard = bg.Distance <= ColourTolerance
	bg.Even = bg.Outliers <= MaxOutliers && bg.Spread <= MaxSpread && bg.Range <= MaxRange
	for ch := range 3 {
		bg.Mean[ch] = math.Round(bg.Mean[ch]*10) / 10
	}
	bg.Distance = math.Round(bg.Distance*10) / 10
	bg.Spread = math.Round(bg.Spread*10) / 10
	bg.Range = math.Round(bg.Range*10) / 10
	return bg
}

func (pa *patch) mean() [3]float64 {
	n := float64(pa.inliers)
	return [3]float64{pa.sum[0] / n, pa.sum[1] / n, pa.sum[2] / n}
}

// forPixels calls f with the RGBA bytes of each pixel of img within r.
func forPixels(img *image.RGBA, r image.Rectangle, f func(c []uint8)) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)]
		for i := 0; i+4 <= len(row); i += 4 {
			f(row[i : i+4 : i+4])
		}
	}
}

// median returns the value below which half of the n counted values lie.
func median(hist *[256]int, n int) int {
	seen := 0
	for v, c := range hist {
		seen += c
		if 2*seen >= n {
			return v
		}
	}
	return 255
}

func dist3(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

func rgb(c color.RGBA) [3]float64 { return [3]float64{float64(c.R), float64(c.G), float64(c.B)} }

// colourWords names an accepted colour in both languages with its value.
func colourWords(c color.RGBA) (zh, en string) {
	v := fmt.Sprintf("RGB(%d,%d,%d)", c.R, c.G, c.B)
	switch photospec.ColorName(c) {
	case "light_blue":
		return "浅蓝色 " + v, "light blue " + v
	case "white":
		return "白色 " + v, "white " + v
	case "light_grey":
		return "浅灰色 " + v, "light grey " + v
	}
	return v, v
}

func (r *Report) backgroundRows(p photospec.Preset) {
	bg := r.Background
	measured := fmt.Sprintf("RGB(%.0f,%.0f,%.0f)", bg.Mean[0], bg.Mean[1], bg.Mean[2])
	var zhs, ens []string
	accepted := p.Backgrounds
	if len(accepted) == 0 {
		accepted = []color.RGBA{p.Background}
	}
	for _, c := range accepted {
		zh, en := colourWords(c)
		zhs, ens = append(zhs, zh), append(ens, en)
	}
	row := Row{Name: "background_colour", Value: measured,
		Allowed:  fmt.Sprintf("%s (within %.0f)", strings.Join(ens, ", "), ColourTolerance),
		Measured: bg.Distance, Min: 0, Max: ColourTolerance, OK: bg.Standard}
	if !row.OK {
		row = fail(row, fmt.Sprintf("背景不是标准颜色：应为%s，实测为 %s", strings.Join(zhs, "、"), measured),
			fmt.Sprintf("The background is not a standard colour: it must be %s; it is %s", strings.Join(ens, " or "), measured))
	}
	r.add(row)

	row = Row{Name: "background_even",
		Value:    fmt.Sprintf("spread %.1f, range %.1f, outliers %.0f%%", bg.Spread, bg.Range, 100*bg.Outliers),
		Allowed:  fmt.Sprintf("spread <= %.0f, range <= %.0f, outliers <= %.0f%%", MaxSpread, MaxRange, 100*MaxOutliers),
		Measured: bg.Range, Min: 0, Max: MaxRange, OK: bg.Even}
	if !row.OK {
		row = fail(row, "背景不均匀（有渐变、阴影、杂物或头发进入边缘），请在一面纯色、光线均匀的墙前拍摄",
			"The background is not even (a gradient, shadow, objects or hair at the edges): use a plain, evenly lit wall")
	}
	r.add(row)
}

// bodyRow checks that the body reaches the bottom edge: most of the bottom
// rows' centre must differ clearly from the wall. Clothing of the wall's
// colour fails it too, which the standard forbids anyway.
func (r *Report) bodyRow(img *image.RGBA) {
	row := Row{Name: "body_bottom", Allowed: ">= 50% of the bottom centre", Min: 0.5, Max: 1}
	if r.Background.Samples == 0 || r.Background.Outliers >= 1 {
		r.add(skip(row, "无法确定背景颜色，未检查身体是否到达下边缘", "The background colour is unknown: the body's reach was not checked"))
		return
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	rows := max(2, int(math.Ceil(0.03*float64(h))))
	area := image.Rect(w*3/10, h-rows, w*7/10, h)
	body, total := 0, 0
	forPixels(img, area, func(c []uint8) {
		total++
		if dist3(rgb(color.RGBA{c[0], c[1], c[2], 255}), r.Background.Mean) > 1.5*ColourTolerance {
			body++
		}
	})
	if total == 0 {
		r.add(skip(row, "照片太小，未检查身体是否到达下边缘", "The photo is too small to check the body's reach"))
		return
	}
	share := float64(body) / float64(total)
	row.Measured, row.Value, row.OK = share, fmt.Sprintf("%.0f%%", 100*share), share >= 0.5
	if !row.OK {
		row = fail(row, "身体（肩部以下）应延伸到照片下边缘，或衣服颜色与背景太接近",
			"The body must reach the bottom edge (or the clothing is too close to the background colour)")
	}
	r.add(row)
}
