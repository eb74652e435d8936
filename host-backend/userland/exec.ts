// How the programs that make processes (unshare, nsenter, chroot) run over
// Backend: fork(2), execve(2)'s effect on the name, exit(2) and waitpid(2),
// as a shell and those programs perform them. The scenario runner names the
// task a program leaves running (`-> NAME`); every other task a program
// makes is gone (exited and reaped) when the command returns.
import type { Backend, TaskRef } from '../backend.ts';
import type { CommandResult } from './command.ts';
import { strerror } from './strerror.ts';

/** A task a command left running, and its PID as the command's task sees it. */
export interface NewTask {
  ref: TaskRef;
  pid: number;
}

/** fork(2) as `parent`: the child, or -errno. */
export async function forkTask(b: Backend, parent: TaskRef): Promise<NewTask | number> {
  const f = await b.call(parent, 'fork', []);
  if (f.ret < 0 || f.child === undefined) return f.ret < 0 ? f.ret : -22;
  return { ref: f.child, pid: f.ret };
}

/** execve(2) renames the task after the program's file (comm is the basename, cut to 15 bytes by the kernel). */
export async function execName(b: Backend, task: TaskRef, program: string): Promise<void> {
  const base = program.slice(program.lastIndexOf('/') + 1) || program;
  await b.call(task, 'set_comm', [base]);
}

/**
 * Runs `body` in a child of `parent` and reaps it, as a shell runs a command
 * (or unshare/nsenter wait for the child they forked): fork, the child does
 * its work and exits (0, or 1 when it failed), the parent waitpid()s it.
 * The parent is unchanged afterwards. `comm`: the program the child execs
 * (null: it stays a copy of its parent, as a forked child does).
 */
export async function runInChild(
  b: Backend, parent: TaskRef, comm: string | null, body: (child: TaskRef) => Promise<CommandResult>,
  forkError: (errno: number) => string = (e) => `sh: fork: ${strerror(e)}\n`,
): Promise<CommandResult> {
  const c = await forkTask(b, parent);
  if (typeof c === 'number') return { ret: c, output: forkError(c) };
  if (comm !== null) await execName(b, c.ref, comm);
  const r = await body(c.ref);
  await reap(b, parent, c, r.ret === 0 ? 0 : 1);
  return { ret: r.ret, output: r.output };
}

/** The child exits with `status` and its parent reaps it. */
export async function reap(b: Backend, parent: TaskRef, child: NewTask, status: number): Promise<void> {
  await b.call(child.ref, 'exit', [status]);
  await b.call(parent, 'waitpid', [child.pid, 0]);
}

/** util-linux's err(): "PROG: MESSAGE: strerror(errno)". */
export function errLine(prog: string, message: string, errno: number): string {
  return `${prog}: ${message}: ${strerror(errno)}\n`;
}

/**
 * write(2) to a /proc file through write_file (open + write + close): an
 * open failure (ENOENT, EACCES) is told apart from a write failure as
 * util-linux reports them ("cannot open F" / "write failed F").
 */
export async function writeProcFile(b: Backend, task: TaskRef, prog: string, path: string, text: string): Promise<CommandResult> {
  const r = await b.call(task, 'write_file', [path, text]);
  if (r.ret >= 0) return { ret: 0, output: '' };
  const open = r.ret === -2 || r.ret === -13;
  return { ret: r.ret, output: errLine(prog, open ? `cannot open ${path}` : `write failed ${path}`, r.ret) };
}
