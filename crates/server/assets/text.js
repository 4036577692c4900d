// Offsets from the API are UTF-8 byte offsets into a document's text;
// JavaScript strings index UTF-16 code units. This module converts between
// the two and cuts a text into runs under overlapping annotations.

const encoder = new TextEncoder();

/** Returns a function mapping a UTF-8 byte offset of `text` to a string
 * index. An offset inside a multi-byte character maps to that character's
 * start; offsets past the end clamp to the end. */
export function byteToIndex(text) {
  const nBytes = encoder.encode(text).length;
  const map = new Uint32Array(nBytes + 1);
  let b = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i);
    // Lone surrogates are encoded as U+FFFD, three bytes, like any BMP character above U+07FF.
    const width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) map[b + k] = i;
    b += width;
    i += cp > 0xffff ? 2 : 1;
  }
  map[nBytes] = text.length;
  return (offset) => (offset <= 0 ? 0 : offset >= nBytes ? text.length : map[offset]);
}

/** Cuts text[0..len) at every annotation boundary. `spans` are
 * {start, end, ...} in string indices; returns [{start, end, spans: [...]}]
 * covering the whole text, each run with the spans over it. */
export function runs(length, spans) {
  const cuts = new Set([0, length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter((x) => x >= 0 && x <= length).sort((a, b) => a - b);
  const byStart = new Map();
  for (const s of spans) {
    if (!(s.end > s.start)) continue;
    if (!byStart.has(s.start)) byStart.set(s.start, []);
    byStart.get(s.start).push(s);
  }
  const out = [];
  let active = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    active = active.filter((s) => s.end > a);
    if (byStart.has(a)) active = active.concat(byStart.get(a));
    out.push({ start: a, end: b, spans: active.slice() });
  }
  return out;
}

/** The sentence-ish context around text[start..end), at most `room`
 * characters each side, cut at sentence or paragraph ends where possible. */
export function context(text, start, end, room = 160) {
  let a = Math.max(0, start - room);
  const before = text.slice(a, start);
  let cut = -1;
  for (const m of before.matchAll(/[.!?]["”’)]?\s+|\n+/g)) cut = m.index + m[0].length;
  if (cut >= 0) a += cut;
  else if (a > 0) { const sp = before.indexOf(' '); if (sp >= 0) a += sp + 1; }
  let b = Math.min(text.length, end + room);
  const after = text.slice(end, b);
  const m = after.match(/[.!?]["”’)]?(?=\s|$)|\n/);
  if (m) b = end + m.index + (m[0] === '\n' ? 0 : m[0].length);
  else if (b < text.length) { const sp = after.lastIndexOf(' '); if (sp > 0) b = end + sp; }
  return {
    before: (a > 0 && cut < 0 ? '…' : '') + text.slice(a, start),
    match: text.slice(start, end),
    after: text.slice(end, b) + (b < text.length && !m ? '…' : ''),
  };
}
