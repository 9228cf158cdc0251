package record

import (
	"strings"
	"time"
	"unicode/utf8"

	"gradphoto/shared/apperr"
	"gradphoto/shared/identity"
)

// Student is the personal data printed with the photo: what a school submits
// on its roster, or what a student from an out-of-province school fills in.
type Student struct {
	School         string       `json:"school"`
	College        string       `json:"college"`
	Major          string       `json:"major"`
	Level          Level        `json:"level"`
	StudentNo      string       `json:"student_no"`
	Name           string       `json:"name"`
	Sex            identity.Sex `json:"sex"`
	GraduationDate string       `json:"graduation_date"` // YYYY-MM, expected
}

// Normalize trims every field and checks it, returning the first problem
// found in the order the form shows the fields.
func (s Student) Normalize(now time.Time) (Student, error) {
	trim := func(p *string) { *p = strings.Join(strings.Fields(*p), " ") }
	for _, p := range []*string{&s.School, &s.College, &s.Major, &s.StudentNo, &s.Name, &s.GraduationDate} {
		trim(p)
	}
	texts := []struct {
		field, zh, en string
		value         string
		max           int
	}{
		{"school", "学校", "School", s.School, 60},
		{"college", "学院", "College", s.College, 60},
		{"major", "专业", "Major", s.Major, 60},
	}
	for _, t := range texts {
		if err := checkText(t.field, t.zh, t.en, t.value, t.max); err != nil {
			return s, err
		}
	}
	level, err := ParseLevel(string(s.Level))
	if err != nil {
		return s, err
	}
	s.Level = level
	if err := checkStudentNo(s.StudentNo); err != nil {
		return s, err
	}
	if err := CheckName(s.Name); err != nil {
		return s, err
	}
	if s.Sex != identity.Male && s.Sex != identity.Female {
		return s, apperr.Field("sex", "请选择性别", "Choose male or female")
	}
	grad, err := ParseGraduationDate(s.GraduationDate, now)
	if err != nil {
		return s, err
	}
	s.GraduationDate = grad
	return s, nil
}

func checkText(field, zh, en, v string, max int) error {
	if v == "" {
		return apperr.Field(field, "请填写"+zh, "Enter the "+strings.ToLower(en))
	}
	if utf8.RuneCountInString(v) > max {
		return apperr.Field(field, zh+"过长", en+" is too long")
	}
	return nil
}

func checkStudentNo(v string) error {
	if v == "" {
		return apperr.Field("student_no", "请填写学号", "Enter your student number")
	}
	if len(v) > 32 {
		return apperr.Field("student_no", "学号过长", "The student number is too long")
	}
	for _, c := range v {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-' || c == '_') {
			return apperr.Field("student_no", "学号只能包含字母、数字、-和_", "The student number may only hold letters, digits, - and _")
		}
	}
	return nil
}

// CheckName accepts Chinese names (with the middle dot of minority and
// foreign names) and Latin names with spaces, hyphens and apostrophes.
func CheckName(v string) error {
	n := utf8.RuneCountInString(v)
	if n == 0 {
		return apperr.Field("name", "请填写姓名", "Enter your name")
	}
	if n > 50 {
		return apperr.Field("name", "姓名过长", "The name is too long")
	}
	for _, c := range v {
		switch {
		case c >= 0x4E00 && c <= 0x9FFF, c >= 0x3400 && c <= 0x4DBF, c == '·', c == '•':
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c == ' ', c == '-', c == '\'', c == '.':
		case c >= 0xC0 && c <= 0x24F: // accented Latin letters
		default:
			return apperr.Field("name", "姓名含有不允许的字符", "The name holds a character that is not allowed")
		}
	}
	return nil
}

// ParseGraduationDate accepts YYYY-MM or YYYY-MM-DD (kept as YYYY-MM), a year
// from ten years ago to six years ahead.
func ParseGraduationDate(v string, now time.Time) (string, error) {
	bad := apperr.Field("graduation_date", "毕业时间格式应为 年-月，例如 2027-06", "The graduation date should look like 2027-06")
	var t time.Time
	var err error
	switch len(v) {
	case 7:
		t, err = time.Parse("2006-01", v)
	case 10:
		t, err = time.Parse("2006-01-02", v)
	default:
		return "", bad
	}
	if err != nil {
		return "", bad
	}
	if t.Year() < now.Year()-10 || t.Year() > now.Year()+6 {
		return "", apperr.Field("graduation_date", "毕业时间不在合理范围内", "The graduation date is out of range")
	}
	return t.Format("2006-01"), nil
}
