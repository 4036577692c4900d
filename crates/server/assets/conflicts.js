// Conflicts between sources: for each, the claims side by side, each with
// its evidence highlighted in context and a link into its article.

import { h, route } from './dom.js';
import { documentById, query } from './api.js';
import { byteToIndex, context } from './text.js';
import { eventLabel } from './labels.js';
import { badge, empty, parties, sourceChip } from './widgets.js';

/** Conflicts on one page; `?size=` changes it. */
const PAGE = 20;
/** Claims shown on each side before "show more" (`?claims=` changes it): a
 * conflict of a large corpus can list thousands, each with its article's text. */
const CLAIMS_SHOWN = 8;

export async function conflictsPage(_arg, params) {
  const deal = params.get('deal') || '';
  const field = params.get('field') || '';
  const size = Math.min(500, Math.max(1, parseInt(params.get('size'), 10) || PAGE));
  const page = Math.max(1, parseInt(params.get('page'), 10) || 1);
  const shownClaims = Math.max(1, parseInt(params.get('claims'), 10) || CLAIMS_SHOWN);
  // Counts by field and one page of conflicts: never the whole list, which
  // can be hundreds of megabytes.
  const [counts, shown] = await Promise.all([
    query('/api/conflicts/fields', { story: deal }),
    query('/api/conflicts', { story: deal, field, limit: size, offset: (page - 1) * size }),
  ]);
  const matching = field ? (counts.fields.find((f) => f.field === field) || { conflicts: 0 }).conflicts : counts.total;
  const pages = Math.max(1, Math.ceil(matching / size));
  const first = (page - 1) * size;
  const texts = await documentTexts(shown.flatMap((c) => sides(c).flatMap((s) => s.claims.slice(0, shownClaims))));
  const link = (p) => route('conflicts', { deal, field, size: size === PAGE ? null : size, claims: shownClaims === CLAIMS_SHOWN ? null : shownClaims, page: p > 1 ? p : null });
  const pager = pages > 1 || page > 1 ? h('nav', { class: 'pager', 'aria-label': 'Pages of conflicts' },
    page > 1 ? h('a', { class: 'pill', rel: 'prev', href: link(page - 1) }, '← Previous') : null,
    h('span', { class: 'page-of' }, shown.length ? `${(first + 1).toLocaleString('en')}–${(first + shown.length).toLocaleString('en')} of ${matching.toLocaleString('en')}` : `page ${page} of ${pages}`),
    page < pages ? h('a', { class: 'pill', rel: 'next', href: link(page + 1) }, 'Next →') : null) : null;

  const node = h('section', { class: 'page conflicts' },
    h('div', { class: 'page-head' },
      h('h1', {}, 'Conflicts'),
      h('p', { class: 'lede' }, `${counts.total.toLocaleString('en')} places where sources disagree about ${deal ? 'this deal' : 'a deal'}. Each side lists every claim with its evidence; open a claim to read it in its article.`)),
    h('div', { class: 'toolbar' },
      h('a', { class: ['pill', !field ? 'on' : ''], href: route('conflicts', { deal }) }, 'All fields'),
      counts.fields.map((f) => h('a', { class: ['pill', field === f.field ? 'on' : ''], href: route('conflicts', { deal, field: f.field }) }, f.field, ' ', h('span', { class: 'n' }, f.conflicts.toLocaleString('en')))),
      deal ? h('span', { class: 'filter-note' }, 'Deal ', h('a', { href: route(`deal/${encodeURIComponent(deal)}`) }, deal), ' · ', h('a', { href: route('conflicts', { field }) }, 'show all deals')) : null),
    pager,
    shown.length ? shown.map((c, i) => conflict(c, first + i, texts, shownClaims)) : empty(counts.total ? 'No conflicts match this filter.' : 'No conflicts: the sources agree.'),
    shown.length > 3 && pager ? pager.cloneNode(true) : null);
  return { node, title: 'Conflicts' };
}

/** The text of every document the claims cite, with its byte-offset mapper,
 * added to `out`. */
