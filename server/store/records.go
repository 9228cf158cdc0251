package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"gradphoto/server/app"
	"gradphoto/shared/apperr"
	"gradphoto/shared/record"
)

func (s *DB) SchoolByName(ctx context.Context, name string, create bool, now time.Time) (*app.School, error) {
	if create {
		if _, err := s.exec(ctx, "INSERT INTO schools (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING", name, unix(now)); err != nil {
			return nil, wrap(err)
		}
	}
	var sc app.School
	err := s.queryRow(ctx, "SELECT id, name FROM schools WHERE name = ?", name).Scan(&sc.ID, &sc.Name)
	if err != nil {
		return nil, notFound(err, "学校不存在", "No such school")
	}
	return &sc, nil
}

func (s *DB) Schools(ctx context.Context) ([]app.School, error) {
	rows, err := s.query(ctx, "SELECT id, name FROM schools ORDER BY name")
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	out := []app.School{}
	for rows.Next() {
		var sc app.School
		if err := rows.Scan(&sc.ID, &sc.Name); err != nil {
			return nil, wrap(err)
		}
		out = append(out, sc)
	}
	return out, wrap(rows.Err())
}

func (s *DB) UpsertRosterEntry(ctx context.Context, e *app.RosterEntry, now time.Time) (bool, error) {
	st := e.Student
	created := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT id FROM roster WHERE doc_hash = ?", e.DocHash).Scan(&e.ID)
		switch {
		case err == sql.ErrNoRows:
			created = true
			res, err := tx.ExecContext(ctx, `INSERT INTO roster (school_id, college, major, level, student_no, name, sex, doc_hash,
				doc_sealed, graduation_date, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				e.SchoolID, st.College, st.Major, st.Level, st.StudentNo, st.Name, st.Sex, e.DocHash, e.DocSealed, st.GraduationDate, unix(now))
			if err != nil {
				return wrap(err)
			}
			e.ID, err = res.LastInsertId()
			return wrap(err)
		case err != nil:
			return wrap(err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE roster SET school_id = ?, college = ?, major = ?, level = ?, student_no = ?, name = ?,
			sex = ?, doc_sealed = ?, graduation_date = ?, imported_at = ? WHERE id = ?`,
			e.SchoolID, st.College, st.Major, st.Level, st.StudentNo, st.Name, st.Sex, e.DocSealed, st.GraduationDate, unix(now), e.ID)
		return wrap(err)
	})
	return created, err
}

func (s *DB) RosterByDocHash(ctx context.Context, docHash string) (*app.RosterEntry, string, error) {
	var e app.RosterEntry
	var school string
	err := s.queryRow(ctx, `SELECT r.id, r.school_id, sc.name, r.college, r.major, r.level, r.student_no, r.name, r.sex,
		r.doc_hash, r.doc_sealed, r.graduation_date FROM roster r JOIN schools sc ON sc.id = r.school_id WHERE r.doc_hash = ?`, docHash).
		Scan(&e.ID, &e.SchoolID, &school, &e.Student.College, &e.Student.Major, &e.Student.Level, &e.Student.StudentNo,
			&e.Student.Name, &e.Student.Sex, &e.DocHash, &e.DocSealed, &e.Student.GraduationDate)
	if err != nil {
		return nil, "", notFound(err, "花名册中没有该学生", "Not on any roster")
	}
	e.Student.School = school
	return &e, school, nil
}

const collectionColumns = `id, account_id, roster_id, school, college, major, level, student_no, name, sex, graduation_date,
	error_report, state, source, photo_id, original_id, engine_report, check_report, return_reason, chsi_code, created_at, updated_at`

