// dossier web UI: placeholder until the full UI lands.
const main = document.getElementById('main');
fetch('/api/health').then(r => r.json()).then(h => { main.textContent = `${h.documents} documents`; });
