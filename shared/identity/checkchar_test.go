package identity

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestCheckChar(t *testing.T) {
	tests := []struct {
		first17 string
		want    byte
	}{
		{"11010519491231002", 'X'},
		{"44052418800101001", '4'},
		{"00000000000000000", '1'},
		{"", 0},
		{"1101051949123100", 0},
		{"110105194912310021", 0},
		{"1101051949123100X", 0},
		{"１１０１０５１９４９１２３１００", 0},
	}
	for _, tt := range tests {
		if got := CheckChar(tt.first17); got != tt.want {
			t.Errorf("CheckChar(%q) = %q, want %q", tt.first17, got, tt.want)
		}
	}
}

// TestCheckCharDefinition checks CheckChar against the definition of ISO 7064
// MOD 11-2: with the check character worth 10 for X, the sum of each of the
// 18 characters times 2 to the power of its distance from the end is 1 mod 11.
func TestCheckCharDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		b := make([]byte, 17)
		for i := range b {
			b[i] = byte('0' + rng.IntN(10))
		}
		c := CheckChar(string(b))
		v := 10
		if c != 'X' {
			var err error
			if v, err = strconv.Atoi(string(c)); err != nil {
				t.Fatalf("CheckChar(%s) = %q, not a digit or X", b, c)
			}
		}
		sum, w := v, 1
		for i := 16; i >= 0; i-- {
			w = w * 2 % 11
			sum += int(b[i]-'0') * w
		}
		if sum%11 != 1 {
			t.Errorf("CheckChar(%s) = %q: weighted sum %d is not 1 mod 11", b, c, sum)
		}
	}
}
