// nsenter(1), util-linux 2.38.1: setns(2) into the namespaces of the target
// process (-t PID, its /proc/PID/ns/* files), fork(2) when a PID namespace
// was entered (unless -F: setns(CLONE_NEWPID) moves only the children), and
// run the program. Messages are nsenter.c's.
//
// Order (nsenter.c): every file is opened first ("cannot open
// /proc/PID/ns/mnt"), then entered in two passes: cgroup ipc uts net pid mnt
// time skipping the user namespace (failures wait for the second pass), then
// the user namespace and what failed. NOTE: Backend's setns takes the path
// that C would have opened, and a path is looked up when the call is made:
// after entering the mount namespace /proc may be another PID namespace's,
// so in the first pass the mount namespace comes after time (the state
// reached is the same). A namespace retried in the second pass after the
// mount namespace was entered is looked up there.
// Credentials as nsenter.c sets them: entering a user namespace sets uid
// and gid 0 there (setgid then setuid) unless --preserve-credentials; -S
// UID / -G GID set others. NOTE: Backend has no setgroups(2), so the
// supplementary groups are not dropped (the model's tasks have none).
// Not modelled: -r/-w/-W, -e, -c, -Z.
//
// In a scenario, as unshare (unshare.ts): with a program it runs in a child
// of the task, reaped before the step ends; without one the task itself
// enters the namespaces, and when nsenter forks (a PID namespace) the child
// is the task `-> NAME` names.
import type { Backend, TaskRef } from '../backend.ts';
import { ERRNO, NS_TYPES, type NsType } from '../errno.ts';
import type { CommandResult } from './command.ts';
import { errLine, execName, forkTask, reap, runInChild, type NewTask } from './exec.ts';
import { getoptLong, type OptSpec } from './getopt.ts';
import { nsInode } from './procfs.ts';

const NS_OPTS: [string, string, NsType][] = [
  ['m', 'mount', 'mnt'], ['u', 'uts', 'uts'], ['i', 'ipc', 'ipc'], ['n', 'net', 'net'],
  ['p', 'pid', 'pid'], ['C', 'cgroup', 'cgroup'], ['U', 'user', 'user'], ['T', 'time', 'time'],
];

const SPECS: OptSpec[] = [
  { short: 'a', long: 'all', arg: 'none' },
  { short: 't', long: 'target', arg: 'required' },
  ...NS_OPTS.map(([short, long]): OptSpec => ({ short, long, arg: 'optional', shortOptional: true })),
  { short: 'F', long: 'no-fork', arg: 'none' },
  { short: 'S', long: 'setuid', arg: 'required' },
  { short: 'G', long: 'setgid', arg: 'required' },
  { short: null, long: 'preserve-credentials', arg: 'none' },
  { short: 'r', long: 'root', arg: 'optional', shortOptional: true },
  { short: 'w', long: 'wd', arg: 'optional', shortOptional: true },
  { short: 'W', long: 'wdns', arg: 'optional', shortOptional: true },
  { short: 'e', long: 'env', arg: 'none' },
  { short: 'c', long: 'join-cgroup', arg: 'none' },
  { short: 'Z', long: 'follow-context', arg: 'none' },
];

/** nsenter.c's namespace_files[] order (user first, entered in the second pass). */
const ORDER: NsType[] = ['user', 'cgroup', 'ipc', 'uts', 'net', 'pid', 'mnt', 'time'];

export interface NsenterOptions {
  target: number | null;
  all: boolean;
  /** the namespaces asked for, each with its file ("" for /proc/PID/ns/TYPE) */
  ns: Map<NsType, string>;
  fork: boolean;
  /** setuid/setgid after entering (nsenter -S/-G; 0 when a user namespace is entered) */
  uid: number | null;
  gid: number | null;
  preserveCredentials: boolean;
  program: string[];
}

export function parseNsenter(argv: readonly string[]): NsenterOptions | string {
  const p = getoptLong('nsenter', argv, SPECS);
  if (typeof p === 'string') return p;
  const o: NsenterOptions = { target: null, all: false, ns: new Map(), fork: true, uid: null, gid: null, preserveCredentials: false, program: p.rest };
  for (const { name, value } of p.opts) {
    const ns = NS_OPTS.find(([, long]) => long === name);
    if (ns) o.ns.set(ns[2], value ?? '');
    else if (name === 'target') {
      if (!/^\d+$/.test(value!)) return `nsenter: failed to parse pid: '${value}'`;
      o.target = Number(value);
    } else if (name === 'all') o.all = true;
    else if (name === 'no-fork') o.fork = false;
    else if (name === 'preserve-credentials') o.preserveCredentials = true;
    else if (name === 'setuid' || name === 'setgid') {
      if (!/^\d+$/.test(value!)) return `nsenter: failed to parse ${name === 'setuid' ? 'uid' : 'gid'}: '${value}'`;
      if (name === 'setuid') o.uid = Number(value); else o.gid = Number(value);
    }
    else return `nsenter: --${name} is not supported`;
  }
  for (const [type, file] of o.ns) {
    if (file === '' && o.target === null) return `nsenter: neither filename nor target pid supplied for ns/${type}`;
  }
  if (o.all && o.target === null) return 'nsenter: no target PID specified for --all';
  return o;
}

