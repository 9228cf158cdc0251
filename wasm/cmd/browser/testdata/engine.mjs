// Drives the browser module (GOOS=js GOARCH=wasm) under Node the way the
// app's Web Worker does: load the cascades, process raw RGBA pixels, run
// live detection on small frames, make a print sheet. Prints one JSON line.
//
//   node engine.mjs WASM_EXEC.js ENGINE.wasm CASCADE_DIR FRAMES.json
//
// FRAMES.json: {"photo": {"file","width","height"}, "preview": {...}, "runs": N,
// "detectRuns": M (default 30)}. Times are medians: processMS over the runs,
// stageMS per stage of the reports' timings, detectMS over the detect runs;
// processAllMS, stageAllMS and detectAllMS hold every run (the first
// process() runs code V8 has not optimised yet); startMS and loadModelsMS
// are the module's start and the cascades' unpacking.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { argv } from 'node:process';

const [wasmExec, wasmPath, cascades, framesPath] = argv.slice(2);
await import(pathToFileURL(wasmExec).href); // defines globalThis.Go
const frames = JSON.parse(await readFile(framesPath, 'utf8'));

const ready = new Promise((resolve) => { globalThis.gradphotoEngineReady = resolve; });
const go = new Go();
const t0 = performance.now();
const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), go.importObject);
go.run(instance); // main never returns: it serves calls
await ready;
const startMS = performance.now() - t0;
const engine = globalThis.gradphotoEngine;

const facefinder = new Uint8Array(await readFile(`${cascades}/facefinder`));
const puploc = new Uint8Array(await readFile(`${cascades}/puploc`));
const t1 = performance.now();
const loaded = engine.loadModels(facefinder, puploc);
const loadModelsMS = performance.now() - t1;
if (loaded !== true) throw new Error(JSON.stringify(loaded));

const pixels = async (f) => new Uint8ClampedArray(await readFile(f.file));
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const out = { startMS, loadModelsMS };
const photo = await pixels(frames.photo);
const processMS = [];
const stageMS = {}; // stage -> the ms of every run, from the reports' timings
let result;
for (let i = 0; i < frames.runs; i++) {
  const t = performance.now();
  result = engine.process(photo, frames.photo.width, frames.photo.height, { preset: 'chsi' });
  processMS.push(performance.now() - t);
  if (result.error) throw new Error(result.error);
  for (const s of result.report.timings) (stageMS[s.stage] ??= []).push(s.ms);
}
out.report = result.report;
out.jpegBytes = result.jpeg ? result.jpeg.length : 0;
out.processMS = median(processMS);
out.processAllMS = processMS;
out.stageMS = Object.fromEntries(Object.entries(stageMS).map(([k, v]) => [k, median(v)]));
out.stageAllMS = stageMS;

const preview = await pixels(frames.preview);
const detectMS = [];
let guide;
for (let i = 0; i < (frames.detectRuns ?? 30); i++) {
  const t = performance.now();
  guide = engine.detect(preview, frames.preview.width, frames.preview.height);
  detectMS.push(performance.now() - t);
}
if (guide.error) throw new Error(guide.error);
out.guide = guide;
out.detectMS = median(detectMS);
out.detectAllMS = detectMS;

if (result.jpeg) {
  const png = engine.printSheet(result.jpeg, { page: '6inch' });
  if (png.error) throw new Error(png.error);
  out.sheetPNG = Array.from(png.slice(0, 8));
  // check() of a JPEG the page could not decode (no pixels): damaged.
  out.checkUndecoded = engine.check(result.jpeg, null, 0, 0, { preset: 'chsi' }).report;
}
out.checkText = engine.check(new TextEncoder().encode('not a photo'), null, 0, 0, {}).report;
out.bad = engine.process(new Uint8Array(10), 100, 100, {});
console.log(JSON.stringify(out));
process.exit(0);
