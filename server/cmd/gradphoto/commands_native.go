//go:build !js

package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"gradphoto/shared/identity"
)

const usage = `usage: gradphoto [command]

With no command, serve the API (and the web app from STATIC_DIR) on ADDR.

Commands (configured by the same environment variables):
  migrate                      apply pending database migrations and exit
                               (run it against TURSO_DATABASE_URL before deploying the Worker)
  staff NUMBER MOBILE NAME EMAIL
                               create (or promote) a staff account; its password is the
                               number's last six characters until changed
  import-roster FILE.csv       import a school's graduate roster and print the report
`

// command runs an administrative command and returns the exit code.
func command(ctx context.Context, args []string) int {
	arity := map[string]int{"migrate": 1, "staff": 5, "import-roster": 2}
	if n, ok := arity[args[0]]; !ok || n != len(args) {
		fmt.Fprint(os.Stderr, usage)
		return 2
	}
	cfg, srv, err := start(ctx, os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer srv.Close()
	switch {
	case args[0] == "migrate" && len(args) == 1:
		n, err := srv.DB.Migrate(ctx)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		v, _ := srv.DB.SchemaVersion(ctx)
		fmt.Printf("applied %d migration(s); schema version %d\n", n, v)
	case args[0] == "staff" && len(args) == 5:
		if _, err := srv.SetUp(ctx, cfg); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		doc, err := identity.Detect(args[1], nowUTC())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		if err := srv.EnsureStaff(ctx, doc.Number, args[2], args[3], args[4]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Printf("staff account ready: %s\n", identity.Mask(doc.Number))
	case args[0] == "import-roster" && len(args) == 2:
		f, err := os.Open(args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer f.Close()
		rep, err := srv.App.ImportRoster(ctx, f)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Printf("%d rows: %d created, %d updated, %d rejected\n", rep.Rows, rep.Created, rep.Updated, len(rep.Rejected))
		for _, p := range rep.Rejected {
			fmt.Printf("  line %d %s: %s / %s\n", p.Line, p.Field, p.ZH, p.EN)
		}
	default:
		fmt.Fprint(os.Stderr, usage)
		return 2
	}
	return 0
}

func nowUTC() time.Time { return time.Now().UTC() }
