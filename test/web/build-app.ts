// Builds the static app into dist/ the way `npm run build` does (the kernel
// must already be built: `npm test` runs build:kernel first).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = fileURLToPath(new URL('../../dist', import.meta.url));

export function buildApp(): void {
  if (!existsSync(`${REPO}kernel-sim/build/kernel.wasm`))
    throw new Error('kernel-sim/build/kernel.wasm is missing: run `npm run build:kernel` first');
  execFileSync(process.execPath, [`${REPO}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'error'], {
    cwd: REPO,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
