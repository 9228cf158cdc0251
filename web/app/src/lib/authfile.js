// Files the API serves only with the session's Authorization header (the
// finished photo, a payment QR code): fetched as a blob and shown through an
// object URL, or saved through a temporary link.
import { ApiError, session } from './api.js';

// fetchBlob fetches url (an /api/v1/… path) with the session token.
export async function fetchBlob(url) {
  let res;
  try {
    res = await fetch(url, { headers: session.token ? { Authorization: `Bearer ${session.token}` } : {}, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null);
  }
  if (!res.ok) {
    let body = null;
    try { body = await res.json(); } catch { body = null; }
    throw new ApiError(res.status, body);
  }
  return res.blob();
}

// objectURL fetches url and returns an object URL for an <img>; revoke it
// with URL.revokeObjectURL when the screen goes.
export async function objectURL(url) {
  return URL.createObjectURL(await fetchBlob(url));
}

// download saves url under filename (the server's attachment, fetched with
// the token: a plain link would not carry it).
export async function download(url, filename) {
  const blob = await fetchBlob(url);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
}
