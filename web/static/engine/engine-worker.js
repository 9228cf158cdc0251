// The photo engine in a Web Worker. The page talks to it with messages; each
// request carries an id that its answers repeat:
//
//   {id, op: 'load'}
//     -> {id, result: true}: the module and the face cascades are fetched
//        (once, then from the Cache API), compiled and started. Any other
//        op loads first when needed, announcing {id, progress: 'loading'}.
//   {id, op: 'warmup', width, height, maxSide}
//     -> {id, result: {ok, ms, timings}} ({ok: false, skipped} without
//        OffscreenCanvas): runs a synthetic head-and-shoulders picture
//        (warmup.jpg, drawn into a width x height frame with wall around,
//        then handled as a process() bitmap with this maxSide) through the
//        whole pipeline. The first process() of a fresh module runs code
//        V8 compiles as it goes (Liftoff first, the hot functions again by
//        TurboFan in background threads that compete with it): 1.5-4.5 s
//        for a 1920 x 1080 frame in headless Chromium on a 2-core machine,
//        against 0.2-0.5 s later. Send it once, with the camera's frame
//        size, as soon as the camera runs and a second or two before the
//        shutter can be pressed (TurboFan finishes meanwhile); detect
//        requests sent during it wait (1.5-3.5 s).
//   {id, op: 'process', bitmap, options}            (the camera frame as an ImageBitmap)
//   {id, op: 'process', rgba, width, height, options}  (or as RGBA pixels)
//     options: {preset: 'chsi', background: 'light_blue' | '#RRGGBB', maxSide: 1600}
//     Prefer the bitmap: createImageBitmap(video) on the page, transferred
//     (postMessage(msg, [bitmap])), costs the page almost nothing, and the
//     worker draws it scaled so that its longer side is at most maxSide
//     (default 1600, the engine's working size: more pixels add time, not
//     quality, at 480 x 640; 1920 x 1080 becomes 1600 x 900). RGBA pixels
//     are processed at the size given (send warmup a maxSide at least
//     their longer side, so that it warms up the same size).
//     -> {id, progress: 'processing'}
//        {id, progress: 'stage', stage, ms, done, of}   as each stage ends
//                                                       (stage: the one that ended)
//        {id, result: {jpeg: Uint8Array, report}, ms}
//     stages in order: decode, face, straighten, matte, composite, place,
//     encode, check (`of` is 8; a refused photo stops early, and its result
//     comes at once). At the steady state matte is about half of the time
//     and face about a fifth; report.timings has every stage's ms.
//     Transfer rgba's buffer (postMessage(msg, [rgba.buffer])) to avoid a
//     copy; a camera frame is 8 MB at 1920 x 1080. report.geometry is in
//     the pixels the engine was handed (after the scaling).
//   {id, op: 'detect', rgba, width, height}   -> {id, result: guidance, ms}
//     for the live preview: send small frames (320 x 240).
//   {id, op: 'printSheet', jpeg, options}      -> {id, result: png, ms}
//   {id, op: 'check', file, options}          -> {id, result: {report}, ms}
//     file: the bytes (Uint8Array) of a photo the student chose from the
//     album, measured against options.preset as it is (nothing is made).
//     The worker decodes it with the browser's decoders (createImageBitmap)
//     and hands the engine the pixels and the file's headers.
//
// Errors come back as {id, error: '...'}. `ms` is the time the worker spent
// on the request (not counting the wait for earlier ones). The Go module
// and the face cascades are fetched once and kept in the Cache API, so the
// engine works offline after the first visit (the app's service worker
// caches them too).
/* global Go */
importScripts('wasm_exec.js');

const CACHE = 'gradphoto-engine-v2'; // a new name for every release whose files change
const FILES = {
  module: 'gradphoto-engine.wasm', facefinder: 'facefinder', puploc: 'puploc', warmup: 'warmup.jpg',
};
const STAGES = ['decode', 'face', 'straighten', 'matte', 'composite', 'place', 'encode', 'check'];

// response returns url's Response, from the Cache API when it is there.
async function response(url) {
  let res;
  if (self.caches) {
    const cache = await caches.open(CACHE);
    res = await cache.match(url);
    if (!res) {
      res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      await cache.put(url, res.clone());
    }
  } else {
    res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
  }
  return res;
}

async function cached(url) {
  return new Uint8Array(await (await response(url)).arrayBuffer());
}

// instantiate compiles the module as it streams in when the server labels
// it application/wasm (which also lets Chromium cache the optimised code),
// from its bytes otherwise.
async function instantiate(go) {
  const res = await response(FILES.module);
  if (WebAssembly.instantiateStreaming && (res.headers.get('Content-Type') || '').startsWith('application/wasm')) {
    return WebAssembly.instantiateStreaming(res, go.importObject);
  }
  return WebAssembly.instantiate(await res.arrayBuffer(), go.importObject);
}

