//go:build !js && !wasip1

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"gradphoto/wasm/internal/phototest"
	"gradphoto/wasm/internal/synth"
)

// TestEngineWorkerInChromium runs the engine where users run it: inside
// web/dist/engine/engine-worker.js, a Web Worker, in headless Chromium. The
// page hands the worker a camera frame and gets the finished photo back.
func TestEngineWorkerInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		phototest.Missing(t, "chromium is not installed (make test installs it with apt-get)")
	}
	dist, _ := filepath.Abs("../../../web/dist")
	if _, err := os.Stat(filepath.Join(dist, "engine", "gradphoto-engine.wasm")); err != nil {
		phototest.Missing(t, "web/dist/engine is not built: run make engine")
	}
	scene := synth.Render(synth.Plain().Scaled(900, 1200))
	frame := writeRGBA(t, t.TempDir(), "frame.rgba", scene.Image)
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(dist)))
	mux.HandleFunc("/test.html", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, "testdata/worker.html") })
	mux.HandleFunc("/frame.rgba", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, frame.File) })
	mux.HandleFunc("/frame.json", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]int{"width": frame.Width, "height": frame.Height})
	})
	results := make(chan []byte, 1)
	mux.HandleFunc("POST /result", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		select {
		case results <- b:
		default:
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "http://"+ln.Addr().String()+"/test.html")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	var body []byte
	select {
	case body = <-results:
	case <-ctx.Done():
		t.Fatalf("no result from the page within 2 minutes\n%s", stderr.String())
	}
	var out struct {
		Error     string   `json:"error"`
		OK        bool     `json:"ok"`
		JPEGBytes int      `json:"jpegBytes"`
		Progress  []string `json:"progress"`
		LoadMS    float64  `json:"loadMS"`
		ProcessMS float64  `json:"processMS"`
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
}
