// Conflicts between sources: for each, the claims side by side, each with
// its evidence highlighted in context and a link into its article.

import { h, route } from './dom.js';
import { documentById, get } from './api.js';
import { byteToIndex, context } from './text.js';
import { eventLabel } from './labels.js';
import { badge, empty, parties, sourceChip } from './widgets.js';

export async function conflictsPage(_arg, params) {
  const deal = params.get('deal') || '';
  const field = params.get('field') || '';
  // One deal's conflicts are asked for alone: the whole list can be large.
  const all = await get(deal ? `/api/conflicts?story=${encodeURIComponent(deal)}` : '/api/conflicts');
  const shown = all.filter((c) => (!deal || c.story === deal) && (!field || c.field === field));
  const texts = await documentTexts(shown);
  const fields = [...new Set(all.map((c) => c.field))];

  const node = h('section', { class: 'page conflicts' },
    h('div', { class: 'page-head' },
      h('h1', {}, 'Conflicts'),
      h('p', { class: 'lede' }, `${all.length} places where sources disagree about ${deal ? 'this deal' : 'a deal'}. Each side lists every claim with its evidence; open a claim to read it in its article.`)),
    h('div', { class: 'toolbar' },
      h('a', { class: ['pill', !field ? 'on' : ''], href: route('conflicts', { deal }) }, 'All fields'),
      fields.map((f) => h('a', { class: ['pill', field === f ? 'on' : ''], href: route('conflicts', { deal, field: f }) }, f, ' ', h('span', { class: 'n' }, String(all.filter((c) => c.field === f && (!deal || c.story === deal)).length)))),
      deal ? h('span', { class: 'filter-note' }, 'Deal ', h('a', { href: route(`deal/${encodeURIComponent(deal)}`) }, deal), ' · ', h('a', { href: route('conflicts', { field }) }, 'show all deals')) : null),
    shown.length ? shown.map((c, i) => conflict(c, i, texts)) : empty(all.length ? 'No conflicts match this filter.' : 'No conflicts: the sources agree.'));
  return { node, title: 'Conflicts' };
}

/** The text of every document a claim cites, with its byte-offset mapper. */
async function documentTexts(conflicts) {
  const ids = [...new Set(conflicts.flatMap((c) => c.claims.map((x) => x.doc)))];
  const docs = await Promise.all(ids.map((id) => documentById(id).then((d) => d.document).catch(() => null)));
  const out = new Map();
  docs.forEach((d, i) => { if (d) out.set(ids[i], { text: d.text, at: byteToIndex(d.text) }); });
  return out;
}

function conflict(c, n, texts) {
  const s = c.subject || {};
  return h('article', { class: ['conflict', `field-${c.field}`], id: `conflict-${n}`, data: { field: c.field, story: c.story || '' } },
    h('header', { class: 'conflict-head' },
      badge(c.field, 'disputed'),
      h('h2', {}, h('a', { href: c.story ? route(`deal/${encodeURIComponent(c.story)}`) : null }, s.system || '', ' ', parties(s.supplier, s.recipient)),
        h('span', { class: 'etype' }, ' · ', eventLabel(s.type))),
      h('p', { class: 'explain' }, c.explain)),
    h('div', { class: 'sides' }, sides(c).map((side, i) => h('section', { class: ['side', `side-${i}`] },
      h('h3', { class: 'side-head' }, h('span', { class: 'side-value' }, side.label), h('span', { class: 'n' }, `${side.claims.length} claim${side.claims.length > 1 ? 's' : ''}`)),
      side.claims.map((x) => claim(x, texts))))));
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
