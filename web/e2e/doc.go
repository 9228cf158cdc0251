// Package e2e holds the student app's browser tests: the native server
// (built from server/cmd/gradphoto, dev mode, a temporary database) serves
// the built app (web/dist), and headless Chromium, driven by playwright-core
// from Node (app.mjs beside this file), goes through the screens as a
// student on a phone would: a 375 x 812 touch screen and a fake camera that
// shows a photo of ../shared/photos.
//
//	make test-app   these tests only, verbosely
//
// Screenshots of every screen go to build/screenshots/. The package has no
// code of its own.
package e2e
