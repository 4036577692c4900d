// The deal register: one row per deal with SIPRI's fields, sortable and
// filterable, disputed fields in the accent colour with every value shown.

import { append, h, clear, route } from './dom.js';
import { get, query } from './api.js';
import { REGISTER_FIELDS } from './labels.js';
import { empty, fieldValue, parseSource, parties, sourceChip } from './widgets.js';

// The server sorts, filters and pages the register (a large corpus has
// thousands of deals): the page asks for one page of rows at a time, each
// with a few claims a field for its tooltips and a few sources.
const COLUMNS = [
  { key: 'deal', label: 'Deal' },
  { key: 'designation', label: 'System' },
  { key: 'description', label: 'Type' },
  ...REGISTER_FIELDS.map(([key, label]) => ({ key, label, field: true })),
  { key: 'sources', label: 'Sources' },
];

/** Claims listed in a cell's tooltip. */
const TOOLTIP_CLAIMS = 5;
/** Source chips shown in a row (`?sources=` changes it, up to the 12 the
 * server keeps with each row); the deal's page lists them all. */
const SOURCES_SHOWN = 8;
/** Rows on one page; `?size=` changes it. */
const PAGE = 50;
/** Milliseconds of typing in the filter box before the rows are asked for. */
const TYPING = 200;

export async function registerPage(_arg, params) {
  const state = {
    sort: COLUMNS.some((c) => c.key === params.get('sort')) ? params.get('sort') : 'deal',
    dir: params.get('dir') === 'desc' ? -1 : 1,
    q: params.get('q') || '',
    supplier: params.get('supplier') || '',
    recipient: params.get('recipient') || '',
    system: params.get('system') || '',
    disputed: params.get('disputed') === '1',
    page: Math.max(1, parseInt(params.get('page'), 10) || 1),
    size: Math.min(500, Math.max(1, parseInt(params.get('size'), 10) || PAGE)),
    sources: Math.min(12, Math.max(0, parseInt(params.get('sources'), 10) || SOURCES_SHOWN)),
  };
  const [facets, first] = await Promise.all([get('/api/register/facets'), rowsFor(state)]);
  const tbody = h('tbody');
  const thead = h('thead');
  const summary = h('span', { class: 'summary' });
  const pagers = [h('nav', { class: 'pager', 'aria-label': 'Pages of the register' }), h('nav', { class: 'pager', 'aria-label': 'Pages of the register' })];

  const select = (key, label, list) => h('label', { class: 'field' }, h('span', {}, label),
    h('select', { name: key, on: { change: (e) => { state[key] = e.target.value; state.page = 1; update(); } } },
      h('option', { value: '' }, 'any'),
      list.map((o) => h('option', { value: o.value, selected: o.value === state[key] ? '' : null }, `${o.label} (${o.deals.toLocaleString('en')})`))));
  const countries = (list) => list.map((c) => ({ value: c.code, label: c.name === c.code ? c.code : `${c.name} · ${c.code}`, deals: c.deals }))
    .sort((a, b) => a.label.localeCompare(b.label));

  const toolbar = h('div', { class: 'toolbar' },
    h('label', { class: 'field grow' }, h('span', {}, 'Filter'),
      h('input', { type: 'search', name: 'filter', placeholder: 'country, system, value, source…', value: state.q,
        on: { input: (e) => { state.q = e.target.value; state.page = 1; update({ typing: true }); } } })),
    select('supplier', 'Supplier', countries(facets.suppliers)),
    select('recipient', 'Recipient', countries(facets.recipients)),
    select('system', 'System', facets.systems.map((s) => ({ value: s.system, label: s.system, deals: s.deals }))),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'disputed', checked: state.disputed,
      on: { change: (e) => { state.disputed = e.target.checked; state.page = 1; update(); } } }), ` Disputed only (${facets.disputed.toLocaleString('en')})`),
    summary);

  function headers() {
    clear(thead).append(h('tr', {}, COLUMNS.map((c) => {
      const active = state.sort === c.key;
      return h('th', { class: [c.field ? 'num' : '', active ? 'sorted' : ''], 'aria-sort': active ? (state.dir > 0 ? 'ascending' : 'descending') : null },
        h('button', { type: 'button', class: 'sort', title: `Sort by ${c.label.toLowerCase()}`, on: { click: () => {
          state.dir = state.sort === c.key ? -state.dir : 1;
          state.sort = c.key;
          state.page = 1;
          update();
        } } }, c.label, h('span', { class: 'arrow' }, active ? (state.dir > 0 ? '▲' : '▼') : '↕')));
    })));
  }

  function show({ rows, total }) {
    clear(tbody).append(...rows.flatMap((r) => [row(r), ...(r.later_orders || []).map((o) => laterOrder(r, o))]));
    if (!rows.length) tbody.append(h('tr', {}, h('td', { colspan: COLUMNS.length }, empty('No deals match these filters.'))));
    const from = (state.page - 1) * state.size;
    summary.textContent = `${total.toLocaleString('en')} of ${facets.deals.toLocaleString('en')} deals`;
    const pages = Math.max(1, Math.ceil(total / state.size));
    for (const nav of pagers) {
      append(clear(nav), [
        state.page > 1 ? h('button', { type: 'button', class: 'pill', rel: 'prev', on: { click: () => { state.page -= 1; update({ top: true }); } } }, '← Previous') : null,
        h('span', { class: 'page-of' }, rows.length ? `${(from + 1).toLocaleString('en')}–${(from + rows.length).toLocaleString('en')} of ${total.toLocaleString('en')}` : `page ${state.page} of ${pages}`),
        state.page < pages ? h('button', { type: 'button', class: 'pill', rel: 'next', on: { click: () => { state.page += 1; update({ top: true }); } } }, 'Next →') : null]);
      nav.hidden = pages <= 1 && state.page <= 1;
    }
  }

  // Each change asks for its rows; an answer to an earlier change is dropped.
  let asked = 0;
  async function update({ typing = false, top = false } = {}) {
    headers();
    const p = { sort: state.sort === 'deal' ? null : state.sort, dir: state.dir < 0 ? 'desc' : null, q: state.q,
      supplier: state.supplier, recipient: state.recipient, system: state.system, disputed: state.disputed ? '1' : null,
      page: state.page > 1 ? state.page : null, size: state.size === PAGE ? null : state.size,
      sources: state.sources === SOURCES_SHOWN ? null : state.sources };
    history.replaceState(null, '', route('register', p));
    const mine = ++asked;
    node.dataset.busy = '1';
    if (typing) await new Promise((resolve) => setTimeout(resolve, TYPING));
    if (mine !== asked) return;
    try {
      const answer = await rowsFor(state);
      if (mine !== asked) return;
      // A page past the end (rows gone, or a stale link): the last page.
      if (!answer.rows.length && answer.total && state.page > 1) {
        state.page = Math.ceil(answer.total / state.size);
        update({ top });
        return;
      }
      show(answer);
      if (top) node.scrollIntoView({ block: 'start' });
    } catch (err) {
      if (mine !== asked) return;
      clear(tbody).append(h('tr', {}, h('td', { colspan: COLUMNS.length }, h('div', { class: 'error' }, err.message))));
    }
    node.dataset.busy = '0';
  }

  const node = h('section', { class: 'page register', data: { busy: '0' } },
    h('div', { class: 'page-head' },
      h('h1', {}, 'Deal register'),
      h('p', { class: 'lede' }, `${facets.deals.toLocaleString('en')} deals read from the articles; `,
        h('a', { href: '#/conflicts' }, `${facets.disputed.toLocaleString('en')} with disputed fields`), '. Click a deal for its timeline and sources.')),
    toolbar,
    pagers[0],
    facets.deals ? h('div', { class: 'table-wrap' }, h('table', { class: 'grid register-table' }, thead, tbody))
      : empty('The register is empty: ingest some articles first.'),
    pagers[1]);
  headers();
  show(first);
  if (!first.rows.length && first.total && state.page > 1) update();
  return { node, title: 'Register' };
}

