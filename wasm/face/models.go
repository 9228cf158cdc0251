package face

import (
	"encoding/binary"
	"fmt"
	"sync"

	"gradphoto/wasm/face/cascade"
)

// Models are the unpacked cascades: the face detector and, optionally, the
// pupil localiser. They are read-only once loaded and may be shared.
type Models struct {
	faces  *finder
	pupils *pupilFinder // nil: Find reports no eyes
}

// LoadModels unpacks pigo's facefinder and puploc cascade files. puploc may
// be empty: the browser can start live guidance with the 240 KB face
// detector alone and load the 1.2 MB pupil cascade later. The unpackers
// (newFinder, newPupilFinder, like pigo's own) index the bytes without
// checking them, so the sizes are checked here first.
func LoadModels(facefinder, puploc []byte) (*Models, error) {
	if err := checkFacefinder(facefinder); err != nil {
		return nil, err
	}
	m := &Models{faces: newFinder(facefinder)}
	if len(puploc) > 0 {
		if err := checkPuploc(puploc); err != nil {
			return nil, err
		}
		m.pupils = newPupilFinder(puploc)
	}
	return m, nil
}

// The embedded models, unpacked once. A plain function rather than a
// package-level sync.OnceValues: a program that never calls DefaultModels
// (the browser module) must not reference the embedded cascades, or the
// linker keeps their 1.5 MB.
var (
	defaultOnce   sync.Once
	defaultModels *Models
	defaultErr    error
)

// DefaultModels returns the models built from the cascades embedded at
// build time (package cascade), unpacked on the first call and shared
// afterwards. Without the cascades it returns cascade.ErrNotInstalled.
func DefaultModels() (*Models, error) {
	defaultOnce.Do(func() {
		ff, err := cascade.Facefinder()
		if err != nil {
			defaultErr = err
			return
		}
		pl, err := cascade.Puploc()
		if err != nil {
			defaultErr = err
			return
		}
		defaultModels, defaultErr = LoadModels(ff, pl)
	})
	return defaultModels, defaultErr
}

// checkFacefinder checks that b is as long as its header says: 8 unused
// bytes, tree depth d and tree count n (uint32, little-endian), then n trees
// of 4*2^d-4 node bytes, 2^d float32 leaves and a float32 threshold.
func checkFacefinder(b []byte) error {
	if len(b) < 16 {
		return fmt.Errorf("face: facefinder cascade: %d bytes, too short", len(b))
	}
	d := binary.LittleEndian.Uint32(b[8:])
	n := binary.LittleEndian.Uint32(b[12:])
	if d == 0 || d > 16 || n == 0 || n > 1<<16 {
		return fmt.Errorf("face: facefinder cascade: depth %d, %d trees: not a facefinder file", d, n)
	}
	if want := 16 + uint64(n)*8<<d; uint64(len(b)) != want {
		return fmt.Errorf("face: facefinder cascade: %d bytes, want %d", len(b), want)
	}
	return nil
}

// checkPuploc checks that b is as long as its header says: stages s, a
// float32 scale, trees per stage t and depth d, then s*t trees of 4*2^d-4
// node bytes and 2^d pairs of float32 leaves.
func checkPuploc(b []byte) error {
	if len(b) < 16 {
		return fmt.Errorf("face: puploc cascade: %d bytes, too short", len(b))
	}
	s := binary.LittleEndian.Uint32(b[0:])
	t := binary.LittleEndian.Uint32(b[8:])
	d := binary.LittleEndian.Uint32(b[12:])
	if s == 0 || s > 64 || t == 0 || t > 1<<12 || d == 0 || d > 16 {
		return fmt.Errorf("face: puploc cascade: %d stages, %d trees, depth %d: not a puploc file", s, t, d)
	}
	if want := 16 + uint64(s)*uint64(t)*(12<<d-4); uint64(len(b)) != want {
		return fmt.Errorf("face: puploc cascade: %d bytes, want %d", len(b), want)
	}
	return nil
}
