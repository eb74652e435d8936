// One sandbox: a fresh machine made of real processes (puppets).
//
// The agent's keeper (keeper.ts: a puppet in the host) clones init in new
// user, pid, mount, uts, ipc and net namespaces; the agent gives init its
// uid/gid maps (root inside is an unprivileged host uid, SANDBOX_ID_BASE)
// and the session's cgroups; init becomes root of its user namespace,
// unshares its cgroup and time namespaces, builds the machine's root
// (rootfs.ts), pivots into it and names itself "init". Every later task is a puppet cloned by
// another. So every namespace of init is the machine's own, owned by its
// user namespace, as on a freshly booted host.
//
// Invariants:
// - a task's TaskRef is its pid in the sandbox's first pid namespace (NSpid[1]);
// - calls are performed one at a time per machine, and each is settled before
//   its reply: after a kill or an exit every task is gone, a zombie, stopped or
//   back waiting on its channel, with no signal pending; after a clone the
//   caller and the child are back on their channels (nothing else changed);
//   after an exec the new program has its arguments in place and runs on its
//   own; so between calls no puppet is half-exited, and a dead one is known by
//   its channel (a request finds no reader) unless it shares its fd table;
// - the sandbox is root only in its own user namespace: it can make tmpfs,
//   proc, sysfs, cgroup mounts and namespaces, but holds no capability over
//   the host's objects, and the host's files are not its own.
// Where this shows (the differential check must know): the root mount is
// MNT_LOCKED (pivot_root with the machine's root as new_root gives EINVAL,
// not EBUSY); proc and sysfs mount only where a fully visible instance is
// already in the mount namespace (mount_too_revealing: EPERM after every
// proc was unmounted); devtmpfs and disk file systems give EPERM; host-owned
// files show uid/gid 65534; a tmpfs it mounts shows uid=/gid= SANDBOX_ID_BASE
// in mountinfo.
import { closeSync, constants as FS, openSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import {
  SYSCALLS, STRING_PARAMS, WOULD_BLOCK, type Arg, type CallResult, type MachineConfig, type SyscallName, type TaskRef,
} from '../backend.ts';
import { CLONE, ERRNO, MOUNT, WAIT } from '../errno.ts';
import {
  cgroupMounts, ROOT_MOUNT, ROOTFS_MOUNTS, ROOTFS_NODES, type CgroupHierarchyMount, type RootfsMount,
} from '../rootfs.ts';
import { PuppetChannel, type Field, type PuppetReply } from './channel.ts';
import type { CgroupLayout } from './cgroups.ts';
import type { Keeper } from './keeper.ts';
import {
  exePath, isDead, isExiting, nsLink, ProcHandle, relatives, taskStat, threadChildren, type TaskStatus,
} from './procfs.ts';

/** A refusal that is not an errno: the host backend cannot do what was asked. */
export class AgentError extends Error {}

interface Task {
  ref: TaskRef;
  /** host tid */
  host: number;
  /** its /proc files, kept open: null reads once it is reaped */
  proc: ProcHandle;
  /** pid at each level, host first; never changes */
  nspid: number[];
  /** "pid:[inode]" of its pid namespace; never changes */
  pidns: string;
  chan: PuppetChannel | null;
  /** ran exec: a real program, no longer a puppet */
  exec: boolean;
  /** a call timed out and its reply is still due */
  busy: boolean;
  /**
   * shares its fd table (CLONE_FILES; never cleared): a sharer keeps its
   * channel open after it died, so /proc, not the channel, tells it is gone
   */
  filesShared: boolean;
}

interface Inflight {
  task: Task;
  name: string;
  deadline: number;
  pending: Promise<PuppetReply>;
  resolve(r: PuppetReply | null): void;
  reject(e: Error): void;
}

/** ask()'s answer when the request's write found no reader: the task was dead before the call. */
const GONE = Symbol('gone');

export interface MachineOptions {
  puppet: string;
  /** an empty host directory the sandbox's root tmpfs is mounted on (in the sandbox's mount namespace only) */
  rootDir: string;
  layout: CgroupLayout;
  /**
   * Makes the session's cgroups and returns its machine cgroup in each
   * hierarchy, in layout order: called while the keeper clones init, since
   * init joins them only after it is cloned.
   */
  makeCgroups(): string[];
  hostname: string;
  callMs: number;
  /** memory the machine reports */
  memory: number;
  cpus: number;
  /** the agent's keeper, which clones init and reaps it */
  keeper: Keeper;
}

/**
 * The sandbox's ids: its root is host uid SANDBOX_ID_BASE, never host uid 0.
 * With root mapped to root, every host file owned by root would pass the
 * permission checks for the sandbox's root: global sysctls
 * (/proc/sys/kernel/core_pattern), sysfs attributes, other cgroups' files.
 * Mapped so, the host's files are owned by "nobody" (65534) inside, as in any
 * user-namespaced container; the sandbox owns its own root and cgroups.
 */
export const SANDBOX_ID_BASE = 0x60000000;
export const SANDBOX_IDS = 65536;

const SANDBOX_FLAGS = CLONE.CLONE_NEWUSER | CLONE.CLONE_NEWPID | CLONE.CLONE_NEWNS | CLONE.CLONE_NEWUTS
  | CLONE.CLONE_NEWIPC | CLONE.CLONE_NEWNET | 17 /* SIGCHLD */;
const UNSUPPORTED_CLONE = CLONE.CLONE_VFORK | CLONE.CLONE_SETTLS;
const SETTLE_MS = 2000;
/** slept on (never woken) for the naps in until() */
const NAP = new Int32Array(new SharedArrayBuffer(4));

export class Machine {
  private readonly keeper: Keeper;
  /** init's host pid from the moment it is cloned */
  private bootHost = -1;
  private readonly tasks = new Map<TaskRef, Task>();
  /** pid namespace → its ancestors, itself first */
  private readonly nsChains = new Map<string, string[]>();
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** the call being performed (calls are one at a time) */
  private inflight: Inflight | null = null;
  private readonly watchdog: NodeJS.Timeout;
  readonly config: MachineConfig;

  private constructor(private readonly opts: MachineOptions) {
    this.keeper = opts.keeper;
    this.watchdog = setInterval(() => this.watch(), 10);
    this.watchdog.unref();
    this.config = {
      cpus: opts.cpus, memory: opts.memory, cgroup: opts.layout.mode, pidLevelsLeft: 31, hostname: opts.hostname, sandboxed: true,
      cgroupHierarchies: hierarchyMounts(opts.layout),
      hostFileSizes: Object.fromEntries(ROOTFS_NODES.flatMap((n) => (n.kind === 'host-file' ? [[n.from, statSync(n.from).size]] : []))),
    };
  }

  static async boot(opts: MachineOptions): Promise<Machine> {
    const m = new Machine(opts);
    try {
      await m.bootInit();
    } catch (e) {
      await m.close();
      throw e;
    }
    return m;
  }

  /** host pid of init, or -1 */
  get initPid(): number {
    return this.tasks.get(1)?.host ?? -1;
  }

  private async bootInit(): Promise<void> {
    if (!this.keeper.alive) throw new AgentError('the keeper is gone');
    const cloned = this.keeper.exclusive(async (kc) => {
      const r = await kc.request(['clone', SANDBOX_FLAGS]);
      if (r.value < 0) throw new AgentError(`cannot create the sandbox: clone failed with errno ${-r.value}`);
      this.bootHost = r.value;
      return { host: r.value, chan: this.openChild(this.keeper.pid, r.text, kc) };
    });
    // the session's cgroups are made while the keeper clones: exclusive() writes the
    // request from a microtask, before this immediate runs
    const made = new Promise<string[]>((resolve, reject) => setImmediate(() => {
      try { resolve(this.opts.makeCgroups()); } catch (e) { reject(e); }
    }));
    // both settled before either failure is acted on: close() then knows init's pid
    const [c, m] = await Promise.allSettled([cloned, made]);
    if (c.status === 'rejected') throw c.reason;
    const { host, chan } = c.value;
    if (m.status === 'rejected') { chan.close(); throw m.reason; }
    const cgroups = m.value;
    const init = this.register(host, chan);
    if (init.ref !== 1) throw new AgentError(`sandbox init is pid ${init.ref}, not 1`);
    // before init's first step: its uid/gid maps and the session's cgroups.
    // The first cgroup migration may wait for an RCU grace period (off the event
    // loop); the ones right after it share that period and take microseconds.
    const map = `0 ${SANDBOX_ID_BASE} ${SANDBOX_IDS}`;
    writeFileSync(`/proc/${host}/uid_map`, map);
    writeFileSync(`/proc/${host}/gid_map`, map);
    const [first, ...rest] = cgroups;
    if (first) await writeFile(`${first}/cgroup.procs`, String(host));
    for (const dir of rest) writeFileSync(`${dir}/cgroup.procs`, String(host));
    const b = await chan.batch(this.bootSteps());
    if (b.value < 0) throw new AgentError(`sandbox setup failed at step ${b.text.toString()}: errno ${-b.value}`);
  }

  /** Steps init performs to become a fresh machine (root from rootfs.ts, then pivot_root). */
  private bootSteps(): Field[][] {
    const R = this.opts.rootDir;
    const steps: Field[][] = [
      ['pdeathsig', 9],
      // the credentials it was cloned with are the host's root, unmapped in its user namespace
      ['become_root'],
      // a session and process group of the machine's own, as PID 1 has: kill(0, sig) and
      // kill(-pgid, sig) reach every member of a group whatever its pid namespace
      ['setsid'],
      ['unshare', CLONE.CLONE_NEWCGROUP],
      // a time namespace of the machine's own (owned by its user namespace, like every
      // other): unshare makes it for children only, setns moves init itself into it
      ['unshare', CLONE.CLONE_NEWTIME],
      ['setns', '/proc/self/ns/time_for_children', CLONE.CLONE_NEWTIME],
      // no mount event of the sandbox reaches the host, nor the other way
      ['mount', '', '/', '', MOUNT.MS_REC | MOUNT.MS_PRIVATE, ''],
      ['mount', ROOT_MOUNT.source, R, ROOT_MOUNT.fstype, ROOT_MOUNT.flags, ROOT_MOUNT.data],
    ];
    for (const n of ROOTFS_NODES) {
      const p = R + n.path;
      if (n.kind === 'dir') steps.push(['mkdir', p, n.mode], ['chmod', p, n.mode]);
      else if (n.kind === 'file') steps.push(['write_file', p, n.text], ['chmod', p, n.mode]);
      else if (n.kind === 'symlink') steps.push(['symlink', n.target, p]);
      else if (n.kind === 'host-file') steps.push(['copy', n.from, p, n.mode]);
      else steps.push(['link', R + n.to, p]);
    }
    const mounts: RootfsMount[] = [...ROOTFS_MOUNTS, ...cgroupMounts(hierarchyMounts(this.opts.layout))];
    for (const m of mounts) {
      if (m.kind === 'bind-host') {
        steps.push(['write_file', R + m.target, ''], ['mount', m.from, R + m.target, '', MOUNT.MS_BIND, '']);
      } else {
        if (m.target.startsWith('/sys/fs/cgroup/')) steps.push(['mkdir', R + m.target, 0o755]);
        steps.push(['mount', m.source, R + m.target, m.fstype, m.flags, m.data]);
      }
    }
    steps.push(
      ['chdir', R], ['pivot_root', '.', '.'], ['umount2', '.', MOUNT.MNT_DETACH], ['chdir', '/'],
      ['sethostname', this.opts.hostname], ['set_comm', 'init'],
    );
    return steps;
  }

  /**
   * The new task's channel: the two pipe ends its parent still holds, opened
   * through /proc/<parent>/fd before the parent is acknowledged (and closes
   * its copies).
   */
  private openChild(parentHost: number, fds: Buffer, parent: PuppetChannel): PuppetChannel {
    const [w, r] = fds.toString().split(' ').map(Number);
    let wfd = -1, rfd = -1;
    try {
      wfd = openSync(`/proc/${parentHost}/fd/${w}`, FS.O_WRONLY | FS.O_NONBLOCK);
      rfd = openSync(`/proc/${parentHost}/fd/${r}`, FS.O_RDONLY | FS.O_NONBLOCK);
    } catch (e) {
      if (wfd >= 0) closeSync(wfd);
      if (rfd >= 0) closeSync(rfd);
      parent.post(['ack']);
      throw e;
    }
    parent.post(['ack']);
    return PuppetChannel.ofPipes(rfd, wfd);
  }

  /** `status`: the one adopt() read already, if any */
  private register(host: number, chan: PuppetChannel, opened?: ProcHandle, status?: TaskStatus): Task {
    let proc: ProcHandle;
    try {
      proc = opened ?? new ProcHandle(host);
    } catch {
      throw new AgentError(`new task ${host} vanished`);
    }
    const st = status ?? proc.status();
    const pidns = nsLink(host, 'pid');
    if (!st || !pidns || st.nspid.length < 2) { proc.close(); throw new AgentError(`new task ${host} vanished`); }
    const old = this.tasks.get(st.nspid[1]!);
    if (old) this.drop(old);
    const t: Task = { ref: st.nspid[1]!, host, proc, nspid: st.nspid, pidns, chan, exec: false, busy: false, filesShared: false };
    this.tasks.set(t.ref, t);
    return t;
  }

  /** Run `f` after every call queued before it. */
  private serial<T>(f: () => Promise<T>): Promise<T> {
    const p = this.queue.then(f, f);
    this.queue = p.catch(() => undefined);
    return p;
  }

  call(ref: TaskRef, name: string, args: readonly Arg[]): Promise<CallResult> {
    return this.serial(() => this.perform(ref, name, args));
  }

  pidOf(viewer: TaskRef, target: TaskRef): Promise<number> {
    return this.serial(async () => {
      const v = this.live(viewer), t = this.live(target);
      if (!v || !t) return -ERRNO.ESRCH;
      const level = v.nspid.length - 1;
      if (t.pidns !== v.pidns && !(await this.chain(t)).includes(v.pidns)) return 0;
      return t.nspid[level] ?? 0;
    });
  }

  /** ESRCH for a task found dead; it is forgotten once reaped (a zombie stays, as in /proc). */
  private gone(t: Task): CallResult {
    if (!t.proc.stat()) this.drop(t);
    return { ret: -ERRNO.ESRCH };
  }

  /** The task if it exists (alive or zombie) and is the one registered. */
  private live(ref: TaskRef): Task | null {
    const t = this.tasks.get(ref);
    if (!t) return null;
    const st = t.proc.stat();
    if (!st || st.state === 'X') {
      this.drop(t);
      return null;
    }
    return t;
  }

  private drop(t: Task): void {
    t.chan?.close();
    t.proc.close();
    if (this.tasks.get(t.ref) === t) this.tasks.delete(t.ref);
  }

  private async chain(t: Task): Promise<string[]> {
    let c = this.nsChains.get(t.pidns);
    if (!c) {
      const r = await this.keeper.exclusive((kc) => kc.request(['ns_chain', `/proc/${t.host}/ns/pid`]));
      c = r.value < 0 ? [t.pidns] : r.text.toString().trim().split('\n');
      this.nsChains.set(t.pidns, c);
    }
    return c;
  }

  private async perform(ref: TaskRef, name: string, args: readonly Arg[]): Promise<CallResult> {
    if (this.closed) throw new AgentError('the machine is closed');
    const fields = checkArgs(name, args);
    if (typeof fields === 'number') return { ret: fields };
    const t = this.tasks.get(ref);
    if (!t) return { ret: -ERRNO.ESRCH };
    // A dead puppet holds no channel: the request's write finds no reader (GONE), and
    // between calls every task is settled, none half-exited. Only a sharer's must be read.
    if (t.filesShared && isDead(t.proc.stat())) return this.gone(t);
    if (t.exec) throw new AgentError(`task ${ref} ran exec: it is a real program now and takes no calls`);
    if (!t.chan || t.chan.ended) return this.gone(t);
    if (t.busy) throw new AgentError(`task ${ref} is still blocked in an earlier call`);
    if (name === 'clone' && (Number(args[0]) & UNSUPPORTED_CLONE)) {
      throw new AgentError('clone: CLONE_VFORK and CLONE_SETTLS are not supported by the host backend (a puppet cannot be suspended in vfork or given a TLS)');
    }
    if (name === 'exec') return this.exec(t, fields);
    if (name === 'waitpid') return this.waitpid(t, fields);
    const reply = await this.ask(t, fields);
    if (reply === GONE) return this.gone(t);
    if (reply === null) {
      // the task died in its own call (it killed itself): the call did its work
      await this.settle();
      return { ret: 0 };
    }
    const ret = reply.value;
    const text = reply.text.toString();
    switch (name) {
      case 'fork':
      case 'clone': {
        if (ret < 0) return { ret };
        const child = this.adopt(t, ret, reply.text);
        if (Number(args[0]) & CLONE.CLONE_FILES) t.filesShared = child.filesShared = true;
        await this.greeted(child);
        // a clone changes no other task and sends no signal: the two are back on their channels
        await this.until(() => [t, child].every((x) => { const st = x.proc.state(); return st === null || 'STtZX'.includes(st); }));
        return { ret, child: child.ref };
      }
      case 'exit':
      case 'exit_thread':
      case 'kill':
      case 'alloc': // the OOM killer may have acted
        await this.settle();
        this.prune();
        return { ret };
      case 'readdir':
        return ret < 0 ? { ret } : { ret, text: byteOrder(reply.text) };
      case 'read_file': case 'readlink': case 'gethostname': case 'getdomainname': case 'lstat':
      case 'msgrcv': case 'mq_receive': case 'mq_getattr': case 'link_list': case 'addr_list':
      case 'sched_getaffinity':
        return ret < 0 ? { ret } : { ret, text };
      case 'ioctl_ns':
        return text ? { ret, text } : { ret };
      default:
        return { ret };
    }
  }

  /** The reply; null when the task died in the call, without one; GONE when it was dead before. */
  private ask(t: Task, fields: Field[]): Promise<PuppetReply | null | typeof GONE> {
    const chan = t.chan!;
    const pending = chan.request(fields);
    if (chan.ended) {
      pending.catch(() => undefined);
      return Promise.resolve(GONE);
    }
    return new Promise((resolve, reject) => {
      const call = { task: t, name: String(fields[0]), deadline: Date.now() + this.opts.callMs, pending, resolve, reject };
      this.inflight = call;
      pending.then((r) => this.answered(call, r), () => this.answered(call, null));
    });
  }

  private answered(call: Inflight, r: PuppetReply | null): void {
    if (this.inflight === call) this.inflight = null;
    call.resolve(r);
  }

  /**
   * One watchdog per machine rather than a timer per call: a task that dies
   * in its call never replies (and with CLONE_FILES its channel never ends),
   * and a call may block (waitpid) past the call limit.
   */
  private watch(): void {
    const c = this.inflight;
    if (!c) return;
    if (isDead(c.task.proc.stat())) this.answered(c, null);
    else if (Date.now() > c.deadline) {
      this.inflight = null;
      const t = c.task;
      t.busy = true;
      c.pending.then(() => { t.busy = false; }, () => { t.busy = false; });
      c.reject(new AgentError(`task ${t.ref}: ${c.name} did not return within ${this.opts.callMs} ms (it is blocked)`));
    }
  }

  /**
   * waitpid(2) as a scenario step. Without WNOHANG the call would sleep
   * until some task changes state, which only a real program (a task that ran
   * exec) can still do by itself: with one alive the call is made as asked and
   * may block (up to the call limit); with none it is made with WNOHANG, and
   * when that finds no child that changed state it is WOULD_BLOCK and nothing
   * changed.
   */
  private async waitpid(t: Task, fields: Field[]): Promise<CallResult> {
    const options = Number(fields[2]);
    const blocking = !(options & WAIT.WNOHANG) && [...this.tasks.values()].some((x) => x.exec && !isDead(x.proc.stat()));
    const r = await this.ask(t, blocking ? fields : ['waitpid', fields[1]!, options | WAIT.WNOHANG]);
    if (r === GONE) return this.gone(t);
    if (r === null) return { ret: -ERRNO.ESRCH };
    // 0 comes only with WNOHANG: here, added by the agent, the call would have slept
    if (r.value === 0 && !(options & WAIT.WNOHANG)) return { ret: WOULD_BLOCK };
    // the task it reaped, if it did: named by its pid in the caller's namespace (a task of
    // another namespace may have that number at that level too, but it is not gone)
    if (r.value > 0) {
      const level = t.nspid.length - 1;
      for (const x of this.tasks.values()) if (x.nspid[level] === r.value && !x.proc.stat()) this.drop(x);
    }
    return r.value > 0 ? { ret: r.value, status: Number(r.text.toString()) } : { ret: r.value };
  }

  /**
   * Register the child `pid` (in the caller's pid namespace) that `parent` just cloned.
   * It is where clone(2) puts it: a child of the calling thread (fork, plain clone), a
   * thread of its group (CLONE_THREAD) or a child of its parent's group (CLONE_PARENT);
   * those places are searched in that order, each only when the one before lacks it.
   */
  private adopt(parent: Task, pid: number, fds: Buffer): Task {
    const level = parent.nspid.length - 1;
    const chan = this.openChild(parent.host, fds, parent.chan!);
    // a registered task already (unless it is gone and its host pid was reused), or a candidate seen
    const known = new Map<number, Task | null>([...this.tasks.values()].map((t) => [t.host, t]));
    const places = [
      () => threadChildren(parent.host),
      () => relatives(parent.host),
      () => {
        const grand = taskStat(parent.host)?.ppid ?? -1;
        return grand > 0 ? relatives(grand) : [];
      },
    ];
    for (const place of places) {
      for (const c of place()) {
        const k = known.get(c);
        if (k === null || (k && k.proc.stat())) continue;
        if (k) this.drop(k);
        known.set(c, null);
        let proc: ProcHandle;
        try {
          proc = new ProcHandle(c);
        } catch {
          continue; // gone: not the new task, which is alive or a zombie
        }
        const st = proc.status();
        if (st?.nspid[level] === pid) return this.register(c, chan, proc, st);
        proc.close();
      }
    }
    chan.close();
    throw new AgentError(`cloned task ${pid} not found`);
  }

  /**
   * exec: its success shows as a new /proc/T/exe (read each round: 1 µs,
   * where a read of the pipe that finds nothing throws, 6 µs); a failure is a
   * reply, and a death the end of the channel, both looked for every 8th round.
   * It returns once the new program's arguments are in place. Nothing else is
   * settled: exec changes no other task (the threads it ends, de_thread(), are
   * dead before the new mm is installed), and the program runs on its own from
   * then on: waiting for it would wait for what it does.
   */
  private async exec(t: Task, fields: Field[]): Promise<CallResult> {
    const before = exePath(t.host);
    const chan = t.chan!;
    let failed: number | null = null;
    chan.request(fields, true).then((rep) => { failed = rep.value; }, () => undefined);
    if (chan.ended) return this.gone(t);
    await this.until((round) => {
      if (exePath(t.host) !== before) return true;
      if (round % 8 === 7) chan.drain();
      return failed !== null || chan.ended;
    }, Infinity);
    if (failed !== null) return { ret: failed };
    t.exec = true;
    chan.close();
    t.chan = null;
    await this.until(() => t.proc.execReady());
    return { ret: 0 };
  }

  /**
   * Wait for a new task's greeting (puppet.c, child_main): its channel
   * ends if it dies first, except that with CLONE_FILES a sharer keeps the
   * pipe open, so its death is also watched for. Not by polling: a new task
   * may have been placed on the agent's CPU and needs it to get there.
   */
  private async greeted(t: Task): Promise<void> {
    // mostly it is in the pipe already
    if (t.chan!.drain()) return;
    t.chan!.listen();
    let timer: NodeJS.Timeout | undefined;
    const end = Date.now() + SETTLE_MS;
    const died = new Promise<void>((resolve) => {
      const check = () => {
        if (isDead(t.proc.stat()) || Date.now() > end) resolve();
        else timer = setTimeout(check, 1);
      };
      timer = setTimeout(check, 1);
    });
    await Promise.race([t.chan!.ready, died]);
    clearTimeout(timer);
  }

  /**
   * Wait until the kernel has acted on what the last call did: every task is
   * gone or a zombie, or has no pending signal, is not exiting, and (a
   * puppet) sleeps on its channel or is stopped.
   */
  private settle(): Promise<void> {
    return this.until(() => this.settled());
  }

  /**
   * Check `done` until it holds or `ms` have passed. What is waited for mostly
   * takes microseconds to a few hundred, and shows in /proc or a pipe before
   * the event loop would report it (a stream reports a pipe's end hundreds of
   * µs late). So for the first millisecond the rounds follow each other at once
   * (setImmediate: other sessions are served between them), napping ~10 µs
   * every 4th: the task waited for may have been woken on the agent's CPU (a
   * pipe write wakes its reader there) and runs only when the agent sleeps.
   * After that, a round per millisecond.
   */
  private async until(done: (round: number) => boolean, ms = SETTLE_MS): Promise<void> {
    const start = performance.now(), end = start + ms;
    for (let round = 0; ; round++) {
      if (done(round) || performance.now() > end) return;
      const spin = performance.now() - start < 1;
      if (spin && round % 4 === 3) Atomics.wait(NAP, 0, 0, 0.01);
      await new Promise((r) => (spin ? setImmediate(r) : setTimeout(r, 1)));
    }
  }

  private settled(): boolean {
    for (const t of this.tasks.values()) {
      const st = t.proc.stat();
      if (!st || st.state === 'Z' || st.state === 'X') continue;
      if (isExiting(st)) return false;
      if (!t.exec && !'STt'.includes(st.state)) return false;
      const s = t.proc.status();
      if (s && s.pending !== 0n) return false;
    }
    return true;
  }

  /** Forget reaped tasks. */
  private prune(): void {
    for (const t of [...this.tasks.values()]) if (!t.proc.stat()) this.drop(t);
  }

  /** SIGKILL to init: every task of the sandbox dies with it; close() still reaps and forgets them. */
  kill(): void {
    const init = this.tasks.get(1);
    if (init?.proc.stat()) try { process.kill(init.host, 'SIGKILL'); } catch { /* gone */ }
  }

  /** Kill the sandbox (its init takes every task with it) and wait until the keeper reaped init. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.watchdog);
    const init = this.tasks.get(1);
    const initHost = init ? init.host : this.bootHost;
    if (init?.proc.stat()) try { process.kill(init.host, 'SIGKILL'); } catch { /* gone */ }
    for (const t of [...this.tasks.values()]) this.drop(t);
    // a zombie init would hold the sandbox's pid namespace until reaped
    if (initHost > 0 && this.keeper.alive) {
      await this.keeper.exclusive((kc) => kc.request(['waitpid', initHost, WAIT.__WALL])).catch(() => undefined);
    }
  }

}

