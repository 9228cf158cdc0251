// Photos under /api need the session's Authorization header, which an
// <img src> cannot send: fetch them as blobs and show them by object URL.
import { session } from './api.js';

export async function authorisedURL(path) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return URL.createObjectURL(await res.blob());
}
