package frame

import "math"

// The chest must reach the frame's bottom edge. When the picture ends
// above it, the rows between are made up (see fill.go), and made-up
// clothing only looks like clothing for a short strip: the framing then
// prefers, within the preset's ranges, the placements that need the fewest
// such rows. A larger face and lower eyes both bring more of the picture
// under the face into the frame.

// placeReaching is place for a picture that ends depth below the eye line
// under the chest (in the units of h and fw, the eye line and the
// picture's edge taken in pixel-centre coordinates; +Inf when the picture
// goes on). Its choice is place's when the chest then reaches the bottom of
// the height-row frame; otherwise, when some placement with face width,
// eye line and crown in range lets it reach, the most central of those (the
// scale nearest the middle face width, the eyes in the middle of the rows
// left); otherwise the one that leaves the fewest rows: the largest face
// with the lowest eyes. fill is how many output rows the chest stops short
// of the frame's bottom edge (0 when it reaches).
//
// Placements other than place's are chosen within inner, l narrowed by
// reachMargins (or l itself, for the most that any placement could do).
// When the crown and eye line cannot both be in range, place's choice
// stands: Fit reports that as a miss.
func placeReaching(l, inner Layout, height, h, fw, sMin, sMax, depth float64) (s, e, fill float64) {
	// The chest reaches the frame's bottom when the picture's last row
	// lands on the output's last row or below: e + depth*s >= need.
	need := height - 0.5
	short := func(s, e float64) float64 { return shortfall(height, depth, s, e) }
	s, e = place(l, h, fw, sMin, sMax)
	if short(s, e) == 0 || depth <= 0 {
		return s, e, short(s, e)
	}
	l = inner
	lo, hi := inRange(l, h, fw, sMin, sMax)
	if lo > hi {
		return s, e, short(s, e)
	}
	eyeMax, crownMax := float64(l.EyeMax), float64(l.CrownMax)
	// The lowest eye row the crown allows, eMax(s) = min(EyeMax, CrownMax
	// + h s), grows with s, and so does depth*s: the chest reaches from the
	// scale at which both terms of eMax do.
	reach := max(lo, (need-eyeMax)/depth, (need-crownMax)/(depth+h))
	if reach <= hi {
		s = clamp(float64(l.FaceMin+l.FaceMax)/2/fw, reach, hi)
		eLo := max(float64(l.EyeMin), float64(l.CrownMin)+h*s, need-depth*s)
		eHi := min(eyeMax, crownMax+h*s)
		e = (eLo + eHi) / 2
		return s, e, short(s, e)
	}
	s = hi
	e = min(eyeMax, crownMax+h*s)
	return s, e, short(s, e)
}

// shortfall is how many output rows of a height-row frame the chest stops
// short of its bottom edge at scale s and eye row e, for a picture that
// ends depth below the eye line (0 when it reaches).
func shortfall(height, depth, s, e float64) float64 {
	if v := height - 0.5 - e - depth*s; v > 1e-9 {
		return v
	}
	return 0
}

// placeInside is place, except that a head place would put on the edge of
// a range (a tall or short head, which cannot have everything in the
// middle) is placed within inner instead when it fits there.
func placeInside(l, inner Layout, h, fw, sMin, sMax float64) (s, e float64) {
	s, e = place(l, h, fw, sMin, sMax)
	if !inner.valid() || fits(inner, h, fw, s, e) {
		return s, e
	}
	if si, ei := place(inner, h, fw, sMin, sMax); fits(inner, h, fw, si, ei) {
		return si, ei
	}
	return s, e
}

// fits reports whether scale s and eye row e keep the crown h above the
// eyes, the eye line and a face fw wide within l's ranges.
func fits(l Layout, h, fw, s, e float64) bool {
	const eps = 1e-9
	in := func(v float64, lo, hi int) bool { return v >= float64(lo)-eps && v <= float64(hi)+eps }
	return in(e-h*s, l.CrownMin, l.CrownMax) && in(e, l.EyeMin, l.EyeMax) && in(fw*s, l.FaceMin, l.FaceMax)
}

// valid reports whether every range of l is non-empty.
func (l Layout) valid() bool {
	return l.CrownMin <= l.CrownMax && l.EyeMin <= l.EyeMax && l.FaceMin <= l.FaceMax
}

// reachMargins narrows l's ranges for a placement pushed towards their
// ends. The engine's measurements are estimates: the crown comes from the
// matte and the face width from the face box, and a photo placed on the
// very end of a range fails an independent checker when they are a little
// off (pigo_sample.jpg's crown, placed on row 50, measured 48). The
// margins are wasm/idphoto's tolerances on synthetic scenes: 4 rows of
// CHSI's 640 for the crown and the eye line, a tenth of the middle face
// width for the face; at most a quarter of each range.
func reachMargins(l Layout, height float64) Layout {
	rows := int(math.Round(4 * height / chsiHeight))
	rows = min(rows, (l.CrownMax-l.CrownMin)/4, (l.EyeMax-l.EyeMin)/4)
	face := min((l.FaceMin+l.FaceMax)/20, (l.FaceMax-l.FaceMin)/4)
	l.CrownMin, l.CrownMax = l.CrownMin+rows, l.CrownMax-rows
	l.EyeMin, l.EyeMax = l.EyeMin+rows, l.EyeMax-rows
	l.FaceMin, l.FaceMax = l.FaceMin+face, l.FaceMax-face
	return l
}
