// Words for codes: countries, event types, register fields.

const COUNTRIES = {
  AFG: 'Afghanistan', ARE: 'UAE', ARG: 'Argentina', ARM: 'Armenia', AUS: 'Australia', AUT: 'Austria',
  AZE: 'Azerbaijan', BEL: 'Belgium', BGD: 'Bangladesh', BGR: 'Bulgaria', BLR: 'Belarus', BRA: 'Brazil',
  CAN: 'Canada', CHE: 'Switzerland', CHL: 'Chile', CHN: 'China', COL: 'Colombia', CZE: 'Czechia',
  DEU: 'Germany', DNK: 'Denmark', DZA: 'Algeria', EGY: 'Egypt', ESP: 'Spain', EST: 'Estonia',
  FIN: 'Finland', FRA: 'France', GBR: 'United Kingdom', GEO: 'Georgia', GRC: 'Greece', HRV: 'Croatia',
  HUN: 'Hungary', IDN: 'Indonesia', IND: 'India', IRN: 'Iran', IRQ: 'Iraq', ISR: 'Israel', ITA: 'Italy',
  JOR: 'Jordan', JPN: 'Japan', KAZ: 'Kazakhstan', KOR: 'South Korea', KWT: 'Kuwait', LBY: 'Libya',
  LTU: 'Lithuania', LVA: 'Latvia', MAR: 'Morocco', MEX: 'Mexico', MMR: 'Myanmar', MYS: 'Malaysia',
  NGA: 'Nigeria', NLD: 'Netherlands', NOR: 'Norway', NZL: 'New Zealand', OMN: 'Oman', PAK: 'Pakistan',
  PER: 'Peru', PHL: 'Philippines', POL: 'Poland', PRK: 'North Korea', PRT: 'Portugal', QAT: 'Qatar',
  ROU: 'Romania', RUS: 'Russia', SAU: 'Saudi Arabia', SGP: 'Singapore', SRB: 'Serbia', SVK: 'Slovakia',
  SVN: 'Slovenia', SWE: 'Sweden', SYR: 'Syria', THA: 'Thailand', TUR: 'Turkey', TWN: 'Taiwan',
  UKR: 'Ukraine', USA: 'United States', UZB: 'Uzbekistan', VEN: 'Venezuela', VNM: 'Vietnam', YEM: 'Yemen',
  ZAF: 'South Africa',
};

export const countryName = (code) => (code && COUNTRIES[code]) || code || '—';

export const EVENT_TYPES = ['deal_signed', 'delivery', 'negotiation', 'intent', 'sanction', 'program_exclusion',
  'payment', 'production', 'cancellation', 'waiver'];

const EVENT_LABELS = {
  deal_signed: 'Deal signed', delivery: 'Delivery', negotiation: 'Negotiation', intent: 'Intent',
  sanction: 'Sanction', program_exclusion: 'Programme exclusion', payment: 'Payment', production: 'Production',
  cancellation: 'Cancellation', waiver: 'Waiver',
};

export const eventLabel = (t) => EVENT_LABELS[t] || (t ? t.replace(/_/g, ' ') : 'event');

/** The register's columns: key, heading, whether it is a disputable field. */
export const REGISTER_FIELDS = [
  ['number_ordered', 'No. ordered'],
  ['year_of_order', 'Ordered'],
  ['years_of_delivery', 'Delivered'],
  ['number_delivered', 'No. delivered'],
  ['value', 'Value'],
  ['status', 'Status'],
];

/** The fields of a further order of a deal (a second batch), in the register's order. */
export const ORDER_FIELDS = REGISTER_FIELDS.filter(([key]) => ['number_ordered', 'year_of_order', 'value', 'status'].includes(key));

/** "2500000000 USD" as "$2.5 billion"-like compact text. */
export function money(v) {
  if (!v || v.amount === null || v.amount === undefined) return null;
  const a = Number(v.amount);
  const cur = v.currency || '';
  const units = [[1e12, ' trillion'], [1e9, ' billion'], [1e6, ' million'], [1e3, ' thousand']];
  for (const [n, word] of units) {
    if (Math.abs(a) >= n) return `${trim(a / n)}${word} ${cur}`.trim();
  }
  return `${trim(a)} ${cur}`.trim();
}

export function quantity(q) {
  if (!q || q.count === null || q.count === undefined) return null;
  const unit = q.unit || '';
  const plural = Number(q.count) !== 1 ? pluralize(unit) : unit;
  return `${trim(Number(q.count))} ${plural}`.trim();
}

function pluralize(unit) {
  if (!unit || unit.endsWith('s')) return unit;
  if (/(x|ch|sh)$/.test(unit)) return `${unit}es`;
  if (/[^aeiou]y$/.test(unit)) return `${unit.slice(0, -1)}ies`;
  return `${unit}s`;
}

function trim(n) {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
