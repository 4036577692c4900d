// Browser tests for dossier's web UI: headless Chromium (Debian's package)
// driven by playwright-core against a running `dossier serve`.
//
//   node tests/browser/run.mjs http://127.0.0.1:8080
//
// Every page is loaded and checked against what the JSON API says; a
// conflict claim is followed into its article, where the evidence must be
// highlighted and in view; a search is run with filters; a document holding
// markup must show it as text. Screenshots go to $SCREENSHOTS (default
// target/screenshots). Exits non-zero when any check fails.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const base = (process.argv[2] || process.env.BASE_URL || '').replace(/\/$/, '');
if (!base) {
  console.error('usage: node run.mjs BASE_URL');
  process.exit(2);
}
const shots = path.resolve(process.env.SCREENSHOTS || 'target/screenshots');
const hostileId = process.env.HOSTILE_DOC || 'hostile-script';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(shots, { recursive: true });

const failures = [];
let checks = 0;
function check(ok, message) {
  checks += 1;
  if (!ok) throw new Error(message);
}
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    failures.push(`${name}: ${err.message}`);
    console.log(`FAIL ${name}: ${err.message}`);
    await shot(`FAILED-${name.replace(/\W+/g, '-')}`).catch(() => {});
  }
}

async function api(p) {
  const r = await fetch(base + p);
  if (!r.ok) throw new Error(`${p}: HTTP ${r.status}`);
  return r.json();
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-chromium-'));
// A persistent context is how playwright takes a fresh --user-data-dir.
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  timeout: 60_000,
});
const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(15_000);
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(`page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console error: ${m.text()}`); });
page.on('dialog', (d) => { pageErrors.push(`unexpected dialog: ${d.message()}`); d.dismiss(); });

async function shot(name, options = {}) {
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file, ...options });
  return file;
}

/** Navigates to a hash route and waits until the app says it shows it. */
async function open(hash) {
  if (!page.url().startsWith(base)) {
    await page.goto(`${base}/${hash}`);
  } else {
    await page.evaluate((h) => { location.hash = h; }, hash);
  }
  await page.waitForFunction(() => {
    const m = document.getElementById('main');
    return m && m.dataset.ready !== undefined && m.dataset.ready === location.hash;
  });
  const error = page.locator('#main .error');
  if (await error.count()) check(false, `${hash} shows an error: ${await error.first().textContent()}`);
}

async function noSideways(where) {
  const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  check(sw <= cw + 1, `${where}: the page scrolls sideways at 1280 px (${sw} > ${cw})`);
}

/** Is the element on screen, below the sticky top bar? */
async function inView(locator) {
  return page.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.querySelector('.top').getBoundingClientRect().bottom;
    return r.height > 0 && r.top >= top - 1 && r.bottom <= window.innerHeight + 1;
  }, await locator.elementHandle());
}

/** Text of the document's segments carrying annotation `key` (and class `cls`). */
function annotated(key, cls) {
  return page.evaluate(({ key, cls }) => [...document.querySelectorAll('.doc-text [data-ann]')]
    .filter((el) => el.dataset.ann.split(' ').includes(key) && (!cls || el.classList.contains(cls)))
    .map((el) => el.textContent).join(''), { key, cls });
}

const health = await api('/api/health');
const { rows } = await api('/api/register');
const conflicts = await api('/api/conflicts');
const { documents: docs } = await api('/api/documents?limit=500');
console.log(`testing ${base}: ${health.documents} documents, ${rows.length} deals, ${conflicts.length} conflicts; screenshots in ${shots}`);

/** Has the row (or order) a disputed field? A row also when one of its further orders has. */
const fieldsDisputed = (r) => Object.values(r).some((v) => v && v.disputed);
const rowDisputed = (r) => fieldsDisputed(r) || (r.later_orders || []).some(fieldsDisputed);