/** One page of rows for the page's state. */
function rowsFor(state) {
  return query('/api/register', {
    claims: TOOLTIP_CLAIMS, sources: state.sources, sort: state.sort, dir: state.dir < 0 ? 'desc' : null,
    q: state.q.trim(), supplier: state.supplier, recipient: state.recipient, system: state.system,
    disputed: state.disputed ? '1' : null, limit: state.size, offset: (state.page - 1) * state.size,
  });
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
    }), moreSources(r, deal)), r.comments ? h('div', { class: 'comment', title: r.comments }, r.comments) : null));
}

/** A further order of the row's deal ("second batch"): a row of its own fields below the deal's. */
function laterOrder(r, o) {
  const conflicts = route('conflicts', { deal: r.story });
  return h('tr', { class: ['later-order', isDisputed(o) ? 'order-dispute' : ''], data: { later: r.story, batch: o.batch } },
    h('td', { class: 'deal muted' }, `↳ ${o.batch} batch`),
    h('td', {}), h('td', {}),
    REGISTER_FIELDS.map(([key]) => h('td', { class: ['num', key, o[key] && o[key].disputed ? 'cell-disputed' : ''] },
      o[key] ? fieldValue(o[key], { link: conflicts }) : '')),
    h('td', {}));
}

function isDisputed(r) {
  return REGISTER_FIELDS.some(([key]) => r[key] && r[key].disputed) || (r.later_orders || []).some(isDisputed);
}

/** A link to the deal's page for the sources a row does not list. */
function moreSources(r, deal) {
  const more = (r.n_sources || 0) - (r.sources || []).length;
  return more > 0 ? h('a', { class: 'chip more-sources', href: deal, title: 'Every source is on the deal\'s page' }, `+${more.toLocaleString('en')} more`) : null;
}
