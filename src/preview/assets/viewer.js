// The preview page: draws the PDF with pdf.js (canvas plus a text layer per page) and
// follows the server's events: `built` redraws in place when the shown PDF's version
// changed, `failed` shows the problems over the last good PDF, `building` says so.
import * as pdfjs from '/pdfjs/pdf.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = '/pdfjs/pdf.worker.mjs';

/** Page width in CSS pixels per PDF point: fit to the window, within these bounds. */
const MIN_SCALE = 0.5;
const MAX_SCALE = 1.5;
const GUTTER = 24;

const $ = (id) => document.getElementById(id);
const view = {
  /** @type {{ key: string, output: string, version?: string }[]} */
  documents: [],
  key: new URLSearchParams(location.search).get('leaflet'),
  /** The PDF on screen: its document, output name and version. */
  shown: undefined,
  drawing: false,
  again: false,
  /** Draw even an unchanged PDF again: the window's width changed. */
  redraw: false,
};

const chosen = () => view.documents.find((d) => d.key === view.key) ?? view.documents[0];

/** Draw the chosen document if it is not on screen as it is now; one drawing at a time, the latest wins. */
async function refresh({ redraw = false } = {}) {
  view.redraw ||= redraw;
  if (view.drawing) {
    view.again = true;
    return;
  }
  view.drawing = true;
  try {
    do {
      view.again = false;
      const force = view.redraw;
      view.redraw = false;
      await draw(force);
    } while (view.again);
  } catch (error) {
    setStatus('failed', `Cannot show the PDF: ${error?.message ?? error}`);
  } finally {
    view.drawing = false;
  }
}

async function draw(redraw) {
  const doc = chosen();
  $('empty').hidden = Boolean(doc?.version) || document.body.dataset.state === 'building';
  if (!doc?.version) return;
  document.title = `${doc.output} · brief preview`;
  $('document').textContent = doc.output;
  const same = view.shown && view.shown.output === doc.output;
  if (same && view.shown.version === doc.version && !redraw) return;
  let pdf = view.shown?.pdf;
  if (!same || view.shown.version !== doc.version) {
    const response = await fetch(`/pdf/${encodeURIComponent(doc.output)}?v=${doc.version}`);
    if (!response.ok) throw new Error(`${doc.output}: HTTP ${response.status}`);
    pdf = await pdfjs.getDocument({ data: new Uint8Array(await response.arrayBuffer()), isEvalSupported: false }).promise;
  }
  const pages = await drawPages(pdf);
  // the same place of the same document: as a share of its height, which a redraw at another width changes
  const root = document.documentElement;
  const at = same ? window.scrollY / Math.max(1, root.scrollHeight) : 0;
  $('pages').replaceChildren(...pages);
  window.scrollTo(0, at * root.scrollHeight);
  if (view.shown?.pdf && view.shown.pdf !== pdf) void view.shown.pdf.destroy();
  view.shown = { pdf, output: doc.output, version: doc.version };
  document.body.dataset.version = doc.version;
}

/** Every page as a canvas under its text layer (so text can be selected and found), fit to the window's width. */
async function drawPages(pdf) {
  const width = document.documentElement.clientWidth - 2 * GUTTER;
  const ratio = window.devicePixelRatio || 1;
  const pages = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, width / page.getViewport({ scale: 1 }).width));
    const viewport = page.getViewport({ scale });
    const box = document.createElement('div');
    box.className = 'page';
    box.setAttribute('aria-label', `Page ${n} of ${pdf.numPages}`);
    box.style.setProperty('--scale-factor', String(scale));
    box.style.width = `${Math.floor(viewport.width)}px`;
    box.style.height = `${Math.floor(viewport.height)}px`;
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    const transform = ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined;
    await page.render({ canvasContext: canvas.getContext('2d'), viewport, transform }).promise;
    const text = document.createElement('div');
    text.className = 'textLayer';
    await new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
    box.append(canvas, text);
    pages.push(box);
  }
  return pages;
}

function setStatus(state, text) {
  document.body.dataset.state = state;
  $('status-text').textContent = text;
}

function showDocuments(documents) {
  view.documents = documents;
  const select = $('leaflet');
  // leaflets by key; a brief's editions by language, its own by its file's name
  select.hidden = documents.length < 2;
  const keys = documents.map((d) => d.key).join('\n');
  if (select.dataset.keys !== keys) {
    select.replaceChildren(...documents.map((d) => new Option(d.key || d.output.replace(/\.pdf$/, ''), d.key)));
    select.dataset.keys = keys;
  }
  select.value = chosen()?.key ?? '';
  void refresh();
}

const time = () => new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const events = new EventSource('/events');
events.addEventListener('building', () => setStatus('building', 'Building…'));
events.addEventListener('built', (event) => {
  $('problems').hidden = true;
  $('problems-text').replaceChildren();
  setStatus('built', `Built at ${time()}`);
  showDocuments(JSON.parse(event.data).documents);
});
events.addEventListener('failed', (event) => {
  const { documents, html } = JSON.parse(event.data);
  // the server escaped the text and marked its parts up: see src/preview/problems-html.ts
  $('problems-text').innerHTML = html;
  setStatus('failed', `Failed at ${time()}`);
  showDocuments(documents);
  $('problems-note').textContent = chosen()?.version ? 'Showing the last good PDF' : 'No PDF yet';
  $('problems').hidden = false;
});
events.addEventListener('error', () => {
  if (events.readyState !== EventSource.OPEN) setStatus('offline', 'Disconnected: is brief preview running?');
});

$('problems-toggle').addEventListener('click', () => {
  const collapsed = $('problems').classList.toggle('collapsed');
  $('problems-toggle').textContent = collapsed ? 'Show' : 'Hide';
  $('problems-toggle').setAttribute('aria-expanded', String(!collapsed));
});

$('leaflet').addEventListener('change', (event) => {
  view.key = event.target.value;
  history.replaceState(null, '', `?leaflet=${encodeURIComponent(view.key)}`);
  void refresh();
});

let resizing;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => void refresh({ redraw: true }), 150);
});
