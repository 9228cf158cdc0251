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
  context.setDefaultTimeout(60000); // a busy 2-core machine (go test runs packages side by side)
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

// fill types into the input (or textarea) of the field marked id.
async function fill(page, id, value) {
  const input = page.locator(`[data-test="${id}"] input, [data-test="${id}"] textarea`).first();
  await input.fill(value);
}

// confirmPicker presses OK on the picker that is open.
async function confirmPicker(page) {
  const popup = page.locator('.van-popup:visible:has(.van-picker)');
  await popup.locator('.van-picker__confirm').click();
  await popup.waitFor({ state: 'hidden' });
}

// pickArea chooses province, city and district in the open area picker by
// their names (a click on an option selects it; options scrolled out of the
// column's window get the click event directly).
async function pickArea(page, names) {
  for (let i = 0; i < names.length; i++) {
    const col = page.locator('.van-popup:visible:has(.van-picker) .van-picker-column').nth(i);
    await col.locator('.van-picker-column__item', { hasText: names[i] }).first().dispatchEvent('click');
    await page.waitForTimeout(350); // the column scrolls and the next one fills
  }
  await confirmPicker(page);
}

const text = async (loc) => (await loc.textContent()).replace(/\s+/g, ' ').trim();

// routeIs waits until the hash route is path (a string, or a RegExp for the path).
async function routeIs(page, path) {
  const re = path instanceof RegExp ? path : new RegExp(`#${path.replace(/[/]/g, '\\/')}$`);
  await page.waitForURL((u) => re.test(u.hash ? `#${u.hash.slice(1)}` : ''), { timeout: 30000 });
}

// signUpAndLogIn: choose → sign up → log in with the default password →
// the new password when asked → the main screen.
async function signUpAndLogIn(page, r) {
  await page.goto('/#/choose');
  await $(page, 'choose-signup').click();
  await routeIs(page, '/signup');
  await fill(page, 'signup-number', cfg.number);
  await $(page, 'signup-number-ok').waitFor();
  await fill(page, 'signup-mobile', cfg.mobile);
  await fill(page, 'signup-name', cfg.name);
  await fill(page, 'signup-email', cfg.email);
  await shot(page, 'signup');
  await $(page, 'signup-submit').click();
  await routeIs(page, '/login');
  r.loginNumberCarried = await page.locator('[data-test="login-number"] input').inputValue();
  if (!r.loginNumberCarried) await fill(page, 'login-number', cfg.number);
  await fill(page, 'login-password', cfg.number.slice(-6));
  await shot(page, 'login');
  await $(page, 'login-submit').click();
  await routeIs(page, /^#\/(password|home)$/);
  r.askedNewPassword = page.url().endsWith('#/password');
  if (r.askedNewPassword) {
    await $(page, 'password-new').waitFor();
    if (!(await page.locator('[data-test="password-old"] input').inputValue())) await fill(page, 'password-old', cfg.number.slice(-6));
    await fill(page, 'password-new', cfg.newPassword);
    await fill(page, 'password-repeat', cfg.newPassword);
    await shot(page, 'password');
    await $(page, 'password-submit').click();
    await routeIs(page, '/home');
  }
  await $(page, 'home-greeting').waitFor();
  await shot(page, 'home');
}

// fillInfo fills the personal data of a student not on a roster and goes on.
async function fillInfo(page) {
  await $(page, 'home-start').click();
  await routeIs(page, '/info');
  await $(page, 'info-school').waitFor();
  await fill(page, 'info-school', '上海测试大学');
  await fill(page, 'info-college', '计算机科学与技术学院');
  await fill(page, 'info-major', '软件工程');
  await $(page, 'info-level').click();
  await confirmPicker(page);
  await fill(page, 'info-student-no', cfg.studentNo);
  await fill(page, 'info-name', cfg.name);
  await $(page, `info-sex-${cfg.sex}`).click();
  await $(page, 'info-graduation').click();
  await confirmPicker(page);
  await shot(page, 'info');
  await $(page, 'info-next').click();
  await routeIs(page, '/photo');
  await $(page, 'photo-camera').waitFor();
  await shot(page, 'photo');
}

// takePhoto opens the camera, waits for the engine's first guidance (it
// comes after the warm-up, which runs first in the worker) and 2 s more, as
// a student framing the shot, presses the shutter and waits for the
// processed photo on screen. The time is the page's own clock from the
// shutter's click to the photo decoded and drawn.
async function takePhoto(page, r) {
  await $(page, 'photo-camera').click();
  await routeIs(page, '/photo/camera');
  await shotAfterShutter(page, r);
}

async function shotAfterShutter(page, r) {
  await page.locator('[data-test="photo-guidance"][data-faces]:not([data-faces=""])').waitFor({ timeout: 90000 });
  await page.waitForTimeout(2000);
  const g = $(page, 'photo-guidance');
  r.guidance = { ready: await g.getAttribute('data-ready'), faces: Number(await g.getAttribute('data-faces')),
    hints: await page.locator('[data-test="photo-hint"]').evaluateAll((els) => els.map((e) => e.dataset.code)) };
  await shot(page, 'camera-live');
  await page.evaluate(() => {
    document.addEventListener('click', (e) => {
      if (e.target.closest('[data-test="photo-shutter"]')) window.__shutterAt = performance.now();
    }, { capture: true, once: true });
  });
  await $(page, 'photo-shutter').click();
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-test="photo-result"]');
    if (!img || !img.complete || !img.naturalWidth) return false;
    window.__shownAt = performance.now();
    return true;
  }, null, { polling: 'raf', timeout: 90000 });
  r.shutterMS = await page.evaluate(() => window.__shownAt - window.__shutterAt);
  await page.locator('[data-test="photo-result"][data-ms]:not([data-ms=""])').waitFor();
  r.appShutterMS = Number(await $(page, 'photo-result').getAttribute('data-ms'));
  r.result = await $(page, 'photo-result').evaluate((img) => {
    // The mean colour of its top-left 16 x 16 pixels: the new background.
    const c = new OffscreenCanvas(16, 16).getContext('2d');
    c.drawImage(img, 0, 0, 16, 16, 0, 0, 16, 16);
    const px = c.getImageData(0, 0, 16, 16).data;
    const sum = [0, 0, 0];
    for (let i = 0; i < px.length; i += 4) for (let k = 0; k < 3; k++) sum[k] += px[i + k];
    return { width: img.naturalWidth, height: img.naturalHeight, corner: sum.map((v) => v / 256) };
  });
  r.reasons = await page.locator('[data-test="photo-reason"]').allTextContents();
  await shot(page, 'camera-result');
}

