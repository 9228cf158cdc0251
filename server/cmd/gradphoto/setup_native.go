//go:build !js

package main

import (
	"context"
	"fmt"
	"strings"

	"gradphoto/server/app"
	"gradphoto/server/config"
	"gradphoto/shared/apperr"
	"gradphoto/shared/identity"
)

// setUp brings the database to the current schema and, in dev mode, makes
// sure the demo school, its students and a staff account exist. It runs when
// the native server starts; a Worker's database is migrated with
// `gradphoto migrate` before deploying.
func setUp(ctx context.Context, cfg config.Config, srv *server) error {
	n, err := srv.db.Migrate(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		fmt.Printf("gradphoto: applied %d migration(s)\n", n)
	}
	if cfg.Mode != config.Dev {
		return nil
	}
	return seedDemo(ctx, srv)
}

// demoStudents are on the demo school's roster. Their numbers pass every
// check (region 310104 is Shanghai Xuhui) but belong to no one.
var demoStudents = []struct {
	name, sex, number, college, major, level, no string
}{
	{"陈晓明", "男", demoNumber("20030415", 11), "计算机科学与技术学院", "软件工程", "本科", "2023010101"},
	{"林雨桐", "女", demoNumber("20021108", 22), "外国语学院", "英语", "本科", "2023020202"},
	{"王浩然", "男", demoNumber("20000630", 33), "数学科学学院", "应用统计", "硕士", "2024030303"},
}

// demoStaff is the dev staff account (review, rosters, shipping).
var demoStaffNumber = demoNumber("19850101", 55)

func demoNumber(birth string, seq int) string {
	first := fmt.Sprintf("310104%s%03d", birth, seq)
	return first + string(identity.CheckChar(first))
}

func seedDemo(ctx context.Context, srv *server) error {
	var csv strings.Builder
	csv.WriteString("学校,学院,专业,层次,学号,姓名,性别,证件号码,毕业时间\n")
	for _, s := range demoStudents {
		fmt.Fprintf(&csv, "上海示范大学,%s,%s,%s,%s,%s,%s,%s,2027-06\n", s.college, s.major, s.level, s.no, s.name, s.sex, s.number)
	}
	rep, err := srv.app.ImportRoster(ctx, strings.NewReader(csv.String()))
	if err != nil {
		return fmt.Errorf("demo roster: %w", err)
	}
	if len(rep.Rejected) > 0 {
		return fmt.Errorf("demo roster rejected rows: %+v", rep.Rejected)
	}
	if err := ensureStaff(ctx, srv, demoStaffNumber, "13900000000", "采集中心管理员", "staff@example.com"); err != nil {
		return err
	}
	fmt.Println("gradphoto: demo data (dev mode) — school 上海示范大学; sign up with one of these numbers, then log in with its last six characters:")
	for _, s := range demoStudents {
		fmt.Printf("  %s %s  %s  (%s %s)\n", s.name, s.sex, s.number, s.level, s.major)
	}
	fmt.Printf("  staff: %s, password %s (reviews, rosters, shipping)\n", demoStaffNumber, identity.DefaultPassword(demoStaffNumber))
	return nil
}

// ensureStaff signs up an account for the number if there is none and makes
// it staff.
func ensureStaff(ctx context.Context, srv *server, number, mobile, name, email string) error {
	acct, err := srv.app.SignUp(ctx, app.SignUp{DocType: identity.ResidentID, DocNumber: number, Mobile: mobile, Name: name, Email: email})
	if apperr.CodeOf(err) == apperr.Conflict {
		acct, err = srv.db.AccountByDocHash(ctx, srv.app.PII.Hash("doc", number))
	}
	if err != nil {
		return fmt.Errorf("staff account: %w", err)
	}
	return srv.db.SetRole(ctx, acct.ID, app.Staff)
}
