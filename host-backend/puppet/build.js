// Builds the C puppet helper with the machine's C compiler (Linux only). The
// web app and the simulator need no puppet: without a C compiler the
// real-host backend is left unbuilt, said here and again by `nslab agent`.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cc = process.env.CC ?? 'cc';
if (process.platform !== 'linux') {
  console.log('nslab: not on Linux, so the real-host puppet is not built (the simulator needs none)');
} else {
  mkdirSync(join(here, 'build'), { recursive: true });
  try {
    execFileSync(cc, ['-O2', '-Wall', '-Wextra', '-Werror', '-o', join(here, 'build', 'puppet'), join(here, 'puppet.c')], { stdio: 'inherit' });
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    console.log(`nslab: no C compiler (${cc}), so the real-host puppet is not built (the simulator needs none; install gcc for the real host)`);
  }
}
