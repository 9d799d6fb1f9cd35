// The China factsheet as a web page, for the benchmark's comparison with a browser: the
// same text, the same five charts (drawn by brief beforehand, as inline SVG), the same
// Inter faces and Material Design icons, four A4 pages with the footer on each. Headless
// Chromium then only lays out and prints, which is what it is timed for.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as mdi from '@mdi/js';

/**
 * @param {object} o
 * @param {any} o.content   the brief's parsed brief.yaml
 * @param {any} o.theme     the parsed theme YAML
 * @param {{file: string, svg: string, width: number, height: number}[]} o.charts  drawn charts
 * @param {string} o.fontDir  folder of the Inter package
 */
export function factsheetHtml({ content, theme, charts, fontDir }) {
  const c = theme.colors;
  const byName = new Map(charts.map((chart) => [path.basename(chart.file, '.vl.json'), chart]));
  const faces = [
    [300, '300Light/Inter_300Light.ttf'],
    [400, '400Regular/Inter_400Regular.ttf'],
    [500, '500Medium/Inter_500Medium.ttf'],
    [600, '600SemiBold/Inter_600SemiBold.ttf'],
    [700, '700Bold/Inter_700Bold.ttf'],
    [800, '800ExtraBold/Inter_800ExtraBold.ttf'],
  ];
  const fontFaces = faces
    .map(([w, f]) => `@font-face{font-family:Inter;font-weight:${w};src:url(${pathToFileURL(path.join(fontDir, f)).href})}`)
    .join('\n');
  const [mt, mr, mb, ml] = theme.page.margins;

  const inline = (s) =>
    escape(s)
      .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
      .replace(/\*(.+?)\*/g, '<i>$1</i>')
      .replace(/\[(.+?)\]\((.+?)\)/g, '<a href="$2">$1</a>');
  const icon = (name, size = 22) => {
    const key = 'mdi' + name.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
    return `<svg class="icon" width="${size}" height="${size}" viewBox="0 0 24 24"><path d="${mdi[key] ?? ''}"/></svg>`;
  };
  const chart = (b) => {
    const drawn = byName.get(b.chart);
    if (!drawn) throw new Error(`no drawn chart ${b.chart}`);
    return `<figure><figcaption><h3>${inline(b.title)}</h3>${b.subtitle ? `<p class="sub">${inline(b.subtitle)}</p>` : ''}</figcaption>${drawn.svg}</figure>`;
  };
  const blocks = (list) => list.map(block).join('\n');
  function block(b) {
    switch (b.type) {
      case 'title-band':
        return `<header class="band">${b.kicker ? `<p class="kicker">${inline(b.kicker)}</p>` : ''}<h1>${inline(b.title)}</h1>${b.subtitle ? `<p class="subtitle">${inline(b.subtitle)}</p>` : ''}</header>`;
      case 'about':
        return `<section class="about"><h3>${inline(b.title)}</h3>${b.paragraphs.map((p) => `<p>${inline(p)}</p>`).join('')}</section>`;
      case 'headline':
        return `<h2 class="headline">${inline(b.text)}</h2>`;
      case 'section':
        return `<div class="section">${b.label ? `<p class="label">${inline(b.label)}</p>` : ''}<h2>${inline(b.title)}</h2></div>`;
      case 'paragraphs':
        return b.items.map((p) => `<p>${inline(p)}</p>`).join('');
      case 'icon-list':
        return `${b.intro ? `<p>${inline(b.intro)}</p>` : ''}<ul class="icons">${b.items.map((i) => `<li>${icon(i.icon)}<p>${i.title ? `<b class="lead">${inline(i.title)}</b> ` : ''}${inline(i.text)}</p></li>`).join('')}</ul>`;
      case 'fund-tiles':
        return `${b.intro ? `<p>${inline(b.intro)}</p>` : ''}<div class="tiles">${b.tiles
          .map((t) => `<section class="tile">${t.icon ? icon(t.icon) : ''}<h3>${inline(t.name)}</h3>${t.amounts.map((a) => `<p class="amount">${inline(a.value)}</p><p class="small">${inline(a.label)}</p>`).join('')}<p>${inline(t.text)}</p></section>`)
          .join('')}</div>`;
      case 'lessons':
        return `${b.intro ? `<p>${inline(b.intro)}</p>` : ''}<div class="lessons" style="grid-template-columns:repeat(${b.columns ?? 2},1fr)">${b.items.map((i) => `<div class="lesson">${icon(i.icon)}<p>${inline(i.text)}</p></div>`).join('')}</div>`;
      case 'stats':
        return `${b.intro ? `<p>${inline(b.intro)}</p>` : ''}<div class="stats">${b.items.map((i) => `<div class="stat">${i.icon ? icon(i.icon, 26) : ''}<p class="value">${inline(i.value)}</p><p class="small">${inline(i.text)}</p></div>`).join('')}</div>`;
      case 'chart':
        return chart(b);
      case 'row':
        return `<div class="row" style="gap:${b.gap ?? 18}pt">${b.columns.map((col) => `<div style="flex:${col.width ?? 1}">${blocks(col.blocks)}</div>`).join('')}</div>`;
      case 'spacer':
        return `<div style="height:${b.height ?? 12}pt"></div>`;
      default:
        throw new Error(`the browser page has no drawing for block type ${b.type}`);
    }
  }

  const footer = content.footer ? `<footer>${inline(content.footer.text)} <a href="${escape(content.footer.link)}">${escape(content.footer.link)}</a></footer>` : '';
  return `<!doctype html>
<html lang="${escape(content.meta.language ?? 'en')}"><head><meta charset="utf-8"><title>${escape(content.meta.title)}</title>
<style>
${fontFaces}
@page { size: A4; margin: 0 }
* { box-sizing: border-box }
body { margin: 0; font: 400 9pt/1.32 Inter; color: ${c.text} }
.page { width: 210mm; height: 297mm; padding: ${mt}pt ${mr}pt ${mb}pt ${ml}pt; display: flex; flex-direction: column; overflow: hidden; break-after: page } .page:last-child { break-after: auto }
h1, h2, h3, p { margin: 0 0 6pt }
h1 { font: 600 26pt Inter; color: #fff }
h2 { font: 600 15pt/1.18 Inter; color: ${c.primary} }
h3 { font: 600 10pt/1.2 Inter; color: ${c.text} }
a { color: ${c.primary} }
.band { background: ${c.primary}; padding: 18pt; margin-bottom: 12pt }
.kicker { font-size: 8.5pt; color: ${c.mid}; letter-spacing: .6pt } .subtitle { color: ${c.mid} }
.about { background: ${c.light}; padding: 12pt; margin-bottom: 12pt } .about h3 { color: ${c.primary} }
.headline { font-size: 17pt; margin: 8pt 0 12pt }
.section .label { font: 600 8pt Inter; color: ${c.secondary}; letter-spacing: .8pt }
figure { margin: 10pt 0 } .sub { font-size: 8pt; color: ${c.muted} } figure svg { display: block }
.icons { list-style: none; padding: 0 } .icons li { display: flex; gap: 10pt; margin-bottom: 8pt }
.icon { flex: none; fill: ${c.primary} } .lead { color: ${c.primary}; font-weight: 600 }
.tiles { display: flex; gap: 12pt; margin: 8pt 0 12pt } .tile { flex: 1; background: ${c.lighter}; border-top: 3pt solid ${c.primary}; padding: 10pt }
.amount { font: 600 18pt Inter; color: ${c.primary}; margin: 0 } .small { font-size: 7.5pt; color: ${c.muted} }
.lessons { display: grid; gap: 8pt } .lesson { background: ${c.primary}; color: #fff; padding: 10pt; display: flex; gap: 8pt } .lesson .icon { fill: ${c.accent} }
.stats { display: flex; gap: 12pt; margin: 8pt 0 } .stat { flex: 1; border-top: 2pt solid ${c.accent}; padding-top: 6pt } .stat .value { font: 600 24pt Inter; color: ${c.primary}; margin: 0 }
.row { display: flex; align-items: flex-start }
footer { margin-top: auto; background: ${c.primary}; color: #fff; font-size: 7.5pt; padding: 6pt 10pt } footer a { color: ${c.accent}; font-weight: 600 }
</style></head><body>
${content.pages.map((p) => `<div class="page">${blocks(p.blocks)}${footer}</div>`).join('\n')}
</body></html>
`;
}

function escape(s) {
  return String(s).replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);
}
