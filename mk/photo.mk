# The photo engine's speed, size and memory against its budget. Included by
# the main Makefile (-include mk/*.mk).
#
#   make bench-photo   per-stage times of the whole pipeline (idphoto.ProcessRGBA
#                      on a 1200 x 1600 frame, Process on a 12 MP JPEG, Guide on
#                      320 x 240) as Go benchmarks, then wasm/internal/photobench:
#                      the same pipeline as the browser module under Node, the
#                      native command on a 12 MP JPEG (wall time, max RSS),
#                      detect() as wasm, and the module and download sizes;
#                      then bench-photo-chromium.
#   make bench-photo-chromium
#                      the engine's Web Worker in headless Chromium, as the
#                      student app uses it, on a 1920 x 1080 camera frame
#                      (hivision_test0.jpg with wall around): load, warm-up,
#                      first and steady shutter-to-screen times with their
#                      stages, first and steady detect() at 320 x 240, in
#                      cold / warm / revisit sessions (TestEngineFiguresInChromium).
#
# BENCH_PHOTO_RUNS sets the runs per figure (medians are printed). The
# machine is shared: read the times as medians under whatever else runs.

BENCH_PHOTO_RUNS ?= 9

.PHONY: bench-photo bench-photo-chromium
bench-photo: cascades
	$(or $(GO),go) test -run '^$$' -bench . -benchtime $(BENCH_PHOTO_RUNS)x ./wasm/idphoto/ ./shared/photospec/
	$(or $(GO),go) run ./wasm/internal/photobench -runs $(BENCH_PHOTO_RUNS)
	$(MAKE) --no-print-directory bench-photo-chromium

bench-photo-chromium: engine chromium
	$(or $(GO),go) test -count=1 -v -run '^TestEngineFiguresInChromium$$' ./wasm/cmd/browser/ -args -figure-runs $(BENCH_PHOTO_RUNS) \
	  | grep -E 'chromium_test.go|^(ok|FAIL|---)' | sed -e 's/^ *chromium_test.go:[0-9]*: //' 
