//go:build js && wasm

//go:debug randseednop=0

// Command browser is the photo engine for the browser (GOOS=js GOARCH=wasm,
// with Go's wasm_exec.js), meant to run inside a Web Worker. It puts one
// object on the global scope:
//
//	gradphotoEngine.loadModels(facefinder, puploc)         // Uint8Arrays, once
//	gradphotoEngine.process(rgba, width, height, options)  // -> {jpeg: Uint8Array, report: object}
//	                                                      // options: {preset, background, onProgress(stage, ms)}
//	gradphotoEngine.detect(rgba, width, height)            // -> guidance for the camera preview
//	gradphotoEngine.printSheet(jpeg, options)              // -> PNG Uint8Array
//	gradphotoEngine.check(file, rgba, w, h, options)       // -> {report}: an album photo against the preset
//
// The cascades are not inside the module: the page downloads them once,
// caches them, and hands the bytes to loadModels. Errors come back as
// {error: "..."} objects rather than exceptions.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/jpeg"
	"syscall/js"

	"gradphoto/shared/photospec"
	"gradphoto/wasm/face"
	"gradphoto/wasm/idphoto"
	"gradphoto/wasm/sheet"
)

var models *face.Models

func main() {
	engine := js.Global().Get("Object").New()
	engine.Set("loadModels", js.FuncOf(loadModels))
	engine.Set("process", js.FuncOf(process))
	engine.Set("detect", js.FuncOf(detect))
	engine.Set("printSheet", js.FuncOf(printSheet))
	engine.Set("presets", js.FuncOf(presets))
	engine.Set("check", js.FuncOf(check))
	js.Global().Set("gradphotoEngine", engine)
	if ready := js.Global().Get("gradphotoEngineReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // keep serving calls
}

// bytesOf copies a Uint8Array or Uint8ClampedArray into Go.
func bytesOf(v js.Value) ([]byte, error) {
	return bytesInto(nil, v)
}

// Pixel buffers kept from one call to the next: a camera frame is 7.7 MB,
// and a fresh one each time costs the zeroing and, as the heap grows, new
// wasm memory. Calls come one at a time (the worker's event loop), and
// neither process nor detect keeps the pixels once it returns.
var photoBuf, previewBuf []byte

// bytesInto is bytesOf into *buf, grown when it is too small.
func bytesInto(buf *[]byte, v js.Value) ([]byte, error) {
	if v.Type() != js.TypeObject || v.Get("length").Type() != js.TypeNumber {
		return nil, fmt.Errorf("expected a Uint8Array")
	}
	n := v.Get("length").Int()
	var b []byte
	switch {
	case buf == nil:
		b = make([]byte, n)
	case cap(*buf) >= n:
		b = (*buf)[:n]
	default:
		*buf = make([]byte, n)
		b = *buf
	}
	if v.Get("constructor").Get("name").String() == "Uint8ClampedArray" {
		v = js.Global().Get("Uint8Array").New(v.Get("buffer"), v.Get("byteOffset"), v.Get("length"))
	}
	js.CopyBytesToGo(b, v)
	return b, nil
}

func toJS(b []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}

// jsonValue turns a Go value into a JS object through JSON.
func jsonValue(v any) js.Value {
	b, err := json.Marshal(v)
	if err != nil {
		return failure(err)
	}
	return js.Global().Get("JSON").Call("parse", string(b))
}

func failure(err error) js.Value {
	o := js.Global().Get("Object").New()
	o.Set("error", err.Error())
	return o
}

func loadModels(_ js.Value, args []js.Value) any {
	if len(args) != 2 {
		return failure(fmt.Errorf("loadModels(facefinder, puploc)"))
	}
	ff, err := bytesOf(args[0])
	if err != nil {
		return failure(err)
	}
	pl, err := bytesOf(args[1])
	if err != nil {
		return failure(err)
	}
	m, err := face.LoadModels(ff, pl)
	if err != nil {
		return failure(err)
	}
	models = m
	return js.ValueOf(true)
}

// options reads {preset: "chsi", background: "white", onProgress}, where
// onProgress(stage, ms), when given, is called as each stage of the
// pipeline ends (decode, face, straighten, matte, composite, place, encode,
// check; a refused photo stops early).
func options(v js.Value) (idphoto.Options, error) {
	opts := idphoto.Options{Models: models}
	if models == nil {
		return opts, fmt.Errorf("call loadModels first")
	}
	if v.Type() != js.TypeObject {
		return opts, nil
	}
	if p := v.Get("preset"); p.Type() == js.TypeString {
		preset, err := photospec.Lookup(p.String())
		if err != nil {
			return opts, err
		}
		opts.Preset = preset
	}
	if bg := v.Get("background"); bg.Type() == js.TypeString && bg.String() != "" {
		c, err := photospec.ParseColor(bg.String())
		if err != nil {
			return opts, err
		}
		opts.Background = c
	}
	if f := v.Get("onProgress"); f.Type() == js.TypeFunction {
		opts.Progress = func(stage string, ms float64) { f.Invoke(stage, ms) }
	}
	return opts, nil
}

func process(_ js.Value, args []js.Value) any {
	if len(args) < 3 {
		return failure(fmt.Errorf("process(rgba, width, height, options)"))
	}
	pix, err := bytesInto(&photoBuf, args[0])
	if err != nil {
		return failure(err)
	}
	var optv js.Value
	if len(args) > 3 {
		optv = args[3]
	}
	opts, err := options(optv)
	if err != nil {
		return failure(err)
	}
	res, err := idphoto.ProcessRGBA(pix, args[1].Int(), args[2].Int(), opts)
	if err != nil {
		return failure(err)
	}
	out := js.Global().Get("Object").New()
	out.Set("report", jsonValue(res.Report))
	if res.JPEG != nil {
		out.Set("jpeg", toJS(res.JPEG))
	}
	return out
}

func detect(_ js.Value, args []js.Value) any {
	if len(args) != 3 {
		return failure(fmt.Errorf("detect(rgba, width, height)"))
	}
	if models == nil {
		return failure(fmt.Errorf("call loadModels first"))
	}
	pix, err := bytesInto(&previewBuf, args[0])
	if err != nil {
		return failure(err)
	}
	g, err := idphoto.Guide(models, pix, args[1].Int(), args[2].Int())
	if err != nil {
		return failure(err)
	}
	return jsonValue(g)
}

// printSheet(jpeg, {page: "6inch"|"5inch", copies, caption, font}) -> PNG
// bytes. The module has no built-in font: a caption needs font, the bytes
// of a TrueType font (a Chinese one for Chinese names).
func printSheet(_ js.Value, args []js.Value) any {
	if len(args) < 1 {
		return failure(fmt.Errorf("printSheet(jpeg, options)"))
	}
	data, err := bytesOf(args[0])
	if err != nil {
		return failure(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return failure(fmt.Errorf("the photo is not a JPEG: %w", err))
	}
	opts := sheet.Options{Page: sheet.SixInch, DPI: 300}
	if len(args) > 1 && args[1].Type() == js.TypeObject {
		o := args[1]
		if p := o.Get("page"); p.Type() == js.TypeString && p.String() == "5inch" {
			opts.Page = sheet.FiveInch
		}
		if c := o.Get("copies"); c.Type() == js.TypeNumber {
			opts.Copies = c.Int()
		}
		if c := o.Get("caption"); c.Type() == js.TypeString {
			opts.Caption = c.String()
		}
		if f := o.Get("font"); f.Type() == js.TypeObject {
			ttf, err := bytesOf(f)
			if err != nil {
				return failure(err)
			}
			font, err := sheet.LoadFont(ttf)
			if err != nil {
				return failure(err)
			}
			opts.Font = font
		}
	}
	if opts.Copies == 0 { // as many as fit
		for opts.Copies = 12; opts.Copies > 1; opts.Copies-- {
			if _, err := opts.Plan(img.Bounds().Dx(), img.Bounds().Dy()); err == nil {
				break
			}
		}
	}
	png, err := sheet.PNG(img, opts)
	if err != nil {
		return failure(err)
	}
	return toJS(png)
}

func presets(js.Value, []js.Value) any {
	var out []photospec.Preset
	for _, n := range photospec.Names() {
		p, _ := photospec.Lookup(n)
		out = append(out, p)
	}
	return jsonValue(out)
}
