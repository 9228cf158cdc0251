package app

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"gradphoto/shared/apperr"
	"gradphoto/shared/identity"
	"gradphoto/shared/record"
)

// RosterColumns are the CSV header names an import understands, in Chinese
// or English; the order of columns in the file does not matter.
var RosterColumns = map[string][]string{
	"school":          {"school", "学校"},
	"college":         {"college", "学院", "院系"},
	"major":           {"major", "专业"},
	"level":           {"level", "层次", "学历层次"},
	"student_no":      {"student_no", "学号"},
	"name":            {"name", "姓名"},
	"sex":             {"sex", "性别"},
	"doc_type":        {"doc_type", "证件类型"},
	"doc_number":      {"doc_number", "证件号码", "身份证号"},
	"graduation_date": {"graduation_date", "毕业时间", "预计毕业时间"},
}

// RowProblem is why one roster row was rejected.
type RowProblem struct {
	Line  int    `json:"line"`
	Field string `json:"field,omitempty"`
	ZH    string `json:"zh"`
	EN    string `json:"en"`
}

// ImportReport says what a roster import did, row by row.
type ImportReport struct {
	Rows     int          `json:"rows"`
	Created  int          `json:"created"`
	Updated  int          `json:"updated"`
	Rejected []RowProblem `json:"rejected"`
}

// MaxRosterRows bounds one import, so a Worker request stays within limits.
const MaxRosterRows = 20000

// ImportRoster reads a CSV roster (UTF-8, with a header row) and stores every
// valid row, reporting each rejected one with its line and reason.
func (a *App) ImportRoster(ctx context.Context, r io.Reader) (*ImportReport, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, apperr.Field("file", "无法读取花名册表头，请上传带表头的 UTF-8 CSV 文件",
			"Cannot read the roster's header: upload a UTF-8 CSV file with a header row")
	}
	cols, err := mapColumns(header)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Rejected: []RowProblem{}}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rep.Rejected = append(rep.Rejected, RowProblem{Line: pe.Line, ZH: "CSV 格式错误：" + pe.Err.Error(), EN: "Malformed CSV: " + pe.Err.Error()})
				continue
			}
			return rep, apperr.Internalf("reading roster: %w", err)
		}
		rep.Rows++
		if rep.Rows > MaxRosterRows {
			return rep, apperr.New(apperr.TooLarge, fmt.Sprintf("一次最多导入 %d 行", MaxRosterRows),
				fmt.Sprintf("At most %d rows per import", MaxRosterRows))
		}
		created, err := a.importRow(ctx, cols, row)
		switch {
		case err == nil && created:
			rep.Created++
		case err == nil:
			rep.Updated++
		case apperr.CodeOf(err) == apperr.Invalid:
			e := apperr.As(err)
			rep.Rejected = append(rep.Rejected, RowProblem{Line: line, Field: e.Field, ZH: e.ZH, EN: e.EN})
		default:
			return rep, err
		}
	}
	return rep, nil
}

func mapColumns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		for key, names := range RosterColumns {
			for _, n := range names {
				if strings.EqualFold(h, n) {
					cols[key] = i
				}
			}
		}
	}
	for key := range RosterColumns {
		if _, ok := cols[key]; !ok && key != "doc_type" {
			return nil, apperr.Field("file", "花名册缺少列："+RosterColumns[key][1], "The roster lacks the column: "+key)
		}
	}
	return cols, nil
}

func (a *App) importRow(ctx context.Context, cols map[string]int, row []string) (bool, error) {
	get := func(key string) string {
		if i, ok := cols[key]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	now := a.now()
	docType := identity.DocType(get("doc_type"))
	var doc identity.Document
	var err error
	if docType == "" {
		doc, err = identity.Detect(get("doc_number"), now)
	} else {
		doc, err = identity.Parse(docType, get("doc_number"), now)
	}
	if err != nil {
		return false, err
	}
	sex, err := parseSex(get("sex"))
	if err != nil {
		return false, err
	}
	st, err := record.Student{
		School: get("school"), College: get("college"), Major: get("major"),
		Level: record.Level(get("level")), StudentNo: get("student_no"), Name: get("name"),
		Sex: sex, GraduationDate: get("graduation_date"),
	}.Normalize(now)
	if err != nil {
		return false, err
	}
	if doc.Sex != "" && doc.Sex != st.Sex {
		return false, apperr.Field("sex", "性别与身份证号码不符", "The sex does not match the ID number")
	}
	school, err := a.Store.SchoolByName(ctx, st.School, true, now)
	if err != nil {
		return false, err
	}
	return a.Store.UpsertRosterEntry(ctx, &RosterEntry{
		SchoolID: school.ID, Student: st,
		DocHash: a.PII.Hash("doc", doc.Number), DocSealed: a.PII.Seal(doc.Number),
	}, now)
}

// parseSex reads 男/女/male/female/M/F.
func parseSex(s string) (identity.Sex, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "男", "male", "m":
		return identity.Male, nil
	case "女", "female", "f":
		return identity.Female, nil
	}
	return "", apperr.Field("sex", "性别应为男或女", "Sex must be male or female")
}

// ParseSex is parseSex for callers outside the package (forms send codes).
func ParseSex(s string) (identity.Sex, error) { return parseSex(s) }
