import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIEF, makeProject, runCli } from '../errors/project.js';
import { tempFolders } from '../helpers/temp.js';

const temp = tempFolders();

describe('the inputs of a brief', () => {
  it('include every file of its folder: a CSV a chart reads by URL outside data/, edited, rebuilds the PDF', async () => {
    const root = temp.adopt(makeProject('brief-inputs-'));
    const dir = path.join(root, BRIEF);
    fs.mkdirSync(path.join(dir, 'more'));
    fs.copyFileSync(path.join(dir, 'data/sales.csv'), path.join(dir, 'more/sales.csv'));
    const spec = path.join(dir, 'charts/sales.vl.json');
    fs.writeFileSync(spec, fs.readFileSync(spec, 'utf8').replace('"data": { "name": "sales" }', '"data": { "url": "more/sales.csv" }'));
    const first = await runCli(['build'], root);
    expect(first.code, first.stderr).toBe(0);
    expect((await runCli(['build'], root)).stderr).toContain('0 built, 1 unchanged');
    fs.writeFileSync(path.join(dir, 'more/sales.csv'), fs.readFileSync(path.join(dir, 'more/sales.csv'), 'utf8').replace('12.5', '19.5'));
    const again = await runCli(['build'], root);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('1 built, 0 unchanged');
  }, 60_000);
});
