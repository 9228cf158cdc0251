// Package faceapi compares our face detector (wasm/face, pigo's cascades)
// with @vladmandic/face-api (SSD MobileNet v1 and its 68 landmarks, run by
// detect.mjs under Node) on the same photos: which faces each finds, where,
// where the pupils are, and how long each takes. The comparison runs as
// the test in compare_test.go (`make compare-faceapi` prints the table).
//
// # What counts as agreement
//
// The two boxes are drawn differently: pigo's is a square from about the
// hairline to just above the chin; face-api's is a taller rectangle from
// the brows to below the chin, about as wide as the cheeks. They still
// frame the same face, so one of our faces matches one of theirs when
//
//   - the centre of our box lies within MaxOffset (0.25) of their box width
//     from the centre of their box, and
//   - our box side is MinRatio to MaxRatio (0.6-1.6) times their box width.
//
// Faces are paired one to one, closest centres first. A photo agrees when
// every face on either side is paired: the same number of faces (none, one
// or several) and each in the same place. Only our strong faces
// (Result.Strong) count; face-api's are those scoring at least 0.5, its
// default.
//
// # Pupils
//
// Our pupils (puploc) are compared with the centre of face-api's six eye
// landmarks of each eye (points 36-41 and 42-47), which for an open eye
// looking ahead is the pupil within a few pixels. The error of a pair of
// faces is the larger of the two eyes' distances, as a fraction of
// face-api's inter-ocular distance (between its two eye centres), so that
// it reads the same at any face size.
//
// # Chin
//
// face-api's chin (point 8) also checks what wasm/frame assumes about our
// box: that the chin lies 0.75 of the box side below the eye line. Pair
// reports the eye-line-to-chin distance in units of our box side.
package faceapi

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"

	"gradphoto/wasm/face"
)

// The agreement criterion (see the package comment).
const (
	MaxOffset = 0.25 // centre distance, in units of face-api's box width
	MinRatio  = 0.6  // our box side over face-api's box width, at least
	MaxRatio  = 1.6  // ... and at most
)

// Point is a position in pixels, the centre of the top-left pixel at
// (0, 0) as in wasm/face.
type Point struct {
	X, Y float64
}

func (p Point) dist(q Point) float64 { return math.Hypot(p.X-q.X, p.Y-q.Y) }

// Box is face-api's face box: top-left corner and size in pixels.
type Box struct {
	X, Y, Width, Height float64
}

// Center returns the middle of the box.
func (b Box) Center() Point { return Point{b.X + b.Width/2, b.Y + b.Height/2} }

// Face is one face face-api found.
type Face struct {
	Score float64
	Box   Box
	// EyeImageLeft and EyeImageRight are the centres of the eye landmarks
	// of the eye on the picture's left (the subject's right eye) and on its
	// right; Chin is landmark 8.
	EyeImageLeft, EyeImageRight, Chin Point
}

// Photo is detect.mjs's line for one photo.
type Photo struct {
	Photo         string
	Format        string
	Orientation   int
	Width, Height int     // the picture face-api saw (upright, shrunk like ours)
	Ms            float64 // median detection time after warm-up
	Faces         []Face  // best score first
	Error         string  // the photo could not be read
}

// Setup is detect.mjs's first line: versions and how tfjs runs.
type Setup struct {
	FaceAPI string `json:"faceapi"`
	TFJS    string `json:"tfjs"`
	Backend string
	SIMD    bool
	Threads int
	Sharp   string
	Node    string
	Runs    int
	MaxSide int
}

// ReadOutput parses what detect.mjs printed: the setup line, then a line
// per photo.
func ReadOutput(r io.Reader) (Setup, []Photo, error) {
	var setup Setup
	var photos []Photo
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	first := true
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		if first {
			var s struct{ Setup *Setup }
			if err := json.Unmarshal(line, &s); err != nil || s.Setup == nil {
				return setup, nil, fmt.Errorf("faceapi: first line is not the setup: %.200s", line)
			}
			setup, first = *s.Setup, false
			continue
		}
		var p Photo
		if err := json.Unmarshal(line, &p); err != nil {
			return setup, nil, fmt.Errorf("faceapi: %w in line %.200s", err, line)
		}
		if p.Photo == "" {
			return setup, nil, fmt.Errorf("faceapi: a line without a photo: %.200s", line)
		}
		photos = append(photos, p)
	}
	if err := sc.Err(); err != nil {
		return setup, nil, err
	}
	if first {
		return setup, nil, fmt.Errorf("faceapi: no output")
	}
	return setup, photos, nil
}

