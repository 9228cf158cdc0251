package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"gradphoto/shared/apperr"
	"gradphoto/shared/photospec"
	"gradphoto/shared/record"
)

var errNoCollection = apperr.New(apperr.NotFound, "没有找到该采集记录", "No such collection")

// RosterMatch returns the roster entry of the account's document number, or
// nil when the school has not submitted one (out-of-province students).
func (a *App) RosterMatch(ctx context.Context, acct *Account) (*RosterEntry, error) {
	e, school, err := a.Store.RosterByDocHash(ctx, acct.DocHash)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	e.Student.School = school
	return e, nil
}

// StartCollection returns the account's collection, creating it on first
// use: pre-filled and locked from the roster when the school submitted the
// student, otherwise from the data the student filled in (in).
func (a *App) StartCollection(ctx context.Context, acct *Account, in *record.Student) (*Collection, error) {
	if c, err := a.Store.CollectionByAccount(ctx, acct.ID); err == nil {
		return c, nil
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return nil, err
	}
	now := a.now()
	c := &Collection{AccountID: acct.ID, State: record.Draft, CreatedAt: now, UpdatedAt: now}
	entry, err := a.RosterMatch(ctx, acct)
	if err != nil {
		return nil, err
	}
	switch {
	case entry != nil:
		c.RosterID, c.Student = entry.ID, entry.Student
	case in == nil:
		return nil, apperr.Field("student", "学校未提交您的信息，请填写个人信息",
			"Your school has not submitted your data: fill in the form")
	default:
		st, err := in.Normalize(now)
		if err != nil {
			return nil, err
		}
		c.Student = st
	}
	if err := a.Store.CreateCollection(ctx, c); err != nil {
		if apperr.CodeOf(err) == apperr.Conflict { // created by a concurrent request
			return a.Store.CollectionByAccount(ctx, acct.ID)
		}
		return nil, err
	}
	return c, nil
}

// Collection returns collection id if acct may see it: its owner, or staff.
// Anyone else gets NotFound, so IDs do not reveal what exists.
func (a *App) Collection(ctx context.Context, acct *Account, id int64) (*Collection, error) {
	c, err := a.Store.CollectionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.AccountID != acct.ID && acct.Role != Staff {
		return nil, errNoCollection
	}
	return c, nil
}

// MyCollections lists the account's collections (at most one today).
func (a *App) MyCollections(ctx context.Context, acct *Account) ([]*Collection, error) {
	c, err := a.Store.CollectionByAccount(ctx, acct.ID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return []*Collection{}, nil
	}
	if err != nil {
		return nil, err
	}
	return []*Collection{c}, nil
}

// UpdateStudent changes the personal data of a collection the student filled
// in. Roster data is locked: the student reports an error instead.
func (a *App) UpdateStudent(ctx context.Context, acct *Account, id int64, in record.Student) (*Collection, error) {
	c, err := a.ownCollection(ctx, acct, id)
	if err != nil {
		return nil, err
	}
	if c.Locked() {
		return nil, apperr.New(apperr.Conflict, "信息由学校提交，不能修改；如有错误请点击“信息有误”反馈",
			"Your school submitted this data, so it cannot be edited: report an error instead")
	}
	if !c.State.PhotoReplaceable() {
		return nil, apperr.New(apperr.Conflict, "采集已审核通过，信息不能再修改", "The collection is approved: the data can no longer change")
	}
	st, err := in.Normalize(a.now())
	if err != nil {
		return nil, err
	}
	c.Student, c.UpdatedAt = st, a.now()
	return c, a.Store.UpdateCollection(ctx, c)
}

// ReportError records the student's note that roster data is wrong, for staff.
func (a *App) ReportError(ctx context.Context, acct *Account, id int64, message string) (*Collection, error) {
	c, err := a.ownCollection(ctx, acct, id)
	if err != nil {
		return nil, err
	}
	message = strings.TrimSpace(message)
	if n := utf8.RuneCountInString(message); n < 2 || n > 500 {
		return nil, apperr.Field("message", "请用2到500个字说明哪里有误", "Say in 2 to 500 characters what is wrong")
	}
	c.ErrorReport, c.UpdatedAt = message, a.now()
	return c, a.Store.UpdateCollection(ctx, c)
}

