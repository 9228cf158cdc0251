//go:build !js

package hranatest

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestValueMarshal(t *testing.T) {
	tests := []struct {
		v    value
		want string
	}{
		{nullValue(), `{"type":"null"}`},
		{intValue(0), `{"type":"integer","value":"0"}`},
		{intValue(math.MinInt64), `{"type":"integer","value":"-9223372036854775808"}`},
		{intValue(math.MaxInt64), `{"type":"integer","value":"9223372036854775807"}`},
		{floatValue(1.5), `{"type":"float","value":1.5}`},
		{floatValue(-2), `{"type":"float","value":-2}`},
		{floatValue(1e21), `{"type":"float","value":1e+21}`},
		{floatValue(1e-7), `{"type":"float","value":1e-07}`},
		{floatValue(0.1), `{"type":"float","value":0.1}`},
		{floatValue(math.Inf(1)), `{"type":"float","value":null}`},
		{floatValue(math.Inf(-1)), `{"type":"float","value":null}`},
		{textValue(""), `{"type":"text","value":""}`},
		{textValue("毕业\n\"照\"\x00"), `{"type":"text","value":"毕业\n\"照\"\u0000"}`},
		{blobValue([]byte{}), `{"type":"blob","base64":""}`},
		{blobValue([]byte{0xff}), `{"type":"blob","base64":"/w"}`},
		{blobValue([]byte("hello")), `{"type":"blob","base64":"aGVsbG8"}`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if math.IsInf(tt.v.f, 0) {
				return
			}
			var back value
			if err := json.Unmarshal(got, &back); err != nil {
				t.Fatal(err)
			}
			if !back.equal(tt.v) {
				t.Errorf("round trip: %v, want %v", back, tt.v)
			}
		})
	}
}

func TestValueUnmarshal(t *testing.T) {
	tests := []struct {
		in      string
		want    value
		wantErr string
	}{
		{in: `{"type":"null"}`, want: nullValue()},
		{in: `{"type":"null","value":5}`, want: nullValue()},
		{in: `{"type":"integer","value":"-12"}`, want: intValue(-12)},
		{in: `{"type":"integer","value":12}`, want: intValue(12)},
		{in: `{"type":"integer","value":"+12"}`, want: intValue(12)},
		{in: `{"type":"float","value":1e999}`, want: floatValue(math.Inf(1))},
		{in: `{"type":"float","value":-1e999}`, want: floatValue(math.Inf(-1))},
		{in: `{"type":"float","value":5}`, want: floatValue(5)},
		{in: `{"type":"text","value":"x\u00e9"}`, want: textValue("xé")},
		{in: `{"type":"blob","base64":"aGVsbG8="}`, want: blobValue([]byte("hello"))},
		{in: `{"type":"blob","base64":"aGVsbG8"}`, want: blobValue([]byte("hello"))},
		{in: `{"type":"blob","base64":""}`, want: blobValue([]byte{})},
		{in: `null`, wantErr: "type"},
		{in: `{}`, wantErr: "type"},
		{in: `[]`, wantErr: "cannot unmarshal"},
		{in: `{"type":"integer"}`, wantErr: "needs"},
		{in: `{"type":"integer","value":null}`, wantErr: "needs"},
		{in: `{"type":"integer","value":"1.0"}`, wantErr: "64-bit"},
		{in: `{"type":"integer","value":1e3}`, wantErr: "64-bit"},
		{in: `{"type":"integer","value":"18446744073709551615"}`, wantErr: "64-bit"},
		{in: `{"type":"integer","value":true}`, wantErr: "64-bit"},
		{in: `{"type":"float"}`, wantErr: "number"},
		{in: `{"type":"float","value":"1"}`, wantErr: "number"},
		{in: `{"type":"float","value":[1]}`, wantErr: "cannot unmarshal"},
		{in: `{"type":"text"}`, wantErr: "string"},
		{in: `{"type":"text","value":1}`, wantErr: "string"},
		{in: `{"type":"blob"}`, wantErr: "base64"},
		{in: `{"type":"blob","base64":"a"}`, wantErr: "illegal"},
		{in: `{"type":"blob","base64":"a-_b"}`, wantErr: "illegal"},
		{in: `{"type":"bool","value":true}`, wantErr: "unknown"},
		{in: `{"type":1}`, wantErr: "cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v value
			err := json.Unmarshal([]byte(tt.in), &v)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !v.equal(tt.want) {
				t.Errorf("got %v, want %v", v, tt.want)
			}
		})
	}
}
