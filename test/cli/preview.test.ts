import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { run } from '../../src/cli/index.js';
import { runPreview } from '../../src/cli/preview.js';
import { makeProject } from '../leaflets/project.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`preview browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

function capture(): { io: { stdout: PassThrough; stderr: PassThrough }; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  return { io: { stdout, stderr }, out: () => out, err: () => err };
}

describe('brief preview on the command line', () => {
  it('has its help, and is in the usage', async () => {
    const help = capture();
    expect(await run(['preview', '--help'], { cwd: os.tmpdir(), ...help.io, env: {} })).toBe(0);
    expect(help.out()).toContain('Usage: brief preview [BRIEF] [--port N]');
    const usage = capture();
    await run(['--help'], { cwd: os.tmpdir(), ...usage.io, env: {} });
    expect(usage.out()).toMatch(/^ {2}preview \[BRIEF\]/m);
  });

  it('refuses a busy port, two briefs and a port out of range as usage errors', async () => {
    const project = makeProject('mini-set');
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const busy = capture();
      expect(await run(['preview', '--port', String(port)], { cwd: project, ...busy.io, env: {} })).toBe(2);
      expect(busy.err()).toContain(`brief: port ${port} is in use on 127.0.0.1: stop what serves there, or pick another port with --port N (--port 0 takes any free one)`);
      const two = capture();
      expect(await run(['preview', 'topics', 'topics'], { cwd: project, ...two.io, env: {} })).toBe(2);
      expect(two.err()).toContain('preview shows one brief at a time');
      const range = capture();
      expect(await run(['preview', '--port', '70000'], { cwd: project, ...range.io, env: {} })).toBe(2);
      expect(range.err()).toContain('--port needs a port number from 0 to 65535');
    } finally {
      taken.close();
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasChromium)('brief preview in Chromium', () => {
  let project: string;
  let profile: string;
  let browser: BrowserContext;
  beforeAll(async () => {
    project = makeProject('mini-set');
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-preview-chromium-'));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1000, height: 800 },
    });
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(project, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  });

  // (in the page: tests type-check without the DOM's types)
  const pagesText = (page: Page) => page.locator('#pages').evaluate((pages) => pages.textContent ?? '');
  const waitForText = (page: Page, text: string) => page.waitForFunction(`document.getElementById('pages').textContent.includes(${JSON.stringify(text)})`, undefined, { timeout: 30_000 });

  it('shows the PDF, follows a data edit in place, shows a broken YAML file and clears it when fixed', async () => {
    const stop = new AbortController();
    const out = capture();
    const listening: string[] = [];
    let url!: string;
    const ready = new Promise<void>((resolve) => {
      void (async () => {
        while (listening.length === 0) await new Promise((r) => setTimeout(r, 20));
        resolve();
      })();
    });
    const previewing = runPreview(['--port', '0', '--jobs', '1'], { cwd: project, ...out.io, env: {} }, {
      signal: stop.signal,
      debounceMs: 50,
      onListening: (u) => listening.push((url = u)),
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await ready;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(out.out()).toContain(`previewing content/topics at ${url}`);

      // the first leaflet of the set, drawn with its text selectable
      await page.goto(url);
      await waitForText(page, 'Alpha leads the way');
      expect(await pagesText(page)).toContain('12.5%');
      expect(await page.locator('.page canvas').count()).toBe(1);
      await page.evaluate('window.kept = true; window.scrollTo(0, 300)');
      expect(await page.evaluate('window.scrollY')).toBe(300);

      // a CSV edit: the new number, drawn in the same page (no reload) at the same place, by the same server
      const csv = path.join(project, 'content/topics/data/topics.csv');
      const good = fs.readFileSync(csv, 'utf8');
      fs.writeFileSync(csv, good.replace('alpha,Alpha,atom,Alpha leads the way,12.5', 'alpha,Alpha,atom,Alpha leads the way,77.5'));
      await waitForText(page, '77.5%');
      expect(await pagesText(page)).not.toContain('12.5%');
      expect(await page.evaluate('window.kept')).toBe(true);
      expect(await page.evaluate('window.scrollY')).toBe(300); // the same place

      // a broken YAML file: its error as the CLI prints it, over the last good PDF
      const yaml = path.join(project, 'content/topics/leaflets.yaml');
      const goodYaml = fs.readFileSync(yaml, 'utf8');
      fs.writeFileSync(yaml, goodYaml.replace('  key: slug', '  key: [slug'));
      await page.waitForSelector('#problems:not([hidden])', { timeout: 30_000 });
      const problems = await page.locator('#problems-text').textContent();
      expect(problems).toMatch(/^content\/topics\/leaflets\.yaml\n {2}\d+:\d+ {2}error {2}/);
      expect(problems).toContain('(yaml-syntax)');
      expect(out.err()).toContain(problems!.split('\n')[1]!); // the same line as on the terminal
      expect(await page.locator('body').getAttribute('data-state')).toBe('failed');
      expect(await pagesText(page)).toContain('77.5%');

      // fixed: the panel goes
      fs.writeFileSync(yaml, goodYaml);
      await page.waitForSelector('#problems', { state: 'hidden', timeout: 30_000 });
      expect(await page.locator('body').getAttribute('data-state')).toBe('built');

      // another leaflet, from the selector and from the address
      await page.selectOption('#leaflet', 'gamma');
      await waitForText(page, 'Gamma is steady');
      expect(page.url()).toBe(`${url}?leaflet=gamma`);
      await page.goto(`${url}?leaflet=beta`);
      await waitForText(page, 'Beta grows fast');

      // fit to the window's width, drawn again when it changes
      const pageWidth = () => page.locator('.page').evaluate((p) => p.getBoundingClientRect().width);
      expect(await pageWidth()).toBe(892); // A4's 595.28 pt, drawn at most 1.5 px a point
      await page.setViewportSize({ width: 600, height: 800 });
      await page.waitForFunction(`document.querySelector('.page').getBoundingClientRect().width < 600`, undefined, { timeout: 30_000 });
      expect(await pageWidth()).toBeGreaterThan(500);

      expect(listening).toHaveLength(1);
      expect(pageErrors).toEqual([]);
    } finally {
      stop.abort();
    }
    expect(await previewing).toBe(0);
    // closed: the port serves no more
    await expect(fetch(url)).rejects.toThrow();
  }, 120_000);
});
