package service

import (
	"context"
	"fmt"
	"io"
	"strings"

	"gradphoto/server/app"
	"gradphoto/shared/apperr"
	"gradphoto/shared/identity"
)

// DemoStudents are on the demo school's roster. Their numbers pass every
// check (region 310104 is Shanghai Xuhui) but belong to no one.
var DemoStudents = []struct {
	Name, Sex, Number, College, Major, Level, No string
}{
	{"陈晓明", "男", demoNumber("20030415", 11), "计算机科学与技术学院", "软件工程", "本科", "2023010101"},
	{"林雨桐", "女", demoNumber("20021108", 22), "外国语学院", "英语", "本科", "2023020202"},
	{"王浩然", "男", demoNumber("20000630", 33), "数学科学学院", "应用统计", "硕士", "2024030303"},
}

// DemoStaffNumber is the dev staff account (review, rosters, shipping).
var DemoStaffNumber = demoNumber("19850101", 55)

func demoNumber(birth string, seq int) string {
	first := fmt.Sprintf("310104%s%03d", birth, seq)
	return first + string(identity.CheckChar(first))
}

// SeedDemo imports the demo school's roster and makes the staff account; it
// is idempotent.
func (s *Service) SeedDemo(ctx context.Context) error {
	var csv strings.Builder
	csv.WriteString("学校,学院,专业,层次,学号,姓名,性别,证件号码,毕业时间\n")
	for _, st := range DemoStudents {
		fmt.Fprintf(&csv, "上海示范大学,%s,%s,%s,%s,%s,%s,%s,2027-06\n", st.College, st.Major, st.Level, st.No, st.Name, st.Sex, st.Number)
	}
	rep, err := s.App.ImportRoster(ctx, strings.NewReader(csv.String()))
	if err != nil {
		return fmt.Errorf("demo roster: %w", err)
	}
	if len(rep.Rejected) > 0 {
		return fmt.Errorf("demo roster rejected rows: %+v", rep.Rejected)
	}
	if err := s.EnsureStaff(ctx, DemoStaffNumber, "13900000000", "采集中心管理员", "staff@example.com"); err != nil {
		return err
	}
	return nil
}

// EnsureStaff signs up an account for the number if there is none and makes
// it staff.
func (s *Service) EnsureStaff(ctx context.Context, number, mobile, name, email string) error {
	acct, err := s.App.SignUp(ctx, app.SignUp{DocType: identity.ResidentID, DocNumber: number, Mobile: mobile, Name: name, Email: email})
	if apperr.CodeOf(err) == apperr.Conflict {
		acct, err = s.DB.AccountByDocHash(ctx, s.App.PII.Hash("doc", number))
	}
	if err != nil {
		return fmt.Errorf("staff account: %w", err)
	}
	return s.DB.SetRole(ctx, acct.ID, app.Staff)
}

// PrintDemo writes the demo logins for the person who ran `make run`.
func PrintDemo(w io.Writer) {
	fmt.Fprintln(w, "gradphoto: demo data (dev mode) — school 上海示范大学; sign up with one of these numbers, then log in with its last six characters:")
	for _, st := range DemoStudents {
		fmt.Fprintf(w, "  %s %s  %s  (%s %s)\n", st.Name, st.Sex, st.Number, st.Level, st.Major)
	}
	fmt.Fprintf(w, "  staff: %s, password %s (reviews, rosters, shipping)\n", DemoStaffNumber, identity.DefaultPassword(DemoStaffNumber))
}
