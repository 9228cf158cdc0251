package matte

import (
	"os"
	"testing"
)

func TestDebugLost(t *testing.T) {
	if os.Getenv("MATTE_DEBUG") == "" {
		t.Skip()
	}
	sc := renderSynth(defaultSynth())
	m, _ := Estimate(sc.scene, Options{})
	w := 720
	hist := map[[2]int]int{}
	for o, a := range sc.alpha {
		if a == 1 && m.Alpha[o] < 0.5 {
			hist[[2]int{o % w / 20 * 20, o / w / 20 * 20}]++
		}
	}
	t.Log(hist)
}
