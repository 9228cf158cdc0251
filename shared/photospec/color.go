package photospec

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"gradphoto/shared/apperr"
)

// namedColours are the background names people and configuration use.
var namedColours = map[string]color.RGBA{
	"blue": LightBlue, "light_blue": LightBlue, "蓝": LightBlue, "蓝色": LightBlue, "浅蓝": LightBlue, "浅蓝色": LightBlue,
	"white": White, "白": White, "白色": White,
	"grey": LightGrey, "gray": LightGrey, "light_grey": LightGrey, "light_gray": LightGrey,
	"灰": LightGrey, "灰色": LightGrey, "浅灰": LightGrey, "浅灰色": LightGrey,
}

// ParseColor reads a background colour: a name ("blue" or "light_blue" is
// RGB(100,197,255), "white", "grey" or "light_grey" is RGB(240,240,240), and
// their Chinese names), "#RRGGBB", or "r,g,b" with each part 0-255.
func ParseColor(s string) (color.RGBA, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if c, ok := namedColours[strings.NewReplacer("-", "_", " ", "_").Replace(t)]; ok {
		return c, nil
	}
	if len(t) == 7 && t[0] == '#' {
		if v, err := strconv.ParseUint(t[1:], 16, 32); err == nil {
			return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, nil
		}
	}
	if parts := strings.Split(t, ","); len(parts) == 3 {
		var rgb [3]uint8
		ok := true
		for i, part := range parts {
			v, err := strconv.ParseUint(strings.TrimSpace(part), 10, 8)
			if err != nil {
				ok = false
				break
			}
			rgb[i] = uint8(v)
		}
		if ok {
			return color.RGBA{rgb[0], rgb[1], rgb[2], 255}, nil
		}
	}
	return color.RGBA{}, apperr.Field("background",
		fmt.Sprintf("无法识别的背景颜色“%s”：请用 blue、white、grey、#RRGGBB 或 r,g,b", s),
		fmt.Sprintf("Unrecognised background colour %q: use blue, white, grey, #RRGGBB or r,g,b", s))
}

// Hex returns c as "#RRGGBB".
func Hex(c color.RGBA) string {
	return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B)
}

// ColorName returns the English name of a standard background ("light_blue",
// "white", "light_grey"), or "#RRGGBB" for any other colour.
func ColorName(c color.RGBA) string {
	c.A = 255
	switch c {
	case LightBlue:
		return "light_blue"
	case White:
		return "white"
	case LightGrey:
		return "light_grey"
	}
	return Hex(c)
}
