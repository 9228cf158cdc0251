package sheet

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gradphoto/shared/apperr"
)

func TestLayout(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		page                 Page
		w, h, dpi, copies    int
		rows, cols           int
		portrait             bool
		first                image.Rectangle // Rects[0], when given
		errField, errContain string
	}{
		// 2寸 (35 x 49 mm): 4 x 2 on a 6-inch page, 44 px spare each side.
		{name: "2寸 x 8 on 6-inch", page: SixInch, w: 413, h: 579, dpi: 300, copies: 8, rows: 2, cols: 4,
			first: image.Rect(56, 15, 469, 594)},
		{name: "2寸 x 6 balanced", page: SixInch, w: 413, h: 579, dpi: 300, copies: 6, rows: 2, cols: 3},
		{name: "2寸 x 1", page: SixInch, w: 413, h: 579, dpi: 300, copies: 1, rows: 1, cols: 1,
			first: image.Rect(693, 310, 1106, 889)},
		{name: "2寸 x 9 too many", page: SixInch, w: 413, h: 579, dpi: 300, copies: 9,
			errField: "copies", errContain: "at most 8"},
		{name: "2寸 at 600 dpi", page: SixInch, w: 826, h: 1158, dpi: 600, copies: 8, rows: 2, cols: 4,
			first: image.Rect(56, 15, 469, 594)},
		// 1寸 (25 x 35 mm): 10 landscape, 12 upright.
		{name: "1寸 x 10", page: SixInch, w: 295, h: 413, dpi: 300, copies: 10, rows: 2, cols: 5},
		{name: "1寸 x 12 upright", page: SixInch, w: 295, h: 413, dpi: 300, copies: 12, rows: 4, cols: 3, portrait: true},
		{name: "1寸 x 13 too many", page: SixInch, w: 295, h: 413, dpi: 300, copies: 13,
			errField: "copies", errContain: "at most 12"},
		// CHSI 480 x 640 at 300 dpi (41 x 54 mm).
		{name: "CHSI x 3", page: SixInch, w: 480, h: 640, dpi: 300, copies: 3, rows: 1, cols: 3},
		{name: "CHSI x 4 upright", page: SixInch, w: 480, h: 640, dpi: 300, copies: 4, rows: 2, cols: 2, portrait: true},
		{name: "2寸 x 3 on 5-inch", page: FiveInch, w: 413, h: 579, dpi: 300, copies: 3, rows: 1, cols: 3},
		{name: "2寸 x 4 on 5-inch", page: FiveInch, w: 413, h: 579, dpi: 300, copies: 4, rows: 2, cols: 2, portrait: true},
		{name: "2寸 x 5 on 5-inch", page: FiveInch, w: 413, h: 579, dpi: 300, copies: 5,
			errField: "copies", errContain: "A 5-inch page holds at most 4"},
		{name: "no copies", page: SixInch, w: 413, h: 579, dpi: 300, copies: 0, errField: "copies"},
		{name: "photo larger than the page", page: SixInch, w: 2000, h: 3000, dpi: 300, copies: 1,
			errField: "photo", errContain: "169 × 254 mm"},
		{name: "empty photo", page: SixInch, w: 0, h: 579, dpi: 300, copies: 1, errField: "photo"},
		{name: "no dpi", page: SixInch, w: 413, h: 579, dpi: 0, copies: 1, errField: "dpi"},
		{name: "no page", page: Page{}, w: 413, h: 579, dpi: 300, copies: 1, errField: "page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Layout(tc.page, tc.w, tc.h, tc.dpi, tc.copies)
			if tc.errField != "" {
				checkFieldError(t, err, tc.errField, tc.errContain)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Rows != tc.rows || p.Cols != tc.cols || p.Portrait != tc.portrait || len(p.Rects) != tc.copies {
				t.Fatalf("%d x %d (portrait %v), %d rects; want %d x %d (portrait %v)",
					p.Cols, p.Rows, p.Portrait, len(p.Rects), tc.cols, tc.rows, tc.portrait)
			}
			if tc.first != (image.Rectangle{}) && p.Rects[0] != tc.first {
				t.Errorf("first copy at %v, want %v", p.Rects[0], tc.first)
			}
			checkPlan(t, p)
		})
	}
}

