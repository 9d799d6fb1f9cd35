/**
 * A build with a core to spare and no chart to draw reads the large font files the
 * document's last build set text in (its manifest says which) on a thread of its own. The
 * hint changes when bytes are read, never which: the PDF is the one a build without it
 * writes, and a manifest edited to say anything is no harm.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, repoRoot } from '../errors/project.js';
import { tempFolders } from '../helpers/temp.js';

const cli = path.join(repoRoot, 'dist', 'brief.js');
const temp = tempFolders();

/** `brief build --jobs 2` in a fresh process: exit code and the PDF's bytes. */
function build(project: string, out: string, store: string): { status: number | null; pdf: Buffer } {
  const run = spawnSync(process.execPath, [cli, 'build', '--jobs', '2', '--out', out], { cwd: project, env: { ...process.env, BRIEF_STORE: store }, encoding: 'utf8' });
  return { status: run.status, pdf: fs.readFileSync(path.join(out, 'mini.pdf')) };
}

/** The test project with a paragraph in Chinese characters: a fallback font of 10 MB sets them. */
function project(): string {
  const dir = temp.adopt(makeProject('brief-prefetch-'));
  const file = path.join(dir, 'content/mini/brief.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('in one way per test case."', 'in one way per test case (中国制造)."'));
  return dir;
}

const manifestOf = (out: string) => JSON.parse(fs.readFileSync(path.join(out, '.brief-manifest.json'), 'utf8')) as { outputs: Record<string, { fonts?: unknown }> };

describe('font files read ahead from the last build’s manifest', () => {
  it('a text edit read with the hint is the PDF of a build without it', () => {
    const dir = project();
    const [out, store] = [temp('brief-prefetch-out-'), temp('brief-prefetch-store-')];
    expect(build(dir, out, store).status).toBe(0);
    const fonts = manifestOf(out).outputs['mini.pdf']!.fonts as string[];
    expect(fonts.some((file) => /NotoSansSC/.test(file))).toBe(true);
    expect(fonts.every((file) => !path.isAbsolute(file))).toBe(true);

    const file = path.join(dir, 'content/mini/brief.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('broken', 'bent'));
    const hinted = build(dir, out, store);
    expect(hinted.status).toBe(0);
    const fresh = build(dir, temp('brief-prefetch-out-'), temp('brief-prefetch-store-'));
    expect(hinted.pdf.equals(fresh.pdf)).toBe(true);
  });

  it('a manifest that names anything as fonts is no harm', () => {
    const dir = project();
    const [out, store] = [temp('brief-prefetch-out-'), temp('brief-prefetch-store-')];
    expect(build(dir, out, store).status).toBe(0);
    const manifest = manifestOf(out);
    manifest.outputs['mini.pdf']!.fonts = [42, '../../../etc/passwd', 'missing.ttf', { file: 'x.ttf' }, null];
    fs.writeFileSync(path.join(out, '.brief-manifest.json'), JSON.stringify(manifest));
    const file = path.join(dir, 'content/mini/brief.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('broken', 'bent'));
    expect(build(dir, out, store).status).toBe(0);
  });
});
