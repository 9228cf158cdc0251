package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"

	"gradphoto/shared/apperr"
)

// maxJSONBody bounds every JSON request body.
const maxJSONBody = 64 << 10

// errorBody is how every error is answered: a stable code for programs, the
// field it concerns, and the message in Chinese and English for people.
type errorBody struct {
	Error struct {
		Code  apperr.Code `json:"code"`
		Field string      `json:"field,omitempty"`
		ZH    string      `json:"zh"`
		EN    string      `json:"en"`
	} `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeError answers err with its status. Internal causes are logged (they
// never hold personal data: the store and app put none in errors) and not sent.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.As(err)
	status := apperr.HTTPStatus(e.Code)
	if status >= 500 {
		s.log().Error("request failed", "method", r.Method, "path", r.URL.Path, "code", e.Code, "err", err)
	}
	var body errorBody
	body.Error.Code, body.Error.Field, body.Error.ZH, body.Error.EN = e.Code, e.Field, e.ZH, e.EN
	writeJSON(w, status, body)
}

func (s *Server) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// decodeJSON reads a JSON object into v: the right content type, at most
// maxJSONBody bytes, no unknown fields, nothing after the object.
func decodeJSON(r *http.Request, v any) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return apperr.New(apperr.Unsupported, "请求格式应为 JSON", "The request body must be JSON (Content-Type: application/json)")
	}
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return apperr.New(apperr.Invalid, "请求内容格式不正确", "The request body holds more than one JSON value")
	}
	return nil
}

func jsonError(err error) error {
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return apperr.New(apperr.TooLarge, "请求内容过大", "The request body is too large")
	case errors.As(err, &typeErr):
		return apperr.Field(typeErr.Field, "字段类型不正确："+typeErr.Field, "Wrong type for the field "+typeErr.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apperr.Field(name, "不认识的字段："+name, "Unknown field: "+name)
	}
	return apperr.New(apperr.Invalid, "请求内容不是有效的 JSON", "The request body is not valid JSON")
}

// clientIP is the address a login is counted against. Behind Cloudflare the
// connecting address is the edge, so CF-Connecting-IP is used when the
// server is told to trust it.
func (s *Server) clientIP(r *http.Request) string {
	if s.TrustProxyHeaders {
		if ip := strings.TrimSpace(r.Header.Get("CF-Connecting-IP")); ip != "" {
			return ip
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