await step('register lists every deal with disputed fields marked', async () => {
  await open('#/register');
  const shown = page.locator('.register-table tbody tr[data-story]');
  check(rows.length > 0, 'the register API returned no rows');
  check(await shown.count() === rows.length, `register shows ${await shown.count()} rows, the API has ${rows.length}`);
  const disputedRows = rows.filter(rowDisputed);
  check(await page.locator('.register-table tr.has-dispute').count() === disputedRows.length, 'rows with disputed fields are not all marked');
  for (const r of disputedRows) {
    for (const [key, f] of Object.entries(r)) {
      if (!f || !f.disputed) continue;
      const cell = page.locator(`tr[data-story="${r.story}"] td.${key} .disputed`);
      check(await cell.count() === 1, `${r.story} ${key} is disputed but not marked`);
      const text = await cell.textContent();
      for (const v of f.values) check(text.includes(v), `${r.story} ${key}: disputed value ${v} not shown (cell: ${text})`);
    }
  }
  // Further orders (a second batch) are rows of their own below their deal's, disputes marked.
  for (const r of rows) {
    for (const o of r.later_orders || []) {
      const tr = page.locator(`tr.later-order[data-later="${r.story}"][data-batch="${o.batch}"]`);
      check(await tr.count() === 1, `${r.story}: the ${o.batch} batch has no row of its own`);
      check((await tr.locator('td').first().textContent()).includes(`${o.batch} batch`), `${r.story}: the ${o.batch} batch row does not say which`);
      const status = await tr.locator('td.status').textContent();
      check(status.includes(o.status.value), `${r.story} ${o.batch} batch: status ${status} is not ${o.status.value}`);
      check(await tr.evaluate((el) => el.classList.contains('order-dispute')) === fieldsDisputed(o), `${r.story} ${o.batch} batch: dispute marked wrongly`);
    }
  }
  const color = await page.locator('.disputed').first().evaluate((el) => getComputedStyle(el).backgroundColor).catch(() => null);
  if (disputedRows.length) check(color && color !== 'rgba(0, 0, 0, 0)', 'disputed cells have no accent background');
  // One page of rows: no pager, and no stray text.
  check(await page.locator('.register nav.pager:visible').count() === 0, 'a register of one page shows a pager');
  check(!/\b(null|undefined)\b/.test(await page.locator('.register').innerText()), 'the register page shows "null" or "undefined"');
  const header = await page.locator('.register-table thead th').first().evaluate((el) => getComputedStyle(el).position);
  check(header === 'sticky', `table headers are not sticky (${header})`);
  await noSideways('register');
  // The navigation's counts come from the server's counts, not from downloading every conflict.
  await page.waitForFunction(() => document.getElementById('n-conflicts').textContent !== '', null, { timeout: 5000 }).catch(() => {});
  const nav = await page.evaluate(() => [document.getElementById('n-docs').textContent, document.getElementById('n-conflicts').textContent]);
  check(nav[0] === String(health.documents) && nav[1] === String(conflicts.length), `navigation counts ${nav.join(' / ')}, the API has ${health.documents} documents and ${conflicts.length} conflicts`);
  await shot('register');
});

/** Waits for the register page to show the rows of its last change. */
async function registerSettled() {
  await page.waitForFunction(() => document.querySelector('.page.register')?.dataset.busy === '0', null, { timeout: 10_000 });
}
const storiesShown = () => page.locator('.register-table tbody tr[data-story]').evaluateAll((trs) => trs.map((tr) => tr.dataset.story));
const storiesOf = (list) => list.map((r) => r.story);

await step('register sorts and filters on the server', async () => {
  await open('#/register');
  await page.locator('.register-table th button', { hasText: 'System' }).click();
  await registerSettled();
  const asc = (await api('/api/register?sort=designation&limit=500&claims=0&sources=0')).rows;
  check(JSON.stringify(await storiesShown()) === JSON.stringify(storiesOf(asc)), 'sorting by system does not show the server\'s order');
  const systems = await page.locator('.register-table tbody tr[data-story] td.system').allTextContents();
  const sorted = [...systems].sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
  check(JSON.stringify(systems) === JSON.stringify(sorted), `sorting by system gave ${systems.join(', ')}`);
  check(page.url().includes('sort=designation'), `the address does not keep the sort: ${page.url()}`);
  await page.locator('.register-table th button', { hasText: 'System' }).click();
  await registerSettled();
  const desc = (await api('/api/register?sort=designation&dir=desc&limit=500&claims=0&sources=0')).rows;
  check(JSON.stringify(await storiesShown()) === JSON.stringify(storiesOf(desc)), 'sorting again does not show the server\'s descending order');
  check(JSON.stringify(await page.locator('.register-table tbody tr[data-story] td.system').allTextContents()) === JSON.stringify([...sorted].reverse()), 'sorting again did not reverse');
  const system = rows[0].designation;
  await page.fill('input[name=filter]', system);
  await registerSettled();
  const want = (await api(`/api/register?q=${encodeURIComponent(system)}&sort=designation&dir=desc&limit=500&claims=0&sources=0`)).rows;
  const filtered = await storiesShown();
  check(filtered.length > 0 && JSON.stringify(filtered) === JSON.stringify(storiesOf(want)), `filter ${system} shows ${filtered.join(', ')}`);
  check((await page.locator('.register .summary').textContent()).startsWith(`${want.length} of ${rows.length} deals`), 'the summary does not count the filtered rows');
  await page.fill('input[name=filter]', 'zzzz-no-such-deal');
  await registerSettled();
  check(await page.locator('.register-table tbody tr[data-story]').count() === 0, 'a filter matching nothing still shows rows');
  await page.fill('input[name=filter]', '');
  await registerSettled();
  if (rows.some(rowDisputed)) {
    await page.check('input[name=disputed]');
    await registerSettled();
    check(await page.locator('.register-table tbody tr[data-story]:not(.has-dispute)').count() === 0, '"disputed only" shows undisputed rows');
    check(await page.locator('.register-table tbody tr[data-story]').count() === rows.filter(rowDisputed).length, '"disputed only" misses rows');
    await page.uncheck('input[name=disputed]');
    await registerSettled();
  }
  // A supplier from the server's counts, named.
  const facets = await api('/api/register/facets');
  const supplier = facets.suppliers[0];
  await page.selectOption('select[name=supplier]', supplier.code);
  await registerSettled();
  check(await page.locator('.register-table tbody tr[data-story]').count() === supplier.deals, `supplier ${supplier.code} shows the wrong number of rows`);
  check((await page.locator(`select[name=supplier] option[value="${supplier.code}"]`).textContent()).includes(supplier.name), 'the supplier list does not name the country');
});

