import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PortInUseError, startPreviewServer, type PreviewServer } from '../../src/preview/server.js';
import { tempFolders } from '../helpers/temp.js';

const temp = tempFolders();
let server: PreviewServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Connect to an event stream (the server counts it once this resolves); `until` reads it until it holds a text, then hangs up. */
async function openEvents(url: string): Promise<{ until(text: string): Promise<string> }> {
  const stop = new AbortController();
  const response = await fetch(url, { signal: stop.signal });
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  return {
    async until(until) {
      let text = '';
      while (!text.includes(until)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      stop.abort();
      return text;
    },
  };
}

describe('the preview server', () => {
  it('tells a page the state on connecting, then each change, as Server-Sent Events', async () => {
    server = await startPreviewServer({ port: 0, outDir: temp('brief-preview-out-') });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    server.publish({ type: 'built', documents: [{ key: '', output: 'a.pdf', version: 'v1' }] });
    server.publish({ type: 'building' });
    const first = await (await openEvents(`${server.url}events`)).until('event: building');
    expect(first).toBe('retry: 1000\n\nevent: built\ndata: {"documents":[{"key":"","output":"a.pdf","version":"v1"}]}\n\nevent: building\ndata: {}\n\n');

    const stream = await openEvents(`${server.url}events`);
    server.publish({ type: 'failed', documents: [{ key: '', output: 'a.pdf', version: 'v1' }], html: '<span class="file">x</span>' });
    expect(await stream.until('event: failed')).toContain('event: failed\ndata: {"documents":[{"key":"","output":"a.pdf","version":"v1"}],"html":"<span class=\\"file\\">x</span>"}\n\n');
  });

  it('serves the page, its script and pdf.js, and the PDFs published, nothing else', async () => {
    const outDir = temp('brief-preview-out-');
    fs.writeFileSync(path.join(outDir, 'a.pdf'), '%PDF-a');
    fs.writeFileSync(path.join(outDir, 'b.pdf'), '%PDF-b');
    fs.writeFileSync(path.join(outDir, 'secret.txt'), 'secret');
    server = await startPreviewServer({ port: 0, outDir });
    const get = (p: string, init?: RequestInit) => fetch(new URL(p, server!.url), init);

    expect((await get('/pdf/a.pdf')).status).toBe(404); // nothing published yet
    server.publish({ type: 'built', documents: [{ key: 'a', output: 'a.pdf', version: 'v1' }, { key: 'b', output: 'b.pdf' }] });

    const pdf = await get('/pdf/a.pdf?v=v1');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(await pdf.text()).toBe('%PDF-a');
    const page = await get('/');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<script type="module" src="/viewer.js">');
    for (const asset of ['/viewer.js', '/viewer.css', '/pdfjs/pdf.mjs', '/pdfjs/pdf.worker.mjs', '/pdfjs/pdf_viewer.css']) {
      expect((await get(asset)).status, asset).toBe(200);
    }
    expect((await get('/pdfjs/pdf.mjs')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');

    // a document without a good PDF, files beside the PDFs, other paths, escapes: all 404
    for (const p of ['/pdf/b.pdf', '/pdf/secret.txt', '/pdf/..%2Fsecret.txt', '/pdf/%2E%2E%2Fa.pdf', '/pdf/a.pdf/x', '/pdf/%E0%A4%A', '/secret.txt', '/../package.json', '/%2E%2E/package.json', '/src/preview/assets/viewer.js', '/pdfjs/package.json', '/pdfjs/../package.json', '/viewer.js/']) {
      const response = await get(p);
      expect(response.status, p).toBe(404);
      expect(await response.text()).toBe('not found\n');
    }
    expect((await get('/', { method: 'POST', body: 'x' })).status).toBe(405);
    const head = await get('/pdf/a.pdf', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('6');
  });

  it('answers only requests addressed to 127.0.0.1 or localhost', async () => {
    server = await startPreviewServer({ port: 0, outDir: temp('brief-preview-out-') });
    const statusFor = (host: string) =>
      new Promise<number>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: server!.port, path: '/', headers: { host } }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject);
      });
    expect(await statusFor(`127.0.0.1:${server.port}`)).toBe(200);
    expect(await statusFor(`localhost:${server.port}`)).toBe(200);
    expect(await statusFor(`attacker.example:${server.port}`)).toBe(403);
    expect(await statusFor('127.0.0.1')).toBe(403);
  });

  it('says when its port is taken', async () => {
    server = await startPreviewServer({ port: 0, outDir: temp('brief-preview-out-') });
    await expect(startPreviewServer({ port: server.port, outDir: temp('brief-preview-out-') })).rejects.toBeInstanceOf(PortInUseError);
  });

  it('closes with a page still connected', async () => {
    const open = await startPreviewServer({ port: 0, outDir: temp('brief-preview-out-') });
    const response = await fetch(`${open.url}events`);
    await open.close();
    const rest = await response.text(); // the stream ends rather than hanging
    expect(rest).toBe('retry: 1000\n\n');
    await expect(fetch(open.url)).rejects.toThrow();
  });
});
