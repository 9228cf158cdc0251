package frame

// Grain for made-up clothing: a smooth colour alone looks painted next to
// a photo's noise. The grain is white noise on the input picture's pixel
// grid, resampled bilinearly to the work image as the warp resamples the
// picture itself, so that it has the size of the picture's own grain.
// It is a hash of the position: the same photo gets the same grain.

// grainRow fills dst with the grain of work row y from column x0 on, for
// a grid of spacing work pixels per input pixel (at least 1: a picture
// shrunk into the work image has its grain shrunk to a work pixel). Values
// lie in [-1, 1], triangular around 0 at the grid points. The grid's two
// rows are mixed once per grid column, then the columns per pixel.
func grainRow(dst []float32, x0, y int, spacing float32) {
	if len(dst) == 0 {
		return
	}
	inv := 1 / spacing
	v := float32(y) * inv
	j := int(v)
	fv := v - float32(j)
	i0 := int(float32(x0) * inv)
	cols := make([]float32, int(float32(x0+len(dst)-1)*inv)-i0+2)
	for k := range cols {
		cols[k] = noiseAt(i0+k, j)*(1-fv) + noiseAt(i0+k, j+1)*fv
	}
	for i := range dst {
		u := float32(x0+i) * inv
		k := int(u)
		fu := u - float32(k)
		k -= i0
		dst[i] = cols[k]*(1-fu) + cols[k+1]*fu
	}
}

// noiseAt is the grid's value at (i, j): the sum of two uniform values,
// in [-1, 1], from a hash of the position (splitmix64's mixer).
func noiseAt(i, j int) float32 {
	h := uint64(uint32(i)) | uint64(uint32(j))<<32
	h += 0x9e3779b97f4a7c15
	h = (h ^ h>>30) * 0xbf58476d1ce4e5b9
	h = (h ^ h>>27) * 0x94d049bb133111eb
	h ^= h >> 31
	a, b := float32(h&0xffff), float32(h>>16&0xffff)
	return (a+b)/65535 - 1
}