await step('register pages through its rows', async () => {
  // Two rows a page: each page the server's, the address keeps the page.
  await open('#/register?size=2');
  const order = storiesOf((await api('/api/register?sort=deal&limit=500&claims=0&sources=0')).rows);
  check(order.length >= 4, 'the demo register has fewer than 4 deals');
  check(JSON.stringify(await storiesShown()) === JSON.stringify(order.slice(0, 2)), 'page 1 does not show the first two deals');
  check(await page.locator('.register nav.pager').first().locator('[rel=prev]').count() === 0, 'page 1 offers a previous page');
  await page.locator('.register nav.pager').first().locator('[rel=next]').click();
  await registerSettled();
  check(JSON.stringify(await storiesShown()) === JSON.stringify(order.slice(2, 4)), 'page 2 does not show deals 3 and 4');
  check((await page.locator('.register nav.pager .page-of').first().textContent()) === `3–4 of ${order.length}`, 'the pager does not say which rows');
  check((await page.locator('.register nav.pager').first().innerText()).replace(/\s+/g, ' ').trim() === `← Previous 3–4 of ${order.length} Next →`, `the pager reads ${await page.locator('.register nav.pager').first().innerText()}`);
  check(page.url().includes('page=2') && page.url().includes('size=2'), `the address does not keep the page: ${page.url()}`);
  // The address brings the same page back.
  await page.reload();
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === location.hash);
  check(JSON.stringify(await storiesShown()) === JSON.stringify(order.slice(2, 4)), 'a reload does not show page 2');
  await page.locator('.register nav.pager').first().locator('[rel=prev]').click();
  await registerSettled();
  check(JSON.stringify(await storiesShown()) === JSON.stringify(order.slice(0, 2)), 'previous does not go back to page 1');
  // A page past the end shows the last page.
  await open(`#/register?size=2&page=${order.length + 5}`);
  await registerSettled();
  const last = order.slice(Math.floor((order.length - 1) / 2) * 2);
  check(JSON.stringify(await storiesShown()) === JSON.stringify(last), 'a page past the end does not show the last page');
  // A row with more sources than it lists links to its deal for the rest.
  const many = rows.filter((x) => x.sources.length > 1);
  check(many.length > 0, 'no deal of the demo has two sources');
  await open('#/register?sources=1');
  for (const r of many) {
    const more = page.locator(`tr[data-story="${r.story}"] a.more-sources`);
    check(await page.locator(`tr[data-story="${r.story}"] td.sources a.chip.source`).count() === 1, `${r.story}: more than one source listed`);
    check(await more.textContent() === `+${r.sources.length - 1} more`, `${r.story}: no link to its other sources`);
    check(await more.getAttribute('href') === `#/deal/${encodeURIComponent(r.story)}`, `${r.story}: the link to its other sources does not open its deal`);
  }
  await shot('register-pages');
});

// The register page lists this many claims in a cell's tooltip.
const TIP = 5;
await step('register reads its rows with a few claims a field, and says how many there are', async () => {
  const requested = [];
  const onRequest = (r) => { const u = new URL(r.url()); requested.push(u.pathname + u.search); };
  await page.goto('about:blank');
  page.on('request', onRequest);
  await page.goto(`${base}/#/register`);
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === location.hash);
  page.off('request', onRequest);
  const reads = requested.filter((r) => r.startsWith('/api/register?'));
  check(reads.length === 1 && reads.every((r) => { const q = new URLSearchParams(r.split('?')[1]); return q.get('claims') === String(TIP) && q.get('sources') === '8' && q.get('limit') === '50'; })
    && !requested.includes('/api/register'), `the register read ${requested.filter((r) => r.startsWith('/api/register')).join(', ')}`);
  // Each cell's tooltip lists its claims, and how many more there are.
  let seen = 0;
  let more = 0;
  for (const r of rows) {
    for (const [key, f] of Object.entries(r)) {
      if (!f || !Array.isArray(f.claims) || !f.claims.length) continue;
      const title = await page.locator(`tr[data-story="${r.story}"] td.${key} ${f.disputed ? '.disputed' : '.value'}[title]`).first().getAttribute('title');
      // A disputed cell's tooltip says so first.
      const lines = title.split('\n').slice(f.disputed ? 1 : 0);
      check(lines.length === Math.min(f.claims.length, TIP) + (f.claims.length > TIP ? 1 : 0), `${r.story} ${key}: tooltip of ${lines.length} lines for ${f.claims.length} claims`);
      check(lines[0] === `${f.claims[0].value}: ${f.claims[0].doc}${f.claims[0].attributed_to ? ` (${f.claims[0].attributed_to})` : ''}`, `${r.story} ${key}: tooltip starts ${lines[0]}`);
      if (f.claims.length > TIP) check(lines[TIP] === `… and ${f.claims.length - TIP} more claim${f.claims.length > TIP + 1 ? 's' : ''}`, `${r.story} ${key}: ${lines[TIP]}`);
      more += f.claims.length > TIP ? 1 : 0;
      seen += 1;
    }
  }
  check(seen > 0, 'no register cell with claims');
  console.log(`     ${seen} register tooltips checked, ${more} with more claims than they list`);
});

