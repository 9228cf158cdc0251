package synth

import (
	"image/color"
	"math"
	"math/rand/v2"
)

// Lab converts an sRGB colour to CIE L*a*b* (D65 white): L in 0..100.
func Lab(c color.Color) [3]float64 {
	r, g, b, _ := c.RGBA()
	return labOf(float64(r)/65535, float64(g)/65535, float64(b)/65535)
}

// DeltaE is the CIE76 colour difference: the Euclidean distance in L*a*b*.
// About 2 is the smallest difference people notice side by side.
func DeltaE(a, b color.Color) float64 {
	return labDist(Lab(a), Lab(b))
}

func labDist(p, q [3]float64) float64 {
	dl, da, db := p[0]-q[0], p[1]-q[1], p[2]-q[2]
	return math.Sqrt(dl*dl + da*da + db*db)
}

// D65 reference white in XYZ.
const whiteX, whiteY, whiteZ = 0.95047, 1.0, 1.08883

func linearize(v float64) float64 {
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

func delinearize(v float64) float64 {
	if v <= 0.0031308 {
		return 12.92 * v
	}
	return 1.055*math.Pow(v, 1/2.4) - 0.055
}

func labF(t float64) float64 {
	const d = 6.0 / 29
	if t > d*d*d {
		return math.Cbrt(t)
	}
	return t/(3*d*d) + 4.0/29
}

func labFInv(t float64) float64 {
	const d = 6.0 / 29
	if t > d {
		return t * t * t
	}
	return 3 * d * d * (t - 4.0/29)
}

// labOf converts sRGB in 0..1 to Lab.
func labOf(r, g, b float64) [3]float64 {
	r, g, b = linearize(r), linearize(g), linearize(b)
	x := 0.4124564*r + 0.3575761*g + 0.1804375*b
	y := 0.2126729*r + 0.7151522*g + 0.0721750*b
	z := 0.0193339*r + 0.1191920*g + 0.9503041*b
	fx, fy, fz := labF(x/whiteX), labF(y/whiteY), labF(z/whiteZ)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// rgbOf converts Lab to sRGB in 0..1, unclamped: values outside 0..1 mean
// the colour is out of gamut.
func rgbOf(lab [3]float64) (r, g, b float64) {
	fy := (lab[0] + 16) / 116
	fx := fy + lab[1]/500
	fz := fy - lab[2]/200
	x, y, z := whiteX*labFInv(fx), whiteY*labFInv(fy), whiteZ*labFInv(fz)
	r = 3.2404542*x - 1.5371385*y - 0.4985314*z
	g = -0.9692660*x + 1.8760108*y + 0.0415560*z
	b = 0.0556434*x - 0.2040259*y + 1.0572252*z
	return delinearize(r), delinearize(g), delinearize(b)
}

// clothingFor picks an opaque 8-bit colour dE (CIE76) from wall, in a
// direction of Lab drawn from rng, and returns it with its exact ΔE. Among
// the 8-bit colours next to the ideal point it takes the one whose ΔE is
// closest to dE, so the difference holds to a few hundredths.
func clothingFor(wall color.RGBA, dE float64, rng *rand.Rand) (color.RGBA, float64) {
	w := Lab(wall)
	for try := 0; try < 256; try++ {
		// A uniform direction on the sphere.
		z := 2*rng.Float64() - 1
		phi := 2 * math.Pi * rng.Float64()
		s := math.Sqrt(1 - z*z)
		d := [3]float64{z, s * math.Cos(phi), s * math.Sin(phi)}
		target := [3]float64{w[0] + dE*d[0], w[1] + dE*d[1], w[2] + dE*d[2]}
		r, g, b := rgbOf(target)
		if r < 0 || g < 0 || b < 0 || r > 1 || g > 1 || b > 1 {
			continue
		}
		best, bestErr := color.RGBA{}, math.Inf(1)
		base := [3]float64{r * 255, g * 255, b * 255}
		for i := 0; i < 27; i++ {
			var c [3]uint8
			ok := true
			for ch, off := range [3]int{i%3 - 1, i/3%3 - 1, i/9 - 1} {
				v := math.Round(base[ch]) + float64(off)
				if v < 0 || v > 255 {
					ok = false
					break
				}
				c[ch] = uint8(v)
			}
			if !ok {
				continue
			}
			cand := color.RGBA{c[0], c[1], c[2], 255}
			if e := math.Abs(DeltaE(cand, wall) - dE); e < bestErr {
				best, bestErr = cand, e
			}
		}
		if bestErr < 0.1 {
			return best, DeltaE(best, wall)
		}
	}
	// A wall at the edge of the gamut in every direction tried: go darker.
	l := w
	l[0] = math.Max(0, w[0]-dE)
	r, g, b := rgbOf(l)
	c := color.RGBA{clamp8(r * 255), clamp8(g * 255), clamp8(b * 255), 255}
	return c, DeltaE(c, wall)
}

func clamp8(v float64) uint8 {
	if v <= 0 {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v + 0.5)
}
