// Draws the charts of one brief for the benchmark's browser comparison, run in a fresh
// Node process by scripts/bench.mjs:
//
//   node scripts/bench-charts-child.mjs LIB PROJECT BRIEF OUT
//
// imports the library bundle LIB (createSession + buildBrief), builds PROJECT/content/BRIEF
// and writes OUT: a JSON array of the charts brief drew for it, in the order it drew them
// ({ file, svg, width, height }). The browser then prints pages with these charts
// already drawn, as a web page would embed them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.TZ = 'UTC'; // as the CLI draws
const [lib, project, brief, out] = process.argv.slice(2);
const { createSession, buildBrief } = await import(lib);

const session = createSession(project);
const drawn = [];
const charts = session.charts.bind(session);
session.charts = (theme) => {
  const engine = charts(theme);
  return {
    render: async (request) => {
      const chart = await engine.render(request);
      drawn.push({ file: request.specFile, svg: chart.svg, width: chart.width, height: chart.height });
      return chart;
    },
  };
};
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-bench-charts-'));
try {
  await buildBrief(path.join(project, 'content', brief), session, { outDir });
} finally {
  fs.rmSync(outDir, { recursive: true, force: true });
}
fs.writeFileSync(out, JSON.stringify(drawn));
