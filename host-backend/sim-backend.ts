// SimBackend: the Backend interface over the AssemblyScript kernel
// (kernel-sim/build/kernel.wasm through its raw bindings kernel.js).
//
// Runs unchanged in Node and in a browser Web Worker: the compiled
// WebAssembly.Module (or a loader for it) comes from outside; only
// loadSimBackend(), the Node helper, touches the file system, through a
// dynamic import of node:fs.
//
// Invariants:
// - every boot() instantiates the module afresh, so no state survives a boot;
// - nothing reaches the wasm unchecked: an unknown call name gives -ENOSYS,
//   a wrong argument count or type gives -EINVAL, a caller that is not a
//   positive integer gives -ESRCH, so bad input never makes the instance trap;
// - with `debug`, kernel_check() runs after every export call and a broken
//   invariant throws (the kernel's bug, not the user's).
import { instantiate } from '../kernel-sim/build/kernel.js';
import {
  DEFAULT_MACHINE, SYSCALLS, STRING_PARAMS,
  type Arg, type Backend, type CallResult, type MachineConfig, type SyscallName, type TaskRef,
} from './backend.ts';
import { ERRNO } from './errno.ts';
import { buildMachine } from './sim-machine.ts';

type Kernel = Awaited<ReturnType<typeof instantiate>>;

/** A compiled kernel module, or something that produces one. */
export type ModuleSource =
  | WebAssembly.Module
  | Promise<WebAssembly.Module>
  | (() => WebAssembly.Module | Promise<WebAssembly.Module>);

export interface SimBackendOptions {
  /** kernel.wasm (or kernel.debug.wasm when `debug`) compiled. */
  module: ModuleSource;
  /** Check the kernel's invariants (kernel_check()) after every call; needs kernel.debug.wasm. */
  debug?: boolean;
}

const CGROUP_MODE = { v1: 1, v2: 2, hybrid: 3 } as const;
const MIB = 1024 * 1024;

/** Parameters that are strings in C (paths and texts); every other one is an integer. */
/** Parameters the kernel takes as u32 (flag words); the rest are i32. */
const U32_PARAMS = new Set(['flags', 'nstype']);
/** Longest string handed to the kernel; longer ones are refused before the call (PATH_MAX is 4096, a page of text is plenty; this only guards the instance's memory). */
const MAX_STRING = 1 << 20;

export class SimBackend implements Backend {
  readonly kind = 'sim' as const;
  private readonly source: ModuleSource;
  private readonly debug: boolean;
  private module: WebAssembly.Module | null = null;
  private kernel: Kernel | null = null;
  private config: MachineConfig = { ...DEFAULT_MACHINE };
  /** set when an export trapped: the instance's state is no longer trustworthy */
  private crashed: string | null = null;

  constructor(options: SimBackendOptions) {
    this.source = options.module;
    this.debug = options.debug ?? false;
  }

  async boot(config: Partial<MachineConfig> = {}): Promise<TaskRef> {
    const cfg: MachineConfig = { ...DEFAULT_MACHINE, ...config };
    checkConfig(cfg);
    const s = this.source;
    const module: WebAssembly.Module = this.module ?? (await (typeof s === 'function' ? s() : s));
    this.module = module;
    this.kernel = null;
    this.crashed = null;
    const kernel = await instantiate(module, { env: {} });
    const init = this.guard('machine_boot', () =>
      kernel.machine_boot(
        cfg.cpus, Math.floor(cfg.memory / 1024), CGROUP_MODE[cfg.cgroup], cfg.pidLevelsLeft, cfg.hostname, cfg.sandboxed ? 1 : 0,
      ), kernel);
    if (init < 0) throw new Error(`machine_boot failed: ${init}`);
    this.guard('building the machine', () => buildMachine(kernel, cfg), kernel);
    this.kernel = kernel;
    this.config = cfg;
    return init;
  }

  async machine(): Promise<MachineConfig> {
    return { ...this.config };
  }

