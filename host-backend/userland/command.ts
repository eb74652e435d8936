// The userland commands a scenario can run (`c: ps`, `c: cat /proc/self/status`):
// written once over Backend, so they print the same on the simulator and on
// a real host. A command "runs as" the scenario's task: every file it reads
// is read by that task, as that task sees it; it is no process of its own.
// The programs that start programs (chroot, unshare, nsenter) do make
// processes, as a shell and those programs would (exec.ts, GRAMMAR.md
// "Commands that make tasks").
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO } from '../errno.ts';
import { cat, echo, hostname, readlink, uname } from './coreutils.ts';
import { ls, parseLs } from './ls.ts';
import { parseStat, stat } from './stat.ts';
import { lsns, parseLsns } from './lsns.ts';
import { parsePs, ps } from './ps.ts';
import { ipcs, parseIpcs } from './ipcs.ts';
import { checkIp, ip } from './ip.ts';
import { checkTaskset, nproc, taskset } from './taskset.ts';
import { strerror } from './strerror.ts';
import { mount, parseMount } from './mount.ts';
import { parseUmount, umount } from './mount-do.ts';
import { findmnt, parseFindmnt } from './findmnt.ts';
import { id, parseId } from './id.ts';
import { chroot, parseChroot } from './chroot.ts';
import { parseUnshare, unshare, unshareLeavesTask } from './unshare.ts';
import { nsenter, nsenterLeavesTask, parseNsenter } from './nsenter.ts';
import type { NewTask } from './exec.ts';

export interface CommandResult {
  /** 0 on success, else -errno of the call that failed (-EINVAL for a usage error) */
  ret: number;
  /** what the command printed (stdout and stderr, in order) */
  output: string;
  /** the task the command left running (unshare --fork, nsenter into a PID namespace): what `-> NAME` names */
  child?: NewTask;
}

type Run = (b: Backend, task: TaskRef, argv: readonly string[]) => Promise<CommandResult>;

interface CommandSpec {
  run: Run;
  usage: string;
  /** a usage error for these words, or null */
  check(argv: readonly string[]): string | null;
  /** whether, with these words, the command leaves a new task running (which `-> NAME` must name) */
  leavesTask?(argv: readonly string[]): boolean;
}

const anyArgs = () => null;
/** the parse's complaint, or null; and, for a program run by the command, the program's own usage error */
const parsed = (o: object | string): string | null => {
  if (typeof o === 'string') return o;
  const program = 'program' in o ? (o.program as string[]) : [];
  if (!program.length) return null;
  const inner = checkCommand(program);
  if (inner) return inner;
  // a program's tasks are gone when the command returns: none may be left running
  if (COMMANDS[program[0]].leavesTask?.(program)) return `${program[0]}: as a program run by another command it would leave a task running; run it as a step of its own and name the task with -> NAME`;
  return null;
};
const atLeastOne = (name: string) => (argv: readonly string[]) =>
  argv.length < 2 ? `${name}: missing operand (reading standard input is not supported)` : null;

