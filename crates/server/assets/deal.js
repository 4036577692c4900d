// A deal: its register fields, its conflicts, and its timeline, each fact
// with every source that states it and the evidence in that source.

import { h, route } from './dom.js';
import { get } from './api.js';
import { ORDER_FIELDS, REGISTER_FIELDS, eventLabel, money, quantity } from './labels.js';
import { badge, country, empty, fieldValue, parties, sourceChip } from './widgets.js';

// A fact shows this many sources at first (one of each different account
// first; `?sources=` in the page's address), and loads the rest in pages of
// MORE; the page lists DOCS documents (`?docs=`).
const SOURCES = 20;
const MORE = 100;
const DOCS = 200;
// The page lists this many of the deal's conflicts (`?conflicts=`); its
// conflicts page has them all.
const CONFLICTS = 5;

/** A whole number from the page's address, or `fallback`. */
function count(params, name, fallback) {
  const n = Number.parseInt(params.get(name) || '', 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export async function dealPage(id, params) {
  // The story comes with its register row, each fact cut to a few sources:
  // no page reads the whole register, or thousands of sources, for one deal.
  const caps = { sources: count(params, 'sources', SOURCES), docs: count(params, 'docs', DOCS), conflicts: count(params, 'conflicts', CONFLICTS) };
  const { story, conflicts, register: reg } = await get(`/api/stories/${encodeURIComponent(id)}?sources=${caps.sources}&docs=${caps.docs}&claims=8`);
  const deal = story.deal || {};
  const facts = story.facts || [];
  const types = [...new Set(facts.map((f) => f.type))];
  const only = params.get('type') || '';
  const shown = only ? facts.filter((f) => f.type === only) : facts;

  const grid = (fields, row) => h('dl', { class: 'facts-grid' },
    fields.map(([key, label]) => h('div', { class: ['kv', row[key] && row[key].disputed ? 'kv-disputed' : ''] },
      h('dt', {}, label), h('dd', {}, fieldValue(row[key], { link: route('conflicts', { deal: story.id }) })))));
  // Further orders (a second batch) have fields of their own.
  const summary = reg ? [grid(REGISTER_FIELDS, reg), (reg.later_orders || []).map((o) => h('div', { class: 'later-order', data: { batch: o.batch } },
    h('h3', {}, `${o.batch[0].toUpperCase()}${o.batch.slice(1)} batch`), grid(ORDER_FIELDS, o)))] : null;

  const node = h('section', { class: 'page deal' },
    h('nav', { class: 'crumbs' }, h('a', { href: '#/register' }, 'Register'), ' / ', story.id),
    h('div', { class: 'page-head' },
      h('h1', {}, h('span', { class: 'system-name' }, deal.system || 'Deal'), ' ', parties(deal.supplier, deal.recipient)),
      h('p', { class: 'lede' }, reg && reg.description ? `${reg.description} · ` : '', `${facts.length} facts from ${(story.n_docs ?? story.docs.length).toLocaleString('en')} documents`,
        conflicts.length ? [' · ', h('a', { href: route('conflicts', { deal: story.id }), class: 'accent' }, `${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}`)] : '')),
    summary,
    conflicts.length ? h('div', { class: 'deal-conflicts' }, conflicts.slice(0, caps.conflicts).map((c) => h('a', { class: 'conflict-line', href: route('conflicts', { deal: story.id }) },
      badge(c.field, 'disputed'), ' ', c.explain)),
      conflicts.length > caps.conflicts ? h('a', { class: 'more-conflicts', href: route('conflicts', { deal: story.id }) },
        `and ${(conflicts.length - caps.conflicts).toLocaleString('en')} more conflicts on the deal's conflicts page`) : null) : null,
    h('div', { class: 'section-head' },
      h('h2', {}, 'Timeline'),
      types.length > 1 ? h('div', { class: 'type-filter' },
        h('a', { href: route(`deal/${encodeURIComponent(story.id)}`, { sources: params.get('sources'), docs: params.get('docs') }), class: ['pill', only ? '' : 'on'] }, 'All'),
        types.map((t) => h('a', { href: route(`deal/${encodeURIComponent(story.id)}`, { type: t, sources: params.get('sources'), docs: params.get('docs') }), class: ['pill', only === t ? 'on' : ''] },
          eventLabel(t), ' ', h('span', { class: 'n' }, String(facts.filter((f) => f.type === t).length))))) : null),
    shown.length ? h('ol', { class: 'timeline' }, shown.map((f) => fact(f, deal, story.id))) : empty('No facts recorded for this deal.'),
    h('p', { class: 'muted small deal-docs' }, 'Documents: ', story.docs.map((d) => sourceChip(d)), moreDocs(story)));
  return { node, title: `${deal.system || ''} ${deal.supplier || ''}→${deal.recipient || ''}` };
}

function fact(f, deal, storyId) {
  const disputed = f.disputed || [];
  const other = f.supplier !== deal.supplier || f.recipient !== deal.recipient || (f.system && f.system !== deal.system);
  return h('li', { class: ['fact', `t-${f.type}`, f.polarity === 'denied' ? 'is-denied' : '', disputed.length ? 'is-disputed' : ''], data: { fact: f.id } },
    h('div', { class: 'when' }, f.time ? h('time', {}, f.time)
      : f.first_reported ? h('span', { class: 'undated reported', title: `No source dates this; first reported on ${f.first_reported}` }, `by ${f.first_reported}`)
      : h('span', { class: 'undated' }, 'undated')),
    h('div', { class: 'what' },
      h('div', { class: 'fact-head' },
        h('span', { class: 'etype' }, eventLabel(f.type)),
        f.polarity === 'denied' ? badge('denied', 'denied') : null,
        f.modality && f.modality !== 'fact' ? badge(f.modality, f.modality) : null,
        f.batch ? badge(`${f.batch} batch`, 'batch') : null,
        other ? h('span', { class: 'fact-parties' }, country(f.supplier), ' → ', country(f.recipient), f.system ? ` · ${f.system}` : '') : null,
        money(f.value) ? h('span', { class: 'amount' }, money(f.value)) : null,
        quantity(f.quantity) ? h('span', { class: 'amount' }, quantity(f.quantity)) : null,
        disputed.map((d) => h('a', { class: 'badge badge-disputed', href: route('conflicts', { deal: storyId }), title: `Sources disagree on the ${d}` }, `${d} disputed`))),
      h('ul', { class: 'sources-list' }, (f.sources || []).map(source)),
      moreSources(f, storyId)));
}

/** A button that loads the next page of a fact's sources, as long as it has more. */
function moreSources(f, storyId) {
  let shown = (f.sources || []).length;
  const total = f.n_sources ?? shown;
  if (total <= shown) return null;
  const label = () => `Show ${Math.min(MORE, total - shown).toLocaleString('en')} more of ${(total - shown).toLocaleString('en')} other sources`;
  const button = h('button', { type: 'button', class: 'more-claims more-sources', on: { click: async () => {
    button.disabled = true;
    button.textContent = 'Loading…';
    try {
      const page = await get(`/api/stories/${encodeURIComponent(storyId)}/sources?fact=${encodeURIComponent(f.id)}&offset=${shown}&limit=${MORE}`);
      button.previousElementSibling.append(...page.sources.map(source));
      shown += page.sources.length;
      if (shown >= page.n_sources || !page.sources.length) button.remove();
      else { button.disabled = false; button.textContent = label(); }
    } catch (e) {
      button.disabled = false;
      button.textContent = `Could not load more sources (${e.message}); try again`;
    }
  } } }, label());
  return button;
}

/** A button that lists every document of the story, when the page lists a few. */
function moreDocs(story) {
  const more = (story.n_docs ?? story.docs.length) - story.docs.length;
  if (more <= 0) return null;
  const button = h('button', { type: 'button', class: 'more-claims', on: { click: async () => {
    button.disabled = true;
    button.textContent = 'Loading…';
    try {
      const all = await get(`/api/stories/${encodeURIComponent(story.id)}?sources=0&claims=0`);
      button.replaceWith(...all.story.docs.slice(story.docs.length).map((d) => sourceChip(d)));
    } catch (e) {
      button.disabled = false;
      button.textContent = `Could not load the documents (${e.message}); try again`;
    }
  } } }, `Show ${more.toLocaleString('en')} more documents`);
  return button;
}

function source(s) {
  const details = [
    s.time ? s.time : null,
    money(s.value),
    quantity(s.quantity),
    s.polarity === 'denied' ? 'denied' : null,
    s.modality && s.modality !== 'fact' ? s.modality : null,
  ].filter(Boolean);
  return h('li', { class: 'source-row' },
    sourceChip(s.doc, { outlet: s.outlet, published: s.published, start: s.start, end: s.end }),
    h('span', { class: 'who' }, s.attributed_to ? s.attributed_to : h('span', { class: 'muted' }, 'the outlet'), s.based_on && s.based_on.length ? h('span', { class: 'via' }, ` via ${s.based_on.join(', ')}`) : null),
    details.length ? h('span', { class: 'claim-detail' }, details.join(' · ')) : null,
    h('q', { class: 'evidence' }, s.evidence || ''));
}
