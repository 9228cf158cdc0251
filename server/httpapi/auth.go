package httpapi

import (
	"context"
	"net/http"
	"strings"

	"gradphoto/server/app"
)

const sessionCookie = "gp_session"

type accountKey struct{}

// sessionToken reads the token from "Authorization: Bearer" (the
// mini-program and scripts) or from the session cookie (the H5 page).
func sessionToken(r *http.Request) string {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// authed wraps a handler that needs a signed-in account.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, *app.Account)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		acct, err := s.App.Authenticate(r.Context(), sessionToken(r))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), accountKey{}, acct)), acct)
	}
}

// staff wraps a handler for staff accounts only.
func (s *Server) staff(h func(http.ResponseWriter, *http.Request, *app.Account)) http.HandlerFunc {
	return s.authed(func(w http.ResponseWriter, r *http.Request, acct *app.Account) {
		if acct.Role != app.Staff {
			s.writeError(w, r, errStaffOnly)
			return
		}
		h(w, r, acct)
	})
}
