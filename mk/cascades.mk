# pigo's face and pupil cascades (MIT, github.com/esimov/pigo), copied from
# the Go module cache into wasm/face/cascade/data/, where package
# wasm/face/cascade embeds them. They are not committed: puploc alone is
# 1.2 MB. Included by the main Makefile (-include mk/*.mk).
#
#   make cascades   copy facefinder, puploc and pigo's LICENSE when they are
#                   missing or go.mod changed (the pigo version); otherwise
#                   make does nothing and runs no command.

PIGO_MODULE   := github.com/esimov/pigo
CASCADE_DIR   := wasm/face/cascade/data
CASCADE_FILES := $(CASCADE_DIR)/facefinder $(CASCADE_DIR)/puploc $(CASCADE_DIR)/LICENSE

.PHONY: cascades
cascades: $(CASCADE_FILES)

# One recipe makes all three (a grouped target). The module cache is
# read-only: install -m 0644 gives the copies ordinary permissions, so the
# next copy can overwrite them.
$(CASCADE_FILES) &: go.mod
	@$(or $(GO),go) mod download $(PIGO_MODULE)
	@src=$$($(or $(GO),go) list -m -f '{{.Dir}}' $(PIGO_MODULE)); \
	  test -n "$$src" || { echo "cascades: $(PIGO_MODULE) is not in the module cache" >&2; exit 1; }; \
	  install -m 0644 "$$src/cascade/facefinder" "$$src/cascade/puploc" $(CASCADE_DIR)/; \
	  install -m 0644 "$$src/LICENSE" $(CASCADE_DIR)/LICENSE; \
	  echo "cascades: copied facefinder, puploc and LICENSE from $$src"
