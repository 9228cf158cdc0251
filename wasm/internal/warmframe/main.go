//go:build !js && !wasip1

// Command warmframe writes the picture the browser engine warms up on
// (`make engine` puts it in web/dist/engine/warmup.jpg): a synthetic
// head-and-shoulders scene (wasm/internal/synth) in front of a plain wall,
// whose face the detector finds, so that a warm-up runs every stage of the
// pipeline. Nobody's photo: it is rendered, never copied.
//
//	go run ./wasm/internal/warmframe -o web/dist/engine/warmup.jpg
package main

import (
	"bufio"
	"flag"
	"fmt"
	"image/jpeg"
	"os"

	"gradphoto/wasm/internal/synth"
)

func main() {
	out := flag.String("o", "warmup.jpg", "output JPEG")
	w := flag.Int("w", 600, "width")
	h := flag.Int("h", 800, "height")
	flag.Parse()
	if err := write(*out, *w, *h); err != nil {
		fmt.Fprintln(os.Stderr, "warmframe:", err)
		os.Exit(1)
	}
}

func write(path string, w, h int) error {
	scene := synth.Render(synth.Plain().Scaled(w, h))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := jpeg.Encode(bw, scene.Image, &jpeg.Options{Quality: 85}); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
