package identity

import "testing"

func TestDocTypes(t *testing.T) {
	types := DocTypes()
	if len(types) != 6 {
		t.Fatalf("DocTypes() has %d types, want 6", len(types))
	}
	seen := map[DocType]bool{}
	for _, typ := range types {
		if !typ.Valid() {
			t.Errorf("%q.Valid() = false", typ)
		}
		if zh, en := typ.Label(); zh == "" || en == "" {
			t.Errorf("%q.Label() = %q, %q: want both", typ, zh, en)
		}
		if seen[typ] {
			t.Errorf("%q listed twice", typ)
		}
		seen[typ] = true
	}
	types[0] = "changed"
	if DocTypes()[0] != ResidentID {
		t.Error("changing the slice DocTypes returned changed the package's list")
	}
}

func TestDocTypeInvalid(t *testing.T) {
	for _, typ := range []DocType{"", "id", "RESIDENT_ID", "passport "} {
		if typ.Valid() {
			t.Errorf("%q.Valid() = true", typ)
		}
		if zh, en := typ.Label(); zh != "" || en != "" {
			t.Errorf("%q.Label() = %q, %q: want empty", typ, zh, en)
		}
	}
}

func TestSexLabel(t *testing.T) {
	tests := []struct {
		sex    Sex
		zh, en string
	}{
		{Male, "男", "Male"},
		{Female, "女", "Female"},
		{Unknown, "", ""},
		{"other", "", ""},
	}
	for _, tt := range tests {
		if zh, en := tt.sex.Label(); zh != tt.zh || en != tt.en {
			t.Errorf("%q.Label() = %q, %q, want %q, %q", tt.sex, zh, en, tt.zh, tt.en)
		}
	}
}
