// Pieces shared by the pages: source chips, register cells, badges, states.

import { h, route } from './dom.js';
import { countryName } from './labels.js';

/** A chip naming a document and linking to it, with the evidence span to highlight. */
export function sourceChip(doc, { outlet, published, start, end, title } = {}) {
  const hl = Number.isInteger(start) && Number.isInteger(end) && end > start ? `${start}-${end}` : null;
  const label = [doc, outlet].filter(Boolean).join(' · ');
  return h('a', {
    class: 'chip source', href: route(`doc/${encodeURIComponent(doc)}`, { hl }),
    title: title || [outlet, published].filter(Boolean).join(', ') || doc,
  }, h('span', { class: 'chip-doc' }, label), published ? h('span', { class: 'chip-date' }, published) : null);
}

/** A register source such as "s001 (Global Defense Corp)". */
export function parseSource(s) {
  const m = String(s).match(/^(\S+)(?:\s+\((.*)\))?$/);
  return m ? { doc: m[1], outlet: m[2] || null } : { doc: String(s), outlet: null };
}

export function country(code) {
  return h('span', { class: 'country', title: code || '' }, countryName(code));
}

export function parties(supplier, recipient) {
  return h('span', { class: 'parties' }, country(supplier), h('span', { class: 'arrow', 'aria-label': 'to' }, ' → '), country(recipient));
}

/** A register field: its value, and when sources disagree every value they
 * give, in the accent colour. */
export function fieldValue(field, { link } = {}) {
  if (!field) return h('span', { class: 'none' }, '—');
  const value = field.value === null || field.value === undefined || field.value === '' ? null : String(field.value);
  if (!field.disputed) {
    return value ? h('span', { class: 'value', title: claimsTitle(field) }, value) : h('span', { class: 'none' }, '—');
  }
  const values = (field.values || []).map(String);
  const box = h(link ? 'a' : 'span', { class: 'disputed', href: link || null, title: `Disputed: sources disagree.\n${claimsTitle(field)}` });
  if (value && !values.includes(value)) box.append(h('span', { class: 'value is-main' }, value));
  const alts = h('span', { class: 'alts' });
  values.forEach((v, i) => {
    if (i > 0) alts.append(h('span', { class: 'vs' }, 'vs'));
    alts.append(h('span', { class: ['alt', v === value ? 'is-main' : ''] }, v));
  });
  box.append(h('span', { class: 'flag' }, 'disputed'), alts);
  return box;
}

function claimsTitle(field) {
  const claims = field.claims || [];
  const lines = claims.map((c) => `${c.value}: ${c.doc}${c.attributed_to ? ` (${c.attributed_to})` : ''}`);
  const more = (field.n_claims || 0) - claims.length;
  if (more > 0) lines.push(`… and ${more.toLocaleString('en')} more claim${more > 1 ? 's' : ''}`);
  return lines.join('\n');
}

export function badge(text, kind) {
  return h('span', { class: ['badge', kind ? `badge-${kind}` : ''] }, text);
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading' }, text);
}

export function failure(err) {
  return h('div', { class: 'error' }, h('strong', {}, 'Could not load this page. '), String(err && err.message ? err.message : err));
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}