let engine = null;
let starting = null;
function start() {
  if (engine) return Promise.resolve(engine);
  if (!starting) {
    starting = (async () => {
      const ready = new Promise((resolve) => { self.gradphotoEngineReady = resolve; });
      const go = new Go();
      const [{ instance }, facefinder, puploc] = await Promise.all([
        instantiate(go), cached(FILES.facefinder), cached(FILES.puploc),
      ]);
      go.run(instance);
      await ready;
      const loaded = self.gradphotoEngine.loadModels(facefinder, puploc);
      if (loaded !== true) throw new Error(loaded.error || 'loading the face models failed');
      engine = self.gradphotoEngine;
      return engine;
    })();
    starting.catch(() => { starting = null; });
  }
  return starting;
}

// pixelsOf draws an ImageBitmap into a canvas, scaled so that its longer
// side is at most maxSide, and returns its RGBA pixels. The bitmap is closed.
let canvas = null;
function pixelsOf(bitmap, maxSide) {
  const s = Math.min(1, (maxSide || 1600) / Math.max(bitmap.width, bitmap.height));
  const width = Math.round(bitmap.width * s), height = Math.round(bitmap.height * s);
  if (!canvas) canvas = new OffscreenCanvas(width, height);
  if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return { rgba: ctx.getImageData(0, 0, width, height).data, width, height };
}

// decodeFile decodes a photo file with the browser's own decoders (EXIF
// orientation applied), at most 1600 pixels on its longer side, for check:
// [rgba, width, height, {sourceWidth, sourceHeight}], or [null, 0, 0, {}]
// when the browser cannot decode it (the engine then says why).
async function decodeFile(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(new Blob([file]));
  } catch {
    return [null, 0, 0, {}];
  }
  const source = { sourceWidth: bitmap.width, sourceHeight: bitmap.height };
  const px = pixelsOf(bitmap, 1600);
  return [px.rgba, px.width, px.height, source];
}

// warmUp draws warmup.jpg into a width x height frame, the picture scaled
// to fit and the wall's colour around it, and processes it as a camera
// frame of that size would be.
async function warmUp(eng, width, height, maxSide) {
  width = width || 1920;
  height = height || 1080;
  if (!self.OffscreenCanvas || !self.createImageBitmap) return { ok: false, skipped: 'no OffscreenCanvas' };
  const picture = await createImageBitmap(new Blob([await cached(FILES.warmup)], { type: 'image/jpeg' }));
  const frame = new OffscreenCanvas(width, height);
  const ctx = frame.getContext('2d');
  ctx.drawImage(picture, 0, 0, 1, 1, 0, 0, 1, 1); // the wall's colour: the picture's corner
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  ctx.fillStyle = `rgb(${r},${g},${b})`;
  ctx.fillRect(0, 0, width, height);
  const s = Math.min(width / picture.width, height / picture.height);
  const w = Math.round(picture.width * s), h = Math.round(picture.height * s);
  ctx.drawImage(picture, Math.floor((width - w) / 2), height - h, w, h);
  picture.close();
  const t = performance.now();
  const px = pixelsOf(frame.transferToImageBitmap(), maxSide);
  const res = eng.process(px.rgba, px.width, px.height, { preset: 'chsi' });
  if (res.error) throw new Error(res.error);
  return { ok: res.report.ok, ms: performance.now() - t, timings: res.report.timings };
}

// Requests run one at a time, in the order they came: a request that has
// to wait for the module (or for a warm-up's image) never lets a later one
// overtake it.
let queue = Promise.resolve();
self.onmessage = (e) => { queue = queue.then(() => handle(e.data)); };

async function handle(data) {
  const { id, op } = data;
  try {
    if (!engine) self.postMessage({ id, progress: 'loading' });
    const eng = await start();
    const t = performance.now();
    let result;
    switch (op) {
      case 'load':
        result = true;
        break;
      case 'warmup':
        result = await warmUp(eng, data.width, data.height, data.maxSide);
        break;
      case 'process': {
        self.postMessage({ id, progress: 'processing' });
        let done = 0;
        const onProgress = (stage, ms) => {
          done++;
          self.postMessage({ id, progress: 'stage', stage, ms, done, of: STAGES.length });
        };
        const options = data.options || {};
        const px = data.bitmap ? pixelsOf(data.bitmap, options.maxSide) : data;
        result = eng.process(px.rgba, px.width, px.height, { ...options, onProgress });
        break;
      }
      case 'detect':
        result = eng.detect(data.rgba, data.width, data.height);
        break;
      case 'printSheet':
        result = eng.printSheet(data.jpeg, data.options || {});
        break;
      case 'check': {
        const [rgba, width, height, source] = await decodeFile(data.file);
        result = eng.check(data.file, rgba, width, height, { ...(data.options || {}), ...source });
        break;
      }
      default:
        throw new Error(`unknown operation ${op}`);
    }
    if (result && result.error) throw new Error(result.error);
    const transfer = result && result.jpeg ? [result.jpeg.buffer] : (result instanceof Uint8Array ? [result.buffer] : []);
    self.postMessage({ id, result, ms: performance.now() - t }, transfer);
  } catch (err) {
    self.postMessage({ id, error: String(err && err.message || err) });
  }
}
