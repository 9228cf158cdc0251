//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"

	"gradphoto/wasm/idphoto"
	"gradphoto/wasm/imageio"
)

// check measures a photo file the student chose from the album (JPEG, PNG
// or WebP bytes) against the preset in options, on the spot:
//
//	gradphotoEngine.check(fileBytes, {preset: "chsi"}) // -> {report} or {error}
//
// A file that cannot be read is a report too (ok false, one failure with
// the reader's reason), since that is what the student must be told.
func check(_ js.Value, args []js.Value) any {
	if len(args) < 1 {
		return failure(fmt.Errorf("check(fileBytes, options)"))
	}
	var opt js.Value
	if len(args) > 1 {
		opt = args[1]
	}
	opts, err := options(opt)
	if err != nil {
		return failure(err)
	}
	data, err := bytesOf(args[0])
	if err != nil {
		return failure(err)
	}
	rep, err := idphoto.Check(data, opts.Preset, opts.Models)
	out := js.Global().Get("Object").New()
	if ie, ok := err.(*imageio.Error); ok {
		out.Set("report", jsonValue(map[string]any{
			"ok":       false,
			"failures": []map[string]string{{"code": string(ie.Code), "zh": ie.ZH, "en": ie.EN}},
		}))
		return out
	}
	if err != nil {
		return failure(err)
	}
	out.Set("report", jsonValue(rep))
	return out
}
