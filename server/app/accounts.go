package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"gradphoto/shared/apperr"
	"gradphoto/shared/contact"
	"gradphoto/shared/identity"
	"gradphoto/shared/record"
)

// SignUp is what a student enters to sign up.
type SignUp struct {
	DocType   identity.DocType
	DocNumber string
	Mobile    string
	Name      string
	Email     string
	Sex       identity.Sex // may be empty when the document number tells it
}

// SignUp creates a student account. The password is the document number's
// last six characters until the student changes it.
func (a *App) SignUp(ctx context.Context, in SignUp) (*Account, error) {
	now := a.now()
	doc, err := identity.Parse(in.DocType, in.DocNumber, now)
	if err != nil {
		return nil, err
	}
	mobile, err := contact.Mobile(in.Mobile)
	if err != nil {
		return nil, err
	}
	name := strings.Join(strings.Fields(in.Name), " ")
	if err := record.CheckName(name); err != nil {
		return nil, err
	}
	email, err := contact.Email(in.Email)
	if err != nil {
		return nil, err
	}
	sex := in.Sex
	switch {
	case sex == "" && doc.Sex != "":
		sex = doc.Sex
	case sex != identity.Male && sex != identity.Female:
		return nil, apperr.Field("sex", "请选择性别", "Choose male or female")
	case doc.Sex != "" && sex != doc.Sex:
		return nil, apperr.Field("sex", "所选性别与身份证号码不符", "The sex chosen does not match the ID number")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(identity.DefaultPassword(doc.Number)), a.Limits.BcryptCost)
	if err != nil {
		return nil, apperr.Internalf("hashing password: %w", err)
	}
	acct := &Account{
		Role:               Student,
		DocType:            doc.Type,
		DocHash:            a.PII.Hash("doc", doc.Number),
		DocSealed:          a.PII.Seal(doc.Number),
		DocMasked:          identity.Mask(doc.Number),
		MobileHash:         a.PII.Hash("mobile", mobile),
		MobileSealed:       a.PII.Seal(mobile),
		MobileMasked:       contact.MaskMobile(mobile),
		Name:               name,
		Email:              email,
		Sex:                sex,
		PasswordHash:       string(hash),
		MustChangePassword: true,
		CreatedAt:          now,
	}
	if err := a.Store.CreateAccount(ctx, acct); err != nil {
		if apperr.CodeOf(err) == apperr.Conflict {
			return nil, apperr.New(apperr.Conflict, "该证件号码已注册，请直接登录",
				"This document number is already signed up: log in instead").WithField("doc_number")
		}
		return nil, err
	}
	return acct, nil
}

// LoginResult is a new session.
type LoginResult struct {
	Token              string
	ExpiresAt          time.Time
	Account            *Account
	MustChangePassword bool
}

// Login checks a document number and password, counting failures per account
// and per client address in the database: a six-digit default password is
// only a million guesses.
func (a *App) Login(ctx context.Context, docNumber, password, clientAddr string) (*LoginResult, error) {
	now := a.now()
	number := normalizeDocNumber(docNumber, now)
	if number == "" || password == "" {
		return nil, apperr.Field("doc_number", "请输入证件号码和密码", "Enter your document number and password")
	}
	acctKey := "acct:" + a.PII.Hash("doc", number)
	ipKey := "ip:" + a.PII.Hash("ip", clientAddr)
	if until, err := a.Store.LoginLocked(ctx, []string{acctKey, ipKey}, now); err != nil {
		return nil, err
	} else if !until.IsZero() {
		return nil, lockedError(until)
	}
	acct, err := a.Store.AccountByDocHash(ctx, a.PII.Hash("doc", number))
	if err != nil && apperr.CodeOf(err) != apperr.NotFound {
		return nil, err
	}
	// Compare a hash even when there is no account, so timing does not tell
	// which document numbers are signed up.
	stored := dummyHash
	if acct != nil {
		stored = []byte(acct.PasswordHash)
	}
	if bcrypt.CompareHashAndPassword(stored, []byte(password)) != nil || acct == nil {
		return nil, a.loginFailed(ctx, now, acctKey, ipKey)
	}
	if err := a.Store.ClearLoginFailures(ctx, acctKey); err != nil {
		return nil, err
	}
	token := randomToken(32)
	expires := now.Add(a.Limits.SessionTTL)
	if err := a.Store.CreateSession(ctx, Session{TokenHash: hashToken(token), AccountID: acct.ID, CreatedAt: now, ExpiresAt: expires}); err != nil {
		return nil, err
	}
	return &LoginResult{Token: token, ExpiresAt: expires, Account: acct, MustChangePassword: acct.MustChangePassword}, nil
}

