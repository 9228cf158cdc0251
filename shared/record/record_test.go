package record

import (
	"strings"
	"testing"
	"time"

	"gradphoto/shared/apperr"
	"gradphoto/shared/identity"
)

var now = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in   string
		want Level
		ok   bool
	}{
		{"本科", Bachelor, true},
		{"bachelor", Bachelor, true},
		{"Bachelor", Bachelor, true},
		{" 专科 ", Associate, true},
		{"硕士研究生", Master, true},
		{"博士", Doctor, true},
		{"doctor", Doctor, true},
		{"高中", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := ParseLevel(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseLevel(%q) = %q, %v", tt.in, got, err)
		}
	}
}

func validStudent() Student {
	return Student{School: "上海示范大学", College: "数学学院", Major: "统计学", Level: "本科", StudentNo: "S-2023_01",
		Name: "王五", Sex: identity.Male, GraduationDate: "2027-06"}
}

func TestStudentNormalize(t *testing.T) {
	s, err := Student{School: "  上海示范大学 ", College: "数学  学院", Major: "统计学", Level: "本科", StudentNo: "S1",
		Name: "Anna  Maria", Sex: identity.Female, GraduationDate: "2027-06-30"}.Normalize(now)
	if err != nil {
		t.Fatal(err)
	}
	if s.School != "上海示范大学" || s.College != "数学 学院" || s.Level != Bachelor || s.GraduationDate != "2027-06" || s.Name != "Anna Maria" {
		t.Fatalf("%+v", s)
	}
	tests := []struct {
		name  string
		edit  func(*Student)
		field string
	}{
		{"no school", func(s *Student) { s.School = " " }, "school"},
		{"long college", func(s *Student) { s.College = strings.Repeat("学", 61) }, "college"},
		{"no major", func(s *Student) { s.Major = "" }, "major"},
		{"bad level", func(s *Student) { s.Level = "幼儿园" }, "level"},
		{"no student number", func(s *Student) { s.StudentNo = "" }, "student_no"},
		{"student number with spaces inside", func(s *Student) { s.StudentNo = "S 1" }, "student_no"},
		{"digits in name", func(s *Student) { s.Name = "王5" }, "name"},
		{"emoji in name", func(s *Student) { s.Name = "王😀" }, "name"},
		{"no sex", func(s *Student) { s.Sex = "" }, "sex"},
		{"graduation date as words", func(s *Student) { s.GraduationDate = "next June" }, "graduation_date"},
		{"graduation 1990", func(s *Student) { s.GraduationDate = "1990-06" }, "graduation_date"},
		{"graduation 2040", func(s *Student) { s.GraduationDate = "2040-06" }, "graduation_date"},
		{"month 13", func(s *Student) { s.GraduationDate = "2027-13" }, "graduation_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validStudent()
			tt.edit(&s)
			_, err := s.Normalize(now)
			e := apperr.As(err)
			if err == nil || e.Field != tt.field || e.Code != apperr.Invalid || e.ZH == "" || e.EN == "" {
				t.Fatalf("err = %v, want field %s", err, tt.field)
			}
		})
	}
}

func TestCheckNameAcceptsMinorityAndForeignNames(t *testing.T) {
	for _, n := range []string{"买买提·艾力", "O'Neil", "José Álvarez", "Jean-Luc", "㐀丽"} {
		if err := CheckName(n); err != nil {
			t.Errorf("CheckName(%q): %v", n, err)
		}
	}
}

func TestCollectionStates(t *testing.T) {
	if AfterPhoto(Camera) != Submitted || AfterPhoto(Album) != UnderReview {
		t.Fatal("AfterPhoto")
	}
	for _, s := range []State{Draft, Submitted, UnderReview, Returned} {
		if !s.PhotoReplaceable() {
			t.Errorf("%s: photo not replaceable", s)
		}
	}
	for _, s := range []State{Approved, Delivered} {
		if s.PhotoReplaceable() || s.CanReview() {
			t.Errorf("%s: final state still open", s)
		}
	}
	for _, s := range []State{Draft, Submitted, UnderReview, Returned, Approved, Delivered} {
		if zh, en := s.Label(); zh == "" || en == "" || zh == string(s) {
			t.Errorf("%s has no label", s)
		}
	}
	if _, err := ParseSource("scanner"); err == nil {
		t.Error("unknown source accepted")
	}
}

func FuzzStudentNormalize(f *testing.F) {
	f.Add("上海示范大学", "学院", "专业", "本科", "S1", "王五", "male", "2027-06")
	f.Add("", "", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, school, college, major, level, no, name, sex, grad string) {
		s := Student{School: school, College: college, Major: major, Level: Level(level), StudentNo: no, Name: name, Sex: identity.Sex(sex), GraduationDate: grad}
		out, err := s.Normalize(now)
		if err != nil {
			if e := apperr.As(err); e.Code != apperr.Invalid || e.ZH == "" || e.EN == "" || e.Field == "" {
				t.Fatalf("bad error: %#v", e)
			}
			return
		}
		again, err := out.Normalize(now)
		if err != nil || again != out {
			t.Fatalf("normalizing twice changed %+v to %+v (%v)", out, again, err)
		}
	})
}