// checkPlan checks what every plan must hold: copies of the photo's size,
// inside the margins, at least the gap apart, the grid centred.
func checkPlan(t *testing.T, p Plan) {
	t.Helper()
	gap, margin := 12, 12 // 1 mm at 300 dpi
	page := image.Rect(margin, margin, p.Width-margin, p.Height-margin)
	var all image.Rectangle
	for i, r := range p.Rects {
		if r.Size() != p.Photo {
			t.Errorf("copy %d is %v, the photo %v", i, r.Size(), p.Photo)
		}
		if !r.In(page) {
			t.Errorf("copy %d at %v is outside the margins %v", i, r, page)
		}
		if !p.Caption.Empty() && r.Overlaps(p.Caption) {
			t.Errorf("copy %d at %v covers the caption %v", i, r, p.Caption)
		}
		for j, q := range p.Rects[:i] {
			if r.Inset(-gap + 1).Overlaps(q) {
				t.Errorf("copies %d %v and %d %v are closer than the gap", j, q, i, r)
			}
		}
		all = all.Union(r)
	}
	if p.Caption.Empty() {
		if l, r := all.Min.X, p.Width-all.Max.X; l-r > 1 || r-l > 1 {
			t.Errorf("grid %v not centred across a page %d wide", all, p.Width)
		}
		if tp, b := all.Min.Y, p.Height-all.Max.Y; tp-b > 1 || b-tp > 1 {
			t.Errorf("grid %v not centred down a page %d high", all, p.Height)
		}
	}
}

func checkFieldError(t *testing.T, err error, field, contain string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v, want an apperr about %q", err, field)
	}
	if e.Code != apperr.Invalid || e.Field != field || e.ZH == "" || e.EN == "" {
		t.Fatalf("error %+v, want invalid %q in Chinese and English", e, field)
	}
	if !strings.Contains(e.EN, contain) {
		t.Errorf("error %q does not say %q", e.EN, contain)
	}
}

// testPhoto is a 2寸 photo whose every pixel differs from its neighbours'
// and from white and the cut lines' grey.
func testPhoto() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 413, 579))
	for y := 0; y < 579; y++ {
		for x := 0; x < 413; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(x * 255 / 413), uint8(y * 255 / 579), uint8((x ^ y) & 0x7f), 255})
		}
	}
	return img
}

