// unshare(1), util-linux 2.38.1: unshare(2), then (with --fork) fork(2), then
// in the process that goes on: --map-* (uid_map, setgroups, gid_map), the
// mount propagation of / (MS_REC|MS_PRIVATE by default with a new mount
// namespace), --root/--wd, --mount-proc, -G/-S, and the program. The order is
// unshare.c's, and so are the messages ("unshare: unshare failed: ...").
//
// In a scenario (GRAMMAR.md, "Commands that make tasks"):
// - `T: unshare OPTS PROGRAM...` runs as a shell runs a command: in a child of
//   T named "unshare" (and, with --fork, its child, which execs PROGRAM),
//   reaped before the step ends; T is unchanged;
// - `T: unshare OPTS` (no program): T is the unshare process itself, as in
//   `exec unshare OPTS`; it enters the new namespaces;
// - `T: unshare --fork OPTS -> NAME`: T unshares and forks NAME, which does
//   the rest (propagation, /proc) and is left running as the shell would be.
import type { Backend, TaskRef } from '../backend.ts';
import { CLONE, ERRNO, MOUNT } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { errLine, execName, forkTask, reap, runInChild, writeProcFile, type NewTask } from './exec.ts';
import { getoptLong, type OptSpec } from './getopt.ts';
import { numbers, parseStatus } from './procfs.ts';

const SPECS: OptSpec[] = [
  { short: 'm', long: 'mount', arg: 'optional' },
  { short: 'u', long: 'uts', arg: 'optional' },
  { short: 'i', long: 'ipc', arg: 'optional' },
  { short: 'n', long: 'net', arg: 'optional' },
  { short: 'p', long: 'pid', arg: 'optional' },
  { short: 'U', long: 'user', arg: 'optional' },
  { short: 'C', long: 'cgroup', arg: 'optional' },
  { short: 'T', long: 'time', arg: 'optional' },
  { short: 'f', long: 'fork', arg: 'none' },
  { short: null, long: 'mount-proc', arg: 'optional' },
  { short: 'r', long: 'map-root-user', arg: 'none' },
  { short: 'c', long: 'map-current-user', arg: 'none' },
  { short: null, long: 'map-user', arg: 'required' },
  { short: null, long: 'map-group', arg: 'required' },
  { short: null, long: 'propagation', arg: 'required' },
  { short: null, long: 'setgroups', arg: 'required' },
  { short: 'R', long: 'root', arg: 'required' },
  { short: 'w', long: 'wd', arg: 'required' },
  { short: 'S', long: 'setuid', arg: 'required' },
  { short: 'G', long: 'setgid', arg: 'required' },
  { short: null, long: 'monotonic', arg: 'required' },
  { short: null, long: 'boottime', arg: 'required' },
  // recognised so that they are refused by name rather than as unknown
  { short: null, long: 'kill-child', arg: 'optional' },
  { short: null, long: 'keep-caps', arg: 'none' },
  { short: null, long: 'map-users', arg: 'required' },
  { short: null, long: 'map-groups', arg: 'required' },
  { short: null, long: 'map-auto', arg: 'none' },
];

const NS_OPTION: Record<string, number> = {
  mount: CLONE.CLONE_NEWNS, uts: CLONE.CLONE_NEWUTS, ipc: CLONE.CLONE_NEWIPC, net: CLONE.CLONE_NEWNET,
  pid: CLONE.CLONE_NEWPID, user: CLONE.CLONE_NEWUSER, cgroup: CLONE.CLONE_NEWCGROUP, time: CLONE.CLONE_NEWTIME,
};

const PROPAGATION: Record<string, number> = {
  slave: MOUNT.MS_REC | MOUNT.MS_SLAVE, shared: MOUNT.MS_REC | MOUNT.MS_SHARED,
  private: MOUNT.MS_REC | MOUNT.MS_PRIVATE, unchanged: 0,
};

export interface UnshareOptions {
  flags: number;
  fork: boolean;
  procmnt: string | null;
  /** "current" maps the caller's own id (-c) */
  mapUser: number | 'current' | null;
  mapGroup: number | 'current' | null;
  propagation: number;
  setgroups: 'allow' | 'deny' | null;
  root: string | null;
  wd: string | null;
  monotonic: number | null;
  boottime: number | null;
  /** -S/-G: setuid/setgid in the entered namespaces, last before the program */
  uid: number | null;
  gid: number | null;
  /** the program and its arguments (empty: the shell, which is the task itself) */
  program: string[];
}

const intArg = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);

