//go:debug randseednop=0

package faceapi

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"gradphoto/wasm/face"
	"gradphoto/wasm/imageio"
	"gradphoto/wasm/internal/phototest"
)

// maxSide is the engine's working size (idphoto.Options.WorkingSide):
// both detectors see each photo shrunk to it, as the engine would.
const maxSide = 1600

// maxPupil is the largest pupil error (Pair.Pupil) accepted on a photo
// that photos.tsv marks ok.
const maxPupil = 0.15

// The packages detect.mjs loads, pinned in package.json.
var nodePackages = []string{"@vladmandic/face-api", "@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "sharp"}

// TestCompareFaceAPI runs our detector and face-api (detect.mjs under
// Node) on every photo in ../shared/photos and logs a table of what each
// found and how long it took (go test -v, or make compare-faceapi). It
// asserts agreement where photos.tsv says what the photo is (ok, no face,
// several faces), and nothing about time. With -v each side times three
// runs per photo; otherwise one.
func TestCompareFaceAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs face-api under Node for about a minute")
	}
	dir := phototest.Dir(t)
	root := repoRoot(t)
	for _, pkg := range nodePackages {
		if _, err := os.Stat(filepath.Join(root, "node_modules", pkg, "package.json")); err != nil {
			phototest.Missing(t, "node_modules lacks "+pkg+": run `make node_modules` (npm ci)")
		}
	}
	node, err := exec.LookPath("node")
	if err != nil {
		phototest.Missing(t, "node is not installed: "+err.Error())
	}
	models, err := face.DefaultModels()
	if err != nil {
		phototest.Missing(t, err.Error())
	}
	expect := readExpectations(t, filepath.Join(dir, "photos.tsv"))
	files := photoFiles(t, dir)
	runs := 1
	if testing.Verbose() {
		runs = 3
	}

	ours := runOurs(t, models, files, runs)
	setup, theirs := runFaceAPI(t, node, files, runs)
	byName := map[string]Photo{}
	for _, p := range theirs {
		byName[p.Photo] = p
	}

	var table strings.Builder
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "photo\texpect\tours\tface-api\tagree\tcentre\tsize\tpupil\tpupil px\tchin\tours ms\tface-api ms\t")
	var withFace, agreeFace, countAgree int
	var ourMs, theirMs []float64
	for _, o := range ours {
		name := filepath.Base(o.file)
		p, ok := byName[name]
		if !ok {
			t.Errorf("%s: face-api reported nothing", name)
			continue
		}
		if p.Error != "" {
			t.Errorf("%s: face-api could not read it: %s", name, p.Error)
			continue
		}
		if abs(p.Width-o.width) > 1 || abs(p.Height-o.height) > 1 {
			t.Errorf("%s: face-api saw %dx%d, we %dx%d: not the same picture (orientation?)", name, p.Width, p.Height, o.width, o.height)
			continue
		}
		sx, sy := float64(o.width)/float64(p.Width), float64(o.height)/float64(p.Height)
		their := make([]Face, len(p.Faces))
		for i, f := range p.Faces {
			their[i] = f.Scaled(sx, sy)
		}
		c := Compare(o.faces, their)
		ourMs, theirMs = append(ourMs, o.ms), append(theirMs, p.Ms)
		if c.Ours == c.Theirs {
			countAgree++
		}
		if c.Ours > 0 || c.Theirs > 0 {
			withFace++
			if c.Agree {
				agreeFace++
			}
		}
		worst := worstPair(c.Pairs)
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%.0f\t\n",
			name, orDash(expect[name]), c.Ours, c.Theirs, yesNo(c.Agree),
			num(worst.Offset, 2), num(worst.SizeRatio, 2), num(worst.Pupil, 3), num(worst.PupilPx, 1), num(worst.Chin, 2),
			o.ms, p.Ms)

		switch e := expect[name]; {
		case e == "ok", e == "reject:no_face", e == "reject:multiple_faces":
			if !c.Agree {
				t.Errorf("%s (%s): no agreement: we found %d faces, face-api %d, %d paired (centre within %.2f of their width, size %.1f-%.1f)",
					name, e, c.Ours, c.Theirs, len(c.Pairs), MaxOffset, MinRatio, MaxRatio)
			}
			for _, pr := range c.Pairs {
				// Pupils within 0.15 of the eye distance (0.07 at most
				// when written): puploc jitters by a pixel or two, and
				// face-api's eye centre is the middle of the eyelids,
				// not the pupil itself.
				if e == "ok" && !(pr.Pupil <= maxPupil) {
					t.Errorf("%s: pupils %.3f of the eye distance from face-api's eye centres (at most %.2f)", name, pr.Pupil, maxPupil)
				}
			}
		}
	}
	tw.Flush()
	fmt.Fprintf(&table, "face-api %s (tfjs %s, %s backend, simd %v, %d thread(s)), sharp %s, node %s; %d run(s) per photo, longer side at most %d px\n",
		setup.FaceAPI, setup.TFJS, setup.Backend, setup.SIMD, setup.Threads, setup.Sharp, setup.Node, setup.Runs, setup.MaxSide)
	fmt.Fprintf(&table, "face count agrees on %d of %d photos\n", countAgree, len(ourMs))
	fmt.Fprintf(&table, "agreement on %d of %d photos with a face; median time ours %.1f ms vs face-api %.0f ms\n",
		agreeFace, withFace, median(ourMs), median(theirMs))
	t.Log("\n" + table.String())
}