/** The host's hierarchies as the machine mounts them below /sys/fs/cgroup (rootfs.ts). */
function hierarchyMounts(layout: CgroupLayout): CgroupHierarchyMount[] {
  const only = layout.hierarchies.length === 1 && layout.hierarchies[0]!.version === 2;
  return layout.hierarchies.map((h) => ({
    dir: only ? '' : h.mount.slice(h.mount.lastIndexOf('/') + 1), version: h.version, options: h.options,
  }));
}

/** readdir's names sorted by byte value (backend.ts), one per line. */
function byteOrder(text: Buffer): string {
  const names: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === 0x0a) { names.push(text.subarray(start, i)); start = i + 1; }
  }
  names.sort(Buffer.compare);
  return names.map((n) => `${n.toString()}\n`).join('');
}

/**
 * The call the host backend performs beyond SYSCALLS: exec(path, argv0,
 * argv1, ...) runs a program of the sandbox in the task, which then takes
 * no more calls (the simulator has no programs to run).
 */
export const EXTRA_CALLS = { exec: ['path', '...argv'] } as const;

/** Field list for the puppet, or -errno for arguments C could not have passed. */
function checkArgs(name: string, args: readonly Arg[]): Field[] | number {
  if (!Array.isArray(args)) return -ERRNO.EINVAL;
  if (name === 'exec') {
    // exec(path, argv0, argv1, ...): the environment is PATH only
    if (args.length < 1 || args.some((a) => typeof a !== 'string' || a.includes('\0'))) return -ERRNO.EINVAL;
    const [path, ...argv] = args as string[];
    const list = argv.length ? argv : [path!];
    return ['exec', path!, list.length, ...list, 'PATH=/bin:/sbin:/usr/bin:/usr/sbin'];
  }
  if (name === 'alloc') {
    const n = args[0];
    if (args.length !== 1 || typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 2 ** 46) return -ERRNO.EINVAL;
    return ['alloc', n];
  }
  if (!Object.hasOwn(SYSCALLS, name)) return -ERRNO.ENOSYS;
  const params = SYSCALLS[name as SyscallName] as readonly string[];
  if (args.length !== params.length) return -ERRNO.EINVAL;
  const out: Field[] = [name];
  for (let i = 0; i < params.length; i++) {
    const a = args[i];
    if (STRING_PARAMS.has(params[i]!)) {
      if (typeof a !== 'string' || a.includes('\0')) return -ERRNO.EINVAL;
      out.push(a);
    } else {
      if (typeof a !== 'number' || !Number.isInteger(a) || a < -(2 ** 31) || a > 2 ** 32 - 1) return -ERRNO.EINVAL;
      out.push(a);
    }
  }
  return out;
}
