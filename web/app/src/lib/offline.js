// Online state and the service worker that keeps the app and the engine
// for offline use (sw.js, generated at build time from sw.template.js).
import { ref } from 'vue';
import { startOutbox } from './queue.js';

export const online = ref(navigator.onLine);
addEventListener('online', () => { online.value = true; });
addEventListener('offline', () => { online.value = false; });

export function registerServiceWorker() {
  startOutbox(); // photos submitted offline go out now or when the network is back
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  navigator.serviceWorker.register('/sw.js').catch((err) => console.warn('service worker', err));
}