// SetChsiCode stores the student's CHSI collection code (采集码), an opaque
// string only an authorised collector can decrypt.
func (a *App) SetChsiCode(ctx context.Context, acct *Account, id int64, code string) (*Collection, error) {
	c, err := a.ownCollection(ctx, acct, id)
	if err != nil {
		return nil, err
	}
	code = strings.TrimSpace(code)
	if len(code) > 2048 || strings.ContainsAny(code, "\x00\r\n") {
		return nil, apperr.Field("chsi_code", "采集码格式不正确，请重新扫描", "The collection code is not valid: scan it again")
	}
	c.ChsiCode, c.UpdatedAt = code, a.now()
	return c, a.Store.UpdateCollection(ctx, c)
}

func (a *App) ownCollection(ctx context.Context, acct *Account, id int64) (*Collection, error) {
	c, err := a.Store.CollectionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.AccountID != acct.ID {
		return nil, errNoCollection
	}
	return c, nil
}

// PhotoUpload is a photo a student submits.
type PhotoUpload struct {
	Source         record.Source
	Data           []byte
	EngineReport   json.RawMessage // the engine's report, for camera photos
	IdempotencyKey string          // from the client's offline queue
}

// MaxEngineReport bounds the report a client may attach.
const MaxEngineReport = 64 << 10

// SubmitPhoto attaches a photo. Camera photos were processed on the phone;
// they are checked again here and refused unless they meet the preset.
// Album photos keep the original for staff review. A replayed upload (same
// idempotency key) changes nothing and returns the collection.
func (a *App) SubmitPhoto(ctx context.Context, acct *Account, id int64, up PhotoUpload) (*Collection, bool, error) {
	c, err := a.ownCollection(ctx, acct, id)
	if err != nil {
		return nil, false, err
	}
	if len(up.IdempotencyKey) > 64 {
		return nil, false, apperr.Field("idempotency_key", "幂等键过长", "The idempotency key is too long")
	}
	if !c.State.PhotoReplaceable() {
		return nil, false, apperr.New(apperr.Conflict, "照片已审核通过，不能再更换", "The photo is approved and can no longer be replaced")
	}
	if len(up.EngineReport) > MaxEngineReport || (len(up.EngineReport) > 0 && !json.Valid(up.EngineReport)) {
		return nil, false, apperr.Field("report", "照片处理报告格式不正确", "The engine report is not valid JSON")
	}
	now := a.now()
	photo := &Photo{Kind: Finished, ContentType: "image/jpeg", Data: up.Data, IdempotencyKey: up.IdempotencyKey, CreatedAt: now}
	switch up.Source {
	case record.Camera:
		rep, err := checkCamera(up.Data, photospec.CHSI)
		if err != nil {
			return nil, false, err
		}
		photo.Width, photo.Height = rep.File.Width, rep.File.Height
		c.CheckReport = reportJSON(rep)
	case record.Album:
		if len(up.Data) > photospec.MaxAlbumBytes {
			return nil, false, apperr.New(apperr.TooLarge, "照片不能超过10MB", "The photo must be at most 10 MB").WithField("photo")
		}
		info, err := photospec.Sniff(up.Data)
		if err != nil {
			return nil, false, err
		}
		rep, err := checkAlbum(up.Data, photospec.CHSI)
		if err != nil {
			return nil, false, err
		}
		photo.Kind, photo.ContentType = Original, "image/"+info.Format
		photo.Width, photo.Height = info.Width, info.Height
		c.CheckReport = reportJSON(rep)
	default:
		return nil, false, apperr.Field("source", "照片来源应为拍摄或相册", "The photo source must be camera or album")
	}
	sum := sha256.Sum256(up.Data)
	photo.Size, photo.SHA256 = len(up.Data), hex.EncodeToString(sum[:])

	c.Source, c.State, c.ReturnReason, c.UpdatedAt = up.Source, record.AfterPhoto(up.Source), "", now
	if up.Source == record.Camera {
		c.EngineReport = up.EngineReport
	} else {
		c.EngineReport = nil
	}
	replayed, err := a.Store.AttachPhotos(ctx, c, []*Photo{photo})
	if err != nil {
		return nil, false, err
	}
	if replayed {
		c, err = a.Store.CollectionByID(ctx, id)
	}
	return c, replayed, err
}

// CollectionPhoto returns a collection's finished photo (kind Finished) or
// the original a student uploaded (kind Original), if acct may see it.
func (a *App) CollectionPhoto(ctx context.Context, acct *Account, id int64, kind PhotoKind) (*Photo, error) {
	c, err := a.Collection(ctx, acct, id)
	if err != nil {
		return nil, err
	}
	pid := c.PhotoID
	if kind == Original || pid == 0 { // an album photo is its own finished photo once approved
		pid = c.OriginalID
	}
	if pid == 0 {
		return nil, apperr.New(apperr.NotFound, "还没有照片", "There is no photo yet")
	}
	return a.Store.Photo(ctx, pid)
}
