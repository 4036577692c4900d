// A document: its clean text with quotes, speakers, events, amounts, dates
// and entities highlighted, each listed beside the text; its source agencies
// and copies. `?hl=START-END` (UTF-8 byte offsets) marks and scrolls to a
// piece of evidence; `?q=words` marks search terms.

import { h } from './dom.js';
import { documentById } from './api.js';
import { byteToIndex, runs } from './text.js';
import { countryName, eventLabel, money, quantity } from './labels.js';
import { badge, empty, sourceChip } from './widgets.js';

const LAYERS = [
  ['quote', 'Quotes'],
  ['speaker', 'Speakers'],
  ['event', 'Events'],
  ['amount', 'Amounts'],
  ['date', 'Dates'],
  ['entity', 'Entities'],
];

export async function docPage(id, params) {
  const { document: doc, copies } = await documentById(id);
  const text = doc.text || '';
  const at = byteToIndex(text);
  const spans = [];
  const add = (layer, key, start, end, title) => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start) return;
    spans.push({ layer, key, start: at(start), end: at(end), title });
  };
  const quotes = doc.quotes || [];
  const events = doc.events || [];
  const amounts = doc.amounts || [];
  const entities = doc.entities || [];
  const times = doc.times || [];
  quotes.forEach((q, i) => {
    add('quote', `q${i}`, q.start, q.end, `Quote${q.speaker ? ` by ${q.speaker}` : ''}${q.direct ? '' : ' (reported)'}`);
    if (q.speaker_span) add('speaker', `q${i}`, q.speaker_span.start, q.speaker_span.end, `Speaker: ${q.speaker || ''}${q.role ? `, ${q.role}` : ''}`);
  });
  events.forEach((e, i) => e.evidence && add('event', `ev${i}`, e.evidence.start, e.evidence.end, `Event: ${eventSummary(e)}`));
  amounts.forEach((a, i) => add('amount', `a${i}`, a.start, a.end, `Amount (${a.kind}): ${a.value} ${a.unit || ''}`));
  times.forEach((t, i) => add('date', `t${i}`, t.start, t.end, `Date: ${t.value || 'unresolved'}`));
  entities.forEach((e, i) => (e.mentions || []).forEach((m) => add('entity', `e${i}`, m.start, m.end, `${e.kind}: ${e.name} (${e.id})`)));

  let focus = null;
  const hl = (params.get('hl') || '').match(/^(\d+)-(\d+)$/);
  if (hl) focus = { start: Number(hl[1]), end: Number(hl[2]) };
  const find = params.get('find');
  if (!focus && find) {
    const i = text.indexOf(find);
    if (i >= 0) focus = { start: utf8Length(text.slice(0, i)), end: utf8Length(text.slice(0, i + find.length)) };
  }
  if (focus) add('focus', 'focus', focus.start, focus.end, 'The evidence you followed');
  for (const word of searchTerms(params.get('q'))) {
    const re = new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    for (const m of text.matchAll(re)) spans.push({ layer: 'match', key: 'match', start: m.index, end: m.index + m[0].length, title: 'Search match' });
  }

  const body = h('div', { class: 'doc-text', lang: 'en' });
  const firstOf = new Map();
  for (const r of runs(text.length, spans)) {
    const piece = text.slice(r.start, r.end);
    if (!r.spans.length) { body.append(piece); continue; }
    const layers = [...new Set(r.spans.map((s) => s.layer))];
    const keys = [...new Set(r.spans.map((s) => s.key))];
    const el = h('span', { class: layers.map((l) => `l-${l}`), data: { ann: keys.join(' ') }, title: [...new Set(r.spans.map((s) => s.title))].join('\n') }, piece);
    for (const k of keys) if (!firstOf.has(k)) firstOf.set(k, el);
    body.append(el);
  }

  const article = h('article', { class: 'doc-main' },
    h('nav', { class: 'crumbs' }, h('a', { href: '#/documents' }, 'Documents'), ' / ', doc.id),
    h('h1', { class: 'doc-title' }, doc.title || doc.id),
    meta(doc, copies),
    legend(body, { quotes, events, amounts, times, entities }),
    text ? body : empty('This document has no text.'));

  const side = h('aside', { class: 'doc-side' },
    list('Events', events, (e, i) => h('div', {},
      h('div', { class: 'item-head' }, h('strong', {}, eventLabel(e.type)),
        e.polarity === 'denied' ? badge('denied', 'denied') : null,
        e.modality && e.modality !== 'fact' ? badge(e.modality, e.modality) : null,
        e.time ? h('time', {}, e.time) : null),
      h('div', { class: 'item-sub' }, [countryName(e.supplier), '→', countryName(e.recipient), e.system ? `· ${e.system}` : '',
        money(e.value) ? `· ${money(e.value)}` : '', quantity(e.quantity) ? `· ${quantity(e.quantity)}` : '',
        e.batch ? `· ${e.batch} batch` : ''].filter(Boolean).join(' ')),
      e.attributed_to ? h('div', { class: 'item-who' }, `according to ${e.attributed_to}`) : null), 'ev', 'event'),
    list('Quotes', quotes, (q) => h('div', {},
      h('div', { class: 'item-head' }, h('strong', {}, q.speaker || 'unknown speaker'), q.direct ? null : badge('reported', 'muted')),
      q.role ? h('div', { class: 'item-sub' }, q.role) : null,
      h('div', { class: 'item-text' }, clip(q.text, 180))), 'q', 'quote'),
    list('Amounts', amounts, (a) => h('div', { class: 'item-head' }, h('strong', {}, a.text), h('span', { class: 'muted' }, `${a.kind} · ${a.qualifier ? `${a.qualifier} ` : ''}${Number(a.value).toLocaleString('en-US')} ${a.unit || ''}`)), 'a', 'amount'),
    list('Entities', entities, (e) => h('div', { class: 'item-head' }, h('strong', {}, e.name), badge(e.kind, e.kind), h('span', { class: 'muted' }, `×${(e.mentions || []).length}`)), 'e', 'entity'),
    list('Dates', times, (t) => h('div', { class: 'item-head' }, h('strong', {}, t.text), h('span', { class: 'muted' }, t.value || 'unresolved')), 't', 'date'));
  wire(side, body, firstOf);

  const node = h('div', { class: 'page doc' }, article, side);
  const after = () => {
    const target = firstOf.get('focus');
    if (target) target.scrollIntoView({ block: 'center' });
    else window.scrollTo(0, 0);
  };
  return { node, title: doc.title || doc.id, after };
}

