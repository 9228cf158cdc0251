package main

import (
	"fmt"
	"io"

	"gradphoto/wasm/check"
	"gradphoto/wasm/idphoto"
	"gradphoto/wasm/imageio"
)

// checkPhoto is -check: it measures a finished photo (a student's own, say)
// against the standard and writes the checker's report. A file that cannot
// be read is a failed check too, with the reader's reason as its row.
func checkPhoto(data []byte, opts idphoto.Options, reportPath string, stdout, stderr io.Writer) int {
	rep, err := idphoto.Check(data, opts.Preset, opts.Models)
	if ie, ok := err.(*imageio.Error); ok {
		m := check.Message{Code: string(ie.Code), ZH: ie.ZH, EN: ie.EN}
		rep = check.Report{Preset: opts.Preset.Name, Failures: []check.Message{m}}
		err = nil
	}
	if err != nil {
		fmt.Fprintln(stderr, "idphoto:", err)
		return exitFailure
	}
	if err := writeReport(reportPath, stdout, rep); err != nil {
		fmt.Fprintln(stderr, "idphoto:", err)
		return exitFailure
	}
	if !rep.OK {
		for _, f := range rep.Failures {
			fmt.Fprintf(stderr, "idphoto: %s: %s / %s\n", f.Code, f.ZH, f.EN)
		}
		return exitRefused
	}
	return exitOK
}
