//go:build !js

package e2e

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// nativeBinary builds server/cmd/gradphoto once per test run.
func nativeBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gradphoto-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "gradphoto")
		out, err := exec.Command("go", "build", "-o", binary, "gradphoto/server/cmd/gradphoto").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// process is the native server running as its own process.
type process struct {
	cmd  *exec.Cmd
	URL  string
	logs *strings.Builder
}

// startNative runs the binary in dev mode on the database in dataDir and
// waits until its health check answers.
func startNative(t *testing.T, dataDir, addr string) *process {
	t.Helper()
	cmd := exec.Command(nativeBinary(t))
	cmd.Env = append(os.Environ(),
		"GRADPHOTO_MODE=dev", "ADDR="+addr, "DATABASE_URL=file:"+filepath.Join(dataDir, "gradphoto.db"),
		"STATIC_DIR="+filepath.Join(dataDir, "no-web"), "RECONCILE_EVERY=off", "BCRYPT_COST=4")
	logs := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = &syncWriter{w: logs}, &syncWriter{w: logs}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, URL: "http://" + addr, logs: logs}
	t.Cleanup(func() { p.kill() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(p.URL + "/api/v1/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not become healthy: %v\n%s", err, logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill ends the process with SIGKILL: no shutdown code runs.
func (p *process) kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Kill()
		p.cmd.Wait()
	}
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type syncWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}
