// Fetching from the JSON API, with a small cache: the record changes only
// when articles are ingested, and a page reload starts afresh.

const cache = new Map();

export class ApiError extends Error {}

/** GETs an API path and returns its JSON; errors carry the server's message. */
export function get(path) {
  if (cache.has(path)) return cache.get(path);
  const p = fetch(path, { headers: { Accept: 'application/json' } }).then(async (r) => {
    let body = null;
    try { body = await r.json(); } catch (_) { /* not JSON */ }
    if (!r.ok) throw new ApiError((body && body.error) || `${path}: HTTP ${r.status}`);
    return body;
  });
  cache.set(path, p);
  p.catch(() => cache.delete(path));
  return p;
}

export function query(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return get(s ? `${path}?${s}` : path);
}

export const documentById = (id) => get(`/api/documents/${encodeURIComponent(id)}`);