/** Whether `nsenter ARGS` leaves a new task running (it forks: a PID namespace, no -F, no program). */
export function nsenterLeavesTask(argv: readonly string[]): boolean {
  const o = parseNsenter(argv);
  return typeof o !== 'string' && o.program.length === 0 && o.fork && (o.ns.has('pid') || o.all);
}

const ok: CommandResult = { ret: 0, output: '' };

/** The files to enter, in namespace_files[] order, or nsenter's complaint. */
async function openFiles(b: Backend, self: TaskRef, o: NsenterOptions): Promise<Map<NsType, string> | CommandResult> {
  const want = new Map(o.ns);
  if (o.all) {
    // is_usable_namespace(): every type this kernel has, but not the caller's
    // own user namespace (setns(2) refuses to re-enter it)
    for (const type of ORDER) {
      if (want.has(type)) continue;
      const mine = await b.call(self, 'readlink', [`/proc/self/ns/${type}`]);
      if (mine.ret === -ERRNO.ENOENT) continue;
      if (type === 'user') {
        const theirs = await b.call(self, 'readlink', [`/proc/${o.target}/ns/user`]);
        if (theirs.ret < 0) return { ret: theirs.ret, output: errLine('nsenter', `stat of /proc/${o.target}/ns/user failed`, theirs.ret) };
        if (nsInode(theirs.text) === nsInode(mine.text)) continue;
      }
      want.set(type, '');
    }
  }
  const files = new Map<NsType, string>();
  for (const type of ORDER) {
    if (!want.has(type)) continue;
    const path = want.get(type) || `/proc/${o.target}/ns/${type}`;
    // open(2) of a namespace file needs what readlink(2) of it needs (ptrace access)
    const r = await b.call(self, 'readlink', [path]);
    if (r.ret < 0 && r.ret !== -ERRNO.EINVAL) return { ret: r.ret, output: errLine('nsenter', `cannot open ${path}`, r.ret) };
    files.set(type, path);
  }
  return files;
}

/** The nsenter program performed by `self`; see unshare.ts's unshareAs for `exec` and the result. */
async function nsenterAs(
  b: Backend, self: TaskRef, o: NsenterOptions, exec: ((t: TaskRef) => Promise<CommandResult>) | null,
): Promise<CommandResult & { child?: NewTask }> {
  const files = await openFiles(b, self, o);
  if (!(files instanceof Map)) return files;
  const enter = async (type: NsType) => (await b.call(self, 'setns', [files.get(type)!, NS_TYPES[type]])).ret;
  const failed: NsType[] = [];
  // pass 0: all but the user namespace, mnt after time (see the NOTE above)
  const pass0 = (['cgroup', 'ipc', 'uts', 'net', 'pid', 'time', 'mnt'] as NsType[]).filter((t) => files.has(t));
  for (const type of pass0) if ((await enter(type)) < 0) failed.push(type);
  // pass 1: the user namespace, then what failed before it
  const pass1: NsType[] = [...(files.has('user') ? ['user' as NsType] : []), ...failed];
  for (const type of pass1) {
    const r = await enter(type);
    if (r < 0) return { ret: r, output: errLine('nsenter', `reassociate to namespace 'ns/${type}' failed`, r) };
  }
  // for user namespaces uid and gid are always set (default 0), in the process that goes on
  const user = files.has('user') && !o.preserveCredentials;
  const gid = o.gid ?? (user ? 0 : null);
  const uid = o.uid ?? (user ? 0 : null);
  const credentials = async (t: TaskRef): Promise<CommandResult> => {
    if (gid !== null) {
      const r = await b.call(t, 'setgid', [gid]);
      if (r.ret < 0) return { ret: r.ret, output: errLine('nsenter', 'setgid failed', r.ret) };
    }
    if (uid !== null) {
      const r = await b.call(t, 'setuid', [uid]);
      if (r.ret < 0) return { ret: r.ret, output: errLine('nsenter', 'setuid failed', r.ret) };
    }
    return ok;
  };
  const goOn = async (t: TaskRef): Promise<CommandResult> => {
    const r = await credentials(t);
    return r.ret < 0 || !exec ? r : exec(t);
  };
  const fork = o.fork && files.has('pid');
  if (!fork) return goOn(self);
  const forkError = (e: number) => errLine('nsenter', 'fork failed', e);
  if (exec) return runInChild(b, self, null, goOn, forkError);
  const c = await forkTask(b, self);
  if (typeof c === 'number') return { ret: c, output: forkError(c) };
  const r = await credentials(c.ref);
  if (r.ret < 0) {
    await reap(b, self, c, 1);
    return r;
  }
  return { ...ok, child: c };
}

export async function nsenter(b: Backend, task: TaskRef, argv: readonly string[]): Promise<CommandResult> {
  const o = parseNsenter(argv);
  if (typeof o === 'string') return { ret: -ERRNO.EINVAL, output: o + '\n' };
  if (o.program.length === 0) return nsenterAs(b, task, o, null);
  const { runCommand } = await import('./command.ts');
  const exec = async (t: TaskRef) => {
    await execName(b, t, o.program[0]);
    return runCommand(b, t, o.program);
  };
  return runInChild(b, task, 'nsenter', (c) => nsenterAs(b, c, o, exec));
}