func scanCollection(row interface{ Scan(...any) error }) (*app.Collection, error) {
	var c app.Collection
	var roster, photo, original sql.NullInt64
	var report, checked string
	var created, updated int64
	st := &c.Student
	err := row.Scan(&c.ID, &c.AccountID, &roster, &st.School, &st.College, &st.Major, &st.Level, &st.StudentNo, &st.Name,
		&st.Sex, &st.GraduationDate, &c.ErrorReport, &c.State, &c.Source, &photo, &original, &report, &checked, &c.ReturnReason,
		&c.ChsiCode, &created, &updated)
	if err != nil {
		return nil, notFound(err, "没有找到该采集记录", "No such collection")
	}
	c.RosterID, c.PhotoID, c.OriginalID = roster.Int64, photo.Int64, original.Int64
	if report != "" {
		c.EngineReport = json.RawMessage(report)
	}
	if checked != "" {
		c.CheckReport = json.RawMessage(checked)
	}
	c.CreatedAt, c.UpdatedAt = fromUnix(created), fromUnix(updated)
	return &c, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (s *DB) CreateCollection(ctx context.Context, c *app.Collection) error {
	st := c.Student
	res, err := s.exec(ctx, `INSERT INTO collections (account_id, roster_id, school, college, major, level, student_no, name, sex,
		graduation_date, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.AccountID, nullID(c.RosterID), st.School, st.College, st.Major, st.Level, st.StudentNo, st.Name, st.Sex,
		st.GraduationDate, c.State, unix(c.CreatedAt), unix(c.UpdatedAt))
	if err != nil {
		return wrap(err)
	}
	c.ID, err = res.LastInsertId()
	return wrap(err)
}

func (s *DB) CollectionByAccount(ctx context.Context, accountID int64) (*app.Collection, error) {
	return scanCollection(s.queryRow(ctx, "SELECT "+collectionColumns+" FROM collections WHERE account_id = ?", accountID))
}

func (s *DB) CollectionByID(ctx context.Context, id int64) (*app.Collection, error) {
	return scanCollection(s.queryRow(ctx, "SELECT "+collectionColumns+" FROM collections WHERE id = ?", id))
}

func (s *DB) UpdateCollection(ctx context.Context, c *app.Collection) error {
	return updateCollection(ctx, s.db, c)
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func updateCollection(ctx context.Context, db execer, c *app.Collection) error {
	st := c.Student
	res, err := db.ExecContext(ctx, `UPDATE collections SET school = ?, college = ?, major = ?, level = ?, student_no = ?, name = ?,
		sex = ?, graduation_date = ?, error_report = ?, state = ?, source = ?, photo_id = ?, original_id = ?, engine_report = ?, check_report = ?,
		return_reason = ?, chsi_code = ?, updated_at = ? WHERE id = ?`,
		st.School, st.College, st.Major, st.Level, st.StudentNo, st.Name, st.Sex, st.GraduationDate, c.ErrorReport, c.State,
		c.Source, nullID(c.PhotoID), nullID(c.OriginalID), string(c.EngineReport), string(c.CheckReport), c.ReturnReason, c.ChsiCode, unix(c.UpdatedAt), c.ID)
	if err != nil {
		return wrap(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "没有找到该采集记录", "No such collection")
	}
	return nil
}

func (s *DB) CollectionsInState(ctx context.Context, states []record.State, limit int) ([]*app.Collection, error) {
	marks, args := inList(states)
	args = append(args, limit)
	rows, err := s.query(ctx, "SELECT "+collectionColumns+" FROM collections WHERE state IN ("+marks+
		") ORDER BY CASE state WHEN 'under_review' THEN 0 ELSE 1 END, updated_at LIMIT ?", args...)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	out := []*app.Collection{}
	for rows.Next() {
		c, err := scanCollection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, wrap(rows.Err())
}

// AttachPhotos stores photos and points c at them in one transaction. A
// photo whose idempotency key the collection already has is a replay:
// nothing is written and replayed is true.
func (s *DB) AttachPhotos(ctx context.Context, c *app.Collection, photos []*app.Photo) (bool, error) {
	replayed := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, p := range photos {
			if p.IdempotencyKey != "" {
				var id int64
				err := tx.QueryRowContext(ctx, "SELECT id FROM photos WHERE collection_id = ? AND idempotency_key = ?", c.ID, p.IdempotencyKey).Scan(&id)
				if err == nil {
					replayed = true
					return nil
				}
				if err != sql.ErrNoRows {
					return wrap(err)
				}
			}
			var key any
			if p.IdempotencyKey != "" {
				key = p.IdempotencyKey
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO photos (collection_id, kind, content_type, width, height, size, sha256, data, idempotency_key, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, p.Kind, p.ContentType, p.Width, p.Height, p.Size, p.SHA256, p.Data, key, unix(p.CreatedAt))
			if err != nil {
				return wrap(err)
			}
			if p.ID, err = res.LastInsertId(); err != nil {
				return wrap(err)
			}
			p.CollectionID = c.ID
			if p.Kind == app.Original {
				c.OriginalID, c.PhotoID = p.ID, 0
			} else {
				c.PhotoID, c.OriginalID = p.ID, 0
			}
		}
		return updateCollection(ctx, tx, c)
	})
	return replayed, err
}

func (s *DB) Photo(ctx context.Context, id int64) (*app.Photo, error) {
	var p app.Photo
	var key sql.NullString
	var created int64
	err := s.queryRow(ctx, `SELECT id, collection_id, kind, content_type, width, height, size, sha256, data, idempotency_key, created_at
		FROM photos WHERE id = ?`, id).Scan(&p.ID, &p.CollectionID, &p.Kind, &p.ContentType, &p.Width, &p.Height, &p.Size, &p.SHA256, &p.Data, &key, &created)
	if err != nil {
		return nil, notFound(err, "照片不存在", "No such photo")
	}
	p.IdempotencyKey, p.CreatedAt = key.String, fromUnix(created)
	return &p, nil
}
