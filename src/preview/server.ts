import fs from 'node:fs';
import type http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { findProjectRoot } from '../chart/project-root.js';

/** A PDF the preview shows: a brief's, or one leaflet of a set. */
export interface PreviewDocument {
  /** The leaflet's key; '' for a brief. */
  key: string;
  /** PDF file name in the output folder. */
  output: string;
  /** Hash of the PDF's bytes as last built; absent while there is none. */
  version?: string;
}

/** What the page is told, as Server-Sent Events named by `type`. */
export type PreviewEvent =
  | { type: 'building' }
  | { type: 'built'; documents: PreviewDocument[] }
  /** `html`: the problems as the CLI prints them, escaped and marked up (see problems-html.ts). */
  | { type: 'failed'; documents: PreviewDocument[]; html: string };

export interface PreviewServer {
  url: string;
  port: number;
  /** Tell every open page, and every page that opens later, the new state. */
  publish(event: PreviewEvent): void;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/** Host only: a preview is for the person at this machine. */
export const HOST = '127.0.0.1';

/**
 * The preview's HTTP server. It serves a fixed set of files, the viewer's own and pdf.js's
 * from its installed package, the PDFs of the documents last published, read from
 * `outDir`, and `/events`; any other path is a 404, so nothing else of the disk is reachable.
 */
export async function startPreviewServer(options: { port: number; outDir: string }): Promise<PreviewServer> {
  // loaded by the preview only: a build has no server, and Node's HTTP modules cost it 4 ms to load
  const { createServer } = await import('node:http');
  const assets = viewerAssets();
  const streams = new Set<http.ServerResponse>();
  let result: PreviewEvent | undefined;
  let building = false;
  /** The Host headers the page is served to, known once the port is. */
  const hosts = new Set<string>();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://preview');
    // a web page elsewhere whose name is made to point at 127.0.0.1 must not read the PDFs
    if (!hosts.has(req.headers.host ?? '')) return send(res, 403, 'text/plain', `open http://${[...hosts][0]}/\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'only GET and HEAD\n');
    if (url.pathname === '/events') return openStream(res);
    const asset = assets.get(url.pathname);
    if (asset) return sendFile(res, asset.file, asset.type);
    const pdf = /^\/pdf\/([^/]+)$/.exec(url.pathname);
    const output = pdf ? decodeURIComponentOr(pdf[1]!) : undefined;
    const doc = output !== undefined ? documentsOf(result).find((d) => d.output === output && d.version) : undefined;
    if (doc) return sendFile(res, path.join(options.outDir, doc.output), 'application/pdf');
    send(res, 404, 'text/plain', 'not found\n');
  });

  const openStream = (res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    if (result) res.write(eventText(result));
    if (building) res.write(eventText({ type: 'building' }));
    streams.add(res);
    res.on('close', () => streams.delete(res));
  };
  // proxies and idle sockets drop a silent stream; a comment line keeps it open
  const keepAlive = setInterval(() => streams.forEach((s) => s.write(': keep-alive\n\n')), 15_000);
  keepAlive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      clearInterval(keepAlive);
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(`port ${options.port} is in use`) : error);
    });
    server.listen(options.port, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts.add(`${HOST}:${port}`).add(`localhost:${port}`);

  return {
    url: `http://${HOST}:${port}/`,
    port,
    publish(event) {
      building = event.type === 'building';
      if (!building) result = event;
      const text = eventText(event);
      for (const s of streams) s.write(text);
    },
    async close() {
      clearInterval(keepAlive);
      for (const s of streams) s.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function documentsOf(event: PreviewEvent | undefined): PreviewDocument[] {
  return event && event.type !== 'building' ? event.documents : [];
}

export function eventText(event: PreviewEvent): string {
  const { type, ...data } = event;
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** URL path → file: the viewer's page, script and style, and pdf.js from its package (never copied). */
function viewerAssets(): Map<string, { file: string; type: string }> {
  const own = path.join(findProjectRoot(), 'src/preview/assets');
  const pdfjs = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const js = 'text/javascript; charset=utf-8';
  const css = 'text/css; charset=utf-8';
  return new Map([
    ['/', { file: path.join(own, 'index.html'), type: 'text/html; charset=utf-8' }],
    ['/viewer.js', { file: path.join(own, 'viewer.js'), type: js }],
    ['/viewer.css', { file: path.join(own, 'viewer.css'), type: css }],
    ['/pdfjs/pdf.mjs', { file: path.join(pdfjs, 'build/pdf.mjs'), type: js }],
    ['/pdfjs/pdf.worker.mjs', { file: path.join(pdfjs, 'build/pdf.worker.mjs'), type: js }],
    ['/pdfjs/pdf_viewer.css', { file: path.join(pdfjs, 'web/pdf_viewer.css'), type: css }],
  ]);
}

function sendFile(res: http.ServerResponse, file: string, type: string): void {
  fs.readFile(file, (error, bytes) => {
    if (error) send(res, 404, 'text/plain', 'not found\n');
    else send(res, 200, type, bytes);
  });
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function decodeURIComponentOr(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