// Scaled returns f with its coordinates multiplied by sx and sy: face-api's
// faces on a picture of another size than ours (the two resizers may round
// a shrunk side differently).
func (f Face) Scaled(sx, sy float64) Face {
	sp := func(p Point) Point { return Point{p.X * sx, p.Y * sy} }
	f.Box = Box{f.Box.X * sx, f.Box.Y * sy, f.Box.Width * sx, f.Box.Height * sy}
	f.EyeImageLeft, f.EyeImageRight, f.Chin = sp(f.EyeImageLeft), sp(f.EyeImageRight), sp(f.Chin)
	return f
}

// Pair is one of our faces matched with one of theirs.
type Pair struct {
	Ours, Theirs int // indexes into the two lists
	// Offset is the distance between the box centres and SizeRatio our box
	// side, both in units of their box width.
	Offset, SizeRatio float64
	// Pupil is the larger pupil error over face-api's inter-ocular
	// distance, PupilPx the same in pixels; both NaN when our eyes were not
	// found.
	Pupil, PupilPx float64
	// Chin is face-api's distance from the eye line to the chin over our
	// box side (wasm/frame assumes 0.75).
	Chin float64
}

// Comparison is the outcome for one photo.
type Comparison struct {
	Ours, Theirs int    // faces found
	Pairs        []Pair // matched faces, in the order of our faces
	Agree        bool   // every face on both sides is paired
}

// Compare pairs ours (our strong faces) with theirs.
func Compare(ours []face.Face, theirs []Face) Comparison {
	type cand struct {
		i, j int
		off  float64
	}
	var cands []cand
	for i, o := range ours {
		for j, t := range theirs {
			if t.Box.Width <= 0 {
				continue
			}
			off := Point(o.Center).dist(t.Box.Center()) / t.Box.Width
			ratio := o.Size / t.Box.Width
			if off <= MaxOffset && ratio >= MinRatio && ratio <= MaxRatio {
				cands = append(cands, cand{i, j, off})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].off < cands[b].off })
	usedO := make([]bool, len(ours))
	usedT := make([]bool, len(theirs))
	var pairs []Pair
	for _, c := range cands {
		if usedO[c.i] || usedT[c.j] {
			continue
		}
		usedO[c.i], usedT[c.j] = true, true
		pairs = append(pairs, pair(ours[c.i], theirs[c.j], c.i, c.j))
	}
	sort.Slice(pairs, func(a, b int) bool { return pairs[a].Ours < pairs[b].Ours })
	return Comparison{
		Ours:   len(ours),
		Theirs: len(theirs),
		Pairs:  pairs,
		Agree:  len(pairs) == len(ours) && len(pairs) == len(theirs),
	}
}

func pair(o face.Face, t Face, i, j int) Pair {
	w := t.Box.Width
	p := Pair{
		Ours: i, Theirs: j,
		Offset:    Point(o.Center).dist(t.Box.Center()) / w,
		SizeRatio: o.Size / w,
		Pupil:     math.NaN(),
		PupilPx:   math.NaN(),
	}
	iod := t.EyeImageLeft.dist(t.EyeImageRight)
	if o.EyesFound && iod > 0 {
		// The subject's left eye is on the picture's right.
		p.PupilPx = math.Max(Point(o.LeftEye).dist(t.EyeImageRight), Point(o.RightEye).dist(t.EyeImageLeft))
		p.Pupil = p.PupilPx / iod
	}
	// Eye line to chin: the chin's distance from the line through the two
	// eye centres.
	if iod > 0 && o.Size > 0 {
		a, b := t.EyeImageLeft, t.EyeImageRight
		cross := (b.X-a.X)*(t.Chin.Y-a.Y) - (b.Y-a.Y)*(t.Chin.X-a.X)
		p.Chin = math.Abs(cross) / iod / o.Size
	}
	return p
}
