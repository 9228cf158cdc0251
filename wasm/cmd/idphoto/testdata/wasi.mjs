// Runs the wasip1 build of idphoto under Node's node:wasi, with one folder
// preopened as /work: node wasi.mjs IDPHOTO.wasm DIR ARGS...
// Exits with the program's exit code.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { argv, exit } from 'node:process';

const [wasmPath, dir, ...args] = argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: ['idphoto', ...args],
  env: {},
  preopens: { '/work': dir },
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(wasmPath));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
exit(wasi.start(instance));
