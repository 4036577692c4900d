// The deal register: one row per deal with SIPRI's fields, sortable and
// filterable, disputed fields in the accent colour with every value shown.

import { h, clear, route } from './dom.js';
import { get } from './api.js';
import { REGISTER_FIELDS, countryName, sortKey } from './labels.js';
import { empty, fieldValue, parseSource, parties, sourceChip } from './widgets.js';

const COLUMNS = [
  { key: 'deal', label: 'Deal', sort: (r) => `${countryName(r.supplier)} ${countryName(r.recipient)}` },
  { key: 'designation', label: 'System', sort: (r) => r.designation || '' },
  { key: 'description', label: 'Type', sort: (r) => r.description || '' },
  ...REGISTER_FIELDS.map(([key, label]) => ({ key, label, field: true, sort: (r) => sortKey(r[key] && r[key].value) })),
  { key: 'sources', label: 'Sources', sort: (r) => (r.sources || []).length },
];

/** Claims listed in a cell's tooltip. */
const TOOLTIP_CLAIMS = 5;

export async function registerPage(_arg, params) {
  // A few claims a field, for the cells' tooltips: a deal of a large corpus
  // has thousands, which its own page shows.
  const { rows } = await get(`/api/register?claims=${TOOLTIP_CLAIMS}`);
  const state = {
    sort: params.get('sort') || 'deal',
    dir: params.get('dir') === 'desc' ? -1 : 1,
    q: params.get('q') || '',
    supplier: params.get('supplier') || '',
    recipient: params.get('recipient') || '',
    system: params.get('system') || '',
    disputed: params.get('disputed') === '1',
  };
  const nDisputed = rows.filter(isDisputed).length;
  const tbody = h('tbody');
  const thead = h('thead');
  const summary = h('span', { class: 'summary' });

  const options = (key) => [...new Set(rows.map((r) => r[key]).filter(Boolean))].sort();
  const select = (key, label, names) => h('label', { class: 'field' }, h('span', {}, label),
    h('select', { name: key, on: { change: (e) => { state[key] = e.target.value; update(); } } },
      h('option', { value: '' }, 'any'),
      options(key === 'system' ? 'designation' : key).map((v) => h('option', { value: v, selected: v === state[key] ? '' : null }, names ? `${countryName(v)} (${v})` : v))));

  const toolbar = h('div', { class: 'toolbar' },
    h('label', { class: 'field grow' }, h('span', {}, 'Filter'),
      h('input', { type: 'search', name: 'filter', placeholder: 'country, system, value, source…', value: state.q,
        on: { input: (e) => { state.q = e.target.value; update(); } } })),
    select('supplier', 'Supplier', true),
    select('recipient', 'Recipient', true),
    select('system', 'System'),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'disputed', checked: state.disputed,
      on: { change: (e) => { state.disputed = e.target.checked; update(); } } }), ` Disputed only (${nDisputed})`),
    summary);

  function headers() {
    clear(thead).append(h('tr', {}, COLUMNS.map((c) => {
      const active = state.sort === c.key;
      return h('th', { class: [c.field ? 'num' : '', active ? 'sorted' : ''], 'aria-sort': active ? (state.dir > 0 ? 'ascending' : 'descending') : null },
        h('button', { type: 'button', class: 'sort', title: `Sort by ${c.label.toLowerCase()}`, on: { click: () => {
          state.dir = state.sort === c.key ? -state.dir : 1;
          state.sort = c.key;
          update();
        } } }, c.label, h('span', { class: 'arrow' }, active ? (state.dir > 0 ? '▲' : '▼') : '↕')));
    })));
  }

  function visible() {
    const words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    const col = COLUMNS.find((c) => c.key === state.sort) || COLUMNS[0];
    return rows
      .filter((r) => (!state.supplier || r.supplier === state.supplier)
        && (!state.recipient || r.recipient === state.recipient)
        && (!state.system || r.designation === state.system)
        && (!state.disputed || isDisputed(r))
        && words.every((w) => haystack(r).includes(w)))
      .map((r, i) => ({ r, i, k: col.sort(r) }))
      .sort((a, b) => compare(a.k, b.k) * state.dir || a.i - b.i)
      .map((x) => x.r);
  }

  function update() {
    headers();
    const shown = visible();
    clear(tbody).append(...shown.map(row));
    if (!shown.length) tbody.append(h('tr', {}, h('td', { colspan: COLUMNS.length }, empty('No deals match these filters.'))));
    summary.textContent = `${shown.length} of ${rows.length} deals`;
    const p = { sort: state.sort === 'deal' ? null : state.sort, dir: state.dir < 0 ? 'desc' : null, q: state.q,
      supplier: state.supplier, recipient: state.recipient, system: state.system, disputed: state.disputed ? '1' : null };
    history.replaceState(null, '', route('register', p));
  }

  update();
  const node = h('section', { class: 'page register' },
    h('div', { class: 'page-head' },
      h('h1', {}, 'Deal register'),
      h('p', { class: 'lede' }, `${rows.length} deals read from the articles; `,
        h('a', { href: '#/conflicts' }, `${nDisputed} with disputed fields`), '. Click a deal for its timeline and sources.')),
    toolbar,
    rows.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'grid register-table' }, thead, tbody))
      : empty('The register is empty: ingest some articles first.'));
  return { node, title: 'Register' };
}

function row(r) {
  const deal = route(`deal/${encodeURIComponent(r.story)}`);
  const conflicts = route('conflicts', { deal: r.story });
  return h('tr', { class: isDisputed(r) ? 'has-dispute' : null, data: { story: r.story } },
    h('td', { class: 'deal' }, h('a', { href: deal, class: 'deal-link' }, parties(r.supplier, r.recipient))),
    h('td', { class: 'system' }, h('a', { href: deal }, r.designation || '—')),
    h('td', { class: 'muted' }, r.description || '—'),
    REGISTER_FIELDS.map(([key]) => h('td', { class: ['num', key, r[key] && r[key].disputed ? 'cell-disputed' : ''] },
      fieldValue(r[key], { link: conflicts }))),
    h('td', { class: 'sources' }, h('div', { class: 'chips' }, (r.sources || []).map((s) => {
      const { doc, outlet } = parseSource(s);
      return sourceChip(doc, { outlet: null, title: outlet || doc });
    })), r.comments ? h('div', { class: 'comment', title: r.comments }, r.comments) : null));
}

function isDisputed(r) {
  return REGISTER_FIELDS.some(([key]) => r[key] && r[key].disputed);
}

function haystack(r) {
  const parts = [r.supplier, r.recipient, countryName(r.supplier), countryName(r.recipient), r.designation, r.description, r.comments, ...(r.sources || [])];
  for (const [key] of REGISTER_FIELDS) if (r[key]) parts.push(r[key].value, ...(r[key].values || []));
  return parts.filter(Boolean).join(' ').toLowerCase();
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
