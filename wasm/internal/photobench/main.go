//go:build !js && !wasip1

//go:debug randseednop=0

// Command photobench prints the photo engine's figures against its budget
// (`make bench-photo` runs it after the Go benchmarks):
//
//   - the whole pipeline, stage by stage, on a 1200 x 1600 RGBA frame (what
//     the browser hands over: a synthetic head-and-shoulders scene, and a
//     real photo from ../shared/photos scaled up to that size), natively
//     with idphoto.ProcessRGBA and as the browser module under Node;
//   - a 12 MP JPEG (the synthetic scene at 3000 x 4000, quality 90)
//     through the native command-line tool: wall time and peak memory
//     (max RSS);
//   - detect() (idphoto.Guide) on a 320 x 240 frame as wasm;
//   - the browser module's size, raw and gzipped, and everything the page
//     downloads (module, wasm_exec.js, facefinder, puploc, the worker and
//     its warm-up picture), gzipped.
//
// Times are medians over several runs on one thread of this machine; it
// measures, it does not judge (the budget is printed beside each figure).
//
//	go run ./wasm/internal/photobench [-runs 9] [-skip-wasm] [-skip-cli]
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	xdraw "golang.org/x/image/draw"

	"gradphoto/wasm/face"
	"gradphoto/wasm/idphoto"
	"gradphoto/wasm/imageio"
	"gradphoto/wasm/internal/synth"
)

// The budget (the figures).
const (
	budgetNativeMS   = 80
	budgetWasmMS     = 250
	budgetCLIMS      = 400
	budgetDetectMS   = 15
	budgetModuleGzip = 1.5e6
	budgetDownload   = 3e6
	budgetRSS        = 250e6
)

func main() {
	runs := flag.Int("runs", 9, "runs per figure (medians are printed)")
	skipWasm := flag.Bool("skip-wasm", false, "skip the browser module under Node")
	skipCLI := flag.Bool("skip-cli", false, "skip the native command on a 12 MP JPEG")
	launch := flag.Bool("launch", false, "internal: run the command in the arguments and print its rusage as JSON")
	flag.Parse()
	if *launch {
		os.Exit(launchChild(flag.Args()))
	}
	if err := run(*runs, *skipWasm, *skipCLI); err != nil {
		fmt.Fprintln(os.Stderr, "photobench:", err)
		os.Exit(1)
	}
}

func run(runs int, skipWasm, skipCLI bool) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "photobench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	models, err := face.DefaultModels()
	if err != nil {
		return err
	}
	fmt.Printf("photo engine figures: %s %s/%s, GOMAXPROCS %d (the engine uses one thread)\n\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))

	frame := synth.Render(synth.Plain().Scaled(1200, 1600)).Image
	native, err := nativeStages(models, frame, runs)
	if err != nil {
		return fmt.Errorf("synthetic frame: %w", err)
	}
	var realStages *stages
	if photo, err := realFrame(root); err == nil {
		if realStages, err = nativeStages(models, photo, runs); err != nil {
			return fmt.Errorf("real photo: %w", err)
		}
	} else {
		fmt.Println("(no real photo:", err, ")")
	}

	var wasm *wasmFigures
	if !skipWasm {
		if wasm, err = browserModule(root, tmp, frame, runs); err != nil {
			return fmt.Errorf("browser module: %w", err)
		}
	}

	fmt.Printf("ProcessRGBA on a 1200 x 1600 RGBA frame, ms: median (best) of %d runs per stage; total: of the runs' sums\n", runs)
	cols := []string{"native synth"}
	tables := []*stages{native}
	if realStages != nil {
		cols = append(cols, "native photo")
		tables = append(tables, realStages)
	}
	if wasm != nil {
		cols = append(cols, "wasm synth")
		tables = append(tables, &wasm.stages)
	}
	fmt.Printf("  %-12s", "stage")
	for _, c := range cols {
		fmt.Printf(" %16s", c)
	}
	fmt.Println()
	cell := func(med, best float64) string { return fmt.Sprintf("%.1f (%.1f)", med, best) }
	for _, s := range native.order {
		fmt.Printf("  %-12s", s)
		for _, t := range tables {
			fmt.Printf(" %16s", cell(t.median[s], t.min[s]))
		}
		fmt.Println()
	}
	fmt.Printf("  %-12s", "total")
	for _, t := range tables {
		fmt.Printf(" %16s", cell(t.total, t.minTotal))
	}
	fmt.Println()
	fmt.Printf("  budget: native <= %d ms: %s", budgetNativeMS, verdict(native.total <= budgetNativeMS))
	if wasm != nil {
		fmt.Printf("; wasm <= %d ms: %s (process() as JavaScript sees it: %.1f (%.1f) ms)",
			budgetWasmMS, verdict(wasm.total <= budgetWasmMS), wasm.processMS, wasm.minProcessMS)
		fmt.Printf("\n  wasm, once: module start %.0f ms, loadModels %.0f ms, the first process() %.0f ms (V8 optimises a function after it has run a while)",
			wasm.startMS, wasm.loadModelsMS, wasm.firstProcessMS)
	}
	fmt.Print("\n  (a verdict judges the median; on a busy machine the best run is nearer what the code costs)\n\n")

	if !skipCLI {
		if err := commandLine(root, tmp, runs); err != nil {
			return fmt.Errorf("command line: %w", err)
		}
	}
	if wasm != nil {
		fmt.Printf("detect() on 320 x 240 as wasm: %.2f (%.2f) ms (<= %d: %s)\n\n", wasm.detectMS, wasm.minDetectMS, budgetDetectMS, verdict(wasm.detectMS <= budgetDetectMS))
		fmt.Println("browser download (gzip -9):")
		total := 0
		for _, f := range wasm.files {
			fmt.Printf("  %-16s %9d bytes raw %9d gzip\n", f.name, f.raw, f.gzip)
			total += f.gzip
		}
		mod := wasm.files[0].gzip
		fmt.Printf("  module gzip %.3f MB (<= %.1f: %s); total download %.3f MB (<= %.0f: %s)\n",
			float64(mod)/1e6, budgetModuleGzip/1e6, verdict(mod <= budgetModuleGzip),
			float64(total)/1e6, budgetDownload/1e6, verdict(total <= budgetDownload))
	}
	return nil
}

