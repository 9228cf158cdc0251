// Package sheet lays out print sheets: several copies of a finished photo on
// a 6-inch or 5-inch page at 300 dpi, with light grey dashed cut lines along
// every copy's edges and an optional caption line (name, student number), as
// the collection centre sends them to the photo printer.
//
// Copies keep their physical size: a photo's pixels and dpi say how many
// millimetres it is, and the page has room for so many rows and columns of
// that size with a gap for the cutter between them. Requests that cannot be
// printed are refused with errors in Chinese and English.
package sheet

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"

	"github.com/fogleman/gg"

	"gradphoto/shared/apperr"
	"gradphoto/wasm/face"
	"gradphoto/wasm/frame"
)

// Page is a sheet of photo paper, described landscape.
type Page struct {
	NameZH, NameEN    string
	WidthMM, HeightMM float64
	Width, Height     int // pixels at DPI
	DPI               int
}

// The pages photo printers take. Their pixels are whole inches at 300 dpi
// (6 x 4 and 5 x 3.5 inches), which is what the millimetre names round.
var (
	SixInch  = Page{NameZH: "6寸", NameEN: "6-inch", WidthMM: 152, HeightMM: 102, Width: 1800, Height: 1200, DPI: 300}
	FiveInch = Page{NameZH: "5寸", NameEN: "5-inch", WidthMM: 127, HeightMM: 89, Width: 1500, Height: 1050, DPI: 300}
)

// Spacing on the page, in millimetres: the gap between copies leaves room
// for the cut lines and the cutter; the margin keeps copies clear of the
// paper's edge, which borderless printers may trim.
const (
	GapMM    = 1.0
	MarginMM = 1.0
)

// Caption type: 7 points, dark grey.
const captionPt = 7

var (
	cutLineColor = color.RGBA{190, 190, 190, 255}
	captionColor = color.RGBA{70, 70, 70, 255}
)

// Plan is where everything goes on a page.
type Plan struct {
	Page Page
	// Portrait is true when the page is used upright: Width and Height
	// are then the page's Height and Width.
	Portrait      bool
	Width, Height int // the page as laid out, pixels
	Rows, Cols    int
	Copies        int
	// Photo is the size of one copy on the page, pixels.
	Photo image.Point
	// Rects are the copies' places, row by row, left to right.
	Rects []image.Rectangle
	// Caption is where the caption line goes (empty without one); it runs
	// up the right-hand side, turned, when CaptionTurned is set.
	Caption       image.Rectangle
	CaptionTurned bool
}

// Layout plans copies of a photo of photoW x photoH pixels at dpi on page,
// without a caption. See Options.Plan.
func Layout(page Page, photoW, photoH, dpi, copies int) (Plan, error) {
	return plan(page, photoW, photoH, dpi, copies, 0)
}

