//go:debug randseednop=0

// Command idphoto turns a photo into a standard ID photo, or says why it
// cannot:
//
//	idphoto [-spec NAME] [-bg COLOR] [-o OUT.jpg] [-report REPORT.json] INPUT
//
// It exits 0 when a compliant photo was written, 2 when the input was
// refused (the report has "ok": false and the reasons), and 1 for usage and
// I/O errors. The same source builds natively and for GOOS=wasip1, where it
// runs under Node's node:wasi or wasmtime-style runtimes with the input's
// folder preopened.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/face"
	"gradphoto/wasm/idphoto"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // usage or I/O
	exitRefused = 2 // the photo cannot be made compliant
)

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("idphoto", flag.ContinueOnError)
	fs.SetOutput(stderr)
	spec := fs.String("spec", "chsi", "photo standard: "+strings.Join(photospec.Names(), ", "))
	bg := fs.String("bg", "", "background colour: light_blue, white, light_grey, #RRGGBB or r,g,b (default: the standard's)")
	out := fs.String("o", "", "where to write the photo (default: INPUT with _idphoto.jpg)")
	reportPath := fs.String("report", "", "where to write the JSON report (default: standard output)")
	checkOnly := fs.Bool("check", false, "measure INPUT against the standard instead of making a photo (exit 0: it meets it; 2: it does not)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: idphoto [-spec NAME] [-bg COLOR] [-o OUT.jpg] [-report REPORT.json] INPUT")
		fmt.Fprintln(stderr, "       idphoto -check [-spec NAME] [-report REPORT.json] PHOTO")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitFailure
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitFailure
	}
	input := fs.Arg(0)
	preset, err := photospec.Lookup(*spec)
	if err != nil {
		fmt.Fprintln(stderr, "idphoto:", err)
		return exitFailure
	}
	models, err := face.DefaultModels()
	if err != nil {
		fmt.Fprintln(stderr, "idphoto:", err)
		return exitFailure
	}
	opts := idphoto.Options{Preset: preset, Models: models}
	if *bg != "" {
		c, err := photospec.ParseColor(*bg)
		if err != nil {
			fmt.Fprintln(stderr, "idphoto:", err)
			return exitFailure
		}
		opts.Background = c
	}
	data, err := os.ReadFile(input)
	if err != nil {
		fmt.Fprintln(stderr, "idphoto:", err)
		return exitFailure
	}
	if *checkOnly {
		return checkPhoto(data, opts, *reportPath, stdout, stderr)
	}
	res, err := idphoto.Process(data, opts)
	if err != nil {
		fmt.Fprintln(stderr, "idphoto:", err)
		return exitFailure
	}
	if err := writeReport(*reportPath, stdout, res.Report); err != nil {
		fmt.Fprintln(stderr, "idphoto:", err)
		return exitFailure
	}
	if !res.Report.OK {
		for _, r := range res.Report.Reasons {
			fmt.Fprintf(stderr, "idphoto: %s: %s / %s\n", r.Code, r.ZH, r.EN)
		}
		return exitRefused
	}
	if *out == "" {
		*out = strings.TrimSuffix(input, filepath.Ext(input)) + "_idphoto.jpg"
	}
	if err := writeFile(*out, res.JPEG); err != nil {
		fmt.Fprintln(stderr, "idphoto:", err)
		return exitFailure
	}
	return exitOK
}

func writeReport(path string, stdout io.Writer, r any) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if path == "" {
		_, err := stdout.Write(b)
		return err
	}
	return writeFile(path, b)
}

// writeFile writes through a temporary file and a rename, so a failure
// never leaves half a photo under the final name.
func writeFile(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return errors.Join(err)
	}
	return nil
}
