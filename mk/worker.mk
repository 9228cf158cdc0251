# The Cloudflare Worker (server/cmd/gradphoto built for js/wasm) and its
# wrangler tooling. Included by the main Makefile (include mk/*.mk).
#
#   make node_modules   npm ci, when package.json or package-lock.json changed
#   make worker-build   build/ (worker.mjs, runtime.mjs, wasm_exec.js, app.wasm)
#   make worker-dev     the Worker in local workerd on http://127.0.0.1:$(WORKER_PORT)
#                       (vars and secrets from .dev.vars; see .dev.vars.example)
#   make worker-size    upload size as wrangler counts it (raw and gzip)
#   make worker-test    the end-to-end test in local workerd
#
# wrangler needs web/dist (the built web app) for its assets: the main
# Makefile adds its web build as a prerequisite, e.g. `worker-dev: web`.

WRANGLER     := node_modules/.bin/wrangler
WRANGLER_ENV := WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
WORKER_PORT  ?= 8787

.PHONY: node_modules worker-build worker-dev worker-size worker-test

node_modules: node_modules/.package-lock.json

# npm ci writes node_modules/.package-lock.json; it is older than the lock
# file exactly when the lock file changed since the last install.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The same two steps as [build] command in wrangler.toml (wrangler runs them
# itself on dev and deploy): assets-gen recreates build/, then the wasm.
worker-build:
	go run github.com/syumai/workers/cmd/workers-assets-gen -mode=go
	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o build/app.wasm ./server/cmd/gradphoto

worker-dev: node_modules
	@test -d web/dist || { echo "worker-dev: web/dist is missing: build the web app first" >&2; exit 1; }
	@test -f .dev.vars || echo "worker-dev: no .dev.vars: using the [vars] of wrangler.toml (see .dev.vars.example)" >&2
	$(WRANGLER_ENV) $(WRANGLER) dev --local --ip 127.0.0.1 --port $(WORKER_PORT) --show-interactive-dev-session=false

worker-size: node_modules
	go run ./server/internal/workerd/cmd/workersize

worker-test: node_modules
	go test -count=1 -v -run 'TestWorker' ./server/internal/workerd/