// The deal with the most sources, reached by clicking it in the register.
const busiest = [...rows].sort((a, b) => b.sources.length - a.sources.length)[0];
await step('deal page shows the timeline, each fact with its sources', async () => {
  // Loaded afresh (the UI caches what it fetched), one deal's page reads
  // that deal's story, with its register row, and no whole listing.
  const requested = [];
  const onRequest = (r) => requested.push(new URL(r.url()).pathname);
  await page.goto('about:blank');
  page.on('request', onRequest);
  await page.goto(`${base}/#/deal/${encodeURIComponent(busiest.story)}`);
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === location.hash);
  page.off('request', onRequest);
  check(requested.includes(`/api/stories/${encodeURIComponent(busiest.story)}`), `the deal page did not read its story: ${requested.join(', ')}`);
  check(!requested.some((p) => p === '/api/register' || p === '/api/conflicts' || p === '/api/timeline'), `the deal page read a whole listing: ${requested.join(', ')}`);
  const summary = await page.locator('.facts-grid .kv dd').allTextContents();
  const ordered = busiest.number_ordered && busiest.number_ordered.value;
  check(summary.length > 0 && (!ordered || summary.some((t) => t.includes(String(ordered).split(' ')[0]))), `the deal page's register fields (${summary.join(' | ')}) miss the number ordered ${ordered}`);
  const batches = await page.locator('.later-order h3').allTextContents();
  const wanted = (busiest.later_orders || []).map((o) => `${o.batch} batch`);
  check(JSON.stringify(batches.map((t) => t.toLowerCase())) === JSON.stringify(wanted), `the deal page shows further orders ${batches.join(', ')}, the register has ${wanted.join(', ')}`);
  await open('#/register');
  await page.locator(`tr[data-story="${busiest.story}"] a.deal-link`).click();
  await page.waitForFunction((id) => location.hash.startsWith(`#/deal/${encodeURIComponent(id)}`) && document.getElementById('main').dataset.ready === location.hash, busiest.story);
  // The page asks for a few sources a fact, those that differ first.
  const { story } = await api(`/api/stories/${encodeURIComponent(busiest.story)}?sources=20&docs=200`);
  const facts = page.locator('.timeline .fact');
  check(await facts.count() === story.facts.length, `timeline shows ${await facts.count()} facts, the API has ${story.facts.length}`);
  check(story.facts.length > 0, 'the busiest deal has no facts');
  for (let i = 0; i < story.facts.length; i++) {
    const f = story.facts[i];
    const chips = facts.nth(i).locator('.source-row a.chip[href^="#/doc/"]');
    check(await chips.count() === f.sources.length, `fact ${f.id}: ${await chips.count()} source chips for ${f.sources.length} sources`);
    const evidence = await facts.nth(i).locator('.evidence').allTextContents();
    check(f.sources.every((s, j) => evidence[j] === s.evidence), `fact ${f.id}: evidence text differs from the API`);
  }
  const dated = story.facts.filter((f) => f.time).map((f) => f.time);
  check(JSON.stringify(await page.locator('.timeline .when time').allTextContents()) === JSON.stringify(dated), 'timeline dates differ from the API order');
  await noSideways('deal');
  await shot('deal');
  await shot('deal-full', { fullPage: true });
});

await step('deal page lists a few sources a fact and loads the rest on demand', async () => {
  // One source a fact and one document (the page's address says so): the
  // buttons load the rest, in the order the API pages them.
  const id = encodeURIComponent(busiest.story);
  const { story: whole } = await api(`/api/stories/${id}?sources=1000000`);
  const many = whole.facts.filter((f) => f.sources.length > 1);
  check(many.length > 0, 'no fact of the busiest deal has two sources');
  check(whole.docs.length > 1, 'the busiest deal has one document');
  await open(`#/deal/${id}?sources=1&docs=1`);
  const facts = page.locator('.timeline .fact');
  for (let i = 0; i < whole.facts.length; i++) {
    const f = whole.facts[i];
    check(await facts.nth(i).locator('.source-row').count() === 1, `fact ${f.id}: more than one source shown at first`);
    const button = facts.nth(i).locator('button.more-sources');
    check(await button.count() === (f.sources.length > 1 ? 1 : 0), `fact ${f.id}: ${f.sources.length} sources, ${await button.count()} buttons for more`);
    if (f.sources.length > 1) {
      check((await button.textContent()).includes(String(f.sources.length - 1)), `fact ${f.id}: the button does not count the other sources`);
      await button.click();
      await page.waitForFunction(({ i, n }) => document.querySelectorAll('.timeline .fact')[i].querySelectorAll('.source-row').length === n, { i, n: f.sources.length });
      check(await button.count() === 0, `fact ${f.id}: the button stays when every source is shown`);
    }
    const evidence = await facts.nth(i).locator('.evidence').allTextContents();
    check(JSON.stringify(evidence) === JSON.stringify(f.sources.map((s) => s.evidence)), `fact ${f.id}: sources shown differ from the API's`);
  }
  const docsButton = page.locator('.deal-docs button');
  check((await docsButton.textContent()).includes(String(whole.docs.length - 1)), 'the documents button does not count the other documents');
  await docsButton.click();
  await page.waitForFunction((n) => document.querySelectorAll('.deal-docs a.chip').length === n, whole.docs.length);
  check(await docsButton.count() === 0, 'the documents button stays when every document is shown');
  await shot('deal-more-sources');
});

