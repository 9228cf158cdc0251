package sheet

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"

	"gradphoto/shared/apperr"
)

// Font draws captions. The default is Go Regular, built in (about 130 KB):
// Latin, Greek and Cyrillic letters, digits and punctuation, but no Chinese.
// A CJK font is far too large to build into the wasm; load one at run time
// with LoadFont where Chinese captions are wanted.
//
// The parser is freetype's, which gg already brings, so fonts cost the
// binary nothing beyond Go Regular's bytes; it reads TrueType outlines
// (.ttf, and the first font of a .ttc such as WenQuanYi Micro Hei), not
// OpenType's PostScript (CFF) outlines.
type Font struct {
	f       *truetype.Font
	builtin bool
}

// LoadFont parses a TrueType font, or the first font of a TrueType
// collection.
func LoadFont(data []byte) (*Font, error) {
	f, err := truetype.Parse(data)
	if err != nil {
		return nil, apperr.Field("font", "无法读取字体文件（需要 TrueType 字体）",
			"The font file cannot be read (a TrueType font is needed)").WithCause(err)
	}
	return &Font{f: f}, nil
}

var builtin struct {
	once sync.Once
	font *Font
	err  error
}

// builtinTTF is Go Regular where the build has it (font_builtin.go): the
// browser module leaves it out to stay in its size budget, so a caption
// there needs a font from LoadFont.
var builtinTTF []byte

// goRegular is the built-in font, parsed once.
func goRegular() (*Font, error) {
	builtin.once.Do(func() {
		if builtinTTF == nil {
			builtin.err = apperr.Field("font", "此版本没有内置字体，打印说明文字需要提供字体",
				"This build has no built-in font: give a font to print a caption")
			return
		}
		f, err := truetype.Parse(builtinTTF)
		builtin.font, builtin.err = &Font{f: f, builtin: true}, err
	})
	return builtin.font, builtin.err
}

// check refuses text with characters the font has no glyph for, naming them:
// drawn, they would come out as empty boxes or not at all.
func (f *Font) check(s string) error {
	var missing []string
	seen := map[rune]bool{}
	for _, r := range s {
		if unicode.IsSpace(r) || seen[r] {
			continue
		}
		seen[r] = true
		if f.f.Index(r) == 0 {
			missing = append(missing, string(r))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	chars := strings.Join(missing, "")
	zh := fmt.Sprintf("说明文字中的“%s”无法用所选字体打印", chars)
	en := fmt.Sprintf("The caption's %q cannot be printed with the font", chars)
	if f.builtin {
		zh += "：内置字体只有拉丁字母、数字和标点，打印中文需要提供中文字体"
		en += ": the built-in font has Latin letters, digits and punctuation only; Chinese needs a Chinese font"
	}
	return apperr.Field("caption", zh, en)
}

// face is the font at pt points for a page of dpi.
func (f *Font) face(pt float64, dpi int) font.Face {
	return truetype.NewFace(f.f, &truetype.Options{Size: pt, DPI: float64(dpi), Hinting: font.HintingFull})
}
