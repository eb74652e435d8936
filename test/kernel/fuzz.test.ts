// No input makes the kernel trap, and its invariants hold after every call:
// 100,000 random calls from a fixed seed (every PID unique per namespace,
// one number per level, parents and reapers consistent, no task in two
// thread groups — kernel-sim/assembly/kernel/invariants.ts).
import { describe, expect, it } from 'vitest';
import { bootKernel, type Kernel } from './kernel.ts';
import { CLONE, SIGNALS, WAIT, MOUNT, NS_IOCTL } from '../../host-backend/errno.ts';
import { DEFAULT_MACHINE } from '../../host-backend/backend.ts';
import { buildMachine } from '../../host-backend/sim-machine.ts';
// mulberry32, seeded, so a failure can be replayed (the quizzes' generator)
import { rng } from '../../web/src/quiz/generate.ts';

const CLONE_BITS = Object.values(CLONE).filter((v) => v !== CLONE.CSIGNAL);
const NS_NAMES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'time', 'time_for_children', 'user', 'uts'];

function run(seed: number, calls: number, check: (k: Kernel, i: number, what: string) => void, k: Kernel) {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  let refs: number[] = [1];
  const flags = () => {
    let f = 0;
    const n = int(0, 4);
    for (let i = 0; i < n; i++) f |= pick(CLONE_BITS);
    if (r() < 0.05) f |= int(0, 0x7fffffff);
    return (f | (r() < 0.7 ? SIGNALS.SIGCHLD : int(0, 255))) >>> 0;
  };
  const pidArg = () => (r() < 0.6 && refs.length ? k.pid_of(pick(refs), pick(refs)) : int(-5, 40));
  const path = () => {
    const c = r();
    if (c < 0.4) return `/proc/${pick(['self', 'thread-self', String(int(0, 30))])}/ns/${pick(NS_NAMES)}`;
    if (c < 0.6) return pick(['/proc', '/proc/self/status', '/proc/self/stat', '/proc/1/task', '/proc/sys/kernel/hostname',
      '/proc/sys/kernel/ns_last_pid', '/', '/tmp', '/etc', '/proc/self/comm', '..', '../../proc/self', '']);
    if (c < 0.8) return `/tmp/${pick(['a', 'b', 'c'])}${r() < 0.5 ? '/x' : ''}`;
    return pick(['\u0000', 'x'.repeat(5000), '/proc/self/root/proc/self', '/proc/self/ns', 'é/∂', '//proc//1//stat', '/proc/-1']);
  };
  let boots = 0;
  let created = 0;
  for (let i = 0; i < calls; i++) {
    if (refs.length > 300 || (i % 500 === 0)) refs = refs.filter((x) => k.pid_of(x, x) >= 0);
    // once the machine's init has exited every task is gone: boot again in the same instance
    if (k.sys_getpid(1) < 0) {
      const cfg = { ...DEFAULT_MACHINE, cpus: int(1, 64), cgroup: pick(['v1', 'v2', 'hybrid'] as const), pidLevelsLeft: int(0, 32), sandboxed: r() < 0.5 };
      if (k.machine_boot(cfg.cpus, 4194304, { v1: 1, v2: 2, hybrid: 3 }[cfg.cgroup], cfg.pidLevelsLeft, 'again', cfg.sandboxed ? 1 : 0) !== 1) throw new Error('reboot failed');
      buildMachine(k, cfg);
      refs = [1];
      boots++;
    }
    const t = r() < 0.05 ? int(-3, 400) : pick(refs);
    const c = k.task_count() > 200 && r() < 0.5 ? pick([4, 5, 7]) : int(0, 32);
    let what = '';
    let ret = 0;
    switch (c) {
      case 0: case 1: what = 'fork'; ret = k.sys_fork(t); break;
      case 2: case 3: { const f = flags(); what = `clone ${f.toString(16)}`; ret = k.sys_clone(t, f); break; }
      case 4: { const s = int(-2, 300); what = `exit ${s}`; ret = k.sys_exit(t, s); break; }
      case 5: case 6: { const p = pidArg(), s = r() < 0.7 ? pick(Object.values(SIGNALS)) : int(-2, 70); what = `kill ${p} ${s}`; ret = k.sys_kill(t, p, s); break; }
      case 7: case 8: { const p = r() < 0.5 ? -1 : pidArg(); const o = r() < 0.8 ? pick([0, WAIT.WNOHANG, WAIT.WNOHANG | WAIT.WUNTRACED, WAIT.WNOHANG | WAIT.WCONTINUED, WAIT.__WALL | WAIT.WNOHANG]) : int(-100, 0x7fffffff); what = `wait ${p} ${o}`; ret = k.sys_waitpid(t, p, o); break; }
      case 9: { const f = flags() & ~0xff; what = `unshare ${f.toString(16)}`; ret = k.sys_unshare(t, f); break; }
      case 10: { const p = path(); what = `setns ${p}`; ret = k.sys_setns(t, p, r() < 0.5 ? 0 : pick(CLONE_BITS)); break; }
      case 11: what = 'getpid'; ret = k.sys_getpid(t) + k.sys_getppid(t) + k.sys_gettid(t); break;
      case 12: { const n = r() < 0.9 ? `h${int(0, 9)}` : 'y'.repeat(int(60, 70)); what = `sethostname ${n.length}`; ret = k.sys_sethostname(t, n); break; }
      case 13: { const p = path(); what = `read ${p}`; k.vfs_read(t, p); ret = k.last_errno(); break; }
      case 14: { const p = path(); what = `readdir ${p}`; k.vfs_readdir(t, p); ret = k.last_errno(); break; }
      case 15: { const p = path(); what = `readlink ${p}`; k.vfs_readlink(t, p); ret = k.last_errno(); break; }
      case 16: { const p = path(); what = `write ${p}`; ret = k.vfs_write(t, p, pick(['1', '500', 'abc', '', 'x\n'])); break; }
      case 17: { const p = path(); what = `mkdir ${p}`; ret = k.sys_mkdir(t, p, 0o755); break; }
      case 18: { const p = path(); what = `mount ${p}`; ret = k.sys_mount(t, 'proc', p, pick(['proc', 'tmpfs', 'bogus']), r() < 0.8 ? 0 : pick(Object.values(MOUNT)), ''); break; }
      case 19: { const p = path(); what = `umount ${p}`; ret = k.sys_umount2(t, p, int(0, 3)); break; }
      case 20: { const p = path(); what = `chdir/chroot ${p}`; ret = r() < 0.5 ? k.sys_chdir(t, p) : k.sys_chroot(t, p); break; }
      case 21: { const p = path(); what = `ioctl_ns ${p}`; k.sys_ioctl_ns(t, p, pick(Object.values(NS_IOCTL))); ret = k.last_errno(); break; }
      case 23: { const p = path(), q = path(); const f = pick([MOUNT.MS_BIND, MOUNT.MS_BIND | MOUNT.MS_REC, MOUNT.MS_MOVE, MOUNT.MS_REMOUNT | MOUNT.MS_RDONLY, MOUNT.MS_REMOUNT | MOUNT.MS_BIND, MOUNT.MS_SHARED, MOUNT.MS_SLAVE, MOUNT.MS_PRIVATE | MOUNT.MS_REC, MOUNT.MS_UNBINDABLE, MOUNT.MS_SHARED | MOUNT.MS_SLAVE]); what = `mount ${p} ${q} ${f}`; ret = k.sys_mount(t, p, q, '', f, ''); break; }
      case 24: { const p = path(), q = path(); what = `pivot_root ${p} ${q}`; ret = k.sys_pivot_root(t, p, q); break; }
      case 25: { const p = path(), q = path(); const c = int(0, 5); what = `file op ${c} ${p} ${q}`;
        ret = c == 0 ? k.sys_symlink(t, q, p) : c == 1 ? k.sys_link(t, p, q) : c == 2 ? k.sys_unlink(t, p) : c == 3 ? k.sys_rmdir(t, p) : c == 4 ? k.sys_chmod(t, p, int(0, 0o7777)) : (k.sys_lstat(t, p), k.last_errno()); break; }
      case 26: { const id = r() < 0.7 ? pick([0, 1000, 65534]) : int(-2, 100000); const c = int(0, 2); what = `creds ${c} ${id}`;
        ret = c == 0 ? k.sys_setuid(t, id) : c == 1 ? k.sys_setgid(t, id) : k.sys_prctl(t, int(2, 5), int(-1, 2)); break; }
      case 27: { const p = `/proc/${pick(['self', String(int(1, 30))])}/${pick(['uid_map', 'gid_map', 'setgroups', 'timens_offsets'])}`;
        const v = pick(['0 0 1', '0 1000 1', '0 0 4294967295', '1 2', 'deny', 'allow', 'monotonic 5 0', '0 0 10\n5 5 10\n']);
        what = `write ${p} ${v}`; ret = k.vfs_write(t, p, v); break; }
      case 28: { const g = `/sys/fs/cgroup/${pick(['', 'a', 'a/b', 'unified', 'cpuset', 'pids'])}`; const c = int(0, 4); what = `cgroup ${c} ${g}`;
        ret = c == 0 ? k.sys_mkdir(t, g, 0o755) : c == 1 ? k.sys_rmdir(t, g)
          : k.vfs_write(t, `${g}/${pick(['cgroup.procs', 'cgroup.subtree_control', 'pids.max', 'cpuset.cpus', 'memory.max', 'tasks'])}`,
            pick([String(int(1, 30)), '+pids', '+memory +cpuset', '-pids', '2', 'max', '0-1', '0,2,4,6', '100000', 'x'])); break; }
      case 29: { const c = int(0, 2); what = `affinity/alloc ${c}`;
        ret = c == 0 ? k.sys_sched_setaffinity(t, pick([0, int(1, 30)]), pick(['0', '1', '0-1', '0,2,4,6', 'x', '63'])) : c == 1 ? (k.sys_sched_getaffinity(t, 0), k.last_errno()) : k.sys_alloc(t, pick([4096, 1 << 20, 1 << 28])); break; }
      case 30: { const c = int(0, 5); what = `ipc ${c}`;
        ret = c == 0 ? k.sys_msgget(t, int(0, 3), pick([0, 0o1644, 0o3644])) : c == 1 ? k.sys_semget(t, int(0, 3), int(0, 3), 0o1644)
          : c == 2 ? k.sys_shmget(t, int(0, 3), int(0, 8192), 0o1644) : c == 3 ? k.sys_mq_open(t, pick(['/q', 'q', '/a/b', '/']), pick([0, 0o100, 0o102]), 0o644)
          : c == 4 ? k.sys_msgctl(t, int(0, 3), 0) : k.sys_mq_unlink(t, '/q'); break; }
      case 31: { const c = int(0, 3); const dev = pick(['lo', 'veth0', 'veth1', 'nope']); what = `net ${c} ${dev}`;
        ret = c == 0 ? k.sys_link_add_veth(t, 'veth0', 'veth1') : c == 1 ? k.sys_link_set(t, dev, int(0, 1))
          : c == 2 ? k.sys_link_setns(t, dev, path()) : k.sys_addr_add(t, dev, pick(['10.0.0.1/24', '10.0.0.1/33', 'x', '127.0.0.2/8'])); break; }
      default: what = 'comm'; ret = k.sys_set_comm(t, pick(['a', 'worker', 'a-very-long-command-name']));
    }
    if (!Number.isInteger(ret)) throw new Error(`call ${i} (${what}) returned ${ret}`);
    if ((c <= 3) && ret > 0) {
      refs.push(k.last_child());
      created++;
    }
    k.gc_tick();
    check(k, i, `task ${t} ${what}`);
  }
  return { boots, created };
}

describe('kernel fuzz', () => {
  it('100,000 random calls from seed 2026: no trap, invariants hold after every call', async () => {
    const k = await bootKernel();
    let checked = 0;
    const { boots, created } = run(2026, 100_000, (kk, i, what) => {
      const broken = kk.kernel_check();
      if (broken !== '') throw new Error(`after call ${i} (${what}): ${broken}`);
      checked++;
    }, k);
    expect(checked).toBe(100_000);
    // the instance still answers, and the seed really exercised rebooting after init's death
    expect(k.kernel_check()).toBe('');
    expect(boots).toBeGreaterThan(0);
    expect(created).toBeGreaterThan(3_000);
  }, 120_000);

  it('a second seed, with a machine whose PID namespaces may nest 3 deep', async () => {
    const k = await bootKernel({ pidLevels: 3, cpus: 2 });
    run(7, 20_000, (kk, i, what) => {
      const broken = kk.kernel_check();
      if (broken !== '') throw new Error(`after call ${i} (${what}): ${broken}`);
    }, k);
    expect(k.task_count()).toBeGreaterThan(0);
  }, 120_000);
});