export function parseUnshare(argv: readonly string[]): UnshareOptions | string {
  const p = getoptLong('unshare', argv, SPECS);
  if (typeof p === 'string') return p;
  const o: UnshareOptions = {
    flags: 0, fork: false, procmnt: null, mapUser: null, mapGroup: null,
    propagation: MOUNT.MS_REC | MOUNT.MS_PRIVATE, setgroups: null, root: null, wd: null,
    monotonic: null, boottime: null, uid: null, gid: null, program: p.rest,
  };
  for (const { name, value } of p.opts) {
    if (name in NS_OPTION) {
      if (value !== undefined) return `unshare: --${name}=${value}: keeping a namespace alive by a bind mount is not supported`;
      o.flags |= NS_OPTION[name];
    } else if (name === 'fork') o.fork = true;
    else if (name === 'mount-proc') { o.flags |= CLONE.CLONE_NEWNS; o.procmnt = value ?? '/proc'; }
    else if (name === 'map-root-user') { o.flags |= CLONE.CLONE_NEWUSER; o.mapUser = 0; o.mapGroup = 0; }
    else if (name === 'map-current-user') { o.flags |= CLONE.CLONE_NEWUSER; o.mapUser = 'current'; o.mapGroup = 'current'; }
    else if (name === 'map-user' || name === 'map-group') {
      const n = intArg(value);
      if (n === null) return `unshare: failed to parse ${name === 'map-user' ? 'uid' : 'gid'}: '${value}' (a number: names are not looked up)`;
      o.flags |= CLONE.CLONE_NEWUSER;
      if (name === 'map-user') o.mapUser = n; else o.mapGroup = n;
    } else if (name === 'propagation') {
      if (!(value! in PROPAGATION)) return `unshare: unsupported propagation mode: ${value}`;
      o.propagation = PROPAGATION[value!];
    } else if (name === 'setgroups') {
      if (value !== 'allow' && value !== 'deny') return `unshare: unsupported --setgroups argument '${value}'`;
      o.setgroups = value;
    } else if (name === 'root') o.root = value!;
    else if (name === 'wd') o.wd = value!;
    else if (name === 'setuid' || name === 'setgid') {
      const n = intArg(value);
      if (n === null) return `unshare: failed to parse ${name === 'setuid' ? 'uid' : 'gid'}: '${value}'`;
      if (name === 'setuid') o.uid = n; else o.gid = n;
    } else if (name === 'monotonic' || name === 'boottime') {
      const n = /^-?\d+$/.test(value ?? '') ? Number(value) : null;
      if (n === null) return `unshare: failed to parse ${name} offset: '${value}'`;
      if (name === 'monotonic') o.monotonic = n; else o.boottime = n;
    } else return `unshare: --${name} is not supported`;
  }
  if ((o.monotonic !== null || o.boottime !== null) && !(o.flags & CLONE.CLONE_NEWTIME)) {
    return 'unshare: options --monotonic and --boottime require unsharing of a time namespace (-T)';
  }
  if (o.setgroups === 'allow' && o.mapGroup !== null) return 'unshare: options --setgroups=allow and --map-group are mutually exclusive';
  return o;
}

/** Whether `unshare ARGS` leaves a new task running (--fork and no program): the task `-> NAME` names. */
export function unshareLeavesTask(argv: readonly string[]): boolean {
  const o = parseUnshare(argv);
  return typeof o !== 'string' && o.fork && o.program.length === 0;
}

/** The caller's effective uid and gid (geteuid/getegid), read before unshare(2) as unshare.c does. */
async function effectiveIds(b: Backend, task: TaskRef): Promise<[number, number]> {
  const st = await b.call(task, 'read_file', ['/proc/self/status']);
  if (st.ret >= 0) {
    const s = parseStatus(st.text ?? '');
    return [numbers(s.get('Uid'))[1] ?? 0, numbers(s.get('Gid'))[1] ?? 0];
  }
  return [(await b.call(task, 'getuid', [])).ret, (await b.call(task, 'getgid', [])).ret];
}

const ok: CommandResult = { ret: 0, output: '' };

