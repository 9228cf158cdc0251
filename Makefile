# gradphoto: `make run` starts the whole system locally, `make test` runs
# every test. Both install what they need (Go modules, npm packages) or say
# what is missing. See README.md.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
export WRANGLER_SEND_METRICS := false

.PHONY: run test vet gotest bench web clean
.DEFAULT_GOAL := run

## run: the service on an embedded SQLite file (data/), dev payment
## provider, demo school; prints the URL and the demo logins.
run: web cascades
	GRADPHOTO_MODE=dev $(GO) run ./server/cmd/gradphoto

## web: build the student app (web/app: Vue 3 + Vant 4, by Vite) and the
## engine into web/dist.
web: web/dist/index.html engine

APP_SRC := $(shell find web/app -type f 2>/dev/null)
web/dist/index.html: $(APP_SRC) package-lock.json | node_modules
	rm -rf web/dist/assets # the engine's files stay; the app's old hashed files go
	node_modules/.bin/vite build --logLevel warn --config web/app/vite.config.mjs

## engine: the browser module of the photo engine, Go's wasm_exec.js, the
## face cascades, the worker (engine-worker.js) and the synthetic picture
## it warms up on (warmup.jpg), in web/dist/engine.
ENGINE_DIR := web/dist/engine
ENGINE_SRC := $(shell find wasm shared -name '*.go' -not -name '*_test.go' 2>/dev/null)
.PHONY: engine
engine: $(ENGINE_DIR)/gradphoto-engine.wasm $(ENGINE_DIR)/engine-worker.js $(ENGINE_DIR)/warmup.jpg

$(ENGINE_DIR)/gradphoto-engine.wasm: $(ENGINE_SRC) cascades
	mkdir -p $(ENGINE_DIR)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o $@ ./wasm/cmd/browser
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(ENGINE_DIR)/
	cp wasm/face/cascade/data/facefinder wasm/face/cascade/data/puploc $(ENGINE_DIR)/

$(ENGINE_DIR)/engine-worker.js: web/static/engine/engine-worker.js
	mkdir -p $(ENGINE_DIR)
	cp $< $@

$(ENGINE_DIR)/warmup.jpg: $(wildcard wasm/internal/warmframe/*.go wasm/internal/synth/*.go)
	mkdir -p $(ENGINE_DIR)
	$(GO) run ./wasm/internal/warmframe -o $@

## test: vet, then every test (unit, fuzz seeds, HTTP, payments, libSQL over
## loopback, the Worker in workerd).
test: vet web node_modules cascades chromium
	node --test web/app/src/lib/
	$(GO) test -count=1 -timeout 30m ./...

vet: 
	@unformatted=$$(gofmt -l server shared wasm 2>/dev/null || true); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) build ./server/... ./shared/... ./wasm/...
	GOOS=wasip1 GOARCH=wasm $(GO) build ./shared/... ./wasm/...

## bench: the figures in README.md: the native server under 50 clients,
## the Worker bundle as wrangler counts it, and latencies through workerd.
bench: web node_modules cascades
	$(GO) test -run '^$$' -bench . -benchtime 1x ./server/bench/ | grep -v 'ERROR request'
	$(GO) run ./server/internal/workerd/cmd/workersize
	$(GO) test -count=1 -v -run '^TestWorker$$' ./server/internal/workerd/ | grep -E 'worker_test.go|^ok|FAIL'

## chromium: the browser tests need Debian's Chromium; installed when absent.
.PHONY: chromium
chromium:
	@command -v chromium >/dev/null || { \
	  echo "installing chromium (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || \
	  { echo "chromium is missing and could not be installed: run apt-get install -y chromium as root" >&2; exit 1; }; }

clean:
	rm -rf build web/dist

-include mk/*.mk