function meta(doc, copies) {
  const items = [];
  if (doc.outlet) items.push(h('span', { class: 'outlet' }, doc.outlet));
  if (doc.published) items.push(h('span', { title: `publication date read from the ${doc.published_basis || 'document'}` }, h('time', {}, doc.published), doc.published_basis ? h('span', { class: 'muted' }, ` (${doc.published_basis})`) : null));
  if (doc.based_on && doc.based_on.length) items.push(h('span', { class: 'agencies' }, 'based on ', doc.based_on.map((a) => h('span', { class: 'chip agency' }, a))));
  if (doc.url) items.push(h('a', { href: doc.url, rel: 'noopener noreferrer', target: '_blank', class: 'url' }, shortUrl(doc.url)));
  const rows = [h('div', { class: 'doc-meta' }, items)];
  if (doc.duplicate_of) rows.push(h('div', { class: 'doc-dupes' }, badge('copy', 'muted'), ' Near-duplicate of ', sourceChip(doc.duplicate_of), '; its facts are counted once.'));
  if (copies && copies.length) rows.push(h('div', { class: 'doc-dupes' }, badge('syndicated', 'muted'), ` ${copies.length} cop${copies.length > 1 ? 'ies' : 'y'}: `, copies.map((c) => sourceChip(c))));
  return rows;
}

