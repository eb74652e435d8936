// Builds the C puppet helper with the machine's C compiler (Linux only).
import { execFileSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'puppet.c');
if (process.platform !== 'linux') {
  console.log('nslab: not on Linux, the real-host puppet is not built');
} else if (!existsSync(src)) {
  console.log('nslab: no puppet.c yet');
} else {
  mkdirSync(join(here, 'build'), { recursive: true });
  execFileSync(process.env.CC ?? 'cc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', join(here, 'build', 'puppet'), src], { stdio: 'inherit' });
}
