// The service worker (written into web/dist/sw.js by the build, which fills
// in the version and the file lists). The app shell and the engine come from
// the cache first, so the app opens and processes photos with no network;
// the API always goes to the network.
const VERSION = '__VERSION__';
const SHELL = __SHELL__;
const ENGINE = __ENGINE__;
const CACHE = `gradphoto-app-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL);
    // The engine is large: one file that fails to come does not stop the
    // shell from working offline (the engine's worker caches it as well).
    await Promise.all(ENGINE.map((f) => cache.add(f).catch((err) => console.warn('sw: engine file', f, err))));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('gradphoto-app-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(event.request, { ignoreSearch: true }) ||
      (event.request.mode === 'navigate' ? await cache.match('./') : undefined);
    if (hit) return hit;
    return fetch(event.request);
  })());
});
