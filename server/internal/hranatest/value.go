//go:build !js

package hranatest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// valueKind is a SQLite storage class.
type valueKind uint8

const (
	kindNull valueKind = iota
	kindInteger
	kindFloat
	kindText
	kindBlob
)

// value is a Hrana value, which is a SQLite value. Its JSON form is
//
//	{"type":"null"}
//	{"type":"integer","value":"-42"}       // a string, as JSON numbers lose int64 precision
//	{"type":"float","value":1.5}
//	{"type":"text","value":"你好"}
//	{"type":"blob","base64":"AAEC"}        // standard alphabet, written without padding
//
// On input an integer may also be a JSON number without fraction or
// exponent, and a blob's base64 may carry padding. An infinite float, which
// SQLite can compute but JSON cannot express, is written with a null value.
type value struct {
	kind valueKind
	i    int64
	f    float64
	s    string // text
	b    []byte // blob
}

func nullValue() value           { return value{} }
func intValue(i int64) value     { return value{kind: kindInteger, i: i} }
func floatValue(f float64) value { return value{kind: kindFloat, f: f} }
func textValue(s string) value   { return value{kind: kindText, s: s} }
func blobValue(b []byte) value   { return value{kind: kindBlob, b: b} }

func (v value) isNull() bool { return v.kind == kindNull }

func (v value) String() string {
	b, _ := v.MarshalJSON()
	return string(b)
}

// equal reports whether v and w are the same value of the same kind.
func (v value) equal(w value) bool {
	return v.kind == w.kind && v.i == w.i && sameFloat(v.f, w.f) && v.s == w.s && bytes.Equal(v.b, w.b)
}

func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

var kindNames = [...]string{
	kindNull:    "null",
	kindInteger: "integer",
	kindFloat:   "float",
	kindText:    "text",
	kindBlob:    "blob",
}

// approxSize estimates the encoded size of v, to bound response sizes.
func (v value) approxSize() int64 {
	switch v.kind {
	case kindText:
		return int64(len(v.s)) + 32
	case kindBlob:
		return int64(len(v.b))*4/3 + 32
	}
	return 40
}

func (v value) MarshalJSON() ([]byte, error) {
	buf := make([]byte, 0, 48)
	buf = append(buf, `{"type":"`...)
	buf = append(buf, kindNames[v.kind]...)
	buf = append(buf, '"')
	switch v.kind {
	case kindInteger:
		buf = append(buf, `,"value":"`...)
		buf = strconv.AppendInt(buf, v.i, 10)
		buf = append(buf, '"')
	case kindFloat:
		buf = append(buf, `,"value":`...)
		if math.IsInf(v.f, 0) || math.IsNaN(v.f) {
			buf = append(buf, "null"...)
		} else {
			buf = strconv.AppendFloat(buf, v.f, 'g', -1, 64)
		}
	case kindText:
		s, err := json.Marshal(v.s)
		if err != nil {
			return nil, err
		}
		buf = append(buf, `,"value":`...)
		buf = append(buf, s...)
	case kindBlob:
		buf = append(buf, `,"base64":"`...)
		buf = base64.RawStdEncoding.AppendEncode(buf, v.b)
		buf = append(buf, '"')
	}
	return append(buf, '}'), nil
}

func (v *value) UnmarshalJSON(data []byte) error {
	var raw struct {
		Type   *string         `json:"type"`
		Value  json.RawMessage `json:"value"`
		Base64 *string         `json:"base64"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) || raw.Type == nil {
		return errors.New(`a value must be an object with a "type"`)
	}
	isNull := len(raw.Value) == 0 || bytes.Equal(raw.Value, []byte("null"))
	switch *raw.Type {
	case "null":
		*v = nullValue()
	case "integer":
		if isNull {
			return errors.New(`an integer value needs "value"`)
		}
		var text string
		if raw.Value[0] == '"' {
			if err := json.Unmarshal(raw.Value, &text); err != nil {
				return err
			}
		} else {
			text = string(raw.Value)
		}
		i, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return fmt.Errorf("integer value %s is not a 64-bit integer", raw.Value)
		}
		*v = intValue(i)
	case "float":
		if isNull || raw.Value[0] == '"' {
			return errors.New(`a float value needs a number "value"`)
		}
		var n json.Number
		if err := json.Unmarshal(raw.Value, &n); err != nil {
			return err
		}
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil && !(errors.Is(err, strconv.ErrRange) && math.IsInf(f, 0)) {
			return fmt.Errorf("float value %s: %w", raw.Value, err)
		}
		*v = floatValue(f)
	case "text":
		if isNull || raw.Value[0] != '"' {
			return errors.New(`a text value needs a string "value"`)
		}
		var s string
		if err := json.Unmarshal(raw.Value, &s); err != nil {
			return err
		}
		*v = textValue(s)
	case "blob":
		if raw.Base64 == nil {
			return errors.New(`a blob value needs "base64"`)
		}
		b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(*raw.Base64, "="))
		if err != nil {
			return fmt.Errorf("blob value: %w", err)
		}
		if b == nil {
			b = []byte{}
		}
		*v = blobValue(b)
	default:
		return fmt.Errorf("unknown value type %q", *raw.Type)
	}
	return nil
}