func verdict(ok bool) string {
	if ok {
		return "ok"
	}
	return "OVER"
}

// stages are the median and the least time of every stage of the
// report's timings, and of their sum. On a shared machine the least is
// the better estimate of what the code costs, the median of what a user
// waits.
type stages struct {
	order       []string
	median, min map[string]float64
	total       float64 // median of the runs' sums
	minTotal    float64 // least of the runs' sums
}

// collect makes stages from the timings of several runs.
func collect(runs [][]idphoto.Timing) stages {
	all := map[string][]float64{}
	var order []string
	var totals []float64
	for _, ts := range runs {
		sum := 0.0
		for _, t := range ts {
			if _, ok := all[t.Stage]; !ok {
				order = append(order, t.Stage)
			}
			all[t.Stage] = append(all[t.Stage], t.MS)
			sum += t.MS
		}
		totals = append(totals, sum)
	}
	s := stagesOf(all)
	s.order = order
	s.total, s.minTotal = median(totals), slices.Min(totals)
	return s
}

// stagesOf makes stages (without the order and totals) from every run's
// time per stage.
func stagesOf(all map[string][]float64) stages {
	s := stages{median: map[string]float64{}, min: map[string]float64{}}
	for k, v := range all {
		s.median[k], s.min[k] = median(v), slices.Min(v)
	}
	return s
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	return v[len(v)/2]
}

// nativeStages runs ProcessRGBA on img (a fresh copy each run: it takes
// the pixels over), after one warm-up run.
func nativeStages(m *face.Models, img *image.RGBA, runs int) (*stages, error) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	pix := make([]byte, len(img.Pix))
	var all [][]idphoto.Timing
	for i := -1; i < runs; i++ {
		copy(pix, img.Pix)
		res, err := idphoto.ProcessRGBA(pix, w, h, idphoto.Options{Models: m})
		if err != nil {
			return nil, err
		}
		if !res.Report.OK {
			return nil, fmt.Errorf("refused: %v", res.Report.Reasons)
		}
		if i >= 0 {
			all = append(all, res.Report.Timings)
		}
	}
	s := collect(all)
	return &s, nil
}

// realFrame is hivision_test0.jpg (576 x 768) scaled up to 1200 x 1600, as
// a browser would hand over a phone photo.
func realFrame(root string) (*image.RGBA, error) {
	data, err := os.ReadFile(filepath.Join(root, "..", "shared", "photos", "hivision_test0.jpg"))
	if err != nil {
		return nil, err
	}
	dec, err := imageio.Decode(data, imageio.Options{})
	if err != nil {
		return nil, err
	}
	dst := image.NewRGBA(image.Rect(0, 0, 1200, 1600))
	xdraw.CatmullRom.Scale(dst, dst.Rect, dec.RGBA, dec.RGBA.Rect, xdraw.Src, nil)
	return dst, nil
}

