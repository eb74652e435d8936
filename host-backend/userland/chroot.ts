// chroot(8), GNU coreutils 9.1: chroot(2) to NEWROOT, chdir("/") (unless
// --skip-chdir), then the command. Messages are coreutils' (exit status 125
// when chroot itself fails).
//
// In a scenario: `T: chroot DIR COMMAND...` runs as a shell runs a command,
// in a child of T (named "chroot", then the command) that is reaped before
// the step ends, so T keeps its root; `T: chroot DIR` (no command: the
// shell) changes T's own root, as `exec chroot DIR` would.
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { errLine, execName, runInChild } from './exec.ts';

export interface ChrootOptions {
  root: string;
  skipChdir: boolean;
  program: string[];
}

export function parseChroot(argv: readonly string[]): ChrootOptions | string {
  let i = 1;
  let skipChdir = false;
  for (; i < argv.length && argv[i].startsWith('-') && argv[i] !== '-'; i++) {
    if (argv[i] === '--') { i++; break; }
    if (argv[i] === '--skip-chdir') skipChdir = true;
    else return `chroot: unsupported option ${argv[i]} (supported: --skip-chdir)`;
  }
  if (i >= argv.length) return 'chroot: missing operand\nTry \'chroot --help\' for more information.';
  const root = argv[i];
  if (skipChdir && root !== '/') return 'chroot: option --skip-chdir only permitted if NEWROOT is old \'/\'\nTry \'chroot --help\' for more information.';
  return { root, skipChdir, program: argv.slice(i + 1) };
}

async function chrootAs(b: Backend, self: TaskRef, o: ChrootOptions): Promise<CommandResult> {
  const r = await b.call(self, 'chroot', [o.root]);
  if (r.ret < 0) return { ret: r.ret, output: errLine('chroot', `cannot change root directory to '${o.root}'`, r.ret) };
  if (!o.skipChdir) {
    const c = await b.call(self, 'chdir', ['/']);
    if (c.ret < 0) return { ret: c.ret, output: errLine('chroot', 'cannot chdir to root directory', c.ret) };
  }
  return { ret: 0, output: '' };
}

export async function chroot(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const o = parseChroot(argv);
  if (typeof o === 'string') return { ret: -ERRNO.EINVAL, output: o + '\n' };
  if (o.program.length === 0) return chrootAs(b, task, o);
  const { runCommand } = await import('./command.ts');
  return runInChild(b, task, 'chroot', async (c) => {
    const r = await chrootAs(b, c, o);
    if (r.ret < 0) return r;
    await execName(b, c, o.program[0]);
    return runCommand(b, c, o.program);
  });
}
