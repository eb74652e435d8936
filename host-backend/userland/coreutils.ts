// The small commands: cat, readlink, hostname, uname, echo — each what
// its coreutils / util-linux / hostname counterpart prints, over Backend.
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { strerror } from './strerror.ts';

/** cat FILE...: the files' texts in order; a failing file is reported and the rest still printed. */
export async function cat(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  let output = '';
  let ret = 0;
  for (const path of argv.slice(1)) {
    const r = await b.call(task, 'read_file', [path]);
    if (r.ret < 0) {
      output += `cat: ${path}: ${strerror(r.ret)}\n`;
      ret = r.ret;
    } else {
      output += r.text ?? '';
    }
  }
  return { ret, output };
}

/** readlink PATH...: each target on its own line; failures are silent (exit 1), as coreutils without -v. */
export async function readlink(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  let output = '';
  let ret = 0;
  for (const path of argv.slice(1)) {
    const r = await b.call(task, 'readlink', [path]);
    if (r.ret < 0) ret = r.ret;
    else output += `${r.text ?? ''}\n`;
  }
  return { ret, output };
}

/** hostname [NAME]: print the UTS namespace's nodename, or set it with sethostname(2). */
export async function hostname(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  if (argv.length === 2) {
    const r = await b.call(task, 'sethostname', [argv[1]]);
    if (r.ret === -ERRNO.EPERM) return { ret: r.ret, output: 'hostname: you must be root to change the host name\n' };
    if (r.ret < 0) return { ret: r.ret, output: `hostname: ${strerror(r.ret)}\n` };
    return { ret: 0, output: '' };
  }
  const r = await b.call(task, 'gethostname', []);
  if (r.ret < 0) return { ret: r.ret, output: `hostname: ${strerror(r.ret)}\n` };
  return { ret: 0, output: `${r.text ?? ''}\n` };
}

/** uname [-s] [-n]: the kernel name and/or the nodename (uname(2) of the caller's UTS namespace). */
export async function uname(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const fields: string[] = [];
  for (const a of argv.slice(1)) {
    if (a === '-s' || a === '--kernel-name') fields.push('Linux');
    else if (a === '-n' || a === '--nodename') {
      const r = await b.call(task, 'gethostname', []);
      if (r.ret < 0) return { ret: r.ret, output: `uname: cannot get system name: ${strerror(r.ret)}\n` };
      fields.push(r.text ?? '');
    }
  }
  if (argv.length === 1) fields.push('Linux');
  return { ret: 0, output: `${fields.join(' ')}\n` };
}

/** echo [-n] WORD...: the words joined by one space, then a newline unless -n. */
export async function echo(_b: Backend, _task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const n = argv[1] === '-n';
  const words = argv.slice(n ? 2 : 1);
  return { ret: 0, output: words.join(' ') + (n ? '' : '\n') };
}