// commandLine builds the native command, runs it on a 12 MP JPEG and
// prints its wall time, the stages of its report and its peak memory.
func commandLine(root, tmp string, runs int) error {
	bin := filepath.Join(tmp, "idphoto")
	if err := goBuild(root, nil, bin, "./wasm/cmd/idphoto"); err != nil {
		return err
	}
	scene := synth.Render(synth.Plain().Scaled(3000, 4000))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, scene.Image, &jpeg.Options{Quality: 90}); err != nil {
		return err
	}
	input := filepath.Join(tmp, "photo12mp.jpg")
	if err := os.WriteFile(input, buf.Bytes(), 0o644); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var walls, cpus, rss []float64
	var timings [][]idphoto.Timing
	for i := -1; i < runs; i++ {
		report := filepath.Join(tmp, "report.json")
		// Through a small launcher process: a child's max RSS counts the
		// memory of the process that started it (Linux charges the
		// parent's pages mapped at the moment of exec), and this one holds
		// hundreds of MB of test scenes.
		cmd := exec.Command(self, "-launch", bin, "-o", filepath.Join(tmp, "out.jpg"), "-report", report, input)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%v: %s", err, stderr.String())
		}
		var u usage
		if err := json.Unmarshal(stdout.Bytes(), &u); err != nil {
			return fmt.Errorf("launcher: %v: %s", err, stdout.String())
		}
		var r idphoto.Report
		b, err := os.ReadFile(report)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		if i < 0 {
			continue // warm-up: the page cache
		}
		walls = append(walls, u.WallMS)
		cpus = append(cpus, u.CPUMS)
		rss = append(rss, u.MaxRSS)
		timings = append(timings, r.Timings)
	}
	st := collect(timings)
	wall := median(walls)
	fmt.Printf("12 MP JPEG (3000 x 4000, %d KB, quality 90) through the native command:\n", buf.Len()>>10)
	fmt.Printf("  wall %.1f ms, process start to exit (<= %d: %s); min %.1f; CPU (user+system, all threads) %.1f\n",
		wall, budgetCLIMS, verdict(wall <= budgetCLIMS), slices.Min(walls), median(cpus))
	var parts []string
	for _, s := range st.order {
		parts = append(parts, fmt.Sprintf("%s %.1f", s, st.median[s]))
	}
	fmt.Printf("  its report: %s; total %.1f ms\n", strings.Join(parts, ", "), st.total)
	peak := slices.Max(rss)
	fmt.Printf("  peak memory (max RSS) %.1f MB (<= %.0f: %s)\n", peak/1e6, budgetRSS/1e6, verdict(peak <= budgetRSS))
	fmt.Println()
	return nil
}

// usage is what the launcher reports about the command it ran.
type usage struct {
	WallMS float64 `json:"wallMS"`
	CPUMS  float64 `json:"cpuMS"`
	MaxRSS float64 `json:"maxRSS"` // bytes
}

