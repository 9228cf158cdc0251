// The student app: Vue 3 + Vant 4, built by Vite into web/dist next to the
// engine (web/dist/engine, made by `make engine`), which it does not bundle.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { serviceWorker } from './build/service-worker.mjs';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [vue(), serviceWorker()],
  build: {
    outDir: fileURLToPath(new URL('../dist', import.meta.url)),
    emptyOutDir: false, // web/dist/engine is the engine's, built by make engine
    assetsDir: 'assets',
    target: 'es2020',
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/engine': 'http://127.0.0.1:8080' } },
});
