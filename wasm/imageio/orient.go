package imageio

// Orientation transforms. EXIF orientation o says how the stored w x h
// pixels must be turned to show the picture upright; orientations 5-8 swap
// width and height. Each transform is a walk over the source in memory
// order that writes every pixel to where it belongs upright: the walk is
// described by where source pixel (0, 0) lands and how far (in destination
// pixels) one step right and one step down in the source move.

// orientedSize returns the upright size of a w x h image stored with
// orientation o.
func orientedSize(w, h, o int) (int, int) {
	if o >= 5 && o <= 8 {
		return h, w
	}
	return w, h
}

// orientSteps returns, for a w x h source and its upright width dw, the
// destination index of source (0, 0) and the index steps for +1 source
// column and +1 source row.
func orientSteps(w, h, dw, o int) (base, stepX, stepY int) {
	switch o {
	case 2: // mirrored left to right
		return w - 1, -1, dw
	case 3: // turned 180
		return (h-1)*dw + w - 1, -1, -dw
	case 4: // mirrored top to bottom
		return (h - 1) * dw, 1, -dw
	case 5: // transposed: source (x, y) shows at (y, x)
		return 0, dw, 1
	case 6: // turn 90 clockwise to show: source (x, y) shows at (h-1-y, x)
		return h - 1, dw, -1
	case 7: // transversed: source (x, y) shows at (h-1-y, w-1-x)
		return (w-1)*dw + h - 1, -dw, -1
	case 8: // turn 90 anticlockwise to show: source (x, y) shows at (y, w-1-x)
		return (w - 1) * dw, -dw, 1
	}
	return 0, 1, dw
}

// orientGray returns the upright copy of a tight w x h gray plane, and its
// size. Orientation 1 (or an unknown value) returns src itself.
func orientGray(src []byte, w, h, o int) ([]byte, int, int) {
	if o < 2 || o > 8 {
		return src, w, h
	}
	dw, dh := orientedSize(w, h, o)
	dst := make([]byte, w*h)
	base, sx, sy := orientSteps(w, h, dw, o)
	for y := 0; y < h; y++ {
		row := src[y*w : y*w+w]
		d := base + y*sy
		for _, v := range row {
			dst[d] = v
			d += sx
		}
	}
	return dst, dw, dh
}

// orientRGBA is orientGray for tight RGBA pixels (4 bytes each).
func orientRGBA(src []byte, w, h, o int) ([]byte, int, int) {
	if o < 2 || o > 8 {
		return src, w, h
	}
	dw, dh := orientedSize(w, h, o)
	dst := make([]byte, 4*w*h)
	base, sx, sy := orientSteps(w, h, dw, o)
	for y := 0; y < h; y++ {
		row := src[4*y*w : 4*(y*w+w)]
		d := 4 * (base + y*sy)
		for i := 0; i+4 <= len(row); i += 4 {
			s, t := row[i:i+4:i+4], dst[d:d+4:d+4]
			t[0], t[1], t[2], t[3] = s[0], s[1], s[2], s[3]
			d += 4 * sx
		}
	}
	return dst, dw, dh
}
