// dossier web UI: a hash router over the pages. No framework and no build
// step: plain ES modules served from the binary.

import { h, clear, route } from './dom.js';
import { get } from './api.js';
import { failure, loading } from './widgets.js';
import { registerPage } from './register.js';
import { dealPage } from './deal.js';
import { conflictsPage } from './conflicts.js';
import { docPage } from './doc.js';
import { searchPage } from './search.js';

const PAGES = {
  register: registerPage,
  deal: dealPage,
  conflicts: conflictsPage,
  doc: docPage,
  documents: searchPage,
  search: searchPage,
};

const main = document.getElementById('main');
let generation = 0;

/** "#/doc/s001?hl=1-9" as { name: 'doc', arg: 's001', params }. */
function parse(hash) {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const params = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const [name, ...rest] = path.split('/');
  return { name: name || 'register', arg: rest.length ? decodeURIComponent(rest.join('/')) : null, params };
}

async function render() {
  const r = parse(location.hash);
  const page = PAGES[r.name];
  const mine = ++generation;
  for (const a of document.querySelectorAll('.nav a')) a.classList.toggle('active', a.dataset.route === (r.name === 'deal' ? 'register' : r.name === 'doc' ? 'documents' : r.name));
  const quick = document.querySelector('#quick-search input');
  if (r.name === 'search' && quick !== document.activeElement) quick.value = r.params.get('q') || '';
  clear(main).append(loading());
  main.dataset.page = r.name;
  delete main.dataset.ready;
  if (!page) {
    clear(main).append(h('div', { class: 'error' }, 'No such page. ', h('a', { href: '#/register' }, 'Go to the register.')));
    main.dataset.ready = location.hash;
    return;
  }
  try {
    const view = await page(r.arg, r.params);
    if (mine !== generation) return; // a later navigation won
    clear(main).append(view.node);
    document.title = view.title ? `${view.title} · dossier` : 'dossier';
    if (view.after) view.after(); else window.scrollTo(0, 0);
  } catch (err) {
    if (mine !== generation) return;
    console.warn(err);
    clear(main).append(failure(err));
  }
  // Tells tests (and anyone curious) which location the page now shows.
  main.dataset.ready = location.hash;
}

document.getElementById('quick-search').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = new FormData(e.target).get('q').trim();
  location.hash = route('search', { q });
});

window.addEventListener('hashchange', render);
if (!location.hash) history.replaceState(null, '', '#/register');
render();

// Counts in the navigation, best effort: counted by the server, so a page
// never downloads every conflict to show how many there are.
get('/api/health').then((x) => {
  document.getElementById('n-docs').textContent = x.documents || '';
  document.getElementById('n-conflicts').textContent = x.conflicts || '';
}).catch(() => {});
