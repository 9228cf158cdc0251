package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"gradphoto/server/app"
)

const accountColumns = `id, role, doc_type, doc_hash, doc_sealed, doc_masked, mobile_hash, mobile_sealed,
	mobile_masked, name, email, sex, password_hash, must_change_password, created_at`

func scanAccount(row interface{ Scan(...any) error }) (*app.Account, error) {
	var a app.Account
	var must int
	var created int64
	err := row.Scan(&a.ID, &a.Role, &a.DocType, &a.DocHash, &a.DocSealed, &a.DocMasked, &a.MobileHash,
		&a.MobileSealed, &a.MobileMasked, &a.Name, &a.Email, &a.Sex, &a.PasswordHash, &must, &created)
	if err != nil {
		return nil, notFound(err, "账号不存在", "No such account")
	}
	a.MustChangePassword, a.CreatedAt = must != 0, fromUnix(created)
	return &a, nil
}

// CreateAccount inserts a; a second account for one document is a Conflict.
func (s *DB) CreateAccount(ctx context.Context, a *app.Account) error {
	now := unix(a.CreatedAt)
	res, err := s.exec(ctx, `INSERT INTO accounts (role, doc_type, doc_hash, doc_sealed, doc_masked,
		mobile_hash, mobile_sealed, mobile_masked, name, email, sex, password_hash, must_change_password, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Role, a.DocType, a.DocHash, a.DocSealed, a.DocMasked, a.MobileHash, a.MobileSealed, a.MobileMasked,
		a.Name, a.Email, a.Sex, a.PasswordHash, b2i(a.MustChangePassword), now, now)
	if err != nil {
		return wrap(err)
	}
	a.ID, err = res.LastInsertId()
	return wrap(err)
}

func (s *DB) AccountByDocHash(ctx context.Context, docHash string) (*app.Account, error) {
	return scanAccount(s.queryRow(ctx, "SELECT "+accountColumns+" FROM accounts WHERE doc_hash = ?", docHash))
}

func (s *DB) AccountByID(ctx context.Context, id int64) (*app.Account, error) {
	return scanAccount(s.queryRow(ctx, "SELECT "+accountColumns+" FROM accounts WHERE id = ?", id))
}

func (s *DB) SetPassword(ctx context.Context, accountID int64, hash string, mustChange bool) error {
	_, err := s.exec(ctx, "UPDATE accounts SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?",
		hash, b2i(mustChange), unix(time.Now()), accountID)
	return wrap(err)
}

// SetRole makes an account staff or student (used by the admin command).
func (s *DB) SetRole(ctx context.Context, accountID int64, role app.Role) error {
	_, err := s.exec(ctx, "UPDATE accounts SET role = ?, updated_at = ? WHERE id = ?", role, unix(time.Now()), accountID)
	return wrap(err)
}

func (s *DB) CreateSession(ctx context.Context, ss app.Session) error {
	_, err := s.exec(ctx, "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
		ss.TokenHash, ss.AccountID, unix(ss.CreatedAt), unix(ss.ExpiresAt))
	return wrap(err)
}

// SessionAccount returns the account of an unexpired session in one query,
// so an authenticated request costs one round trip before its own work.
func (s *DB) SessionAccount(ctx context.Context, tokenHash string, now time.Time) (*app.Account, error) {
	row := s.queryRow(ctx, "SELECT "+prefixed("a.", accountColumns)+
		" FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expires_at > ?", tokenHash, unix(now))
	return scanAccount(row)
}

// prefixed qualifies each column in a comma-separated list with p.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i := range parts {
		parts[i] = p + strings.TrimSpace(parts[i])
	}
	return strings.Join(parts, ", ")
}

func (s *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
	return wrap(err)
}

func (s *DB) DeleteSessions(ctx context.Context, accountID int64, except string) error {
	_, err := s.exec(ctx, "DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?", accountID, except)
	return wrap(err)
}

func (s *DB) LoginLocked(ctx context.Context, keys []string, now time.Time) (time.Time, error) {
	var latest time.Time
	for _, k := range keys {
		var until int64
		err := s.queryRow(ctx, "SELECT locked_until FROM login_failures WHERE key = ?", k).Scan(&until)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return time.Time{}, wrap(err)
		}
		if t := fromUnix(until); t.After(now) && t.After(latest) {
			latest = t
		}
	}
	return latest, nil
}

// RecordLoginFailure counts a failure in one statement (an upsert), so
// concurrent guesses cannot slip past the count.
func (s *DB) RecordLoginFailure(ctx context.Context, key string, now time.Time, window time.Duration, max int, lock time.Duration) (time.Time, error) {
	n, start := unix(now), unix(now.Add(-window))
	var failures int
	var until int64
	err := s.queryRow(ctx, `INSERT INTO login_failures (key, failures, first_failed, locked_until) VALUES (?, 1, ?, 0)
		ON CONFLICT(key) DO UPDATE SET
			failures = CASE WHEN first_failed < ? THEN 1 ELSE failures + 1 END,
			first_failed = CASE WHEN first_failed < ? THEN excluded.first_failed ELSE first_failed END
		RETURNING failures, locked_until`, key, n, start, start).Scan(&failures, &until)
	if err != nil {
		return time.Time{}, wrap(err)
	}
	if failures >= max {
		lockedUntil := now.Add(lock)
		if _, err := s.exec(ctx, "UPDATE login_failures SET locked_until = ?, failures = 0, first_failed = ? WHERE key = ?",
			unix(lockedUntil), n, key); err != nil {
			return time.Time{}, wrap(err)
		}
		return lockedUntil, nil
	}
	if t := fromUnix(until); t.After(now) {
		return t, nil
	}
	return time.Time{}, nil
}

func (s *DB) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := s.exec(ctx, "DELETE FROM login_failures WHERE key = ?", key)
	return wrap(err)
}