func TestRenderPlacesCopiesAndCutLines(t *testing.T) {
	photo := testPhoto()
	opts := Options{Page: SixInch, Copies: 8}
	img, err := Render(photo, opts)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := opts.Plan(413, 579)
	if img.Rect != image.Rect(0, 0, 1800, 1200) {
		t.Fatalf("page %v", img.Rect)
	}
	white := color.RGBA{255, 255, 255, 255}
	for i, r := range p.Rects {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if got, want := img.RGBAAt(x, y), photo.RGBAAt(x-r.Min.X, y-r.Min.Y); got != want {
					t.Fatalf("copy %d: (%d, %d) is %v, the photo's %v", i, x, y, got, want)
				}
			}
		}
		// Just outside: the cut line's two columns, then white paper.
		mid := (r.Min.Y + r.Max.Y) / 2
		if c := img.RGBAAt(r.Min.X-4, mid); c != white {
			t.Errorf("copy %d: %v left of it, want white paper", i, c)
		}
	}
	// Along a cut line, which runs the page's height through the gaps,
	// dashes alternate with paper.
	r := p.Rects[0]
	for _, x := range []int{r.Min.X - 1, r.Min.X - 2, r.Max.X, r.Max.X + 1} {
		grey, paper := 0, 0
		for y := 0; y < p.Height; y++ {
			switch c := img.RGBAAt(x, y); {
			case c == white:
				paper++
			case c.R < 230 && c.R > 150 && c.R == c.G && c.G == c.B:
				grey++
			}
		}
		if grey < p.Height/2 || paper < p.Height/4 {
			t.Errorf("column %d above the first copy: %d grey, %d white pixels; want a dashed line", x, grey, paper)
		}
	}
	for y := 0; y < r.Min.Y-3; y++ {
		if c := img.RGBAAt(r.Min.X-5, y); c != white {
			t.Fatalf("(%d, %d) is %v between cut lines, want white", r.Min.X-5, y, c)
		}
	}

	none, err := Render(photo, Options{Page: SixInch, Copies: 8, NoCutLines: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := none.RGBAAt(r.Min.X-1, 2); c != white {
		t.Errorf("without cut lines (%d, 2) is %v", r.Min.X-1, c)
	}
}

func TestRenderScalesByDPI(t *testing.T) {
	photo := image.NewRGBA(image.Rect(0, 0, 826, 1158)) // 2寸 at 600 dpi
	for i := range photo.Pix {
		photo.Pix[i] = 40
	}
	img, err := Render(photo, Options{Page: SixInch, DPI: 600, Copies: 2})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Layout(SixInch, 826, 1158, 600, 2)
	if p.Photo != image.Pt(413, 579) {
		t.Fatalf("copy size %v", p.Photo)
	}
	r := p.Rects[1]
	for _, pt := range []image.Point{r.Min, r.Max.Sub(image.Pt(1, 1)), {(r.Min.X + r.Max.X) / 2, (r.Min.Y + r.Max.Y) / 2}} {
		if c := img.RGBAAt(pt.X, pt.Y); c.R != 40 || c.G != 40 || c.B != 40 {
			t.Errorf("(%d, %d) is %v, want the photo's grey", pt.X, pt.Y, c)
		}
	}
}

// inked counts the caption's dark pixels in r.
func inked(img *image.RGBA, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.RGBAAt(x, y).R < 150 {
				n++
			}
		}
	}
	return n
}

func TestCaption(t *testing.T) {
	photo := testPhoto()
	for _, tc := range []struct {
		name    string
		copies  int
		caption string
		turned  bool
	}{
		{"below four copies", 4, "Chen Xiaoming 2024010203", false},
		{"beside eight copies", 8, "Chen Xiaoming 2024010203", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Page: SixInch, Copies: tc.copies, Caption: tc.caption}
			p, err := opts.Plan(413, 579)
			if err != nil {
				t.Fatal(err)
			}
			if p.Caption.Empty() || p.CaptionTurned != tc.turned {
				t.Fatalf("caption at %v, turned %v", p.Caption, p.CaptionTurned)
			}
			checkPlan(t, p)
			img, err := Render(photo, opts)
			if err != nil {
				t.Fatal(err)
			}
			if n := inked(img, p.Caption); n < 300 {
				t.Errorf("%d dark pixels in the caption's place %v", n, p.Caption)
			}
		})
	}

	// Chinese needs a Chinese font.
	_, err := Render(photo, Options{Page: SixInch, Copies: 4, Caption: "陈晓明 2024010203"})
	checkFieldError(t, err, "caption", `"陈晓明"`)

	// No room: four copies of 880 x 580 px fill a 6-inch page to 4 px.
	_, err = Options{Page: SixInch, Copies: 4, Caption: "Chen"}.Plan(880, 580)
	checkFieldError(t, err, "caption", "No room")
	if _, err := (Options{Page: SixInch, Copies: 4}).Plan(880, 580); err != nil {
		t.Errorf("without the caption: %v", err)
	}
}

// cjkFonts are TrueType fonts with Chinese that Debian machines may have
// (fonts-wqy-microhei, fonts-wqy-zenhei).
var cjkFonts = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
}