await step('deal page lists a few conflicts and links to the rest', async () => {
  const counts = {};
  for (const c of conflicts) counts[c.story] = (counts[c.story] || 0) + 1;
  const [story, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0] || [];
  check(n >= 2, 'no deal of the corpus has two conflicts');
  await open(`#/deal/${encodeURIComponent(story)}?conflicts=1`);
  check(await page.locator('.deal-conflicts .conflict-line').count() === 1, 'more than one conflict listed with ?conflicts=1');
  const more = page.locator('.deal-conflicts a.more-conflicts');
  check((await more.textContent()).includes(`${n - 1} more`), `the link does not count the ${n - 1} other conflicts`);
  check(await more.getAttribute('href') === `#/conflicts?deal=${encodeURIComponent(story)}`, 'the link does not open the deal\'s conflicts');
  await open(`#/deal/${encodeURIComponent(story)}`);
  check(await page.locator('.deal-conflicts .conflict-line').count() === Math.min(n, 5), 'the deal page does not list its first conflicts');
});

// The dispute the issue names: "signed" against "no new agreements"; else the first status conflict.
const target = conflicts.findIndex((c) => c.claims.some((x) => /no new agreements/i.test(x.evidence)));
const targetIndex = target >= 0 ? target : Math.max(0, conflicts.findIndex((c) => c.field === 'status'));
await step('conflicts page shows every conflict with both sides and highlighted evidence', async () => {
  await open('#/conflicts');
  const cards = page.locator('article.conflict');
  check(await cards.count() === conflicts.length, `${await cards.count()} conflicts shown, the API has ${conflicts.length}`);
  check(conflicts.length > 0, 'the corpus has no conflicts');
  for (let i = 0; i < conflicts.length; i++) {
    const card = cards.nth(i);
    check(await card.locator('.side').count() >= 2, `conflict ${i} shows fewer than two sides`);
    check(await card.locator('.claim').count() === conflicts[i].claims.length, `conflict ${i}: claims missing`);
    const marks = await card.locator('.claim mark.evidence-mark').allTextContents();
    check(marks.length === conflicts[i].claims.length && marks.every((m, j) => m === conflicts[i].claims[j].evidence || m.length > 0),
      `conflict ${i}: evidence not highlighted in every claim`);
  }
  const card = cards.nth(targetIndex);
  const text = await card.textContent();
  if (target >= 0) {
    check(/signed/.test(text) && /no new agreements/.test(text), 'the signed / no new agreements dispute is not shown with both sides');
    const sides = await card.locator('.side').allTextContents();
    const signed = sides.findIndex((s) => /signed/.test(s.slice(0, 40)));
    const denied = sides.findIndex((s) => /no new agreements/.test(s));
    check(signed >= 0 && denied >= 0 && signed !== denied, 'signed and "no new agreements" are not on different sides');
  }
  await noSideways('conflicts');
  // Bring the dispute to the top of the screen unless it already is there.
  await card.evaluate((el) => { if (el.getBoundingClientRect().top > 300) { el.scrollIntoView({ block: 'start' }); window.scrollBy(0, -60); } });
  await shot('conflicts');
  await card.screenshot({ path: path.join(shots, 'conflict-dispute.png') });
  await shot('conflicts-full', { fullPage: true });
});

