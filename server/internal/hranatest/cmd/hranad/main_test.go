//go:build !js

package main

import (
	"bufio"
	"context"
	"database/sql"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/tursodatabase/libsql-client-go/libsql"
)

func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	dbPath := filepath.Join(t.TempDir(), "served.db")
	stdout, stdoutW := io.Pipe()
	var stderr strings.Builder
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-db", dbPath, "-token", "tok", "-addr", "127.0.0.1:0"}, stdoutW, &stderr)
		stdoutW.Close()
	}()

	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the URL: %v (stderr: %s)", err, stderr.String())
	}
	url := strings.TrimSpace(line)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("URL %q", url)
	}

	db, err := sql.Open("libsql", url+"?authToken=tok")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(t.Context(), `CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('served')`); err != nil {
		t.Fatal(err)
	}
	var x string
	if err := db.QueryRowContext(t.Context(), `SELECT x FROM t`).Scan(&x); err != nil || x != "served" {
		t.Fatalf("x = %q, %v", x, err)
	}
	bad, _ := sql.Open("libsql", url+"?authToken=wrong")
	defer bad.Close()
	if _, err := bad.ExecContext(t.Context(), `SELECT 1`); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("wrong token: %v", err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancellation")
	}
}

func TestRunFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "-db is required"},
		{[]string{"-db", "x.db", "extra"}, "unexpected arguments"},
		{[]string{"-nope"}, "flag provided but not defined"},
		{[]string{"-db", ":memory:"}, "must be a file"},
		{[]string{"-db", filepath.Join(t.TempDir(), "x.db"), "-addr", "127.0.0.1:notaport"}, "listen"},
	}
	for _, tt := range tests {
		var stderr strings.Builder
		err := run(t.Context(), tt.args, io.Discard, &stderr)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tt.args, err, tt.want)
		}
	}
}