export const COMMANDS: Record<string, CommandSpec> = {
  ps: { run: ps, usage: 'ps [-e] [-L|-T] [-o FORMAT] [-p PIDS]', check: (a) => { const o = parsePs(a); return typeof o === 'string' ? o : null; } },
  lsns: { run: lsns, usage: 'lsns [-t TYPE] [-p PID]', check: (a) => { const o = parseLsns(a); return typeof o === 'string' ? o : null; } },
  cat: { run: cat, usage: 'cat FILE...', check: atLeastOne('cat') },
  readlink: { run: readlink, usage: 'readlink PATH...', check: atLeastOne('readlink') },
  hostname: { run: hostname, usage: 'hostname [NAME]', check: (a) => (a.length > 2 ? 'hostname: too many arguments' : a[1]?.startsWith('-') ? `hostname: unsupported option ${a[1]}` : null) },
  uname: { run: uname, usage: 'uname [-s] [-n]', check: (a) => { const bad = a.slice(1).find((x) => !['-s', '-n', '--kernel-name', '--nodename'].includes(x)); return bad ? `uname: unsupported option ${bad} (supported: -s -n)` : null; } },
  ls: { run: ls, usage: 'ls [-a] [-1] [-d] [-l|-n] [FILE...]', check: (a) => parsed(parseLs(a)) },
  echo: { run: echo, usage: 'echo [-n] WORD...', check: anyArgs },
  ipcs: { run: ipcs, usage: 'ipcs [-q] [-m] [-s]', check: (a) => { const o = parseIpcs(a); return typeof o === 'string' ? o : null; } },
  ip: { run: ip, usage: 'ip link|addr [show|add|set|del ...]', check: checkIp },
  nproc: { run: nproc, usage: 'nproc', check: (a) => (a.length > 1 ? 'nproc: no options are supported' : null) },
  taskset: { run: taskset, usage: 'taskset -p|-cp PID', check: checkTaskset },
  stat: { run: stat, usage: 'stat [-L] -c FORMAT FILE...', check: (a) => parsed(parseStat(a)) },
  mount: { run: mount, usage: 'mount [-l] [-t TYPES] | mount -t TYPE [-o OPTS] SOURCE DIR | mount --bind|--rbind|--move OLD NEW | mount --make-[r]shared|slave|private|unbindable DIR', check: (a) => parsed(parseMount(a)) },
  umount: { run: umount, usage: 'umount [-l] DIR...', check: (a) => parsed(parseUmount(a)) },
  findmnt: { run: findmnt, usage: 'findmnt [-l] [-t TYPES] [-o COLUMNS] [PATH]', check: (a) => parsed(parseFindmnt(a)) },
  id: { run: id, usage: 'id [-u|-g|-G] [-n] [-r]', check: (a) => parsed(parseId(a)) },
  chroot: { run: chroot, usage: 'chroot [--skip-chdir] NEWROOT [COMMAND...]', check: (a) => parsed(parseChroot(a)) },
  unshare: { run: unshare, usage: 'unshare [-muinpUCT] [-f] [--mount-proc[=DIR]] [-r|-c] [--propagation MODE] [-R DIR] [-w DIR] [COMMAND...]', check: (a) => parsed(parseUnshare(a)), leavesTask: unshareLeavesTask },
  nsenter: { run: nsenter, usage: 'nsenter -t PID [-a] [-muinpUCT] [-F] [COMMAND...]', check: (a) => parsed(parseNsenter(a)), leavesTask: nsenterLeavesTask },
};

/** A usage error for this command line (unknown command, bad option), or null. */
export function checkCommand(argv: readonly string[]): string | null {
  if (argv.length === 0) return 'empty command';
  const spec = COMMANDS[argv[0]];
  if (!spec) return `unknown command "${argv[0]}" (known: ${Object.keys(COMMANDS).join(', ')})`;
  return spec.check(argv);
}

/**
 * Runs one command line as `task`. With `redirect`, the output goes to that
 * file as the shell's `>` does (open O_WRONLY|O_CREAT|O_TRUNC, 0644, as the task
 * sees the path); a failed open is reported as bash reports it.
 */
export async function runCommand(
  b: Backend, task: TaskRef, argv: readonly string[], redirect?: string,
): Promise<CommandResult> {
  const usage = checkCommand(argv);
  if (usage) return { ret: -ERRNO.EINVAL, output: usage + '\n' };
  const r = await COMMANDS[argv[0]].run(b, task, argv);
  if (redirect === undefined) return r;
  const w = await b.call(task, 'write_file', [redirect, r.output]);
  if (w.ret < 0) return { ret: w.ret, output: `sh: ${redirect}: ${strerror(w.ret)}\n` };
  return { ret: r.ret, output: '' };
}