await step('one deal\'s conflicts page asks the server for that deal\'s conflicts alone', async () => {
  const story = conflicts[targetIndex].story;
  const want = conflicts.filter((c) => c.story === story);
  const requested = [];
  const onRequest = (r) => { const u = new URL(r.url()); requested.push(u.pathname + u.search); };
  await page.goto('about:blank');
  page.on('request', onRequest);
  await page.goto(`${base}/#/conflicts?deal=${encodeURIComponent(story)}`);
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === location.hash);
  page.off('request', onRequest);
  check(requested.some((r) => r.startsWith(`/api/conflicts?story=${encodeURIComponent(story)}&limit=`)), `the page did not ask for a page of ${story}'s conflicts: ${requested.join(', ')}`);
  check(requested.includes(`/api/conflicts/fields?story=${encodeURIComponent(story)}`), `the page did not ask for ${story}'s counts: ${requested.join(', ')}`);
  check(!requested.some((r) => r === '/api/conflicts' || r.startsWith('/api/conflicts?') && !r.includes('limit=')), `the page read every conflict: ${requested.join(', ')}`);
  const cards = page.locator('article.conflict');
  check(await cards.count() === want.length && want.length > 0, `${await cards.count()} conflicts shown for ${story}, the API has ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    check(await cards.nth(i).locator('.claim').count() === want[i].claims.length, `${story} conflict ${i}: claims missing`);
  }
});

await step('the conflicts page reads one page at a time and moves between pages', async () => {
  // Loaded afresh, a page of one conflict: the second, then the first by
  // "Previous"; the counts come from the server, never from the whole list.
  check(conflicts.length >= 2, `${conflicts.length} conflicts: too few to page`);
  const requested = [];
  const onRequest = (r) => { const u = new URL(r.url()); requested.push(u.pathname + u.search); };
  await page.goto('about:blank');
  page.on('request', onRequest);
  await page.goto(`${base}/#/conflicts?size=1&page=2`);
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === location.hash);
  const cards = page.locator('article.conflict');
  const same = async (c, i) => {
    check(await cards.count() === 1, `${await cards.count()} conflicts on a page of one`);
    const [story, field] = await cards.first().evaluate((el) => [el.dataset.story, el.dataset.field]);
    check(story === c.story && field === c.field, `page ${i + 1} shows ${story} ${field}, the API's conflict ${i} is ${c.story} ${c.field}`);
    const claims = await cards.first().locator('.claim').count();
    check(c.claims.length <= 8 ? claims === c.claims.length : claims >= 8, `conflict ${i}: ${claims} of ${c.claims.length} claims shown`);
    const pager = await page.locator('.pager .page-of').first().textContent();
    check(pager === `${i + 1}–${i + 1} of ${conflicts.length}`, `the pager says ${pager}`);
  };
  await same(conflicts[1], 1);
  check(requested.includes('/api/conflicts?limit=1&offset=1') && requested.includes('/api/conflicts/fields'), `the page did not ask for one page and the counts: ${requested.join(', ')}`);
  check(!requested.some((r) => r === '/api/conflicts'), `the page read every conflict: ${requested.join(', ')}`);
  check(await page.locator('.pager a[rel=next]').count() === (conflicts.length > 2 ? 1 : 0), 'a "Next" link on the last page, or none before it');
  await page.locator('.pager a[rel=prev]').first().click();
  await page.waitForFunction(() => !location.hash.includes('page=') && document.getElementById('main').dataset.ready === location.hash);
  await same(conflicts[0], 0);
  page.off('request', onRequest);
  check(requested.includes('/api/conflicts?limit=1&offset=0'), `"Previous" did not ask for the first page: ${requested.join(', ')}`);
  check(await page.locator('.pager a[rel=prev]').count() === 0, 'a "Previous" link on the first page');
  // The field pills count what the server counts.
  const pills = await page.locator('.toolbar a.pill .n').allTextContents();
  const fields = [...new Set(conflicts.map((c) => c.field))].sort();
  check(JSON.stringify(pills.map(Number)) === JSON.stringify(fields.map((f) => conflicts.filter((c) => c.field === f).length)), `field counts ${pills.join(', ')}`);
});

await step('a side shows its first claims and the rest on demand', async () => {
  // One claim a side (`?claims=1`): every side shows one, a button the rest,
  // which then appear with their evidence highlighted.
  await page.goto('about:blank');
  await page.goto(`${base}/#/conflicts?claims=1`);
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === location.hash);
  const cards = page.locator('article.conflict');
  let opened = 0;
  for (let i = 0; i < conflicts.length; i++) {
    const card = cards.nth(i);
    const sides = await card.locator('.side').count();
    check(await card.locator('.claim').count() === sides, `conflict ${i}: ${await card.locator('.claim').count()} claims shown on ${sides} sides`);
    const buttons = card.locator('button.more-claims');
    check((await buttons.count() > 0) === (conflicts[i].claims.length > sides), `conflict ${i}: ${await buttons.count()} "show more" buttons for ${conflicts[i].claims.length} claims on ${sides} sides`);
    while (await buttons.count() > 0) {
      const before = await buttons.count();
      await buttons.first().click();
      await page.waitForFunction(([n, k]) => document.querySelectorAll('article.conflict')[n].querySelectorAll('button.more-claims').length < k, [i, before]);
      opened += 1;
    }
    check(await card.locator('.claim').count() === conflicts[i].claims.length, `conflict ${i}: ${await card.locator('.claim').count()} of ${conflicts[i].claims.length} claims after "show more"`);
    check(await card.locator('.claim mark.evidence-mark').count() === conflicts[i].claims.length, `conflict ${i}: evidence not highlighted in every claim after "show more"`);
  }
  check(opened > 0, 'no side had more than one claim');
});

await step('a conflict claim opens its article with the evidence highlighted and in view', async () => {
  await open('#/conflicts');
  const c = conflicts[targetIndex];
  let j = c.claims.findIndex((x) => /no new agreements/i.test(x.evidence));
  if (j < 0) j = c.claims.length - 1;
  const claim = c.claims[j];
  const card = page.locator('article.conflict').nth(targetIndex);
  const link = card.locator('.claim').filter({ has: page.locator('mark.evidence-mark', { hasText: claim.evidence }) }).first().locator('a.open');
  await link.click();
  await page.waitForFunction(() => location.hash.startsWith('#/doc/') && document.getElementById('main').dataset.ready === location.hash);
  check(page.url().includes(`hl=${claim.start}-${claim.end}`), `the claim opened ${page.url()}`);
  const focus = page.locator('.doc-text .l-focus');
  check(await focus.count() > 0, 'no highlighted evidence in the article');
  const got = (await focus.allTextContents()).join('');
  check(got === claim.evidence, `highlighted "${got}", expected "${claim.evidence}"`);
  check(await inView(focus.first()), 'the highlighted evidence is not scrolled into view');
  await shot('conflict-evidence');
});