async function documentTexts(claims, out = new Map()) {
  const ids = [...new Set(claims.map((x) => x.doc))].filter((id) => !out.has(id));
  const docs = await Promise.all(ids.map((id) => documentById(id).then((d) => d.document).catch(() => null)));
  docs.forEach((d, i) => { if (d) out.set(ids[i], { text: d.text, at: byteToIndex(d.text) }); });
  return out;
}

function conflict(c, n, texts, shownClaims) {
  const s = c.subject || {};
  return h('article', { class: ['conflict', `field-${c.field}`], id: `conflict-${n}`, data: { field: c.field, story: c.story || '' } },
    h('header', { class: 'conflict-head' },
      badge(c.field, 'disputed'),
      h('h2', {}, h('a', { href: c.story ? route(`deal/${encodeURIComponent(c.story)}`) : null }, s.system || '', ' ', parties(s.supplier, s.recipient)),
        h('span', { class: 'etype' }, ' · ', eventLabel(s.type))),
      h('p', { class: 'explain' }, c.explain)),
    h('div', { class: 'sides' }, sides(c).map((side, i) => h('section', { class: ['side', `side-${i}`] },
      h('h3', { class: 'side-head' }, h('span', { class: 'side-value' }, side.label), h('span', { class: 'n' }, `${side.claims.length} claim${side.claims.length > 1 ? 's' : ''}`)),
      side.claims.slice(0, shownClaims).map((x) => claim(x, texts)),
      side.claims.length > shownClaims ? more(side.claims.slice(shownClaims), texts) : null))));
}

/** A button that shows the rest of a side's claims, reading their articles then. */
function more(rest, texts) {
  const button = h('button', { type: 'button', class: 'more-claims', on: { click: async () => {
    button.disabled = true;
    button.textContent = 'Loading…';
    await documentTexts(rest, texts);
    button.replaceWith(...rest.map((x) => claim(x, texts)));
  } } }, `Show ${rest.length.toLocaleString('en')} more claim${rest.length > 1 ? 's' : ''}`);
  return button;
}

/** Claims grouped by what they say. Dates that agree within their stated
 * precision ("2017" and "2017-12") stand on one side. */
function sides(c) {
  const groups = [];
  for (const claim of c.claims) {
    const v = String(claim.value);
    let g = groups.find((x) => x.values.some((y) => y === v || (c.field === 'time' && (y.startsWith(v) || v.startsWith(y)))));
    if (!g) groups.push(g = { values: [], claims: [] });
    if (!g.values.includes(v)) g.values.push(v);
    g.claims.push(claim);
  }
  return groups.map((g) => ({ label: g.values.sort((a, b) => b.length - a.length).join(' / '), claims: g.claims }));
}

function claim(x, texts) {
  const doc = texts.get(x.doc);
  const hasSpan = Number.isInteger(x.start) && Number.isInteger(x.end) && x.end > x.start;
  let quote;
  if (doc && hasSpan) {
    const ctx = context(doc.text, doc.at(x.start), doc.at(x.end));
    quote = h('blockquote', { class: 'evidence-context' }, ctx.before, h('mark', { class: 'evidence-mark' }, ctx.match), ctx.after);
  } else {
    quote = h('blockquote', { class: 'evidence-context' }, h('mark', { class: 'evidence-mark' }, x.evidence || ''));
  }
  const href = route(`doc/${encodeURIComponent(x.doc)}`, { hl: hasSpan ? `${x.start}-${x.end}` : null, find: hasSpan ? null : x.evidence });
  return h('div', { class: 'claim', data: { doc: x.doc, value: String(x.value) } },
    h('div', { class: 'claim-meta' },
      h('span', { class: 'who' }, x.attributed_to || h('span', { class: 'muted' }, 'the outlet')),
      sourceChip(x.doc, { outlet: x.outlet, published: x.published, start: x.start, end: x.end })),
    quote,
    h('a', { class: 'open', href }, 'Open in article →'));
}
