// The photo engine's Web Worker (/engine/engine-worker.js), one for the
// whole app, created on first use. Each request gets an id; its answers
// (progress, then a result or an error) come back with that id, so a
// request is a promise and its progress a callback. The worker runs the
// requests one at a time in the order they were sent.
import { ref } from 'vue';

export const engineState = ref('idle'); // idle, loading, ready, error
export const engineError = ref('');

let worker = null;
let seq = 0;
const pending = new Map(); // id -> {resolve, reject, onProgress}

function fail(err) {
  engineState.value = 'error';
  engineError.value = String(err && err.message || err);
  for (const p of pending.values()) p.reject(new Error(engineError.value));
  pending.clear();
  if (worker) worker.terminate();
  worker = null; // the next request starts a fresh worker
  loading = null;
  warmed.clear();
}

function getWorker() {
  if (worker) return worker;
  worker = new Worker('/engine/engine-worker.js');
  worker.onmessage = (e) => {
    const msg = e.data || {};
    const p = pending.get(msg.id);
    if (!p) return;
    if ('progress' in msg) {
      if (p.onProgress) p.onProgress(msg);
      return;
    }
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(msg.error));
    else p.resolve(msg);
  };
  worker.onerror = (e) => { e.preventDefault(); fail(e.message || 'the photo engine failed to start'); };
  return worker;
}

// request sends {op, ...payload} and resolves to the worker's final answer
// ({result, ms}); transfer lists what is handed over (an ImageBitmap, a
// buffer); onProgress gets every progress message.
export function request(op, payload = {}, { transfer = [], onProgress } = {}) {
  const w = getWorker();
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    w.postMessage({ id, op, ...payload }, transfer);
  });
}

// loadEngine fetches, compiles and starts the engine (once); call it as
// early as a screen knows it will need the engine.
let loading = null;
export function loadEngine() {
  if (!loading) {
    engineState.value = 'loading';
    loading = request('load').then(
      () => { engineState.value = 'ready'; return true; },
      (err) => { fail(err); throw err; },
    );
  }
  return loading;
}

// warmUp runs the engine's synthetic picture through the pipeline at the
// camera's frame size, once per size and page visit (see README: the first
// shot of a fresh module is several times slower than the later ones).
const warmed = new Map(); // "WxH" -> promise
export function warmUp(width, height) {
  const k = `${width}x${height}`;
  if (!warmed.has(k)) {
    loadEngine().catch(() => {});
    warmed.set(k, request('warmup', { width, height }).then((m) => m.result, () => null));
  }
  return warmed.get(k);
}

// detect returns the live guidance for a small RGBA frame (the pixels'
// buffer is handed over).
export async function detect(rgba, width, height) {
  const m = await request('detect', { rgba, width, height }, { transfer: [rgba.buffer] });
  return m.result;
}

// processPhoto hands an ImageBitmap (transferred) to the engine and
// resolves to {jpeg, report, ms}; onStage(done, of, stage) as stages end.
export async function processPhoto(bitmap, options = { preset: 'chsi' }, onStage) {
  const m = await request('process', { bitmap, options }, {
    transfer: [bitmap],
    onProgress: (p) => { if (p.progress === 'stage' && onStage) onStage(p.done, p.of, p.stage); },
  });
  return { ...m.result, ms: m.ms };
}

// checkFile measures a photo the student chose (its bytes) against the
// preset and resolves to the checker's report.
export async function checkFile(bytes, options = { preset: 'chsi' }) {
  const m = await request('check', { file: bytes, options }, { transfer: [bytes.buffer] });
  return m.result.report;
}