  async pidOf(viewer: TaskRef, target: TaskRef): Promise<number> {
    const k = this.live();
    if (!isI32(viewer) || !isI32(target) || viewer <= 0 || target <= 0) return -ERRNO.ESRCH;
    return this.guard('pid_of', () => k.pid_of(viewer, target));
  }

  async call(task: TaskRef, name: SyscallName, args: readonly Arg[]): Promise<CallResult> {
    const k = this.live();
    if (!Object.hasOwn(SYSCALLS, name)) return { ret: -ERRNO.ENOSYS };
    if (!isI32(task) || task <= 0) return { ret: -ERRNO.ESRCH };
    const params: readonly string[] = SYSCALLS[name];
    if (!Array.isArray(args) || args.length !== params.length) return { ret: -ERRNO.EINVAL };
    const a: (number | string)[] = [];
    for (let i = 0; i < params.length; i++) {
      const p = params[i], v = args[i];
      if (STRING_PARAMS.has(p)) {
        if (typeof v !== 'string' || v.length > MAX_STRING) return { ret: -ERRNO.EINVAL };
        a.push(v);
      } else {
        if (typeof v !== 'number' || !Number.isInteger(v)) return { ret: -ERRNO.EINVAL };
        if (U32_PARAMS.has(p)) {
          if (v < -0x80000000 || v > 0xffffffff) return { ret: -ERRNO.EINVAL };
          a.push(v >>> 0);
        } else {
          if (!isI32(v)) return { ret: -ERRNO.EINVAL };
          a.push(v);
        }
      }
    }
    return this.guard(name, () => this.dispatch(k, task, name, a));
  }

  async close(): Promise<void> {
    this.kernel = null;
    this.crashed = null;
  }

  /** Number of tasks the kernel holds (for tests and benchmarks). */
  taskCount(): number {
    return this.live().task_count();
  }

