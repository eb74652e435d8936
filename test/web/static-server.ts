// A tiny static server for the built app (dist/), on 127.0.0.1 and a free
// port; the test that starts it stops it. Proves the app needs no server code.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export interface StaticServer {
  url: string;
  /** bytes served, by path: what a first visit downloads */
  served: Map<string, number>;
  close(): Promise<void>;
}

/** `hide`: paths answered 404 as if missing (to test how the page copes) */
export async function serveStatic(root: string, hide: (path: string) => boolean = () => false): Promise<StaticServer> {
  const served = new Map<string, number>();
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || hide(path)) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await readFile(file);
      served.set(path, body.length);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('static server: no port');
  return {
    url: `http://127.0.0.1:${addr.port}/`,
    served,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