await step('every conflict claim highlights exactly its evidence (UTF-8 offsets)', async () => {
  let n = 0;
  for (const c of conflicts) {
    for (const x of c.claims) {
      if (!Number.isInteger(x.start) || n >= 40) continue;
      n += 1;
      await open(`#/doc/${encodeURIComponent(x.doc)}?hl=${x.start}-${x.end}`);
      const got = (await page.locator('.doc-text .l-focus').allTextContents()).join('');
      check(got === x.evidence, `${x.doc} ${x.start}-${x.end}: highlighted "${got}", expected "${x.evidence}"`);
      check(await inView(page.locator('.doc-text .l-focus').first()), `${x.doc} ${x.start}-${x.end}: evidence not in view`);
    }
  }
  check(n > 0, 'no claims with offsets to check');
});

const richest = [...docs].filter((d) => !d.duplicate_of && d.id !== hostileId).sort((a, b) => b.n_events - a.n_events)[0];
await step('document page highlights and lists quotes, speakers, events, amounts and entities', async () => {
  const { document: doc } = await api(`/api/documents/${encodeURIComponent(richest.id)}`);
  await open(`#/doc/${encodeURIComponent(doc.id)}`);
  check((await page.locator('.doc-title').textContent()) === (doc.title || doc.id), 'title differs');
  check((await page.locator('.doc-text').textContent()) === doc.text, 'the article text differs from the document text');
  const layers = { 'l-quote': doc.quotes.length, 'l-event': doc.events.length, 'l-amount': doc.amounts.length, 'l-entity': doc.entities.length };
  for (const [cls, n] of Object.entries(layers)) if (n) check(await page.locator(`.doc-text .${cls}`).count() > 0, `no ${cls} highlights`);
  check(doc.quotes.length > 0 && doc.events.length > 0, `${doc.id} has no quotes or events to show`);
  check(await page.locator('.side-item.item-event').count() === doc.events.length, 'events list incomplete');
  check(await page.locator('.side-item.item-quote').count() === doc.quotes.length, 'quotes list incomplete');
  check(await page.locator('.side-item.item-amount').count() === doc.amounts.length, 'amounts list incomplete');
  check(await page.locator('.side-item.item-entity').count() === doc.entities.length, 'entities list incomplete');
  for (let i = 0; i < doc.events.length; i++) {
    const got = await annotated(`ev${i}`, 'l-event');
    check(got === doc.events[i].evidence.text, `event ${i}: highlighted "${got}", expected "${doc.events[i].evidence.text}"`);
  }
  for (let i = 0; i < doc.quotes.length; i++) {
    const got = await annotated(`q${i}`, 'l-quote');
    const want = new TextDecoder().decode(new TextEncoder().encode(doc.text).slice(doc.quotes[i].start, doc.quotes[i].end));
    check(got === want, `quote ${i}: highlighted "${got}", expected "${want}"`);
  }
  for (let i = 0; i < doc.amounts.length; i++) {
    const got = await annotated(`a${i}`, 'l-amount');
    check(got === doc.amounts[i].text, `amount ${i}: highlighted "${got}", expected "${doc.amounts[i].text}"`);
  }
  if (doc.quotes.some((q) => q.speaker_span)) check(await page.locator('.doc-text .l-speaker').count() > 0, 'speakers not highlighted');
  if (doc.based_on.length) check((await page.locator('.doc-meta .agencies').textContent()).includes(doc.based_on[0]), 'source agencies not shown');
  await noSideways('document');
  await shot('document');
  // The last event in the list scrolls its evidence into view.
  const last = doc.events.length - 1;
  await page.locator('.side-item.item-event').nth(last).click();
  await page.waitForTimeout(900);
  const key = `ev${last}`;
  const visible = await page.evaluate((k) => {
    const el = [...document.querySelectorAll('.doc-text [data-ann]')].find((e) => e.dataset.ann.split(' ').includes(k));
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }, key);
  check(visible, 'clicking an event in the list does not bring its evidence into view');
});

await step('documents with copies show their duplicates and agencies', async () => {
  const copy = docs.find((d) => d.duplicate_of);
  if (!copy) { console.log('     (no near-duplicates in this corpus)'); return; }
  await open(`#/doc/${encodeURIComponent(copy.id)}`);
  check((await page.locator('.doc-dupes').first().textContent()).includes(copy.duplicate_of), 'the original of a copy is not shown');
  await open(`#/doc/${encodeURIComponent(copy.duplicate_of)}`);
  check((await page.locator('.doc-dupes').allTextContents()).join(' ').includes(copy.id), 'copies of an original are not listed');
  await shot('document-copies');
});