  private dispatch(k: Kernel, t: number, name: SyscallName, a: (number | string)[]): CallResult {
    const n = (i: number) => a[i] as number;
    const s = (i: number) => a[i] as string;
    switch (name) {
      case 'fork': return withChild(k, k.sys_fork(t));
      case 'clone': return withChild(k, k.sys_clone(t, n(0)));
      case 'exit': return { ret: k.sys_exit(t, n(0)) };
      case 'exit_thread': return { ret: k.sys_exit_thread(t, n(0)) };
      case 'kill': return { ret: k.sys_kill(t, n(0), n(1)) };
      case 'waitpid': {
        const ret = k.sys_waitpid(t, n(0), n(1));
        return ret > 0 ? { ret, status: k.last_status() } : { ret };
      }
      case 'getpid': return { ret: k.sys_getpid(t) };
      case 'getppid': return { ret: k.sys_getppid(t) };
      case 'gettid': return { ret: k.sys_gettid(t) };
      case 'getuid': return { ret: k.sys_getuid(t) };
      case 'getgid': return { ret: k.sys_getgid(t) };
      case 'setuid': return { ret: k.sys_setuid(t, n(0)) };
      case 'setgid': return { ret: k.sys_setgid(t, n(0)) };
      case 'prctl': return { ret: k.sys_prctl(t, n(0), n(1)) };
      case 'sched_setaffinity': return { ret: k.sys_sched_setaffinity(t, n(0), s(1)) };
      case 'sched_getaffinity': return text(k, k.sys_sched_getaffinity(t, n(0)), () => 0);
      case 'alloc': return { ret: k.sys_alloc(t, n(0)) };
      case 'unshare': return { ret: k.sys_unshare(t, n(0)) };
      case 'setns': return { ret: k.sys_setns(t, s(0), n(1)) };
      case 'sethostname': return { ret: k.sys_sethostname(t, s(0)) };
      case 'setdomainname': return { ret: k.sys_setdomainname(t, s(0)) };
      // gethostname(2) returns 0; the name is the text
      case 'gethostname': return text(k, k.sys_gethostname(t), () => 0);
      case 'getdomainname': return text(k, k.sys_getdomainname(t), () => 0);
      case 'mount': return { ret: k.sys_mount(t, s(0), s(1), s(2), n(3), s(4)) };
      case 'umount2': return { ret: k.sys_umount2(t, s(0), n(1)) };
      case 'pivot_root': return { ret: k.sys_pivot_root(t, s(0), s(1)) };
      case 'chroot': return { ret: k.sys_chroot(t, s(0)) };
      case 'chdir': return { ret: k.sys_chdir(t, s(0)) };
      case 'mkdir': return { ret: k.sys_mkdir(t, s(0), n(1)) };
      case 'rmdir': return { ret: k.sys_rmdir(t, s(0)) };
      case 'unlink': return { ret: k.sys_unlink(t, s(0)) };
      case 'symlink': return { ret: k.sys_symlink(t, s(0), s(1)) };
      case 'link': return { ret: k.sys_link(t, s(0), s(1)) };
      case 'chmod': return { ret: k.sys_chmod(t, s(0), n(1)) };
      case 'lstat': return text(k, k.sys_lstat(t, s(0)), () => 0);
      // read(2) and readlink(2) return the number of bytes
      case 'read_file': return text(k, k.vfs_read(t, s(0)), utf8Length);
      case 'readlink': return text(k, k.vfs_readlink(t, s(0)), utf8Length);
      // getdents: the value is the number of names
      case 'readdir': return text(k, k.vfs_readdir(t, s(0)), (x) => (x === '' ? 0 : x.split('\n').length));
      case 'write_file': return { ret: k.vfs_write(t, s(0), s(1)) };
      // ioctl_ns(2): NS_GET_PARENT/NS_GET_USERNS give a namespace (as its link text);
      // NS_GET_NSTYPE/NS_GET_OWNER_UID give a number, rendered as decimal text by the kernel
      case 'ioctl_ns': {
        const out = text(k, k.sys_ioctl_ns(t, s(0), n(1)), () => 0);
        if (out.ret === 0 && out.text !== undefined && /^-?\d+$/.test(out.text)) {
          return { ret: Number(out.text) };
        }
        return out;
      }
      case 'set_comm': return { ret: k.sys_set_comm(t, s(0)) };
      // ipc/: msgrcv and mq_receive give the message as text
      case 'msgget': return { ret: k.sys_msgget(t, n(0), n(1)) };
      case 'msgsnd': return { ret: k.sys_msgsnd(t, n(0), n(1), s(2), n(3)) };
      case 'msgrcv': return withText(k, k.sys_msgrcv(t, n(0), n(1), n(2), n(3)));
      case 'msgctl': return { ret: k.sys_msgctl(t, n(0), n(1)) };
      case 'semget': return { ret: k.sys_semget(t, n(0), n(1), n(2)) };
      case 'semop': return { ret: k.sys_semop(t, n(0), n(1), n(2), n(3)) };
      case 'semctl': return { ret: k.sys_semctl(t, n(0), n(1), n(2), n(3)) };
      case 'shmget': return { ret: k.sys_shmget(t, n(0), n(1), n(2)) };
      case 'shmctl': return { ret: k.sys_shmctl(t, n(0), n(1)) };
      case 'mq_open': return { ret: k.sys_mq_open(t, s(0), n(1), n(2)) };
      case 'mq_unlink': return { ret: k.sys_mq_unlink(t, s(0)) };
      case 'mq_send': return { ret: k.sys_mq_send(t, s(0), s(1), n(2)) };
      case 'mq_receive': return withText(k, k.sys_mq_receive(t, s(0)));
      case 'mq_getattr': return text(k, k.sys_mq_getattr(t, s(0)), () => 0);
      // net/: rtnetlink requests; the dumps are text
      case 'link_add_veth': return { ret: k.sys_link_add_veth(t, s(0), s(1)) };
      case 'link_del': return { ret: k.sys_link_del(t, s(0)) };
      case 'link_set': return { ret: k.sys_link_set(t, s(0), n(1)) };
      case 'link_setns': return { ret: k.sys_link_setns(t, s(0), s(1)) };
      case 'addr_add': return { ret: k.sys_addr_add(t, s(0), s(1)) };
      case 'addr_del': return { ret: k.sys_addr_del(t, s(0), s(1)) };
      case 'link_list': return text(k, k.sys_link_list(t), () => 0);
      case 'addr_list': return text(k, k.sys_addr_list(t), () => 0);
    }
    return { ret: -ERRNO.ENOSYS };
  }

