// Package cascade holds pigo's face detector and pupil localiser cascades,
// embedded in the program when they were installed at build time.
//
// The files are pigo's (github.com/esimov/pigo, MIT; the licence is copied
// beside them) and are not committed: `make cascades` copies them from the Go
// module cache into data/. Without them this package still builds, and
// Facefinder and Puploc return ErrNotInstalled. The browser module does not
// use this package: it fetches the files once and hands their bytes to
// face.LoadModels.
package cascade

import (
	"embed"
	"errors"
	"io/fs"
)

//go:embed data
var data embed.FS

// ErrNotInstalled is returned when the cascades were not copied into data/
// before the build.
var ErrNotInstalled = errors.New("cascades not installed: run `make cascades`")

// Facefinder returns pigo's face detection cascade (about 240 KB).
func Facefinder() ([]byte, error) { return read("data/facefinder") }

// Puploc returns pigo's pupil localisation cascade (about 1.2 MB).
func Puploc() ([]byte, error) { return read("data/puploc") }

// License returns pigo's licence text, which covers both cascades.
func License() ([]byte, error) { return read("data/LICENSE") }

func read(name string) ([]byte, error) {
	b, err := data.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotInstalled
	}
	return b, err
}
