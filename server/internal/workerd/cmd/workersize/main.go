// Command workersize reports the Worker's upload size as wrangler counts it:
// it runs `wrangler deploy --dry-run` (which runs the [build] command in
// wrangler.toml, so build/ is rebuilt) and prints wrangler's "Total Upload"
// figures, raw and gzip, against the plan limits on the gzip size.
//
//	go run ./server/internal/workerd/cmd/workersize          (from the repository root)
//	go run ./server/internal/workerd/cmd/workersize -json
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"

	"gradphoto/server/internal/workerd"
)

// Plan limits on the compressed Worker, in the unit wrangler uses (MiB).
const (
	freeLimitKiB = 3 * 1024
	paidLimitKiB = 10 * 1024
)

type report struct {
	RawKiB    float64 `json:"raw_kib"`
	GzipKiB   float64 `json:"gzip_kib"`
	WasmBytes int64   `json:"app_wasm_bytes"`
	FreeOK    bool    `json:"fits_free_plan"`
	PaidOK    bool    `json:"fits_paid_plan"`
}

func main() {
	asJSON := flag.Bool("json", false, "print the figures as JSON")
	flag.Parse()
	r, err := measure()
	if err != nil {
		fmt.Fprintln(os.Stderr, "workersize:", err)
		os.Exit(1)
	}
	if *asJSON {
		_ = json.NewEncoder(os.Stdout).Encode(r)
		return
	}
	fmt.Printf("Worker upload as wrangler counts it: %.2f KiB raw / %.2f KiB gzip (%.2f MiB gzip)\n", r.RawKiB, r.GzipKiB, r.GzipKiB/1024)
	fmt.Printf("  build/app.wasm: %d bytes\n", r.WasmBytes)
	fmt.Printf("  free plan (3 MiB gzip): %s\n", verdict(r.GzipKiB, freeLimitKiB))
	fmt.Printf("  paid plan (10 MiB gzip): %s\n", verdict(r.GzipKiB, paidLimitKiB))
}

func verdict(kib, limit float64) string {
	if kib <= limit {
		return fmt.Sprintf("fits, %.0f KiB to spare", limit-kib)
	}
	return fmt.Sprintf("TOO BIG by %.0f KiB", kib-limit)
}

var totalRe = regexp.MustCompile(`Total Upload:\s*([0-9.]+)\s*KiB\s*/\s*gzip:\s*([0-9.]+)\s*KiB`)

func measure() (report, error) {
	var r report
	root, err := workerd.Root()
	if err != nil {
		return r, err
	}
	tmp, err := os.MkdirTemp("", "gradphoto-size-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(tmp)
	args := []string{"deploy", "--dry-run", "--outdir", filepath.Join(tmp, "out")}
	// Assets are uploaded apart from the Worker and do not count; an
	// unbuilt web app only needs a stand-in directory.
	if st, err := os.Stat(filepath.Join(root, "web", "dist")); err != nil || !st.IsDir() {
		dist := filepath.Join(tmp, "dist")
		if err := os.MkdirAll(dist, 0o755); err != nil {
			return r, err
		}
		if err := os.WriteFile(filepath.Join(dist, "index.html"), []byte("<!doctype html>\n"), 0o644); err != nil {
			return r, err
		}
		args = append(args, "--assets", dist)
	}
	cmd := exec.Command(filepath.Join(root, "node_modules", ".bin", "wrangler"), args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "NO_COLOR=1", "FORCE_COLOR=0",
		"WRANGLER_LOG_PATH="+filepath.Join(tmp, "logs"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		return r, fmt.Errorf("wrangler deploy --dry-run: %v\n%s", err, out)
	}
	m := totalRe.FindSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("no \"Total Upload\" line in wrangler's output:\n%s", bytes.TrimSpace(out))
	}
	r.RawKiB, _ = strconv.ParseFloat(string(m[1]), 64)
	r.GzipKiB, _ = strconv.ParseFloat(string(m[2]), 64)
	r.FreeOK, r.PaidOK = r.GzipKiB <= freeLimitKiB, r.GzipKiB <= paidLimitKiB
	if st, err := os.Stat(filepath.Join(root, "build", "app.wasm")); err == nil {
		r.WasmBytes = st.Size()
	}
	return r, nil
}
