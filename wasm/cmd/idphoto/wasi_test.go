//go:build !js && !wasip1

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"

	"gradphoto/wasm/check"
	"gradphoto/wasm/idphoto"
)

var (
	wasiOnce sync.Once
	wasiPath string
	wasiErr  error
)

// wasiBinary builds this command for GOOS=wasip1 once per test run.
func wasiBinary(t *testing.T) string {
	t.Helper()
	wasiOnce.Do(func() {
		dir, err := os.MkdirTemp("", "idphoto-wasi-")
		if err != nil {
			wasiErr = err
			return
		}
		wasiPath = filepath.Join(dir, "idphoto.wasm")
		cmd := exec.Command("go", "build", "-o", wasiPath, ".")
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
		if out, err := cmd.CombinedOutput(); err != nil {
			wasiErr = errors.New(string(out))
		}
	})
	if wasiErr != nil {
		t.Fatalf("building for wasip1: %v", wasiErr)
	}
	return wasiPath
}

// runWazero runs the wasip1 build inside the test with wazero, the input's
// folder preopened as /work, and returns the exit code and the output.
func runWazero(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	ctx := context.Background()
	code, err := os.ReadFile(wasiBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	r := wazero.NewRuntime(ctx)
	defer r.Close(ctx)
	wasi_snapshot_preview1.MustInstantiate(ctx, r)
	var stdout, stderr bytes.Buffer
	cfg := wazero.NewModuleConfig().
		WithArgs(append([]string{"idphoto"}, args...)...).
		WithStdout(&stdout).WithStderr(&stderr).
		WithFSConfig(wazero.NewFSConfig().WithDirMount(dir, "/work"))
	_, err = r.InstantiateWithConfig(ctx, code, cfg)
	exit := 0
	var exitErr *sys.ExitError
	switch {
	case errors.As(err, &exitErr):
		exit = int(exitErr.ExitCode())
	case err != nil:
		t.Fatalf("wazero: %v\n%s", err, stderr.String())
	}
	return exit, stdout.String(), stderr.String()
}

// anyReport reads both reports the command writes: the engine's (reasons)
// and the checker's (failures).
type anyReport struct {
	idphoto.Report
	Failures []check.Message `json:"failures"`
}

func (r anyReport) firstCode() string {
	if len(r.Reasons) > 0 {
		return string(r.Reasons[0].Code)
	}
	if len(r.Failures) > 0 {
		return r.Failures[0].Code
	}
	return ""
}

func readReport(t *testing.T, path string) anyReport {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r anyReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("report: %v\n%s", err, b)
	}
	return r
}
