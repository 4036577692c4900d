// Search over documents and quotes with the record's filters; with no
// words it lists the documents that pass the filters.

import { h, route } from './dom.js';
import { get, query } from './api.js';
import { EVENT_TYPES, countryName, eventLabel } from './labels.js';
import { badge, empty } from './widgets.js';

const FILTERS = ['outlet', 'from', 'to', 'entity', 'system', 'supplier', 'recipient', 'type'];

export async function searchPage(_arg, params) {
  const p = Object.fromEntries(['q', ...FILTERS].map((k) => [k, (params.get(k) || '').trim()]));
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const [choices, results] = await Promise.all([filterChoices(), p.q
    ? query('/api/search', { ...p, limit: 100 }).then((r) => ({ kind: 'hits', items: r.hits }))
    : query('/api/documents', { ...p, q: null, limit: 100, offset }).then((r) => ({ kind: 'docs', items: r.documents, total: r.total }))]);

  const form = h('form', { class: 'search-form', role: 'search', on: { submit: (e) => {
    e.preventDefault();
    const data = Object.fromEntries([...new FormData(e.target)].map(([k, v]) => [k, String(v).trim()]));
    location.hash = route('search', data);
  } } },
  h('div', { class: 'search-row' },
    h('input', { type: 'search', name: 'q', class: 'q', value: p.q, placeholder: 'Words in articles and quotes, e.g. S-400 contract', 'aria-label': 'Search words' }),
    h('button', { type: 'submit', class: 'primary' }, 'Search'),
    FILTERS.some((k) => p[k]) ? h('a', { href: route('search', { q: p.q }), class: 'reset' }, 'Clear filters') : null),
  h('div', { class: 'filters' },
    pick('outlet', 'Outlet', choices.outlets, p.outlet, (o) => (choices.outletCounts.has(o) ? `${o} (${choices.outletCounts.get(o).toLocaleString('en')})` : o)),
    dateField('from', 'From', p.from),
    dateField('to', 'To', p.to),
    h('label', { class: 'field' }, h('span', {}, 'Entity'), h('input', { type: 'text', name: 'entity', list: 'entity-ids', value: p.entity, placeholder: 'country:TUR' }),
      h('datalist', { id: 'entity-ids' }, choices.entities.map((e) => h('option', { value: e })))),
    pick('system', 'System', choices.systems, p.system),
    pick('supplier', 'Supplier', choices.countries, p.supplier, withCode),
    pick('recipient', 'Recipient', choices.countries, p.recipient, withCode),
    pick('type', 'Event type', EVENT_TYPES, p.type, eventLabel)));

  let list;
  if (results.kind === 'hits') {
    list = results.items.length ? h('ol', { class: 'results' }, results.items.map((x) => hit(x, p.q)))
      : empty('Nothing found. Try fewer words or fewer filters.');
  } else {
    list = results.items.length ? h('ol', { class: 'results' }, results.items.map(docRow)) : empty('No documents match these filters.');
  }
  const count = results.kind === 'hits' ? `${results.items.length} result${results.items.length === 1 ? '' : 's'} for “${p.q}”`
    : `${results.total} document${results.total === 1 ? '' : 's'}${FILTERS.some((k) => p[k]) ? ' matching the filters' : ''}`;
  const more = results.kind === 'docs' && results.total > offset + results.items.length
    ? h('p', {}, h('a', { href: route('search', { ...p, offset: offset + 100 }) }, 'Next page →')) : null;
  const node = h('section', { class: 'page search' },
    h('div', { class: 'page-head' }, h('h1', {}, p.q ? 'Search' : 'Documents'), h('p', { class: 'lede', id: 'result-count' }, count)),
    form, list, more);
  return { node, title: p.q ? `Search: ${p.q}` : 'Documents' };
}

const withCode = (c) => (countryName(c) === c ? c : `${countryName(c)} (${c})`);

/** A date at any precision the record uses: 2019, 2019-07 or 2019-07-12. */
function dateField(name, label, value) {
  return h('label', { class: 'field' }, h('span', {}, label),
    h('input', { type: 'text', name, value, placeholder: 'YYYY-MM-DD', pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?', title: 'A year, a month or a day: 2019, 2019-07 or 2019-07-12', inputmode: 'numeric' }));
}

function pick(name, label, values, current, show = (x) => x) {
  const opts = current && !values.includes(current) ? [current, ...values] : values;
  return h('label', { class: 'field' }, h('span', {}, label),
    h('select', { name }, h('option', { value: '' }, 'any'), opts.map((v) => h('option', { value: v, selected: v === current ? '' : null }, show(v)))));
}

/** Values for the filters: the deals (not their stories) and every outlet
 * with its number of documents. */
async function filterChoices() {
  const [known, outlets] = await Promise.all([
    get('/api/deals').catch(() => ({ deals: [] })),
    get('/api/outlets').catch(() => ({ outlets: [] })),
  ]);
  const uniq = (xs) => [...new Set(xs.filter(Boolean))].sort();
  const countries = uniq(known.deals.flatMap((d) => [d.supplier, d.recipient]));
  const systems = uniq(known.deals.map((d) => d.system));
  return {
    outlets: outlets.outlets.map((o) => o.outlet),
    outletCounts: new Map(outlets.outlets.map((o) => [o.outlet, o.documents])),
    countries,
    systems,
    entities: [...countries.map((c) => `country:${c}`), ...systems.map((s) => `system:${s}`)],
  };
}

function snippet(parts) {
  return (parts || []).map((x) => (x.hit ? h('mark', {}, x.text) : x.text));
}

function hit(x, q) {
  const href = route(`doc/${encodeURIComponent(x.id)}`, { q });
  return h('li', { class: 'result hit' },
    h('a', { class: 'result-title', href }, x.title || x.id),
    h('div', { class: 'result-meta' }, [x.outlet, x.published, x.id].filter(Boolean).join(' · ')),
    x.snippet && x.snippet.length ? h('p', { class: 'snippet' }, snippet(x.snippet)) : null,
    x.quote ? h('p', { class: 'snippet quote-snippet' }, h('span', { class: 'speaker' }, x.quote.speaker || 'quote'), ': “', snippet(x.quote.snippet), '”') : null);
}

function docRow(d) {
  return h('li', { class: 'result doc-row' },
    h('a', { class: 'result-title', href: route(`doc/${encodeURIComponent(d.id)}`) }, d.title || d.id),
    h('div', { class: 'result-meta' },
      [d.outlet, d.published, d.id].filter(Boolean).join(' · '),
      ' · ', `${d.n_events} event${d.n_events === 1 ? '' : 's'}`,
      d.based_on && d.based_on.length ? [' · based on ', d.based_on.join(', ')] : null,
      d.duplicate_of ? [' ', badge(`copy of ${d.duplicate_of}`, 'muted')] : null));
}
