package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"gradphoto/server/app"
	"gradphoto/shared/apperr"
	"gradphoto/shared/photospec"
	"gradphoto/shared/record"
)

func (s *Server) rosterMe(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	e, err := s.App.RosterMatch(r.Context(), acct)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if e == nil {
		writeJSON(w, http.StatusOK, map[string]any{"found": false})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"found": true, "student": e.Student})
}

func (s *Server) listCollections(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	cs, err := s.App.MyCollections(r.Context(), acct)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]collectionView, 0, len(cs))
	for _, c := range cs {
		out = append(out, viewCollection(c))
	}
	writeJSON(w, http.StatusOK, map[string]any{"collections": out})
}

// startCollection creates the student's collection (or returns it). The
// body may be empty when the roster has the student.
func (s *Server) startCollection(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	var in struct {
		Student *record.Student `json:"student"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &in); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	c, err := s.App.StartCollection(r.Context(), acct, in.Student)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"collection": viewCollection(c)})
}

// withCollection reads {id} and runs fn, answering with the collection.
func (s *Server) withCollection(w http.ResponseWriter, r *http.Request, fn func(id int64) (*app.Collection, error)) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := fn(id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"collection": viewCollection(c)})
}

func (s *Server) getCollection(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	s.withCollection(w, r, func(id int64) (*app.Collection, error) { return s.App.Collection(r.Context(), acct, id) })
}

func (s *Server) updateStudent(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	s.withCollection(w, r, func(id int64) (*app.Collection, error) {
		var in record.Student
		if err := decodeJSON(r, &in); err != nil {
			return nil, err
		}
		return s.App.UpdateStudent(r.Context(), acct, id, in)
	})
}

func (s *Server) reportError(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	s.withCollection(w, r, func(id int64) (*app.Collection, error) {
		var in struct {
			Message string `json:"message"`
		}
		if err := decodeJSON(r, &in); err != nil {
			return nil, err
		}
		return s.App.ReportError(r.Context(), acct, id, in.Message)
	})
}

func (s *Server) setChsiCode(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	s.withCollection(w, r, func(id int64) (*app.Collection, error) {
		var in struct {
			Code string `json:"code"`
		}
		if err := decodeJSON(r, &in); err != nil {
			return nil, err
		}
		return s.App.SetChsiCode(r.Context(), acct, id, in.Code)
	})
}

// uploadPhoto takes multipart/form-data with the fields source (camera or
// album), report (the engine's JSON report, camera only) and the file photo.
// An Idempotency-Key header makes a replayed upload (the offline queue
// sending again) a no-op that answers 200 with "replayed": true.
func (s *Server) uploadPhoto(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	id, err := pathID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	up, err := readPhotoForm(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	up.IdempotencyKey = strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	c, replayed, err := s.App.SubmitPhoto(r.Context(), acct, id, up)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"collection": viewCollection(c), "replayed": replayed})
}

func readPhotoForm(w http.ResponseWriter, r *http.Request) (app.PhotoUpload, error) {
	var up app.PhotoUpload
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" || params["boundary"] == "" {
		return up, apperr.New(apperr.Unsupported, "请以表单方式上传照片", "Upload the photo as multipart/form-data")
	}
	body := http.MaxBytesReader(w, r.Body, photospec.MaxAlbumBytes+app.MaxEngineReport+64<<10)
	mr := multipart.NewReader(body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return up, formError(err)
		}
		var limit int64
		switch part.FormName() {
		case "source":
			limit = 16
		case "report":
			limit = app.MaxEngineReport
		case "photo":
			limit = photospec.MaxAlbumBytes
		default:
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, limit+1))
		if err != nil {
			return up, formError(err)
		}
		if int64(len(b)) > limit {
			return up, apperr.New(apperr.TooLarge, "照片不能超过10MB", "The photo must be at most 10 MB").WithField(part.FormName())
		}
		switch part.FormName() {
		case "source":
			src, err := record.ParseSource(string(b))
			if err != nil {
				return up, err
			}
			up.Source = src
		case "report":
			up.EngineReport = json.RawMessage(b)
		case "photo":
			up.Data = b
		}
	}
	if up.Source == "" {
		return up, apperr.Field("source", "请说明照片来源（拍摄或相册）", "Say where the photo comes from: camera or album")
	}
	if len(up.Data) == 0 {
		return up, apperr.Field("photo", "请选择照片", "Choose a photo")
	}
	return up, nil
}

func formError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return apperr.New(apperr.TooLarge, "上传内容过大（照片最多10MB）", "The upload is too large (at most 10 MB)")
	}
	return apperr.New(apperr.Invalid, "上传的表单格式不正确", "The upload form is malformed")
}

func (s *Server) photo(kind app.PhotoKind) func(http.ResponseWriter, *http.Request, *app.Account) {
	return func(w http.ResponseWriter, r *http.Request, acct *app.Account) {
		id, err := pathID(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		p, err := s.App.CollectionPhoto(r.Context(), acct, id, kind)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", p.ContentType)
		h.Set("Cache-Control", "private, no-cache")
		h.Set("ETag", `"`+p.SHA256+`"`)
		if r.URL.Query().Get("download") != "" {
			h.Set("Content-Disposition", `attachment; filename="photo-`+itoa(id)+extension(p.ContentType)+`"`)
		}
		if match := r.Header.Get("If-None-Match"); match == `"`+p.SHA256+`"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(p.Data)
	}
}

func extension(contentType string) string {
	switch contentType {
	case "image/png":
		return ".png"
	case "image/webp":
		return ".webp"
	}
	return ".jpg"
}