  private live(): Kernel {
    if (this.crashed) throw new Error(`the simulated machine crashed (${this.crashed}); boot() it again`);
    if (!this.kernel) throw new Error('the simulated machine is not booted: call boot() first');
    return this.kernel;
  }

  /** Runs one export; turns a trap into a thrown error and, in debug mode, checks invariants. */
  private guard<T>(what: string, f: () => T, kernel: Kernel | null = this.kernel): T {
    let r: T;
    try {
      r = f();
    } catch (e) {
      this.crashed = `${what} trapped: ${(e as Error).message}`;
      throw new Error(`kernel bug: ${this.crashed}`);
    }
    // the kernel collects its garbage only between calls, when told (minimal runtime)
    kernel?.gc_tick();
    if (this.debug && kernel) {
      const broken = kernel.kernel_check();
      if (broken) {
        this.crashed = `invariant broken after ${what}: ${broken}`;
        throw new Error(`kernel bug: ${this.crashed}`);
      }
    }
    return r;
  }
}

/** A call whose value is a length and whose text is in last_text() (msgrcv, mq_receive). */
function withText(k: Kernel, ret: number): CallResult {
  return ret >= 0 ? { ret, text: k.last_text() } : { ret };
}

function withChild(k: Kernel, ret: number): CallResult {
  return ret >= 0 ? { ret, child: k.last_child() } : { ret };
}

/** A text-returning export: "" plus last_errno() < 0 means failure. */
function text(k: Kernel, out: string | null, value: (t: string) => number): CallResult {
  const errno = k.last_errno();
  if (errno < 0) return { ret: errno };
  const t = out ?? '';
  return { ret: value(t), text: t };
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

function isI32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff;
}

function checkConfig(c: MachineConfig): void {
  const bad = (what: string) => { throw new Error(`machine: invalid ${what}`); };
  if (!Number.isInteger(c.cpus) || c.cpus < 1 || c.cpus > 1024) bad(`cpus ${c.cpus} (1..1024)`);
  if (!Number.isFinite(c.memory) || c.memory < MIB || c.memory / MIB > 0x7fffffff) bad(`memory ${c.memory}`);
  if (!(c.cgroup in CGROUP_MODE)) bad(`cgroup mode ${String(c.cgroup)} (v1, v2 or hybrid)`);
  if (!Number.isInteger(c.pidLevelsLeft) || c.pidLevelsLeft < 0 || c.pidLevelsLeft > 32) bad(`pidLevelsLeft ${c.pidLevelsLeft} (0..32)`);
  if (typeof c.hostname !== 'string' || c.hostname.length > 64) bad('hostname (at most 64 characters)');
}

/**
 * Node only: a SimBackend over kernel-sim/build/kernel.wasm (kernel.debug.wasm
 * with `debug`), read from the checkout.
 */
export async function loadSimBackend(options: { debug?: boolean } = {}): Promise<SimBackend> {
  const debug = options.debug ?? false;
  const file = debug ? 'kernel.debug.wasm' : 'kernel.wasm';
  const url = new URL(/* @vite-ignore */ `../kernel-sim/build/${file}`, import.meta.url);
  const module = async () => {
    const fs = await import('node:fs/promises');
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(url);
    } catch (e) {
      throw new Error(`cannot read ${url.pathname} (${(e as Error).message}); run \`npm run build:kernel${debug ? ':debug' : ''}\``);
    }
    return WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  };
  return new SimBackend({ module, debug });
}
