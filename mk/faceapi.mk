# Our face detector (wasm/face) side by side with @vladmandic/face-api (SSD
# MobileNet v1 + 68 landmarks, the npm devDependencies in package.json, run
# offline under Node by wasm/internal/faceapi/detect.mjs) on every photo in
# ../shared/photos. Included by the main Makefile (-include mk/*.mk).
#
#   make compare-faceapi   the table: faces found by each, agreement, centre
#                          offset, size ratio, pupil error, chin, ms per photo;
#                          then "agreement on N of M photos with a face;
#                          median time ours X ms vs face-api Y ms". Fails
#                          when the photos photos.tsv marks ok, no_face or
#                          multiple_faces disagree; times are only reported.
#
# `make test` runs the same test (one timed run per photo instead of three).
# Raw face-api output: node wasm/internal/faceapi/detect.mjs ../shared/photos

.PHONY: compare-faceapi
compare-faceapi: cascades node_modules
	$(or $(GO),go) test -count=1 -v -run '^TestCompareFaceAPI$$' ./wasm/internal/faceapi/
