-- The server's own measurement of a collection's current photo against the
-- standard (wasm/check's report as JSON): why a camera photo was accepted,
-- and what staff see next to an album photo they review.
ALTER TABLE collections ADD COLUMN check_report TEXT NOT NULL DEFAULT '';