await step('markup in a document renders as text, never as HTML', async () => {
  const r = await fetch(`${base}/api/documents/${encodeURIComponent(hostileId)}`);
  check(r.ok, `the hostile document ${hostileId} is missing (ingest it in the test setup)`);
  const { document: doc } = await r.json();
  await open(`#/doc/${encodeURIComponent(hostileId)}`);
  await page.waitForTimeout(300);
  check(await page.evaluate(() => window.__pwned) === undefined, 'script from the document ran');
  check(await page.locator('#main script, #main img, .doc-text b').count() === 0, 'markup from the document became elements');
  const text = await page.locator('.doc-text').textContent();
  check(text === doc.text && text.includes('<script>'), 'the <script> in the text is not shown as text');
  check((await page.locator('.doc-title').textContent()).includes('<script>'), 'the <script> in the title is not shown as text');
  for (let i = 0; i < doc.events.length; i++) {
    const got = await annotated(`ev${i}`, 'l-event');
    check(got === doc.events[i].evidence.text, `non-ASCII offsets: event ${i} highlighted "${got}", expected "${doc.events[i].evidence.text}"`);
  }
  for (let i = 0; i < doc.amounts.length; i++) {
    const got = await annotated(`a${i}`, 'l-amount');
    check(got === doc.amounts[i].text, `non-ASCII offsets: amount ${i} highlighted "${got}"`);
  }
  await shot('hostile-document');
  await open(`#/search?q=pwned`);
  await page.waitForTimeout(200);
  check(await page.evaluate(() => window.__pwned) === undefined, 'script from a search snippet ran');
  check(await page.locator('#main script, #main img').count() === 0, 'markup in search results became elements');
  await shot('hostile-search');
});

await step('search finds documents, highlights hits and applies filters', async () => {
  await open('#/register');
  const word = busiest.designation;
  await page.fill('#quick-search input', word);
  await page.press('#quick-search input', 'Enter');
  await page.waitForFunction(() => location.hash.startsWith('#/search') && document.getElementById('main').dataset.ready === location.hash);
  const { hits } = await api(`/api/search?q=${encodeURIComponent(word)}&limit=100`);
  const results = page.locator('.result.hit');
  check(hits.length > 0, `the API finds nothing for ${word}`);
  check(await results.count() === hits.length, `${await results.count()} results shown, the API has ${hits.length}`);
  check(await page.locator('.results mark').count() > 0, 'search hits are not highlighted');
  await noSideways('search');
  await shot('search');
  // The outlet filter offers every outlet, each with its count of documents.
  const { outlets } = await api('/api/outlets');
  const offered = await page.locator('select[name=outlet] option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]).filter(([v]) => v));
  check(JSON.stringify(offered.map(([v]) => v)) === JSON.stringify(outlets.map((o) => o.outlet)), `outlets offered: ${offered.map(([v]) => v).join(', ')}`);
  check(offered.every(([v, text], i) => text === `${v} (${outlets[i].documents})`), `outlet options: ${offered.map(([, t]) => t).join(', ')}`);
  // Narrow by an outlet and an event type through the form.
  const outlet = hits.find((x) => x.outlet)?.outlet;
  if (outlet) {
    await page.selectOption('select[name=outlet]', outlet);
    await page.click('.search-form button[type=submit]');
    await page.waitForFunction((o) => location.hash.includes('outlet=') && document.getElementById('main').dataset.ready === location.hash, outlet);
    const metas = await page.locator('.result.hit .result-meta').allTextContents();
    check(metas.length > 0 && metas.every((m) => m.includes(outlet)), `outlet filter shows ${metas.join(' | ')}`);
    check(await page.locator('select[name=outlet]').inputValue() === outlet, 'the outlet filter is not kept in the form');
  }
  await page.selectOption('select[name=type]', 'deal_signed');
  await page.click('.search-form button[type=submit]');
  await page.waitForFunction(() => location.hash.includes('type=deal_signed') && document.getElementById('main').dataset.ready === location.hash);
  const q = new URLSearchParams(page.url().split('?')[1]);
  const filtered = await api(`/api/search?${q.toString()}&limit=100`);
  check(await page.locator('.result.hit').count() === filtered.hits.length, 'filtered results differ from the API');
  await shot('search-filtered');
  // A hit opens its document with the words marked.
  await open(`#/search?q=${encodeURIComponent(word)}`);
  await page.locator('.result.hit a.result-title').first().click();
  await page.waitForFunction(() => location.hash.startsWith('#/doc/') && document.getElementById('main').dataset.ready === location.hash);
  check(await page.locator('.doc-text .l-match').count() > 0, 'the search words are not marked in the opened document');
});

await step('documents list and date filter', async () => {
  await open('#/documents');
  const shown = await page.locator('.result.doc-row').count();
  check(shown === Math.min(100, docs.length), `documents page shows ${shown} of ${docs.length}`);
  const dated = docs.filter((d) => d.published && d.published.length === 10).map((d) => d.published).sort();
  if (dated.length) {
    await open(`#/search?from=${dated[dated.length - 1]}`);
    const after = await page.locator('.result.doc-row').count();
    check(after > 0 && after < docs.length, `date filter from ${dated[dated.length - 1]} shows ${after} documents`);
  }
  await open('#/documents');
  await shot('documents');
});

await step('unknown pages and missing documents say so', async () => {
  await page.evaluate(() => { location.hash = '#/doc/no-such-document'; });
  await page.waitForFunction(() => document.getElementById('main').dataset.ready === location.hash);
  check(await page.locator('#main .error').count() === 1, 'a missing document shows no error');
  // The 404 of the API call is expected here.
  pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((e) => !/404/.test(e)));
});

await step('no script errors or CSP violations', async () => {
  check(pageErrors.length === 0, pageErrors.join('\n'));
});

await context.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
console.log(`${checks} checks, ${failures.length} failed; screenshots in ${shots}`);
if (failures.length) {
  for (const f of failures) console.log(`  - ${f}`);
  process.exit(1);
}
