package httpapi

import (
	"net/http"
	"time"

	"gradphoto/server/app"
	"gradphoto/shared/identity"
	"gradphoto/shared/order"
	"gradphoto/shared/record"
)

// config tells the app what it can offer: price list, document types,
// levels and whether the dev payment provider is on.
func (s *Server) config(w http.ResponseWriter, r *http.Request) {
	type option struct {
		Code  string `json:"code"`
		Label label  `json:"label"`
	}
	var docs, levels []option
	for _, t := range identity.DocTypes() {
		zh, en := t.Label()
		docs = append(docs, option{string(t), label{zh, en}})
	}
	for _, l := range []record.Level{record.Associate, record.Bachelor, record.Master, record.Doctor} {
		zh, en := l.Label()
		levels = append(levels, option{string(l), label{zh, en}})
	}
	var quotes []order.Quote
	for _, k := range []order.Kind{order.Electronic, order.Printed} {
		q, _ := s.App.Pricing.Quote(k)
		quotes = append(quotes, q)
	}
	channels := []order.Channel{}
	for _, c := range []order.Channel{order.WechatJSAPI, order.WechatH5, order.WechatNative, order.AlipayWAP, order.AlipayQR, order.Dev} {
		if _, ok := s.App.Providers[c.Provider()]; ok {
			channels = append(channels, c)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"doc_types": docs, "levels": levels, "quotes": quotes, "channels": channels,
		"print_copies": s.App.Pricing.PrintCopies, "print_size": s.App.Pricing.PrintSize, "dev": s.Dev,
	})
}

// checkIdentity validates a document number as the student types it and
// returns what it tells (birth date, sex) to pre-fill the form.
func (s *Server) checkIdentity(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var doc identity.Document
	var err error
	if t := q.Get("type"); t != "" {
		doc, err = identity.Parse(identity.DocType(t), q.Get("number"), time.Now())
	} else {
		doc, err = identity.Detect(q.Get("number"), time.Now())
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := map[string]any{"type": doc.Type, "sex": doc.Sex, "default_password_hint": "last six characters"}
	if !doc.Birth.IsZero() {
		out["birth"] = doc.Birth.Format("2006-01-02")
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) signUp(w http.ResponseWriter, r *http.Request) {
	var in struct {
		DocType   identity.DocType `json:"doc_type"`
		DocNumber string           `json:"doc_number"`
		Mobile    string           `json:"mobile"`
		Name      string           `json:"name"`
		Email     string           `json:"email"`
		Sex       identity.Sex     `json:"sex"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if in.DocType == "" {
		in.DocType = identity.ResidentID
	}
	acct, err := s.App.SignUp(r.Context(), app.SignUp{DocType: in.DocType, DocNumber: in.DocNumber, Mobile: in.Mobile, Name: in.Name, Email: in.Email, Sex: in.Sex})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"account": viewAccount(acct)})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var in struct {
		DocNumber string `json:"doc_number"`
		Password  string `json:"password"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.App.Login(r.Context(), in.DocNumber, in.Password, s.clientIP(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: res.Token, Path: "/", Expires: res.ExpiresAt,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https",
	})
	writeJSON(w, http.StatusOK, map[string]any{
		"token": res.Token, "expires_at": res.ExpiresAt, "account": viewAccount(res.Account),
		"must_change_password": res.MustChangePassword,
	})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, _ *app.Account) {
	if err := s.App.Logout(r.Context(), sessionToken(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	writeJSON(w, http.StatusOK, map[string]any{"ok": true})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	var in struct {
		OldPassword string `json:"old_password"`
		NewPassword string `json:"new_password"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.App.ChangePassword(r.Context(), acct, sessionToken(r), in.OldPassword, in.NewPassword); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"account": viewAccount(acct)})
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, acct *app.Account) {
	v := map[string]any{"account": viewAccount(acct)}
	if number, err := s.App.PII.Open(acct.DocSealed); err == nil {
		v["doc_number"] = number // the owner sees their own number
	}
	writeJSON(w, http.StatusOK, v)
}
