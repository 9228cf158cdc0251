// Package phototest gives the engine's tests the team's photos, which live
// beside the repository in ../shared/photos and are never copied into it.
package phototest

import (
	"image"
	_ "image/jpeg" // the photos
	_ "image/png"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	_ "golang.org/x/image/webp" // hivision_test1.jpg is WebP behind its name
)

// Missing fails the test under CI (CI=true), where everything a test needs
// must be there, and skips it elsewhere.
func Missing(tb testing.TB, why string) {
	tb.Helper()
	if os.Getenv("CI") == "true" {
		tb.Fatal(why)
	}
	tb.Skip(why)
}

// Dir returns the photos folder: ../shared/photos from the repository
// root, the folder above the test's holding go.mod.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("phototest: no go.mod above " + dir)
		}
		dir = parent
	}
	photos := filepath.Join(dir, "..", "shared", "photos")
	if _, err := os.Stat(photos); err != nil {
		Missing(tb, "test photos not found at "+photos+" (the team's kit, beside the repository)")
	}
	return photos
}

// Load decodes the photo called name (EXIF orientation is not applied).
func Load(tb testing.TB, name string) image.Image {
	tb.Helper()
	f, err := os.Open(filepath.Join(Dir(tb), name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return img
}

// Seed seeds math/rand's global source, which pigo's pupil search draws
// its perturbations from, so that a test's results repeat. Since Go 1.24
// rand.Seed does nothing unless the program sets GODEBUG randseednop=0: a
// test file of the package under test needs the line
//
//	//go:debug randseednop=0
func Seed() {
	rand.Seed(1)
}