// plan lays out the grid: for the page as given (landscape) and then upright,
// the most columns and rows that fit with GapMM between copies and MarginMM
// around; the first orientation that holds the copies (and the caption band,
// captionH pixels high, below the grid or beside it) wins. The grid is
// balanced (6 copies make 3 x 2, not 4 + 2) and centred in the room left.
func plan(page Page, photoW, photoH, dpi, copies, captionH int) (Plan, error) {
	switch {
	case page.Width <= 0 || page.Height <= 0 || page.DPI <= 0:
		return Plan{}, apperr.Field("page", "相纸尺寸无效", "The page size is not valid")
	case photoW <= 0 || photoH <= 0:
		return Plan{}, apperr.Field("photo", "照片没有内容", "The photo is empty")
	case dpi <= 0:
		return Plan{}, apperr.Field("dpi", "照片的分辨率（dpi）必须大于 0", "The photo's resolution (dpi) must be above 0")
	case copies < 1:
		return Plan{}, apperr.Field("copies", "至少要打印 1 张", "Print at least one copy")
	}
	mm := func(mm float64) int { return int(mm*float64(page.DPI)/25.4 + 0.5) }
	gap, margin := mm(GapMM), mm(MarginMM)
	pw := (photoW*page.DPI + dpi/2) / dpi
	ph := (photoH*page.DPI + dpi/2) / dpi
	best := 0 // the most copies any orientation holds
	noCaption := false
	for _, portrait := range []bool{false, true} {
		w, h := page.Width, page.Height
		if portrait {
			w, h = h, w
		}
		maxCols := (w - 2*margin + gap) / (pw + gap)
		maxRows := (h - 2*margin + gap) / (ph + gap)
		if maxCols < 1 || maxRows < 1 {
			continue
		}
		best = max(best, maxCols*maxRows)
		if maxCols*maxRows < copies {
			continue
		}
		rows := (copies + maxCols - 1) / maxCols
		cols := (copies + rows - 1) / rows
		gw, gh := cols*pw+(cols-1)*gap, rows*ph+(rows-1)*gap
		p := Plan{Page: page, Portrait: portrait, Width: w, Height: h, Rows: rows, Cols: cols,
			Copies: copies, Photo: image.Pt(pw, ph)}
		// The room for the grid: the page less the margins and the caption.
		room := image.Rect(margin, margin, w-margin, h-margin)
		if captionH > 0 {
			switch {
			case room.Dy()-gh >= captionH+gap:
				p.Caption = image.Rect(room.Min.X, room.Max.Y-captionH, room.Max.X, room.Max.Y)
				room.Max.Y -= captionH + gap
			case room.Dx()-gw >= captionH+gap:
				p.Caption = image.Rect(room.Max.X-captionH, room.Min.Y, room.Max.X, room.Max.Y)
				p.CaptionTurned = true
				room.Max.X -= captionH + gap
			default:
				noCaption = true
				continue
			}
		}
		x0 := room.Min.X + (room.Dx()-gw)/2
		y0 := room.Min.Y + (room.Dy()-gh)/2
		for i := range copies {
			x := x0 + (i%cols)*(pw+gap)
			y := y0 + (i/cols)*(ph+gap)
			p.Rects = append(p.Rects, image.Rect(x, y, x+pw, y+ph))
		}
		return p, nil
	}
	sizeMM := fmt.Sprintf("%.0f × %.0f", float64(photoW)*25.4/float64(dpi), float64(photoH)*25.4/float64(dpi))
	switch {
	case best == 0:
		return Plan{}, apperr.Field("photo",
			fmt.Sprintf("照片（%s 毫米）比%s相纸还大，放不下", sizeMM, page.NameZH),
			fmt.Sprintf("The photo (%s mm) is larger than a %s page", sizeMM, page.NameEN))
	case noCaption:
		return Plan{}, apperr.Field("caption",
			"相纸上没有放说明文字的地方：请少打印几张或不加说明",
			"No room on the page for the caption: print fewer copies or leave the caption out")
	}
	return Plan{}, apperr.Field("copies",
		fmt.Sprintf("一张%s相纸最多能放 %d 张这个尺寸（%s 毫米）的照片", page.NameZH, best, sizeMM),
		fmt.Sprintf("A %s page holds at most %d copies of a photo this size (%s mm)", page.NameEN, best, sizeMM))
}

// Options say what to print.
type Options struct {
	Page   Page
	DPI    int // the photo's resolution; 0 means 300
	Copies int
	// Caption is one line printed under the copies, or up the side when
	// there is no room below: the student's name and number, say. The
	// default font has Latin letters, digits and punctuation but no Chinese:
	// a caption with characters Font lacks is refused, so give a CJK Font
	// (see LoadFont) to print Chinese names.
	Caption string
	Font    *Font
	// NoCutLines leaves the cut lines out.
	NoCutLines bool
}

// Plan lays out copies of a photo of photoW x photoH pixels as o asks,
// leaving room for the caption.
func (o Options) Plan(photoW, photoH int) (Plan, error) {
	dpi := o.DPI
	if dpi == 0 {
		dpi = 300
	}
	captionH := 0
	if o.Caption != "" {
		f, err := o.font()
		if err != nil {
			return Plan{}, err
		}
		if err := f.check(o.Caption); err != nil {
			return Plan{}, err
		}
		face := f.face(captionPt, o.Page.DPI)
		captionH = (face.Metrics().Height.Ceil()*5 + 3) / 4 // a line and a quarter
		face.Close()
	}
	return plan(o.Page, photoW, photoH, dpi, o.Copies, captionH)
}

