// Drives the student app in headless Chromium with playwright-core, one
// scenario per run, in a browser and context of its own (a phone: 375 x 812,
// touch, Chinese; a fake camera that plays the .y4m the Go test made).
//
//   node web/e2e/app.mjs CONFIG.json
//
// CONFIG.json: {scenario, chromium, y4m, base, shots, photos, ...scenario
// settings}. Prints one JSON line: what the scenario found, the screenshots
// it took, the browser console's warnings and errors, and "error" when a
// step failed (with a screenshot of that moment). The Go test (app_test.go)
// checks the result; this script only fails when the app cannot be driven.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const out = { screenshots: [], console: [] };
let shotNo = 0;

const browser = await chromium.launch({
  executablePath: cfg.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-sync', '--disable-dev-shm-usage', '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${cfg.y4m}`],
});

// newPage opens a fresh context (its own storage, service worker, cache).
async function newPage(opts = {}) {
  const context = await browser.newContext({
    baseURL: cfg.base, viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale: opts.locale || 'zh-CN', permissions: ['camera'], serviceWorkers: 'allow',
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') out.console.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => out.console.push(`pageerror: ${e.message}`));
  return { context, page };
}

// shot saves a screenshot as build/screenshots/<scenario>-<nn>-<name>.png.
async function shot(page, name) {
  const file = join(cfg.shots, `${cfg.scenario}-${String(++shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  out.screenshots.push(file);
}

const $ = (page, id) => page.locator(`[data-test="${id}"]`);

const scenarios = {
  // The fake camera itself, before any screen uses it: the frame size it
  // gives for a 1920 x 1080 request, and the mean colour of its top-left
  // 32 x 32 corner (the wall the Go test painted around the photo).
  async camera() {
    const { page } = await newPage();
    await page.goto('/#/choose');
    Object.assign(out, await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 } } });
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = stream;
      await video.play();
      await new Promise((r) => video.requestVideoFrameCallback(r));
      const c = new OffscreenCanvas(video.videoWidth, video.videoHeight).getContext('2d');
      c.drawImage(video, 0, 0);
      const px = c.getImageData(0, 0, 32, 32).data;
      const sum = [0, 0, 0];
      for (let i = 0; i < px.length; i += 4) for (let k = 0; k < 3; k++) sum[k] += px[i + k];
      const res = { width: video.videoWidth, height: video.videoHeight, corner: sum.map((v) => v / (px.length / 4)) };
      stream.getTracks().forEach((t) => t.stop());
      return res;
    }));
  },

  // The first visit: /#/choose in a fresh profile; the time from the start
  // of navigation until the sign-up button is visible and enabled (the
  // page's own clock, whose origin is the navigation's start). Then the
  // language switch, and the service worker after a reload.
  async firstload() {
    const { page } = await newPage();
    await page.goto('/#/choose', { waitUntil: 'commit' });
    await page.waitForFunction(() => {
      const b = document.querySelector('[data-test="choose-signup"]');
      if (!b || b.disabled) return false;
      const r = b.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      window.__interactive = performance.now();
      return true;
    }, null, { polling: 'raf' });
    out.interactiveMS = await page.evaluate(() => window.__interactive);
    out.nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
    });
    await page.waitForLoadState('load');
    out.title = (await page.locator('.choose h2').textContent()).trim();
    await shot(page, 'choose-zh');
    await $(page, 'lang-switch').click();
    out.enTitle = (await page.locator('.choose h2').textContent()).trim();
    await shot(page, 'choose-en');
    await $(page, 'lang-switch').click();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await $(page, 'choose-signup').waitFor();
    out.swControl = await page.evaluate(() => !!navigator.serviceWorker.controller);
  },
};

let page;
try {
  if (!scenarios[cfg.scenario]) throw new Error(`no scenario ${cfg.scenario}`);
  await scenarios[cfg.scenario]();
} catch (err) {
  out.error = `${err.message}`;
  for (const ctx of browser.contexts()) {
    for (const p of ctx.pages()) {
      page = p;
      try { out.url = p.url(); await shot(p, 'failure'); } catch { /* the page is gone */ }
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(`\n${JSON.stringify(out)}\n`);