// asPage calls the API from the page with the student's session.
async function asPage(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const res = await fetch(`/api/v1${p}`, {
      method: m, headers: { Authorization: `Bearer ${localStorage.getItem('gradphoto.token')}`, 'Content-Type': 'application/json' },
      body: b ? JSON.stringify(b) : undefined,
    });
    return { status: res.status, body: await res.json() };
  }, [method, path, body]);
}

// asNode calls the API from Node (never offline), with token when given.
async function asNode(method, path, body, token) {
  const res = await fetch(`${cfg.base}/api/v1${path}`, {
    method, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

const uploads = async () => (await fetch(`${cfg.base}/__e2e/uploads`)).json();

// fieldErrors reads the error of each field id (data-test "<id>-error")
// and whether it sits next to its field: inside the field's row or right
// after it.
async function fieldErrors(page, ids) {
  return page.evaluate((list) => Object.fromEntries(list.map((id) => {
    const el = document.querySelector(`[data-test="${id}-error"]`);
    const field = document.querySelector(`[data-test="${id}"]`);
    return [id, { text: el ? el.textContent.replace(/\s+/g, ' ').trim() : null,
      near: !!(el && field && (field.contains(el) || field.nextElementSibling === el)) }];
  })), ids);
}

// bothLanguages reads the errors in Chinese, switches to English, reads
// them again, takes a screenshot of each and switches back.
async function bothLanguages(page, form, ids) {
  const zh = await fieldErrors(page, ids);
  await shot(page, `${form}-errors-zh`);
  await $(page, 'lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const en = await fieldErrors(page, ids);
  await shot(page, `${form}-errors-en`);
  await $(page, 'lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  out.forms[form] = { zh, en };
}

async function typeAndLeave(page, id, value) {
  const input = page.locator(`[data-test="${id}"] input, [data-test="${id}"] textarea`).first();
  await input.fill(value);
  await input.blur();
}

const scenarios = {
  // (d) Bad input on every form: the error next to its field, in Chinese
  // and, after the switch, in English.
  async badinput() {
    out.forms = {};
    const { page } = await newPage();
    await page.goto('/#/signup');
    await typeAndLeave(page, 'signup-number', cfg.wrongCheck);
    await typeAndLeave(page, 'signup-mobile', '1381234567');
    await typeAndLeave(page, 'signup-email', 'student@example');
    await page.locator('[data-test="signup-email-error"]').waitFor();
    await page.locator('[data-test="signup-number-error"]').waitFor();
    await bothLanguages(page, 'signup', ['signup-number', 'signup-mobile', 'signup-email']);

    await page.goto('/#/login');
    await fill(page, 'login-number', cfg.fresh.number);
    await fill(page, 'login-password', 'Wrong12345');
    await $(page, 'login-submit').click();
    await page.locator('[data-test="login-password-error"], [data-test="login-error"]').first().waitFor();
    await bothLanguages(page, 'login', ['login-number', 'login-password']);
    out.loginGeneral = await page.locator('[data-test="login-error"]').count();

    await fill(page, 'login-password', cfg.fresh.password);
    await $(page, 'login-submit').click();
    await routeIs(page, '/home');
    await page.goto('/#/password');
    await typeAndLeave(page, 'password-new', 'abc1');
    await page.locator('[data-test="password-new-error"]').waitFor();
    await bothLanguages(page, 'password', ['password-new']);

    await page.goto('/#/info');
    await $(page, 'info-next').waitFor();
    await $(page, 'info-next').click();
    await page.locator('[data-test="info-school-error"]').waitFor();
    await bothLanguages(page, 'info', ['info-school', 'info-college', 'info-major', 'info-level', 'info-student-no',
      'info-name', 'info-sex', 'info-graduation']);

    // The address needs a student with a photo on file: the Go test made one.
    await page.evaluate((token) => localStorage.setItem('gradphoto.token', token), cfg.withPhoto.token);
    await page.goto('/#/prints');
    await $(page, 'prints-kind-printed').click();
    await typeAndLeave(page, 'prints-mobile', '12345');
    await typeAndLeave(page, 'prints-postcode', '2000');
    await page.locator('[data-test="prints-postcode-error"]').waitFor();
    await bothLanguages(page, 'address', ['prints-mobile', 'prints-postcode']);
  },

  // (b) An album photo: chosen, checked on the spot, sent for review; staff
  // return it with a reason; the app shows the returned state and why.
  async album() {
    const { page } = await newPage();
    await signUpAndLogIn(page, out);
    await fillInfo(page);
    await $(page, 'photo-album-input').setInputFiles(cfg.albumFile);
    await $(page, 'photo-album-preview').waitFor();
    await page.locator('[data-test="photo-album-ok"], [data-test="photo-album-failure"]').first().waitFor({ timeout: 60000 });
    out.checkOK = await $(page, 'photo-album-ok').isVisible();
    out.checkFailures = await page.locator('[data-test="photo-album-failure"]').evaluateAll((els) => els.map((e) => e.dataset.code));
    await shot(page, 'album-checked');
    await $(page, 'photo-album-submit').click();
    await routeIs(page, '/prints');
    await shot(page, 'album-sent');
    const { body: mine } = await asPage(page, 'GET', '/collections');
    const c = mine.collections[0];
    out.collectionId = c.id;
    out.stateAfterSubmit = c.state;
    const staff = await asNode('POST', '/auth/login', { doc_number: cfg.staffNumber, password: cfg.staffPassword });
    if (staff.status !== 200) throw new Error(`staff login: ${staff.status} ${JSON.stringify(staff.body)}`);
    const reviews = await asNode('GET', '/staff/reviews', null, staff.body.token);
    out.inReviewQueue = JSON.stringify(reviews.body).includes(`"id":${c.id},`);
    const ret = await asNode('POST', `/staff/collections/${c.id}/return`, { reason: cfg.reason }, staff.body.token);
    out.returnStatus = ret.status;
    await page.goto('/#/photo');
    await page.locator('[data-test="photo-state"][data-state="returned"]').waitFor();
    out.photoReturnReason = await text($(page, 'photo-return-reason'));
    await shot(page, 'album-returned-photo');
    await page.goto('/#/home');
    await $(page, 'home-returned').waitFor();
    out.homeReturned = await text($(page, 'home-returned'));
    await shot(page, 'album-returned-home');
  },

  // (c) Offline: the app loaded once online (service worker installed and
  // in control), then the network goes; a reload comes from the service
  // worker, a photo is taken and processed with no network and queued; when
  // the network is back it is sent.
  async offline() {
    const { context, page } = await newPage();
    await signUpAndLogIn(page, out);
    await fillInfo(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    out.controlled = await page.evaluate(() => !!navigator.serviceWorker.controller);
    const { body: mine } = await asPage(page, 'GET', '/collections');
    out.collectionId = mine.collections[0].id;
    await context.setOffline(true);
    await page.reload();
    await $(page, 'photo-camera').waitFor();
    out.offlineShown = await text($(page, 'net-state'));
    await shot(page, 'offline-photo');
    await takePhoto(page, out);
    await $(page, 'photo-use').click();
    await page.locator('[data-test="photo-outbox-state"][data-state="waiting"]').waitFor();
    out.queuedText = await text($(page, 'photo-outbox-state'));
    await shot(page, 'offline-queued');
    await page.waitForTimeout(1000);
    out.uploadsWhileOffline = await uploads();
    await context.setOffline(false);
    await routeIs(page, '/prints'); // the camera screen goes on once the photo is sent
    await shot(page, 'online-sent');
    // A reload and some time: nothing may send the photo again.
    await page.goto('/#/photo');
    await page.locator('[data-test="photo-state"][data-state="submitted"]').waitFor();
    await page.waitForTimeout(2000);
    await shot(page, 'online-photo');
    out.uploads = await uploads();
  },

  // (a) The whole journey of a student not on any roster.
  async journey() {
    const { page } = await newPage();
    await signUpAndLogIn(page, out);
    await fillInfo(page);
    await takePhoto(page, out);
    await $(page, 'photo-use').click();
    await routeIs(page, '/prints');
    await $(page, 'prints-kind-printed').click();
    await fill(page, 'prints-recipient', cfg.name);
    await fill(page, 'prints-mobile', cfg.mobile);
    await $(page, 'prints-area').click();
    await pickArea(page, cfg.area);
    await fill(page, 'prints-detail', cfg.detail);
    await fill(page, 'prints-postcode', cfg.postcode);
    out.areaText = await page.locator('[data-test="prints-area"] input').inputValue();
    out.printsTotal = await text($(page, 'prints-total'));
    await shot(page, 'prints');
    await $(page, 'prints-submit').click();
    await routeIs(page, /^#\/order\/\d+$/);
    out.orderId = Number(page.url().split('/').pop());
    await $(page, 'order-pay').waitFor();
    out.orderState = await text($(page, 'order-state'));
    out.orderAddress = await text($(page, 'order-address'));
    await shot(page, 'order');
    await $(page, 'order-pay').click();
    await page.waitForURL(/\/api\/v1\/dev-pay\//);
    await shot(page, 'dev-pay');
    await page.locator('form button[type=submit]').click();
    await page.getByRole('link', { name: '返回 / Back' }).waitFor();
    await shot(page, 'dev-pay-done');
    await page.getByRole('link', { name: '返回 / Back' }).click();
    await page.locator('[data-test="pay-outcome"][data-outcome="paid"]').waitFor({ timeout: 30000 });
    out.payRoute = new URL(page.url()).hash;
    out.payState = await text($(page, 'pay-state'));
    await shot(page, 'pay-result');
    await $(page, 'pay-completed').click();
    await routeIs(page, '/completed');
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-test="completed-photo"]');
      return img && img.complete && img.naturalWidth > 0;
    });
    out.completedPhoto = await $(page, 'completed-photo').evaluate((img) => ({ width: img.naturalWidth, height: img.naturalHeight }));
    out.completedState = await text($(page, 'completed-state'));
    out.completedName = await text($(page, 'completed-name'));
    await shot(page, 'completed');
    await page.goto('/#/orders');
    await $(page, 'orders-item').first().waitFor();
    out.orders = await page.locator('[data-test="orders-item"]').evaluateAll((els) => els.map((e) => ({
      number: e.dataset.number, state: e.querySelector('[data-test="orders-state"]').textContent.trim(),
    })));
    await shot(page, 'orders');
  },

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