// dummyHash is a bcrypt hash of a random string, compared against when no
// account matches.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte(randomToken(8)), bcrypt.MinCost)

func (a *App) loginFailed(ctx context.Context, now time.Time, acctKey, ipKey string) error {
	window := a.Limits.LoginLock
	until, err := a.Store.RecordLoginFailure(ctx, acctKey, now, window, a.Limits.LoginMaxFailures, a.Limits.LoginLock)
	if err != nil {
		return err
	}
	ipUntil, err := a.Store.RecordLoginFailure(ctx, ipKey, now, window, a.Limits.LoginIPFailures, a.Limits.LoginLock)
	if err != nil {
		return err
	}
	if ipUntil.After(until) {
		until = ipUntil
	}
	if !until.IsZero() {
		return lockedError(until)
	}
	return apperr.New(apperr.WrongPassword, "证件号码或密码不正确（未修改过的密码为证件号码后六位）",
		"Wrong document number or password (unless changed, the password is the last six characters of the number)")
}

func lockedError(until time.Time) error {
	cst := until.In(chinaTime)
	return apperr.New(apperr.RateLimited,
		fmt.Sprintf("登录失败次数过多，账号已锁定至 %s（北京时间）", cst.Format("2006-01-02 15:04")),
		fmt.Sprintf("Too many failed logins: locked until %s (UTC)", until.Format("2006-01-02 15:04")))
}

var chinaTime = time.FixedZone("CST", 8*3600)

// normalizeDocNumber reads a document number typed at login the way Parse
// stores it, without knowing its type.
func normalizeDocNumber(s string, now time.Time) string {
	if doc, err := identity.Detect(s, now); err == nil {
		return doc.Number
	}
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Authenticate returns the account of a session token.
func (a *App) Authenticate(ctx context.Context, token string) (*Account, error) {
	if token == "" || len(token) > 128 {
		return nil, errSignIn
	}
	acct, err := a.Store.SessionAccount(ctx, hashToken(token), a.now())
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, errSignIn
	}
	return acct, err
}

var errSignIn = apperr.New(apperr.Unauthorized, "请先登录", "Please log in")

// Logout ends a session.
func (a *App) Logout(ctx context.Context, token string) error {
	return a.Store.DeleteSession(ctx, hashToken(token))
}

// ChangePassword sets a new password after checking the old one, and ends
// the account's other sessions.
func (a *App) ChangePassword(ctx context.Context, acct *Account, token, oldPassword, newPassword string) error {
	if bcrypt.CompareHashAndPassword([]byte(acct.PasswordHash), []byte(oldPassword)) != nil {
		return apperr.New(apperr.WrongPassword, "原密码不正确", "The current password is wrong").WithField("old_password")
	}
	if err := checkNewPassword(acct, a.PII, newPassword); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(newPassword), a.Limits.BcryptCost)
	if err != nil {
		return apperr.Internalf("hashing password: %w", err)
	}
	if err := a.Store.SetPassword(ctx, acct.ID, string(hash), false); err != nil {
		return err
	}
	acct.PasswordHash, acct.MustChangePassword = string(hash), false
	return a.Store.DeleteSessions(ctx, acct.ID, hashToken(token))
}

func checkNewPassword(acct *Account, keeper interface{ Open(string) (string, error) }, pw string) error {
	field := func(zh, en string) error { return apperr.Field("new_password", zh, en) }
	n := utf8.RuneCountInString(pw)
	if n < 8 || n > 64 {
		return field("新密码长度应为8到64个字符", "The new password must be 8 to 64 characters long")
	}
	var letters, digits bool
	for _, c := range pw {
		letters = letters || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		digits = digits || (c >= '0' && c <= '9')
	}
	if !letters || !digits {
		return field("新密码需同时包含字母和数字", "The new password must contain both letters and digits")
	}
	if number, err := keeper.Open(acct.DocSealed); err == nil && strings.Contains(strings.ToUpper(pw), number[max(0, len(number)-6):]) {
		return field("新密码不能包含证件号码后六位", "The new password must not contain the last six characters of your document number")
	}
	return nil
}