/** Checkboxes that switch highlight layers on and off. */
function legend(body, counts) {
  const n = { quote: counts.quotes.length, speaker: counts.quotes.filter((q) => q.speaker_span).length, event: counts.events.length,
    amount: counts.amounts.length, date: counts.times.length, entity: counts.entities.length };
  return h('div', { class: 'legend' }, LAYERS.map(([layer, label]) => h('label', { class: ['key', `key-${layer}`] },
    h('input', { type: 'checkbox', checked: true, on: { change: (e) => body.classList.toggle(`hide-${layer}`, !e.target.checked) } }),
    h('span', { class: `swatch l-${layer}` }, label), h('span', { class: 'n' }, String(n[layer])))));
}

function list(title, items, render, prefix, layer) {
  return h('section', { class: ['side-list', `list-${layer}`] },
    h('h2', {}, title, ' ', h('span', { class: 'n' }, String(items.length))),
    items.length ? h('ol', {}, inTextOrder(items).map(({ x, i }) => h('li', { class: ['side-item', `item-${layer}`], tabindex: '0', data: { key: `${prefix}${i}` } }, render(x, i))))
      : h('p', { class: 'muted small' }, 'none found'));
}

/** Items in the order they appear in the text, each with its index in the API's list. */
function inTextOrder(items) {
  const at = (x) => (x.evidence ? x.evidence.start : x.mentions && x.mentions.length ? x.mentions[0].start : x.start) ?? 0;
  return items.map((x, i) => ({ x, i })).sort((a, b) => at(a.x) - at(b.x) || a.i - b.i);
}

/** Clicking an item in the side lists scrolls to it in the text; hovering lights it up. */
function wire(side, body, firstOf) {
  const cycle = new Map();
  const segments = (key) => [...body.querySelectorAll('[data-ann]')].filter((el) => el.dataset.ann.split(' ').includes(key));
  const go = (li) => {
    const key = li.dataset.key;
    const all = segments(key);
    if (!all.length) return;
    // Entities have many mentions: each click goes to the next one.
    const starts = all.filter((el) => {
      const prev = el.previousSibling;
      return !(prev && prev.nodeType === 1 && prev.dataset.ann && prev.dataset.ann.split(' ').includes(key));
    });
    const i = (cycle.get(key) ?? -1) + 1;
    cycle.set(key, i % starts.length);
    const target = starts[i % starts.length] || firstOf.get(key);
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    for (const el of all) { el.classList.remove('flash'); void el.offsetWidth; el.classList.add('flash'); }
  };
  side.addEventListener('click', (e) => { const li = e.target.closest('.side-item'); if (li) go(li); });
  side.addEventListener('keydown', (e) => { const li = e.target.closest('.side-item'); if (li && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); go(li); } });
  side.addEventListener('mouseover', (e) => { const li = e.target.closest('.side-item'); if (li) for (const el of segments(li.dataset.key)) el.classList.add('lit'); });
  side.addEventListener('mouseout', (e) => { const li = e.target.closest('.side-item'); if (li) for (const el of body.querySelectorAll('.lit')) el.classList.remove('lit'); });
}

function eventSummary(e) {
  return [eventLabel(e.type), e.polarity === 'denied' ? '(denied)' : '', e.modality !== 'fact' ? `(${e.modality})` : '',
    `${e.supplier || '?'}→${e.recipient || '?'}`, e.system || '', e.time || '', money(e.value) || '', e.attributed_to ? `— ${e.attributed_to}` : ''].filter(Boolean).join(' ');
}

function searchTerms(q) {
  if (!q) return [];
  return [...new Set(q.replace(/["()*:^]/g, ' ').split(/\s+/).filter((w) => w.length > 1 && !/^(AND|OR|NOT|NEAR)$/.test(w)))];
}

const encoder = new TextEncoder();
function utf8Length(s) { return encoder.encode(s).length; }

function clip(s, n) { s = s || ''; return s.length > n ? `${s.slice(0, n - 1)}…` : s; }

function shortUrl(u) {
  try { const x = new URL(u); return x.hostname + (x.pathname.length > 30 ? `${x.pathname.slice(0, 29)}…` : x.pathname); } catch (_) { return u; }
}