/** What unshare.c does after the fork, in the process that goes on to exec the program. */
async function afterFork(b: Backend, t: TaskRef, o: UnshareOptions, ids: [number, number]): Promise<CommandResult> {
  if (o.mapUser !== null) {
    const r = await writeProcFile(b, t, 'unshare', '/proc/self/uid_map', `${o.mapUser === 'current' ? ids[0] : o.mapUser} ${ids[0]} 1`);
    if (r.ret < 0) return r;
  }
  if (o.mapGroup !== null) {
    // since Linux 3.19 an unprivileged gid_map needs setgroups denied first;
    // a kernel without the file (ENOENT) is let be
    const d = await b.call(t, 'write_file', ['/proc/self/setgroups', 'deny']);
    if (d.ret < 0 && d.ret !== -ERRNO.ENOENT) return (await writeProcFile(b, t, 'unshare', '/proc/self/setgroups', 'deny'));
    const r = await writeProcFile(b, t, 'unshare', '/proc/self/gid_map', `${o.mapGroup === 'current' ? ids[1] : o.mapGroup} ${ids[1]} 1`);
    if (r.ret < 0) return r;
  }
  if (o.setgroups !== null) {
    const d = await b.call(t, 'write_file', ['/proc/self/setgroups', o.setgroups]);
    if (d.ret < 0 && d.ret !== -ERRNO.ENOENT) return writeProcFile(b, t, 'unshare', '/proc/self/setgroups', o.setgroups);
  }
  if ((o.flags & CLONE.CLONE_NEWNS) && o.propagation) {
    const r = await b.call(t, 'mount', ['none', '/', '', o.propagation, '']);
    if (r.ret < 0) return { ret: r.ret, output: errLine('unshare', 'cannot change root filesystem propagation', r.ret) };
  }
  let wd = o.wd;
  if (o.root !== null) {
    const r = await b.call(t, 'chroot', [o.root]);
    if (r.ret < 0) return { ret: r.ret, output: errLine('unshare', `cannot change root directory to '${o.root}'`, r.ret) };
    wd ??= '/';
  }
  if (wd !== null) {
    const r = await b.call(t, 'chdir', [wd]);
    if (r.ret < 0) return { ret: r.ret, output: errLine('unshare', `cannot chdir to '${wd}'`, r.ret) };
  }
  if (o.procmnt !== null) {
    // without --root and with another propagation than the default, /proc
    // itself is made private first (EINVAL: nothing mounted there, let be)
    if (o.root === null && o.propagation !== (MOUNT.MS_PRIVATE | MOUNT.MS_REC)) {
      const r = await b.call(t, 'mount', ['none', o.procmnt, '', MOUNT.MS_PRIVATE | MOUNT.MS_REC, '']);
      if (r.ret < 0 && r.ret !== -ERRNO.EINVAL) return { ret: r.ret, output: errLine('unshare', `cannot change ${o.procmnt} filesystem propagation`, r.ret) };
    }
    const r = await b.call(t, 'mount', ['proc', o.procmnt, 'proc', MOUNT.MS_NOSUID | MOUNT.MS_NOEXEC | MOUNT.MS_NODEV, '']);
    if (r.ret < 0) return { ret: r.ret, output: errLine('unshare', `mount ${o.procmnt} failed`, r.ret) };
  }
  // NOTE: -G's setgroups(0, NULL) is not made (Backend has no setgroups; the model's tasks have no supplementary groups)
  if (o.gid !== null) {
    const r = await b.call(t, 'setgid', [o.gid]);
    if (r.ret < 0) return { ret: r.ret, output: errLine('unshare', 'setgid failed', r.ret) };
  }
  if (o.uid !== null) {
    const r = await b.call(t, 'setuid', [o.uid]);
    if (r.ret < 0) return { ret: r.ret, output: errLine('unshare', 'setuid failed', r.ret) };
  }
  return ok;
}

/** settime(): "CLOCK_ID OFFSET 0" to /proc/self/timens_offsets, before any task enters the time namespace. */
async function settime(b: Backend, t: TaskRef, clock: number, offset: number): Promise<CommandResult> {
  const r = await b.call(t, 'write_file', ['/proc/self/timens_offsets', `${clock} ${offset} 0`]);
  if (r.ret >= 0) return ok;
  const open = r.ret === -ERRNO.ENOENT || r.ret === -ERRNO.EACCES;
  return { ret: r.ret, output: errLine('unshare', open ? 'failed to open /proc/self/timens_offsets' : 'failed to write to /proc/self/timens_offsets', r.ret) };
}

/**
 * The unshare program performed by `self`. `exec`: what the program does at
 * the end (run the command), or null for the shell, which is the task itself.
 * Returns the task left running when it forked and there is no program.
 */
async function unshareAs(
  b: Backend, self: TaskRef, o: UnshareOptions, exec: ((t: TaskRef) => Promise<CommandResult>) | null,
): Promise<CommandResult & { child?: NewTask }> {
  const ids: [number, number] = o.mapUser !== null || o.mapGroup !== null ? await effectiveIds(b, self) : [0, 0];
  const u = await b.call(self, 'unshare', [o.flags]);
  if (u.ret < 0) return { ret: u.ret, output: errLine('unshare', 'unshare failed', u.ret) };
  if (o.boottime !== null) { const r = await settime(b, self, 7, o.boottime); if (r.ret < 0) return r; }
  if (o.monotonic !== null) { const r = await settime(b, self, 1, o.monotonic); if (r.ret < 0) return r; }
  const goOn = async (t: TaskRef): Promise<CommandResult> => {
    const r = await afterFork(b, t, o, ids);
    return r.ret < 0 || !exec ? r : exec(t);
  };
  if (!o.fork) return goOn(self);
  const forkError = (e: number) => errLine('unshare', 'fork failed', e);
  if (exec) return runInChild(b, self, null, goOn, forkError);
  const c = await forkTask(b, self);
  if (typeof c === 'number') return { ret: c, output: forkError(c) };
  const r = await afterFork(b, c.ref, o, ids);
  if (r.ret < 0) {
    await reap(b, self, c, 1);
    return r;
  }
  return { ...r, child: c };
}

export async function unshare(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const o = parseUnshare(argv);
  if (typeof o === 'string') return { ret: -ERRNO.EINVAL, output: o + '\n' };
  if (o.program.length === 0) return unshareAs(b, task, o, null);
  const { runCommand } = await import('./command.ts');
  const exec = async (t: TaskRef) => {
    await execName(b, t, o.program[0]);
    return runCommand(b, t, o.program);
  };
  return runInChild(b, task, 'unshare', (c) => unshareAs(b, c, o, exec));
}
