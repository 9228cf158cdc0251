package contact

import "testing"

func TestPostcode(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"100871", "100871"},
		{"010010", "010010"},
		{"830001", "830001"},
		{" 200 433 ", "200433"},
		{"５１００００", "510000"},
	}
	for _, tt := range tests {
		got, err := Postcode(tt.raw)
		if err != nil || got != tt.want {
			t.Errorf("Postcode(%q) = %q, %v, want %q", tt.raw, got, err, tt.want)
		}
	}
}

func TestPostcodeErrors(t *testing.T) {
	tests := []struct{ raw, wantEN string }{
		{"", "Enter the postcode"},
		{"10087", "this one has 5"},
		{"1008711", "this one has 7"},
		{"999077", "not 9"},
		{"10O871", `digits only, not "O"`},
		{"SW1A 1AA", `digits only, not "S"`},
	}
	for _, tt := range tests {
		got, err := Postcode(tt.raw)
		if err == nil {
			t.Errorf("Postcode(%q) = %q, want an error", tt.raw, got)
			continue
		}
		checkError(t, err, PostcodeField, tt.wantEN)
	}
}
