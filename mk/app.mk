# The student app's browser tests (web/e2e): the native server in dev mode
# serving web/dist, headless Chromium driven by playwright-core from Node,
# a fake camera playing a photo of ../shared/photos. Included by the main
# Makefile (-include mk/*.mk); `make test` runs them with everything else.
#
#   make test-app   only these tests, verbosely: each scenario, the figures
#                   (first load, shutter to processed photo, the app's JS+CSS
#                   gzip size) and where the screenshots went
#                   (build/screenshots/)

.PHONY: test-app
test-app: web node_modules chromium
	$(or $(GO),go) test -count=1 -v -timeout 10m ./web/e2e/
