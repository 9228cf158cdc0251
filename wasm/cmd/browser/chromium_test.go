//go:build !js && !wasip1

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"gradphoto/wasm/internal/phototest"
	"gradphoto/wasm/internal/synth"
)

// TestEngineWorkerInChromium runs the engine where users run it: inside
// web/dist/engine/engine-worker.js, a Web Worker, in headless Chromium. The
// page hands the worker a camera frame and gets the finished photo back.
func TestEngineWorkerInChromium(t *testing.T) {
	chromium, dist := chromiumAndDist(t)
	scene := synth.Render(synth.Plain().Scaled(900, 1200))
	frame := writeRGBA(t, t.TempDir(), "frame.rgba", scene.Image)
	mux := http.NewServeMux()
	mux.HandleFunc("/test.html", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, "testdata/worker.html") })
	mux.HandleFunc("/frame.rgba", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, frame.File) })
	mux.HandleFunc("/frame.json", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]int{"width": frame.Width, "height": frame.Height})
	})
	body := runPage(t, chromium, dist, mux, "/test.html", t.TempDir())
	var out struct {
		Error     string   `json:"error"`
		OK        bool     `json:"ok"`
		JPEGBytes int      `json:"jpegBytes"`
		Progress  []string `json:"progress"`
		LoadMS    float64  `json:"loadMS"`
		ProcessMS float64  `json:"processMS"`
		WarmupOK  bool     `json:"warmupOK"`
		BitmapOK  bool     `json:"bitmapOK"`
		BitmapIn  [2]int   `json:"bitmapInput"`
		CheckOK   bool     `json:"checkOK"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if out.Error != "" {
		t.Fatalf("the worker failed: %s", out.Error)
	}
	t.Logf("in a Web Worker in Chromium: start %.0f ms, process(%dx%d) %.0f ms", out.LoadMS, frame.Width, frame.Height, out.ProcessMS)
	if !out.OK || out.JPEGBytes < 20<<10 || len(out.Progress) == 0 {
		t.Fatalf("result: %+v", out)
	}
	if !out.CheckOK {
		t.Errorf("the check op refused the engine's own photo")
	}
	if !out.WarmupOK {
		t.Errorf("the warm-up did not make its photo")
	}
	if !out.BitmapOK || out.BitmapIn != [2]int{750, 1000} {
		t.Errorf("a frame as an ImageBitmap (maxSide 1000): ok=%v, processed at %v, want 750x1000", out.BitmapOK, out.BitmapIn)
	}
	for _, stage := range []string{"processing", "stage"} {
		found := false
		for _, p := range out.Progress {
			found = found || p == stage
		}
		if !found {
			t.Errorf("no %q progress message: %v", stage, out.Progress)
		}
	}
}

var (
	figureRuns  = flag.Int("figure-runs", 0, "TestEngineFiguresInChromium: shots per session (0: skip the test)")
	figurePhoto = flag.String("figure-photo", "hivision_test0.jpg", "TestEngineFiguresInChromium: the photo in ../shared/photos")
)

// TestEngineFiguresInChromium prints the figures the student app is held
// to: from the shutter to the processed photo on screen for a 1920 x 1080
// camera frame (a photo of ../shared/photos drawn into it, wall colour
// around), in the engine's Web Worker in headless Chromium. Five sessions,
// each in a fresh browser profile unless said otherwise:
//
//   - "cold rgba": shots right after loading the engine, the frame handed
//     over as 1920 x 1080 RGBA pixels (getImageData on the page), as the
//     app did before the worker took bitmaps;
//   - "cold": the same with the frame as an ImageBitmap, which the worker
//     scales to 1600 x 900 (the engine's working side) before reading it;
//   - "warm": detect() on preview frames, the warm-up op, 2 s more of
//     preview frames (the student framing the shot), then the shots;
//   - "revisit": "cold" again in the warm session's profile and origin, the student
//     coming back: the engine from the Cache API and, had Chromium kept
//     it, the optimised code from its code cache;
//   - "warm rgba": "warm" with RGBA pixels.
//
// It prints load, warm-up, first and steady shots with their stages, and
// first and steady detect() at 320 x 240. It checks that the face is found
// and the photo made, never a time (the machine is shared). It runs only
// when asked:
//
//	go test -run TestEngineFiguresInChromium -v ./wasm/cmd/browser -args -figure-runs 5
func TestEngineFiguresInChromium(t *testing.T) {
	if *figureRuns <= 0 {
		t.Skip("prints figures only when asked: -figure-runs N (make bench-photo-chromium)")
	}
	chromium, dist := chromiumAndDist(t)
	photo := filepath.Join(phototest.Dir(t), *figurePhoto)
	if _, err := os.Stat(photo); err != nil {
		phototest.Missing(t, err.Error())
	}
	if _, err := os.Stat(filepath.Join(dist, "engine", "warmup.jpg")); err != nil {
		phototest.Missing(t, "web/dist/engine/warmup.jpg is not built: run make engine")
	}
	sessions := []struct {
		name, input   string
		warm, revisit bool
	}{{"cold rgba", "rgba", false, false}, {"cold", "bitmap", false, false}, {"warm", "bitmap", true, false},
		{"revisit", "bitmap", false, true}, {"warm rgba", "rgba", true, false}}
	profile, addr := "", ""
	for _, session := range sessions {
		name, warm := session.name, session.warm
		if !session.revisit {
			profile, addr = t.TempDir(), "127.0.0.1:0"
		}
		lingerMS := 0
		if session.name == "warm" {
			lingerMS = 5000
		}
		mux := http.NewServeMux()
		mux.HandleFunc("/figures.html", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, "testdata/figures.html") })
		mux.HandleFunc("/photo.jpg", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, photo) })
		mux.HandleFunc("/config.json", func(w http.ResponseWriter, r *http.Request) {
			json.NewEncoder(w).Encode(map[string]any{"photo": "/photo.jpg", "width": 1920, "height": 1080,
				"runs": *figureRuns, "detectRuns": 10, "warm": warm, "framingMS": 2000, "input": session.input, "lingerMS": lingerMS})
		})
		var body []byte
		body, addr = runPageAt(t, chromium, dist, mux, "/figures.html", profile, addr)
		var out figures
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatalf("%s: %v: %s", name, err, body)
		}
		if out.Error != "" {
			t.Fatalf("%s: the page failed: %s", name, out.Error)
		}
		t.Logf("%s session, %s in 1920x1080: %s", name, *figurePhoto, out.summary())
		for i, s := range out.Shots {
			t.Logf("  shot %d: shutter→screen %.0f ms (grab %.0f, worker %.0f, rest %.0f); stages %s", i+1,
				s.ShutterMS, s.GrabMS, s.WorkerMS, s.ShutterMS-s.GrabMS-s.WorkerMS, stages(s.Stages))
			if i == 0 {
				t.Logf("    the page heard of each stage's end at (ms after the request): %s", stages(s.Progress))
			}
			if len(s.Progress) != len(s.Stages) {
				t.Errorf("%s shot %d: %d progress messages for %d stages", name, i+1, len(s.Progress), len(s.Stages))
			}
		}
		if warm && out.Warmup != nil {
			t.Logf("  warm-up stages %s", stages(out.Warmup.Timings))
		}
		for i, s := range out.Shots {
			if !s.OK || s.JPEGBytes < 20<<10 {
				t.Errorf("%s shot %d: ok=%v %v, %d bytes", name, i+1, s.OK, s.Reasons, s.JPEGBytes)
			}
		}
		if out.GuideFaces != 1 {
			t.Errorf("%s: detect found %d faces in the preview", name, out.GuideFaces)
		}
		if warm && (out.Warmup == nil || !out.Warmup.OK) {
			t.Errorf("the warm-up did not make its photo: %+v", out.Warmup)
		}
	}
}

type figures struct {
	Error          string  `json:"error"`
	LoadMS         float64 `json:"loadMS"`
	DetectFirstMS  float64 `json:"detectFirstMS"`
	DetectSteadyMS float64 `json:"detectSteadyMS"`
	GuideFaces     int     `json:"guideFaces"`
	WarmupMS       float64 `json:"warmupMS"`
	Warmup         *struct {
		OK      bool    `json:"ok"`
		MS      float64 `json:"ms"`
		Timings []struct {
			Stage string  `json:"stage"`
			MS    float64 `json:"ms"`
		} `json:"timings"`
	} `json:"warmup"`
	Shots []struct {
		ShutterMS float64  `json:"shutterMS"`
		GrabMS    float64  `json:"grabMS"`
		WorkerMS  float64  `json:"workerMS"`
		OK        bool     `json:"ok"`
		Reasons   []string `json:"reasons"`
		JPEGBytes int      `json:"jpegBytes"`
		Stages    [][2]any `json:"stages"`
		Progress  [][2]any `json:"progress"`
	} `json:"shots"`
}

func (f figures) summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "load %.0f ms", f.LoadMS)
	if f.Warmup != nil {
		fmt.Fprintf(&b, ", warm-up %.0f ms", f.WarmupMS)
	}
	if len(f.Shots) > 0 {
		fmt.Fprintf(&b, ", first shot %.0f ms", f.Shots[0].ShutterMS)
	}
	if len(f.Shots) > 1 {
		var rest []float64
		for _, s := range f.Shots[1:] {
			rest = append(rest, s.ShutterMS)
		}
		sort.Float64s(rest)
		fmt.Fprintf(&b, ", steady shot %.0f ms (median of %d)", rest[len(rest)/2], len(rest))
	}
	fmt.Fprintf(&b, "; detect(320x240) first %.1f ms, steady %.1f ms", f.DetectFirstMS, f.DetectSteadyMS)
	return b.String()
}

func stages[T any](ts []T) string {
	var parts []string
	for _, x := range ts {
		switch v := any(x).(type) {
		case [2]any:
			parts = append(parts, fmt.Sprintf("%v %.0f", v[0], v[1]))
		default:
			b, _ := json.Marshal(v)
			var s struct {
				Stage string  `json:"stage"`
				MS    float64 `json:"ms"`
			}
			json.Unmarshal(b, &s)
			parts = append(parts, fmt.Sprintf("%s %.0f", s.Stage, s.MS))
		}
	}
	return strings.Join(parts, ", ")
}

// chromiumAndDist finds Chromium and the built web app (web/dist).
func chromiumAndDist(t *testing.T) (chromium, dist string) {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		phototest.Missing(t, "chromium is not installed (make test installs it with apt-get)")
	}
	dist, _ = filepath.Abs("../../../web/dist")
	for _, f := range []string{"gradphoto-engine.wasm", "engine-worker.js"} {
		if _, err := os.Stat(filepath.Join(dist, "engine", f)); err != nil {
			phototest.Missing(t, "web/dist/engine is not built: run make engine")
		}
	}
	return chromium, dist
}

// runPage serves dist and mux's pages on loopback, opens page in headless
// Chromium with the profile in profileDir, and returns what the page posts
// to /result.
func runPage(t *testing.T, chromium, dist string, mux *http.ServeMux, page, profileDir string) []byte {
	t.Helper()
	body, _ := runPageAt(t, chromium, dist, mux, page, profileDir, "127.0.0.1:0")
	return body
}

// runPageAt is runPage with the server listening on addr; it returns the
// address it listened on. The origin is the address: a page that means to
// find what an earlier one left in the Cache API must use the same one.
func runPageAt(t *testing.T, chromium, dist string, mux *http.ServeMux, page, profileDir, addr string) ([]byte, string) {
	t.Helper()
	mux.Handle("/", http.FileServer(http.Dir(dist)))
	results := make(chan []byte, 1)
	mux.HandleFunc("POST /result", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		select {
		case results <- b:
		default:
		}
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
		"--user-data-dir=" + profileDir}
	// GRADPHOTO_CHROMIUM_FLAGS adds flags, for experiments: e.g.
	// --js-flags=--liftoff-only (V8's baseline compiler only) or
	// --js-flags=--no-liftoff (optimise everything up front).
	args = append(args, strings.Fields(os.Getenv("GRADPHOTO_CHROMIUM_FLAGS"))...)
	cmd := exec.CommandContext(ctx, chromium, append(args, "http://"+ln.Addr().String()+page)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	select {
	case body := <-results:
		return body, ln.Addr().String()
	case <-ctx.Done():
		t.Fatalf("no result from the page within 2 minutes\n%s", stderr.String())
	}
	return nil, ""
}
