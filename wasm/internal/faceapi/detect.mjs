// Runs @vladmandic/face-api (SSD MobileNet v1 + the 68-point landmarks) on
// photos and prints one JSON object per line: first a line about the setup,
// then one line per photo with the face boxes, the eye centres and chin
// from the landmarks, and the detection time after warm-up. The Go test
// beside this file (compare_test.go) reads it and compares our detector.
//
//   node wasm/internal/faceapi/detect.mjs [--runs N] [--max-side N] PHOTO_OR_DIR...
//
// Everything runs offline: the models ship inside the npm package (model/)
// and tfjs's wasm binaries are read from node_modules (setWasmPaths with a
// local folder; its default is a CDN). Photos are decoded by sharp, turned
// upright by their EXIF orientation (.rotate()), composited onto white
// when they have alpha and shrunk so that the longer side is at most
// --max-side (1600: the engine's working size), as wasm/imageio does for
// our side. Coordinates are in pixels of that picture, with the centre of
// the top-left pixel at (0, 0) like wasm/face (face-api puts it at
// (0.5, 0.5); 0.5 is taken off).
//
// Time per photo is the median of --runs detections (3) of the decoded
// tensor after one warm-up detection on the first photo; decoding is not
// timed (nor is it on our side).

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const sharp = require('sharp');

const IMAGE = /\.(jpe?g|png|webp)$/i;

function usage(msg) {
  process.stderr.write(`detect.mjs: ${msg}\nusage: node detect.mjs [--runs N] [--max-side N] PHOTO_OR_DIR...\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { runs: 3, maxSide: 1600, inputs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs' || a === '--max-side') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) usage(`${a} wants a whole number`);
      if (a === '--runs') opts.runs = Math.max(1, n);
      else opts.maxSide = n;
    } else if (a.startsWith('-')) {
      usage(`unknown flag ${a}`);
    } else {
      opts.inputs.push(a);
    }
  }
  if (opts.inputs.length === 0) usage('no photos given');
  return opts;
}

// photos lists the image files among the inputs, a folder's files sorted
// by name. Files are recognised by extension here; sharp reads them by
// content (some .jpg files hold WebP or PNG).
function photos(inputs) {
  const out = [];
  for (const p of inputs) {
    if (fs.statSync(p).isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (IMAGE.test(name)) out.push(path.join(p, name));
      }
    } else {
      out.push(p);
    }
  }
  return out;
}

// packageDir returns the folder of an installed package, with a trailing
// slash, from its package.json.
function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`)) + path.sep;
}

async function setup() {
  // Local binaries, and read them with fs rather than fetch.
  wasm.setWasmPaths(path.join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist') + path.sep, false);
  await tf.setBackend('wasm');
  await tf.ready();
  const models = path.join(packageDir('@vladmandic/face-api'), 'model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
  return {
    faceapi: faceapi.version,
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    threads: wasm.getThreadsCount(),
    sharp: require('sharp/package.json').version,
    node: process.versions.node,
  };
}

// decode reads a photo the way wasm/imageio does: upright, opaque (alpha
// onto white), at most maxSide pixels on its longer side.
async function decode(file, maxSide) {
  let img = sharp(file).rotate().flatten({ background: '#ffffff' });
  if (maxSide > 0) {
    img = img.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
  }
  const { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const meta = await sharp(file).metadata();
  return {
    tensor: tf.tensor3d(data, [info.height, info.width, 3], 'int32'),
    width: info.width,
    height: info.height,
    format: meta.format,
    orientation: meta.orientation || 1,
  };
}

const detectorOptions = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 20 });

function detect(tensor) {
  return faceapi.detectAllFaces(tensor, detectorOptions).withFaceLandmarks();
}

const round = (v) => Math.round(v * 100) / 100;
const pt = (p) => ({ x: round(p.x - 0.5), y: round(p.y - 0.5) });

function centre(points) {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return pt({ x: x / points.length, y: y / points.length });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// face turns one result into plain numbers. In the 68-point scheme points
// 36-41 outline the eye on the picture's left (the subject's right eye)
// and 42-47 the one on its right; point 8 is the chin.
function face(r) {
  const b = r.detection.box;
  const pts = r.landmarks.positions;
  return {
    score: Number(r.detection.score.toFixed(4)),
    box: { x: round(b.x - 0.5), y: round(b.y - 0.5), width: round(b.width), height: round(b.height) },
    eyeImageLeft: centre(pts.slice(36, 42)),
    eyeImageRight: centre(pts.slice(42, 48)),
    chin: pt(pts[8]),
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const files = photos(opts.inputs);
  if (files.length === 0) usage('no photos found');
  const info = await setup();
  process.stdout.write(JSON.stringify({ setup: { ...info, runs: opts.runs, maxSide: opts.maxSide } }) + '\n');

  let warm = false;
  for (const file of files) {
    const line = { photo: path.basename(file) };
    let img;
    try {
      img = await decode(file, opts.maxSide);
    } catch (err) {
      line.error = String(err.message || err);
      process.stdout.write(JSON.stringify(line) + '\n');
      continue;
    }
    try {
      if (!warm) {
        await detect(img.tensor);
        warm = true;
      }
      const times = [];
      let results;
      for (let i = 0; i < opts.runs; i++) {
        const t0 = performance.now();
        results = await detect(img.tensor);
        times.push(performance.now() - t0);
      }
      results.sort((a, b) => b.detection.score - a.detection.score);
      Object.assign(line, {
        format: img.format,
        orientation: img.orientation,
        width: img.width,
        height: img.height,
        ms: round(median(times)),
        faces: results.map(face),
      });
    } finally {
      img.tensor.dispose();
    }
    process.stdout.write(JSON.stringify(line) + '\n');
  }
}

main().catch((err) => {
  process.stderr.write(`detect.mjs: ${err.stack || err}\n`);
  process.exit(1);
});
