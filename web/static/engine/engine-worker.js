// The photo engine in a Web Worker. The page talks to it with messages:
//
//   worker.postMessage({id, op: 'process', rgba, width, height, options})
//     -> {id, progress: 'loading' | 'processing'} ... then {id, result: {jpeg, report}}
//   worker.postMessage({id, op: 'detect', rgba, width, height})  -> {id, result: guidance}
//   worker.postMessage({id, op: 'printSheet', jpeg, options})    -> {id, result: png}
//
// Errors come back as {id, error: '...'}. The Go module and the face
// cascades are fetched once and kept in the Cache API, so the engine works
// offline after the first visit (the app's service worker caches them too).
/* global Go */
importScripts('wasm_exec.js');

const CACHE = 'gradphoto-engine-v1';
const FILES = { module: 'gradphoto-engine.wasm', facefinder: 'facefinder', puploc: 'puploc' };

async function cached(url) {
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
  return new Uint8Array(await res.arrayBuffer());
}

let engine = null;
async function start() {
  if (engine) return engine;
  const ready = new Promise((resolve) => { self.gradphotoEngineReady = resolve; });
  const [module, facefinder, puploc] = await Promise.all([
    cached(FILES.module), cached(FILES.facefinder), cached(FILES.puploc),
  ]);
  const go = new Go();
  const { instance } = await WebAssembly.instantiate(module, go.importObject);
  go.run(instance);
  await ready;
  const loaded = self.gradphotoEngine.loadModels(facefinder, puploc);
  if (loaded !== true) throw new Error(loaded.error || 'loading the face models failed');
  engine = self.gradphotoEngine;
  return engine;
}

self.onmessage = async (e) => {
  const { id, op } = e.data;
  try {
    if (!engine) self.postMessage({ id, progress: 'loading' });
    const eng = await start();
    let result;
    switch (op) {
      case 'warmup':
        result = true;
        break;
      case 'process':
        self.postMessage({ id, progress: 'processing' });
        result = eng.process(e.data.rgba, e.data.width, e.data.height, e.data.options || {});
        break;
      case 'detect':
        result = eng.detect(e.data.rgba, e.data.width, e.data.height);
        break;
      case 'printSheet':
        result = eng.printSheet(e.data.jpeg, e.data.options || {});
        break;
      default:
        throw new Error(`unknown operation ${op}`);
    }
    if (result && result.error) throw new Error(result.error);
    self.postMessage({ id, result });
  } catch (err) {
    self.postMessage({ id, error: String(err && err.message || err) });
  }
};