func TestChineseCaptionWithALoadedFont(t *testing.T) {
	var data []byte
	for _, path := range cjkFonts {
		if b, err := os.ReadFile(path); err == nil {
			data = b
			break
		}
	}
	if data == nil {
		t.Skip("no Chinese TrueType font on this machine (apt-get install fonts-wqy-microhei)")
	}
	f, err := LoadFont(data)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Page: SixInch, Copies: 8, Caption: "陈晓明 2024010203", Font: f}
	img, err := Render(testPhoto(), opts)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := opts.Plan(413, 579)
	if n := inked(img, p.Caption); n < 300 {
		t.Errorf("%d dark pixels in the caption's place %v", n, p.Caption)
	}
	writeSample(t, "sheet-zh.png", img)
}

func TestLoadFontRefusesGarbage(t *testing.T) {
	_, err := LoadFont([]byte("not a font"))
	checkFieldError(t, err, "font", "cannot be read")
}

// chunks splits a PNG file into its chunks, checking every CRC.
func chunks(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	if !bytes.HasPrefix(b, pngSignature) {
		t.Fatal("no PNG signature")
	}
	out := map[string][]byte{}
	var order []string
	for rest := b[8:]; len(rest) > 0; {
		n := binary.BigEndian.Uint32(rest)
		typ := string(rest[4:8])
		data := rest[8 : 8+n]
		if crc := binary.BigEndian.Uint32(rest[8+n:]); crc != crc32.ChecksumIEEE(rest[4:8+n]) {
			t.Fatalf("chunk %s: bad CRC", typ)
		}
		if _, dup := out[typ]; !dup {
			order = append(order, typ)
		}
		out[typ] = data
		rest = rest[12+n:]
	}
	if order[0] != "IHDR" || order[1] != "pHYs" {
		t.Errorf("chunks in order %v, want IHDR then pHYs", order)
	}
	return out
}

func TestPNGHas300DPI(t *testing.T) {
	b, err := PNG(testPhoto(), Options{Page: SixInch, Copies: 8, Caption: "Chen Xiaoming 2024010203"})
	if err != nil {
		t.Fatal(err)
	}
	phys := chunks(t, b)["pHYs"]
	if len(phys) != 9 || binary.BigEndian.Uint32(phys) != 11811 || binary.BigEndian.Uint32(phys[4:]) != 11811 || phys[8] != 1 {
		t.Fatalf("pHYs %v, want 11811 px/m both ways", phys)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 1800, 1200) {
		t.Errorf("decoded %v", img.Bounds())
	}
	writeSample(t, "sheet.png", img)
}

func TestSetPNGDPI(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		t.Fatal(err)
	}
	b, err := SetPNGDPI(buf.Bytes(), 600)
	if err != nil {
		t.Fatal(err)
	}
	// Setting it again replaces the chunk rather than adding one.
	b, err = SetPNGDPI(b, 300)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("pHYs")); n != 1 {
		t.Errorf("%d pHYs chunks", n)
	}
	if phys := chunks(t, b)["pHYs"]; binary.BigEndian.Uint32(phys) != 11811 {
		t.Errorf("pHYs %v", phys)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Error(err)
	}
	for _, bad := range [][]byte{nil, []byte("GIF89a"), buf.Bytes()[:20]} {
		if _, err := SetPNGDPI(bad, 300); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if _, err := SetPNGDPI(buf.Bytes(), 0); err == nil {
		t.Error("dpi 0: no error")
	}
}

// writeSample keeps a sheet in $SHEET_OUT, to look at.
func writeSample(t *testing.T, name string, img image.Image) {
	dir := os.Getenv("SHEET_OUT")
	if dir == "" {
		return
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkSixInchEightCopies(b *testing.B) {
	photo := testPhoto()
	opts := Options{Page: SixInch, Copies: 8, Caption: "Chen Xiaoming 2024010203"}
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			if _, err := Render(photo, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("png", func(b *testing.B) {
		for b.Loop() {
			if _, err := PNG(photo, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
}
