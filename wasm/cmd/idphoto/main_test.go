//go:build !js && !wasip1

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gradphoto/wasm/internal/phototest"
)

// workDir copies the named photos into a fresh folder (the runtime's
// preopened directory), returning the folder.
func workDir(t *testing.T, names ...string) string {
	t.Helper()
	src := phototest.Dir(t)
	dir := t.TempDir()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(src, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "notes.jpg"), []byte("this is text, not a photo"), 0o644)
	return dir
}

// cases are what the command must do, in every build.
var cases = []struct {
	name     string
	args     func(dir string) []string
	exit     int
	reason   string // first reason code in the report, for exit 2
	wantFile string // written on success
}{
	{"compliant photo", func(d string) []string {
		return []string{"-o", d + "/out.jpg", "-report", d + "/r.json", d + "/pigo_sample.jpg"}
	}, 0, "", "out.jpg"},
	{"white background", func(d string) []string {
		return []string{"-bg", "white", "-o", d + "/white.jpg", "-report", d + "/r.json", d + "/pigo_sample.jpg"}
	}, 0, "", "white.jpg"},
	{"no face", func(d string) []string { return []string{"-report", d + "/r.json", d + "/rembg_girl-2.jpg"} }, 2, "no_face", ""},
	{"not an image", func(d string) []string { return []string{"-report", d + "/r.json", d + "/notes.jpg"} }, 2, "unsupported_format", ""},
	{"check the photo it made", func(d string) []string {
		return []string{"-check", "-report", d + "/r.json", d + "/out.jpg"}
	}, 0, "", ""},
	{"check a photo that is not finished", func(d string) []string {
		return []string{"-check", "-report", d + "/r.json", d + "/pigo_sample.jpg"}
	}, 2, "format", ""}, // pigo_sample.jpg is progressive, 320 x 400, 254 dpi
	{"check text", func(d string) []string { return []string{"-check", "-report", d + "/r.json", d + "/notes.jpg"} }, 2, "unsupported_format", ""},
	{"missing input", func(d string) []string { return []string{d + "/nothing.jpg"} }, 1, "", ""},
	{"unknown preset", func(d string) []string { return []string{"-spec", "poster", d + "/pigo_sample.jpg"} }, 1, "", ""},
	{"no input", func(d string) []string { return nil }, 1, "", ""},
}

func TestCommandNative(t *testing.T) {
	dir := workDir(t, "pigo_sample.jpg", "rembg_girl-2.jpg")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(c.args(dir), &stdout, &stderr)
			checkRun(t, dir, c.exit, c.reason, c.wantFile, got, stderr.String())
		})
	}
}

// TestCommandWasip1UnderWazero runs the GOOS=wasip1 build inside the test
// with wazero, the photos' folder preopened as /work.
func TestCommandWasip1UnderWazero(t *testing.T) {
	dir := workDir(t, "pigo_sample.jpg", "rembg_girl-2.jpg")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, stderr := runWazero(t, dir, c.args("/work")...)
			checkRun(t, dir, c.exit, c.reason, c.wantFile, got, stderr)
		})
	}
}

// TestCommandWasip1UnderNode runs the same build under Node's node:wasi.
func TestCommandWasip1UnderNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		phototest.Missing(t, "node is not installed")
	}
	dir := workDir(t, "pigo_sample.jpg", "rembg_girl-2.jpg")
	for _, c := range cases[:4] {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"--no-warnings", "testdata/wasi.mjs", wasiBinary(t), dir}, c.args("/work")...)
			cmd := exec.Command(node, args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			got := 0
			if ee, ok := err.(*exec.ExitError); ok {
				got = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			checkRun(t, dir, c.exit, c.reason, c.wantFile, got, stderr.String())
		})
	}
}

func checkRun(t *testing.T, dir string, wantExit int, reason, wantFile string, got int, stderr string) {
	t.Helper()
	if got != wantExit {
		t.Fatalf("exit %d, want %d\n%s", got, wantExit, stderr)
	}
	if reason != "" {
		r := readReport(t, filepath.Join(dir, "r.json"))
		if r.OK || r.firstCode() != reason {
			t.Fatalf("report: ok=%v reasons=%v failures=%v, want %s", r.OK, r.Reasons, r.Failures, reason)
		}
		if !strings.Contains(stderr, reason) {
			t.Errorf("stderr does not name the reason: %s", stderr)
		}
	}
	if wantFile != "" {
		b, err := os.ReadFile(filepath.Join(dir, wantFile))
		if err != nil || len(b) < 20<<10 || len(b) > 40<<10 {
			t.Fatalf("output %s: %d bytes, %v", wantFile, len(b), err)
		}
		if r := readReport(t, filepath.Join(dir, "r.json")); !r.OK || r.Output == nil {
			t.Fatalf("report of a compliant photo: %+v", r)
		}
	}
}
