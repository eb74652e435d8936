// The built app (dist/) served as static files on 127.0.0.1 and a free port:
// to headless Chromium by `nslab export`, and to the browser tests — which
// proves the app needs no server code. Whoever starts it stops it.
// ensureApp() builds it first when it is missing or stale.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

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

/** what the built app is made of: a change to any of these makes dist/ stale */
const APP_SOURCES = ['web', 'host-backend/userland', 'host-backend/scenario', 'host-backend/sim-backend.ts', 'kernel-sim/build', 'scenarios'];

function newestUnder(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestUnder(`${path}/${e}`));
  return newest;
}

/**
 * The built app in `app`, built now (as `npm run build` does) if it is
 * missing, older than its sources (the default dist/ only), or `rebuild`;
 * `say` hears that it is being built. A failure throws CliError (exit 3).
 */
export function ensureApp(app: string, rebuild: boolean, say: (line: string) => void): void {
  const index = `${app}/index.html`;
  const fresh = () => app !== resolve(`${REPO}dist`) || statSync(index).mtimeMs >= Math.max(...APP_SOURCES.map((p) => newestUnder(`${REPO}${p}`)));
  if (!rebuild && existsSync(index) && fresh()) return;
  if (!existsSync(`${REPO}kernel-sim/build/kernel.wasm`))
    throw new CliError('the kernel is not built (kernel-sim/build/kernel.wasm): run `npm run build:kernel`', 3);
  say(`building the app into ${app} …`);
  try {
    execFileSync(process.execPath, [`${REPO}node_modules/vite/bin/vite.js`, 'build', '--outDir', app, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (e) {
    throw new CliError(`building the app failed: ${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim()}`, 3);
  }
}