// launchChild runs args, passing its standard error through, and prints
// its usage as JSON. It returns the exit code for the launcher.
func launchChild(args []string) int {
	if len(args) == 0 {
		return 1
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stderr = os.Stderr
	t := time.Now()
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	u := usage{WallMS: float64(time.Since(t).Microseconds()) / 1000}
	u.CPUMS = float64((cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Microseconds()) / 1000
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		u.MaxRSS = float64(ru.Maxrss) * 1024 // Linux: kilobytes
	}
	json.NewEncoder(os.Stdout).Encode(u)
	return 0
}

type file struct {
	name      string
	raw, gzip int
}

type wasmFigures struct {
	stages
	processMS, minProcessMS float64
	detectMS, minDetectMS   float64
	startMS, loadModelsMS   float64
	firstProcessMS          float64
	files                   []file // the module first
}

// browserModule builds the browser module as it ships and drives it under
// Node with wasm/cmd/browser/testdata/engine.mjs (the module's own test).
func browserModule(root, tmp string, frame *image.RGBA, runs int) (*wasmFigures, error) {
	wasmPath := filepath.Join(tmp, "engine.wasm")
	if err := goBuild(root, []string{"GOOS=js", "GOARCH=wasm"}, wasmPath, "./wasm/cmd/browser"); err != nil {
		return nil, err
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, err
	}
	wasmExec := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js")
	cascades := filepath.Join(root, "wasm", "face", "cascade", "data")
	// The worker and the picture it warms up on come with the module.
	warmup := filepath.Join(tmp, "warmup.jpg")
	if err := goBuild(root, nil, filepath.Join(tmp, "warmframe"), "./wasm/internal/warmframe"); err != nil {
		return nil, err
	}
	if out, err := exec.Command(filepath.Join(tmp, "warmframe"), "-o", warmup).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("warmframe: %v: %s", err, out)
	}
	figs := &wasmFigures{}
	for _, f := range []struct{ name, path string }{
		{"engine.wasm", wasmPath}, {"wasm_exec.js", wasmExec},
		{"facefinder", filepath.Join(cascades, "facefinder")}, {"puploc", filepath.Join(cascades, "puploc")},
		{"engine-worker.js", filepath.Join(root, "web", "static", "engine", "engine-worker.js")}, {"warmup.jpg", warmup},
	} {
		b, err := os.ReadFile(f.path)
		if err != nil {
			return nil, err
		}
		figs.files = append(figs.files, file{f.name, len(b), gzipSize(b)})
	}

	node, err := exec.LookPath("node")
	if err != nil {
		return nil, err
	}
	photo, err := writeRGBA(tmp, "photo.rgba", frame)
	if err != nil {
		return nil, err
	}
	preview, err := writeRGBA(tmp, "preview.rgba", synth.Render(synth.Plain().Scaled(240, 320)).Image)
	if err != nil {
		return nil, err
	}
	frames, _ := json.Marshal(map[string]any{"photo": photo, "preview": preview, "runs": runs + 1, "detectRuns": 60})
	framesPath := filepath.Join(tmp, "frames.json")
	if err := os.WriteFile(framesPath, frames, 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(node, filepath.Join(root, "wasm", "cmd", "browser", "testdata", "engine.mjs"), wasmExec, wasmPath, cascades, framesPath)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("node: %v: %s", err, stderr.String())
	}
	var out struct {
		StartMS      float64   `json:"startMS"`
		LoadModelsMS float64   `json:"loadModelsMS"`
		ProcessAllMS []float64 `json:"processAllMS"`
		DetectAllMS  []float64 `json:"detectAllMS"`
		Report       struct {
			OK      bool              `json:"ok"`
			Reasons []idphoto.Message `json:"reasons"`
		} `json:"report"`
		StageAllMS map[string][]float64 `json:"stageAllMS"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("%v: %s", err, stdout.String())
	}
	if !out.Report.OK {
		return nil, fmt.Errorf("process() refused the frame: %v", out.Report.Reasons)
	}
	// The first run warms the module up (V8 tiers its code up).
	figs.startMS, figs.loadModelsMS, figs.firstProcessMS = out.StartMS, out.LoadModelsMS, out.ProcessAllMS[0]
	all := out.ProcessAllMS[1:]
	figs.processMS, figs.minProcessMS = median(all), slices.Min(all)
	figs.detectMS, figs.minDetectMS = median(out.DetectAllMS), slices.Min(out.DetectAllMS)
	var totals []float64
	for k, v := range out.StageAllMS {
		v = v[1:]
		out.StageAllMS[k] = v
		for i, ms := range v {
			if i >= len(totals) {
				totals = append(totals, 0)
			}
			totals[i] += ms
		}
	}
	figs.stages = stagesOf(out.StageAllMS)
	figs.total, figs.minTotal = median(totals), slices.Min(totals)
	return figs, nil
}

// gzipSize is the size of b after gzip -9 (the command when there is one:
// it packs a little tighter than compress/gzip).
func gzipSize(b []byte) int {
	if _, err := exec.LookPath("gzip"); err == nil {
		cmd := exec.Command("gzip", "-9", "-c")
		cmd.Stdin = bytes.NewReader(b)
		if out, err := cmd.Output(); err == nil {
			return len(out)
		}
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Len()
}

type rgbaFile struct {
	File   string `json:"file"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

func writeRGBA(dir, name string, img *image.RGBA) (rgbaFile, error) {
	path := filepath.Join(dir, name)
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if img.Stride != 4*w {
		return rgbaFile{}, fmt.Errorf("%s: not a tight image", name)
	}
	return rgbaFile{path, w, h}, os.WriteFile(path, img.Pix, 0o644)
}

// goBuild builds pkg as it ships: -trimpath -ldflags="-s -w".
func goBuild(root string, env []string, out, pkg string) error {
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, pkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return nil
}

func moduleRoot() (string, error) {
	b, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	gomod := strings.TrimSpace(string(b))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the gradphoto module")
	}
	return filepath.Dir(gomod), nil
}
