//go:build !js && !wasip1

package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/draw"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"gradphoto/wasm/internal/phototest"
	"gradphoto/wasm/internal/synth"
)

// TestBrowserModuleUnderNode builds the js/wasm module and drives it under
// Node as the app's Web Worker does. It prints the module's speed: the
// whole pipeline on a 1600 x 1200 frame and detect() on 320 x 240.
func TestBrowserModuleUnderNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		phototest.Missing(t, "node is not installed")
	}
	dir := t.TempDir()
	wasm := filepath.Join(dir, "engine.wasm")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", wasm, ".")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cascades, err := filepath.Abs("../../face/cascade/data")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(cascades, "puploc")); err != nil {
		phototest.Missing(t, "cascades not installed: run make cascades")
	}

	// What the browser hands over: a camera frame as RGBA (a synthetic
	// head-and-shoulders scene of 1600 x 1200), and a small preview frame.
	scene := synth.Render(synth.Plain().Scaled(1200, 1600))
	photo := writeRGBA(t, dir, "photo.rgba", scene.Image)
	small := synth.Render(synth.Plain().Scaled(240, 320))
	preview := writeRGBA(t, dir, "preview.rgba", small.Image)
	frames, _ := json.Marshal(map[string]any{"photo": photo, "preview": preview, "runs": 3})
	framesPath := filepath.Join(dir, "frames.json")
	os.WriteFile(framesPath, frames, 0o644)

	wasmExec := filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js")
	cmd := exec.Command(node, "testdata/engine.mjs", wasmExec, wasm, cascades, framesPath)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	var out struct {
		StartMS   float64 `json:"startMS"`
		ProcessMS float64 `json:"processMS"`
		DetectMS  float64 `json:"detectMS"`
		JPEGBytes int     `json:"jpegBytes"`
		Report    struct {
			OK      bool `json:"ok"`
			Reasons []struct{ Code string }
		} `json:"report"`
		Guide struct {
			Faces int `json:"faces"`
		} `json:"guide"`
		SheetPNG       []byte         `json:"sheetPNG"`
		Bad            map[string]any `json:"bad"`
		CheckUndecoded checkReport    `json:"checkUndecoded"`
		CheckText      checkReport    `json:"checkText"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("%v: %s", err, stdout.String())
	}
	st, _ := os.Stat(wasm)
	t.Logf("module %d bytes; start %.0f ms; process(1200x1600) %.0f ms; detect(240x320) %.1f ms", st.Size(), out.StartMS, out.ProcessMS, out.DetectMS)
	if !out.Report.OK || out.JPEGBytes < 20<<10 || out.JPEGBytes > 40<<10 {
		t.Errorf("process: ok=%v reasons=%v, %d bytes", out.Report.OK, out.Report.Reasons, out.JPEGBytes)
	}
	if out.Guide.Faces != 1 {
		t.Errorf("detect found %d faces in the preview", out.Guide.Faces)
	}
	if len(out.SheetPNG) < 4 || string(out.SheetPNG[1:4]) != "PNG" {
		t.Errorf("printSheet did not return a PNG: %v", out.SheetPNG)
	}
	if rep, _ := out.Bad["report"].(map[string]any); rep == nil || rep["ok"] != false {
		t.Errorf("a wrong pixel count was not refused: %v", out.Bad)
	}
	// check() with pixels runs in Chromium (chromium_test.go), where the
	// worker decodes the file; here the page hands over none.
	if out.CheckUndecoded.OK || len(out.CheckUndecoded.Failures) != 1 || out.CheckUndecoded.Failures[0].Code != "unsupported_format" {
		t.Errorf("check() of a JPEG without pixels: %+v", out.CheckUndecoded)
	}
	if out.CheckText.OK || len(out.CheckText.Failures) != 1 || out.CheckText.Failures[0].Code != "unsupported_format" {
		t.Errorf("check() of text: %+v", out.CheckText)
	}
}

// checkReport is the part of check()'s report the test reads.
type checkReport struct {
	OK       bool                    `json:"ok"`
	Failures []struct{ Code string } `json:"failures"`
	Face     *json.RawMessage        `json:"face"`
}

type rgbaFile struct {
	File   string `json:"file"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

func writeRGBA(t *testing.T, dir, name string, img image.Image) rgbaFile {
	t.Helper()
	b := img.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Rect, img, b.Min, draw.Src)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, rgba.Pix, 0o644); err != nil {
		t.Fatal(err)
	}
	return rgbaFile{path, b.Dx(), b.Dy()}
}