// ourPhoto is what our detector found on one photo.
type ourPhoto struct {
	file          string
	width, height int
	faces         []face.Face // the strong ones
	ms            float64     // median of the runs
}

// runOurs decodes each photo as the engine does (imageio: EXIF orientation
// applied, alpha onto white, shrunk to maxSide) and times Find on its gray
// plane, after one warm-up call. Decoding is not timed, as on face-api's side.
func runOurs(t *testing.T, m *face.Models, files []string, runs int) []ourPhoto {
	t.Helper()
	var out []ourPhoto
	for i, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		d, err := imageio.Decode(data, imageio.Options{MaxSide: maxSide})
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(file), err)
		}
		g := face.Gray{Pix: d.Gray.Pix, Stride: d.Gray.Stride, Width: d.Gray.Rect.Dx(), Height: d.Gray.Rect.Dy()}
		if i == 0 {
			if _, err := m.Find(g, face.Options{}); err != nil {
				t.Fatal(err)
			}
		}
		var res face.Result
		times := make([]float64, runs)
		for r := range runs {
			phototest.Seed()
			start := time.Now()
			res, err = m.Find(g, face.Options{})
			times[r] = float64(time.Since(start).Microseconds()) / 1000
			if err != nil {
				t.Fatalf("%s: %v", filepath.Base(file), err)
			}
		}
		out = append(out, ourPhoto{file: file, width: g.Width, height: g.Height, faces: res.Faces[:res.Strong], ms: median(times)})
	}
	return out
}

// runFaceAPI runs detect.mjs on the files.
func runFaceAPI(t *testing.T, node string, files []string, runs int) (Setup, []Photo) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := append([]string{"detect.mjs", "--runs", fmt.Sprint(runs), "--max-side", fmt.Sprint(maxSide)}, files...)
	cmd := exec.CommandContext(ctx, node, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node detect.mjs: %v\n%s", err, stderr.String())
	}
	setup, photos, err := ReadOutput(&stdout)
	if err != nil {
		t.Fatalf("%v\nstderr: %s", err, stderr.String())
	}
	if len(photos) != len(files) {
		t.Fatalf("detect.mjs reported %d photos, want %d", len(photos), len(files))
	}
	return setup, photos
}

// repoRoot returns the folder holding go.mod, above the test's folder.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// photoFiles lists the photos in dir: every file whose content is an
// image the engine reads, by name.
func photoFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		head := make([]byte, 16)
		n, _ := f.Read(head)
		f.Close()
		if imageio.SniffFormat(head[:n]) != "" {
			files = append(files, path)
		}
	}
	if len(files) == 0 {
		t.Fatal("no photos in " + dir)
	}
	return files
}

// readExpectations reads photos.tsv: file name to its expect column.
func readExpectations(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) >= 2 && cols[0] != "file" {
			out[cols[0]] = cols[1]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// worstPair returns, field by field, the largest offset, size ratio,
// pupil error and chin over the pairs (NaN where there are none).
func worstPair(pairs []Pair) Pair {
	w := Pair{Offset: math.NaN(), SizeRatio: math.NaN(), Pupil: math.NaN(), PupilPx: math.NaN(), Chin: math.NaN()}
	worse := func(cur *float64, v float64) {
		if !math.IsNaN(v) && (math.IsNaN(*cur) || v > *cur) {
			*cur = v
		}
	}
	for _, p := range pairs {
		worse(&w.Offset, p.Offset)
		worse(&w.Pupil, p.Pupil)
		worse(&w.PupilPx, p.PupilPx)
		// The size ratio and chin furthest from 1 and 0.75.
		if math.IsNaN(w.SizeRatio) || math.Abs(math.Log(p.SizeRatio)) > math.Abs(math.Log(w.SizeRatio)) {
			w.SizeRatio = p.SizeRatio
		}
		if math.IsNaN(w.Chin) || math.Abs(p.Chin-0.75) > math.Abs(w.Chin-0.75) {
			w.Chin = p.Chin
		}
	}
	return w
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

func num(v float64, prec int) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.*f", prec, v)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
