// Building DOM from data without ever parsing it as HTML: every string from
// the API becomes a text node, so an article containing markup shows as text.

/** Creates an element. `attrs` keys: class, title, href, id, type, value,
 * placeholder, name, for, data (an object of data-* values), on (an object
 * of event listeners), and any other attribute set with setAttribute.
 * Children are nodes, strings (as text), arrays, or null/false (skipped). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'data') for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
    else if (key === 'on') for (const [k, v] of Object.entries(value)) el.addEventListener(k, v);
    else if (key === 'href') el.setAttribute('href', safeHref(String(value)));
    else if (key === 'value') el.value = value;
    else if (key === 'checked') el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Only in-app hash links and web URLs: a document URL of `javascript:` must not run. */
export function safeHref(href) {
  if (href.startsWith('#') || href.startsWith('/')) return href;
  try {
    const u = new URL(href);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch (_) { /* not a URL */ }
  return '#';
}

/** A hash URL with query parameters, skipping empty ones. */
export function route(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return `#/${path}${s ? `?${s}` : ''}`;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}
