// The outbox: what the student submitted while the network may be away.
// A photo (the JPEG or the album file, the engine's report, its source, the
// collection, and an idempotency key made once for that photo) or a CHSI
// collection code is written to IndexedDB first and sent from there: at app
// start, when the browser comes back online, and right after it is queued.
// A photo whose answer was lost (the page closed mid-send) is sent again
// with the same key, which the server treats as a replay, so it counts once.
// Drains never overlap, not even across tabs (Web Locks).
//
// Item states: waiting (for the network), sending, sent, failed (the server
// refused it; error holds its words).
import { ref } from 'vue';
import { ApiError, api, newKey } from './api.js';

const DB = 'gradphoto-outbox';
const STORE = 'items';
const COLLECTION = 'gradphoto.photo.collection';

// The items without their bytes, oldest first: what the screens show.
export const outbox = ref([]);
// The student's collection as last seen online (the photo screen works
// offline with it).
export const knownCollection = ref(JSON.parse(localStorage.getItem(COLLECTION) || 'null'));

export function rememberCollection(c) {
  knownCollection.value = c;
  if (c) localStorage.setItem(COLLECTION, JSON.stringify(c));
  else localStorage.removeItem(COLLECTION);
}

let dbp = null;
function db() {
  if (!dbp) {
    dbp = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    dbp.catch(() => { dbp = null; });
  }
  return dbp;
}

async function tx(mode, fn) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction(STORE, mode);
    const out = fn(t.objectStore(STORE));
    t.oncomplete = () => resolve(out && 'result' in out ? out.result : undefined);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

const all = () => tx('readonly', (s) => s.getAll());
const put = (item) => tx('readwrite', (s) => s.put(item));
const remove = (key) => tx('readwrite', (s) => s.delete(key));

function summary(item) {
  const { blob, ...rest } = item; // eslint-disable-line no-unused-vars
  return rest;
}

async function publish() {
  const items = (await all()).sort((a, b) => a.createdAt - b.createdAt);
  outbox.value = items.map(summary);
  return items;
}

async function update(item, changes) {
  Object.assign(item, changes, { updatedAt: Date.now() });
  await put(item);
  await publish();
}

// enqueuePhoto stores a photo for upload and starts a drain; it resolves
// to the item's key once the photo is safely on the device.
export async function enqueuePhoto({ blob, report, source, collectionId, name }) {
  const now = Date.now();
  const item = {
    key: newKey(), kind: 'photo', source, collectionId: collectionId || null, report: report ? JSON.stringify(report) : '',
    blob, name: name || (source === 'camera' ? 'photo.jpg' : 'album'), size: blob.size,
    state: 'waiting', error: null, attempts: 0, createdAt: now, updatedAt: now,
  };
  // An older photo that has not gone out yet is superseded by this one.
  for (const old of await all()) {
    if (old.kind === 'photo' && (old.state === 'waiting' || old.state === 'failed')) await remove(old.key);
  }
  await put(item);
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  await publish();
  drain();
  return item.key;
}

// enqueueChsiCode stores the CHSI collection code for sending (the latest
// one wins).
export async function enqueueChsiCode(code, collectionId) {
  for (const old of await all()) if (old.kind === 'chsi' && old.state !== 'sending') await remove(old.key);
  const now = Date.now();
  await put({ key: newKey(), kind: 'chsi', code, collectionId: collectionId || null, state: 'waiting', error: null, attempts: 0, createdAt: now, updatedAt: now });
  await publish();
  drain();
}

export async function forget(key) {
  await remove(key);
  await publish();
}

// retry puts a failed item back in line.
export async function retry(key) {
  const item = (await all()).find((i) => i.key === key);
  if (item) await update(item, { state: 'waiting', error: null });
  drain();
}

async function collectionId(item) {
  if (item.collectionId) return item.collectionId;
  const c = await api('GET', '/collections');
  const first = c.collections && c.collections[0];
  if (!first) {
    throw new ApiError(409, { error: { code: 'conflict', zh: '请先填写个人信息，再提交照片', en: 'Fill in your personal data before submitting the photo' } });
  }
  rememberCollection(first);
  return first.id;
}

// Answers worth waiting for (no network, rate limits, server trouble, an
// expired login) leave the item waiting; any other refusal is final.
function transient(err) {
  return !(err instanceof ApiError) || [0, 401, 408, 429].includes(err.status) || err.status >= 500;
}

async function send(item) {
  const id = await collectionId(item);
  if (item.kind === 'chsi') {
    const res = await api('PUT', `/collections/${id}/chsi-code`, { code: item.code });
    return res && (res.collection || res);
  }
  const form = new FormData();
  form.append('source', item.source);
  if (item.report) form.append('report', item.report);
  form.append('photo', item.blob, item.name);
  const res = await api('POST', `/collections/${id}/photo`, form, { key: item.key });
  return res.collection;
}

let draining = null;
let again = false;

// drain sends every waiting item, oldest first. Called while one runs, it
// runs once more after it.
export function drain() {
  if (draining) { again = true; return draining; }
  const run = async () => {
    do {
      again = false;
      await locked(drainOnce);
    } while (again);
  };
  draining = run().catch((err) => console.warn('outbox', err)).finally(() => { draining = null; });
  return draining;
}

function locked(fn) {
  return navigator.locks ? navigator.locks.request('gradphoto-outbox', fn) : fn();
}

async function drainOnce() {
  const items = await publish();
  for (const item of items) {
    if (item.state !== 'waiting' && item.state !== 'sending') continue; // sending: an earlier page closed mid-send
    if (!navigator.onLine) return;
    await update(item, { state: 'sending', attempts: item.attempts + 1 });
    try {
      const c = await send(item);
      if (c && c.id) rememberCollection(c);
      await update(item, { state: 'sent', sentAt: Date.now(), blob: null, error: null });
    } catch (err) {
      const words = { zh: err.zh || String(err.message || err), en: err.en || String(err.message || err), status: err.status || 0 };
      await update(item, { state: transient(err) ? 'waiting' : 'failed', error: words });
      if (transient(err)) return; // try again on the next online event or start
    }
  }
  // Keep only the latest sent item of each kind, to show.
  const sent = items.filter((i) => i.state === 'sent').sort((a, b) => b.sentAt - a.sentAt);
  const seen = new Set();
  for (const i of sent) {
    if (seen.has(i.kind)) await remove(i.key);
    seen.add(i.kind);
  }
  await publish();
}

// startOutbox drains now, whenever the browser comes back online or the
// page is shown again, and every half minute while something waits (the
// browser may say online on a network that does not reach the server).
let started = false;
export function startOutbox() {
  if (started) return;
  started = true;
  addEventListener('online', () => drain());
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible' && waiting()) drain(); });
  setInterval(() => { if (navigator.onLine && waiting()) drain(); }, 30000);
  drain();
}

const waiting = () => outbox.value.some((i) => i.state === 'waiting');