func (o Options) font() (*Font, error) {
	if o.Font != nil {
		return o.Font, nil
	}
	return goRegular()
}

// Render draws the sheet: a white page, the cut lines, the copies (resampled
// when the photo's dpi is not the page's) and the caption.
func Render(photo image.Image, opts Options) (*image.RGBA, error) {
	b := photo.Bounds()
	p, err := opts.Plan(b.Dx(), b.Dy())
	if err != nil {
		return nil, err
	}
	page := image.NewRGBA(image.Rect(0, 0, p.Width, p.Height))
	dc := gg.NewContextForRGBA(page)
	dc.SetColor(color.White)
	dc.Clear()
	if !opts.NoCutLines {
		drawCutLines(dc, p)
	}
	src := photo
	if b.Size() != p.Photo {
		// The engine's own resampler (bilinear, several samples per pixel
		// when shrinking): x/image/draw's kernels would add 170 KB to the
		// browser module.
		rgba := image.NewRGBA(image.Rectangle{Max: b.Size()})
		draw.Draw(rgba, rgba.Rect, photo, b.Min, draw.Src)
		scaled := frame.Straighten(rgba, face.Point{}, 0, rgba.Rect, p.Photo.X, p.Photo.Y)
		src, b = scaled, scaled.Rect
	}
	for _, r := range p.Rects {
		draw.Draw(page, r, src, b.Min, draw.Src)
	}
	if opts.Caption != "" {
		if err := drawCaption(dc, p, opts); err != nil {
			return nil, err
		}
	}
	return page, nil
}

// drawCutLines draws a dashed line along every edge of every column and row
// of copies, across the whole page, 2 px wide, just outside the copies: the
// lines run through the gaps and margins and guide a straight cut.
func drawCutLines(dc *gg.Context, p Plan) {
	dc.SetColor(cutLineColor)
	dc.SetLineWidth(2)
	dc.SetLineCapButt()
	dc.SetDash(12, 8)
	xs, ys := map[int]bool{}, map[int]bool{}
	for _, r := range p.Rects {
		xs[r.Min.X-1], xs[r.Max.X+1] = true, true
		ys[r.Min.Y-1], ys[r.Max.Y+1] = true, true
	}
	for x := range xs {
		dc.DrawLine(float64(x), 0, float64(x), float64(p.Height))
		dc.Stroke()
	}
	for y := range ys {
		dc.DrawLine(0, float64(y), float64(p.Width), float64(y))
		dc.Stroke()
	}
}

// drawCaption writes the caption centred in its place, turned to run up the
// page when the place is a side band.
func drawCaption(dc *gg.Context, p Plan, opts Options) error {
	f, err := opts.font()
	if err != nil {
		return err
	}
	face := f.face(captionPt, p.Page.DPI)
	defer face.Close()
	c := p.Caption
	// The cut lines run on through the caption's place: clear it.
	draw.Draw(dc.Image().(*image.RGBA), c, image.White, image.Point{}, draw.Src)
	dc.SetFontFace(face)
	dc.SetColor(captionColor)
	cx, cy := float64(c.Min.X+c.Max.X)/2, float64(c.Min.Y+c.Max.Y)/2
	// gg anchors the baseline; lift it by the descent to centre the ink.
	descent := float64(face.Metrics().Descent.Round())
	if p.CaptionTurned {
		dc.Push()
		dc.RotateAbout(-gg.Radians(90), cx, cy)
		dc.DrawStringAnchored(opts.Caption, cx, cy-descent, 0.5, 0.5)
		dc.Pop()
	} else {
		dc.DrawStringAnchored(opts.Caption, cx, cy-descent, 0.5, 0.5)
	}
	return nil
}
