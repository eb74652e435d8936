// A tiny stand-in Backend for testing the runner alone: tasks with global
// PIDs and one level of PID namespaces, enough to tell "as the caller sees
// it" from global numbers. Not a model of Linux: the kernel tests do that.
import type { Arg, Backend, CallResult, MachineConfig, SyscallName, TaskRef } from '../../host-backend/backend.ts';
import { DEFAULT_MACHINE } from '../../host-backend/backend.ts';
import { CLONE, ERRNO } from '../../host-backend/errno.ts';

interface FakeTask { ref: number; ppid: number; comm: string; nsInit: number; dead: boolean; reaped: boolean }

export class FakeBackend implements Backend {
  readonly kind = 'sim' as const;
  log: string[] = [];
  config: MachineConfig = DEFAULT_MACHINE;
  boots = 0;
  failOn: SyscallName | null = null;
  private tasks = new Map<number, FakeTask>();
  private nextPid = 1;

  async boot(config: Partial<MachineConfig> = {}): Promise<TaskRef> {
    this.boots++;
    this.config = { ...DEFAULT_MACHINE, ...config };
    this.tasks = new Map([[1, { ref: 1, ppid: 0, comm: 'init', nsInit: 0, dead: false, reaped: false }]]);
    this.nextPid = 2;
    this.log = [];
    return 1;
  }
  async machine() { return this.config; }
  async close() {}

  async pidOf(viewer: TaskRef, target: TaskRef): Promise<number> {
    const v = this.tasks.get(viewer), t = this.tasks.get(target);
    if (!v || !t || t.reaped) return -ERRNO.ESRCH;
    if (v.nsInit === 0) return t.ref;
    return t.nsInit === v.nsInit ? t.ref - v.nsInit + 1 : 0;
  }

  async call(task: TaskRef, name: SyscallName, args: readonly Arg[]): Promise<CallResult> {
    this.log.push(`${task} ${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
    if (name === this.failOn) throw new Error('agent connection lost');
    const t = this.tasks.get(task);
    if (!t || t.reaped) return { ret: -ERRNO.ESRCH };
    const find = (pid: number) => [...this.tasks.values()].find((x) => !x.reaped && this.pidOfSync(t, x) === pid);
    switch (name) {
      case 'fork':
      case 'clone': {
        const flags = name === 'clone' ? (args[0] as number) : 0;
        if (flags & CLONE.CLONE_THREAD && flags & CLONE.CLONE_NEWPID) return { ret: -ERRNO.EINVAL };
        const ref = this.nextPid++;
        const nsInit = flags & CLONE.CLONE_NEWPID ? ref : t.nsInit;
        const child = { ref, ppid: task, comm: t.comm, nsInit, dead: false, reaped: false };
        this.tasks.set(ref, child);
        return { ret: this.pidOfSync(t, child), child: ref };
      }
      case 'getpid': return { ret: this.pidOfSync(t, t) };
      case 'getppid': { const p = this.tasks.get(t.ppid); return { ret: p ? this.pidOfSync(t, p) : 0 }; }
      case 'set_comm': t.comm = args[0] as string; return { ret: 0 };
      case 'kill': { const x = find(args[0] as number); if (!x) return { ret: -ERRNO.ESRCH }; x.dead = true; return { ret: 0 }; }
      case 'waitpid': {
        const pid = args[0] as number;
        const x = pid === -1 ? [...this.tasks.values()].find((c) => c.ppid === task && c.dead && !c.reaped) : find(pid);
        if (!x || x.ppid !== task) return { ret: -ERRNO.ECHILD };
        if (!x.dead) return { ret: 0 };
        x.reaped = true;
        return { ret: this.pidOfSync(t, x), status: 9 };
      }
      case 'gethostname': return { ret: 0, text: this.config.hostname };
      case 'read_file': return args[0] === '/proc/self/comm' ? { ret: t.comm.length + 1, text: t.comm + '\n' } : { ret: -ERRNO.ENOENT };
      case 'readdir': return { ret: -ERRNO.ENOENT };
      default: return { ret: -ERRNO.ENOSYS };
    }
  }

  private pidOfSync(v: FakeTask, t: FakeTask): number {
    if (v.nsInit === 0) return t.ref;
    return t.nsInit === v.nsInit ? t.ref - v.nsInit + 1 : 0;
  }
}
