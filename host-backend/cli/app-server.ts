// The built app (dist/) served as static files on 127.0.0.1 and a free port:
// to headless Chromium by `nslab export`, and to the browser tests — which
// proves the app needs no server code. Whoever starts it stops it.
import { createServer } from 'node:http';
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

export interface AppServer {
  url: string;
  /** bytes served, by path: what a visit downloaded */
  served: Map<string, number>;
  close(): Promise<void>;
}

/** `hide`: paths answered 404 as if missing (to test how the page copes). Paths outside `root` are 404 too. */
export async function serveApp(root: string, hide: (path: string) => boolean = () => false): Promise<AppServer> {
  const base = root.endsWith(sep) ? root : root + sep;
  const served = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(base, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(base) || hide(path)) return void res.writeHead(404).end('not found');
    try {
      const body = await readFile(file);
      served.set(path, body.length);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('the app server has no port');
  return {
    url: `http://127.0.0.1:${addr.port}/`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
