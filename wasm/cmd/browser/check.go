//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"

	"gradphoto/wasm/idphoto"
	"gradphoto/wasm/imageio"
)

// check measures a photo file the student chose from the album against the
// preset in options, on the spot:
//
//	gradphotoEngine.check(fileBytes, rgba, width, height, {preset, sourceWidth, sourceHeight}) // -> {report} or {error}
//
// The page (the engine's worker) decodes the file with the browser's own
// decoders and hands over its upright pixels (width x height, shrunk from
// sourceWidth x sourceHeight), or null when it could not decode it: Go's
// JPEG and PNG decoders then need not be in this module. The file's headers
// (format, JPEG size, dpi, quality, orientation) are read here. A file that
// cannot be read is a report too (ok false, one failure with the reason),
// since that is what the student must be told.
func check(_ js.Value, args []js.Value) any {
	if len(args) < 4 {
		return failure(fmt.Errorf("check(fileBytes, rgba, width, height, options)"))
	}
	var opt js.Value
	if len(args) > 4 {
		opt = args[4]
	}
	opts, err := options(opt)
	if err != nil {
		return failure(err)
	}
	data, err := bytesOf(args[0])
	if err != nil {
		return failure(err)
	}
	var rgba []byte
	if t := args[1].Type(); t != js.TypeNull && t != js.TypeUndefined {
		if rgba, err = bytesOf(args[1]); err != nil {
			return failure(err)
		}
	}
	srcW, srcH := intOption(opt, "sourceWidth"), intOption(opt, "sourceHeight")
	rep, err := idphoto.CheckPixels(data, rgba, args[2].Int(), args[3].Int(), srcW, srcH, opts.Preset, opts.Models)
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

// intOption reads a whole number from an options object (0 when absent).
func intOption(o js.Value, name string) int {
	if o.Type() != js.TypeObject {
		return 0
	}
	if v := o.Get(name); v.Type() == js.TypeNumber {
		return v.Int()
	}
	return 0
}
