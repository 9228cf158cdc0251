//go:build !js

package sheet

import "golang.org/x/image/font/gofont/goregular"

func init() { builtinTTF = goregular.TTF }
