// A Vite plugin that writes sw.js into the build: the service worker that
// keeps the app shell and the engine for offline use. Its cache name carries
// a hash of every file it lists, so a new release replaces the old cache.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENGINE = ['engine/engine-worker.js', 'engine/wasm_exec.js', 'engine/gradphoto-engine.wasm',
  'engine/facefinder', 'engine/puploc', 'engine/warmup.jpg'];

export function serviceWorker() {
  return {
    name: 'gradphoto-service-worker',
    apply: 'build',
    generateBundle(_, bundle) {
      const shell = ['./', ...Object.keys(bundle).filter((f) => !f.endsWith('.map'))];
      const hash = createHash('sha256');
      for (const [name, item] of Object.entries(bundle)) hash.update(name).update(item.code || item.source || '');
      const template = readFileSync(fileURLToPath(new URL('../src/sw.template.js', import.meta.url)), 'utf8');
      const source = template
        .replace('__VERSION__', hash.digest('hex').slice(0, 12))
        .replace('__SHELL__', JSON.stringify(shell))
        .replace('__ENGINE__', JSON.stringify(ENGINE));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
