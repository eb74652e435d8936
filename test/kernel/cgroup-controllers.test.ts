// kernel/cgroup controllers, enforced: cpuset (and sched_setaffinity),
// pids, memory (alloc and the OOM killer), cpu (stored). Errnos and texts
// as Linux 6.18 gives them on this kernel (checked on the CI host).
import { describe, expect, it } from 'vitest';
import { bootCgroupKernel, type Kernel } from './cgroup-boot.ts';
import { CLONE, ERRNO, SIGNALS } from '../../host-backend/errno.ts';

function fork(k: Kernel, parent = 1): number {
  expect(k.sys_fork(parent)).toBeGreaterThan(0);
  return k.last_child();
}

const status = (k: Kernel, t: number) =>
  k.vfs_read(1, `/proc/${t}/status`).split('\n').find((l) => l.startsWith('Cpus_allowed_list'));

describe('cpuset', () => {
  it('seed lab: a container restricted to CPUs 0,2,4,6 on an 8-CPU machine, seen from outside and inside', async () => {
    const k = await bootCgroupKernel('hybrid', { cpus: 8 });
    const cs = '/sys/fs/cgroup/cpuset/lxc';
    expect(k.sys_mkdir(1, cs, 0o755)).toBe(0);
    // a new v1 cpuset has no CPUs and no memory nodes, and takes no task until it has both
    expect(k.vfs_read(1, `${cs}/cpuset.cpus`)).toBe('\n');
    const c = fork(k);
    expect(k.vfs_write(1, `${cs}/cgroup.procs`, String(c))).toBe(-ERRNO.ENOSPC);
    expect(k.vfs_write(1, `${cs}/cpuset.cpus`, '0,2,4,6')).toBe(7);
    expect(k.vfs_write(1, `${cs}/cgroup.procs`, String(c))).toBe(-ERRNO.ENOSPC);
    expect(k.vfs_write(1, `${cs}/cpuset.mems`, '0')).toBe(1);
    expect(k.vfs_write(1, `${cs}/cgroup.procs`, String(c))).toBe(String(c).length);
    expect(k.vfs_read(1, `${cs}/cpuset.cpus`)).toBe('0,2,4,6\n');
    expect(k.vfs_read(1, `${cs}/cpuset.effective_cpus`)).toBe('0,2,4,6\n');
    expect(status(k, c)).toBe('Cpus_allowed_list:\t0,2,4,6');
    expect(k.vfs_read(1, `/proc/${c}/status`)).toContain('Cpus_allowed:\t55\n');
    // inside: a child (the container's init) inherits the mask and the cgroup
    const init = fork(k, c);
    expect(k.vfs_read(init, '/proc/self/status')).toContain('Cpus_allowed_list:\t0,2,4,6\n');
    expect(k.vfs_read(init, '/proc/self/cgroup')).toContain('\n3:cpuset:/lxc\n');
    expect(k.sys_sched_getaffinity(init, 0)).toBe('0,2,4,6');
    // the rest of the machine keeps every CPU
    expect(status(k, 1)).toBe('Cpus_allowed_list:\t0-7');
  });

  it('seed lab on a 2-CPU machine: "0,2,4,6" fails with ERANGE, as on Linux', async () => {
    const k = await bootCgroupKernel('hybrid', { cpus: 2 });
    const cs = '/sys/fs/cgroup/cpuset/lxc';
    k.sys_mkdir(1, cs, 0o755);
    const w = (v: string) => k.vfs_write(1, `${cs}/cpuset.cpus`, v);
    expect(w('0,2,4,6')).toBe(-ERRNO.ERANGE);
    expect(w('0,2,4,6\n')).toBe(-ERRNO.ERANGE);
    expect(w('5')).toBe(-ERRNO.ERANGE);
    expect(w('64')).toBe(-ERRNO.ERANGE);
    expect(w('garbage')).toBe(-ERRNO.EINVAL);
    expect(w('1-0')).toBe(-ERRNO.EINVAL);
    expect(w('1')).toBe(1);
    expect(k.vfs_read(1, `${cs}/cpuset.cpus`)).toBe('1\n');
    expect(w('0-1,')).toBe(4);
    expect(w('0,,1')).toBe(4);
    expect(k.vfs_read(1, `${cs}/cpuset.cpus`)).toBe('0-1\n');
    expect(w(' 1')).toBe(2);
    expect(k.vfs_read(1, `${cs}/cpuset.cpus`)).toBe('1\n');
    expect(w('\n')).toBe(1);
    expect(k.vfs_read(1, `${cs}/cpuset.cpus`)).toBe('\n');
    const m = (v: string) => k.vfs_write(1, `${cs}/cpuset.mems`, v);
    expect(m('1')).toBe(-ERRNO.EINVAL);
    expect(m('1000')).toBe(-ERRNO.EINVAL);
    expect(m('2000')).toBe(-ERRNO.ERANGE);
    expect(m('0')).toBe(1);
    expect(k.vfs_write(1, `${cs}/cpuset.effective_cpus`, '0')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_read(1, '/sys/fs/cgroup/cpuset/cpuset.cpus')).toBe('0-1\n');
    expect(k.vfs_read(1, '/sys/fs/cgroup/cpuset/cpuset.mems')).toBe('0\n');
  });

  it('v1: a child within its parent (EACCES), a parent around its children (EBUSY), no emptying with tasks (ENOSPC)', async () => {
    const k = await bootCgroupKernel('v1', { cpus: 4 });
    const a = '/sys/fs/cgroup/cpuset/a';
    k.sys_mkdir(1, a, 0o755);
    k.vfs_write(1, `${a}/cpuset.cpus`, '0');
    k.vfs_write(1, `${a}/cpuset.mems`, '0');
    k.sys_mkdir(1, `${a}/b`, 0o755);
    expect(k.vfs_write(1, `${a}/b/cpuset.cpus`, '1')).toBe(-ERRNO.EACCES);
    expect(k.vfs_write(1, `${a}/b/cpuset.cpus`, '0-1')).toBe(-ERRNO.EACCES);
    expect(k.vfs_write(1, `${a}/b/cpuset.cpus`, '0')).toBe(1);
    expect(k.vfs_write(1, `${a}/cpuset.cpus`, '1')).toBe(-ERRNO.EBUSY);
    expect(k.vfs_write(1, `${a}/cpuset.cpus`, '0-3')).toBe(3);
    const c = fork(k);
    k.vfs_write(1, `${a}/cgroup.procs`, String(c));
    expect(k.vfs_write(1, `${a}/cpuset.cpus`, '\n')).toBe(-ERRNO.EBUSY); // b still has CPU 0
    k.sys_rmdir(1, `${a}/b`);
    expect(k.vfs_write(1, `${a}/cpuset.cpus`, '\n')).toBe(-ERRNO.ENOSPC);
    // the top cpuset is the machine's
    expect(k.vfs_write(1, '/sys/fs/cgroup/cpuset/cpuset.cpus', '0')).toBe(-ERRNO.EACCES);
    // cgroup.clone_children: a new cpuset starts with its parent's masks
    expect(k.vfs_write(1, `${a}/cgroup.clone_children`, '1')).toBe(1);
    k.sys_mkdir(1, `${a}/c`, 0o755);
    expect(k.vfs_read(1, `${a}/c/cpuset.cpus`)).toBe('0-3\n');
    expect(k.vfs_read(1, `${a}/c/cpuset.mems`)).toBe('0\n');
  });

  it('a task\'s CPUs follow its cpuset; sched_setaffinity is intersected with it and kept for later changes', async () => {
    const k = await bootCgroupKernel('hybrid', { cpus: 8 });
    const cs = '/sys/fs/cgroup/cpuset/lxc';
    k.sys_mkdir(1, cs, 0o755);
    k.vfs_write(1, `${cs}/cpuset.cpus`, '0,2,4,6');
    k.vfs_write(1, `${cs}/cpuset.mems`, '0');
    const c = fork(k);
    k.vfs_write(1, `${cs}/cgroup.procs`, String(c));
    expect(k.sys_sched_setaffinity(c, 0, '0-3')).toBe(0);
    expect(k.sys_sched_getaffinity(1, c)).toBe('0,2');
    expect(k.sys_sched_setaffinity(c, 0, '1,3')).toBe(-ERRNO.EINVAL);
    expect(k.sys_sched_getaffinity(1, c)).toBe('0,2');
    expect(k.vfs_write(1, `${cs}/cpuset.cpus`, '0-7')).toBe(3);
    expect(status(k, c)).toBe('Cpus_allowed_list:\t0-3');
    expect(k.vfs_write(1, `${cs}/cpuset.cpus`, '4-7')).toBe(3);
    expect(status(k, c)).toBe('Cpus_allowed_list:\t4-7');
    expect(k.sys_sched_setaffinity(1, 99999, '0')).toBe(-ERRNO.ESRCH);
    expect(k.sys_sched_setaffinity(1, 0, 'x')).toBe(-ERRNO.EINVAL);
  });

  it('v2: cpuset.cpus may name any CPUs; effective is their intersection with the parent\'s, or the parent\'s', async () => {
    const k = await bootCgroupKernel('v2', { cpus: 8 });
    const b = '/sys/fs/cgroup';
    expect(k.vfs_write(1, `${b}/cgroup.subtree_control`, '+cpuset')).toBe(7);
    k.sys_mkdir(1, `${b}/a`, 0o755);
    expect(k.vfs_read(1, `${b}/a/cpuset.cpus`)).toBe('\n');
    expect(k.vfs_read(1, `${b}/a/cpuset.cpus.effective`)).toBe('0-7\n');
    const c = fork(k);
    expect(k.vfs_write(1, `${b}/a/cgroup.procs`, String(c))).toBe(String(c).length);
    expect(k.vfs_write(1, `${b}/a/cpuset.cpus`, '0,2,4,6')).toBe(7);
    expect(status(k, c)).toBe('Cpus_allowed_list:\t0,2,4,6');
    expect(k.vfs_write(1, `${b}/a/cgroup.subtree_control`, '+cpuset')).toBe(-ERRNO.EBUSY);
    expect(k.vfs_write(1, `${b}/a/cpuset.cpus`, '9')).toBe(-ERRNO.ERANGE);
  });
});

describe('pids', () => {
  it('v1: fork fails with EAGAIN past pids.max; zombies count until reaped; pids.events counts the failures', async () => {
    const k = await bootCgroupKernel('hybrid');
    const p = '/sys/fs/cgroup/pids/a';
    k.sys_mkdir(1, p, 0o755);
    expect(k.vfs_read(1, `${p}/pids.max`)).toBe('max\n');
    expect(k.vfs_read(1, `${p}/pids.events`)).toBe('max 0\n');
    const c = fork(k);
    k.vfs_write(1, `${p}/cgroup.procs`, String(c));
    expect(k.vfs_write(1, `${p}/pids.max`, '2')).toBe(1);
    const g = fork(k, c);
    expect(k.sys_fork(c)).toBe(-ERRNO.EAGAIN);
    expect(k.sys_clone(g, CLONE.CLONE_VM | CLONE.CLONE_SIGHAND | CLONE.CLONE_THREAD)).toBe(-ERRNO.EAGAIN);
    expect(k.vfs_read(1, `${p}/pids.current`)).toBe('2\n');
    expect(k.vfs_read(1, `${p}/pids.events`)).toBe('max 2\n');
    expect(k.vfs_read(1, `${p}/pids.peak`)).toBe('2\n');
    k.sys_exit(g, 0);
    expect(k.sys_fork(c)).toBe(-ERRNO.EAGAIN);
    expect(k.sys_waitpid(c, -1, 0)).toBeGreaterThan(0);
    expect(k.vfs_read(1, `${p}/pids.current`)).toBe('1\n');
    expect(k.sys_fork(c)).toBeGreaterThan(0);
    // moving in is never refused by the limit
    const d = fork(k);
    expect(k.vfs_write(1, `${p}/cgroup.procs`, String(d))).toBe(String(d).length);
    expect(k.vfs_read(1, `${p}/pids.current`)).toBe('3\n');
    expect(k.kernel_check()).toBe('');
    expect(k.kernel_check()).toBe('');
  });

  it('pids.max takes "max" or 0..4194304 (spaces stripped)', async () => {
    const k = await bootCgroupKernel('hybrid');
    const f = '/sys/fs/cgroup/pids/a/pids.max';
    k.sys_mkdir(1, '/sys/fs/cgroup/pids/a', 0o755);
    expect(k.vfs_write(1, f, '-1')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, f, 'abc')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, f, '4194305')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, f, '4194304')).toBe(7);
    expect(k.vfs_read(1, f)).toBe('4194304\n');
    expect(k.vfs_write(1, f, ' 5')).toBe(2);
    expect(k.vfs_read(1, f)).toBe('5\n');
    expect(k.vfs_write(1, f, 'max\n')).toBe(4);
    expect(k.vfs_read(1, f)).toBe('max\n');
  });

  it('v2: a limit above holds the whole subtree; pids.events counts hits from the limiting cgroup up', async () => {
    const k = await bootCgroupKernel('v2');
    const b = '/sys/fs/cgroup';
    k.vfs_write(1, `${b}/cgroup.subtree_control`, '+pids');
    k.sys_mkdir(1, `${b}/a`, 0o755);
    k.vfs_write(1, `${b}/a/cgroup.subtree_control`, '+pids');
    k.sys_mkdir(1, `${b}/a/b`, 0o755);
    const c = fork(k);
    k.vfs_write(1, `${b}/a/b/cgroup.procs`, String(c));
    k.vfs_write(1, `${b}/a/pids.max`, '1');
    expect(k.sys_fork(c)).toBe(-ERRNO.EAGAIN);
    expect(k.vfs_read(1, `${b}/a/pids.events`)).toBe('max 1\n');
    expect(k.vfs_read(1, `${b}/a/pids.events.local`)).toBe('max 1\n');
    expect(k.vfs_read(1, `${b}/a/b/pids.events`)).toBe('max 0\n');
    expect(k.vfs_read(1, `${b}/a/pids.current`)).toBe('1\n');
  });
});

describe('memory', () => {
  it('v1 memory.limit_in_bytes: page-aligned, suffixes, -1 for none, "max" refused', async () => {
    const k = await bootCgroupKernel('hybrid');
    const f = '/sys/fs/cgroup/memory/a/memory.limit_in_bytes';
    k.sys_mkdir(1, '/sys/fs/cgroup/memory/a', 0o755);
    expect(k.vfs_read(1, f)).toBe('9223372036854771712\n');
    expect(k.vfs_write(1, f, '1000000')).toBe(7);
    expect(k.vfs_read(1, f)).toBe('999424\n');
    expect(k.vfs_write(1, f, '10M')).toBe(3);
    expect(k.vfs_read(1, f)).toBe('10485760\n');
    expect(k.vfs_write(1, f, '1k')).toBe(2);
    expect(k.vfs_read(1, f)).toBe('0\n');
    expect(k.vfs_write(1, f, '-1')).toBe(2);
    expect(k.vfs_read(1, f)).toBe('9223372036854771712\n');
    expect(k.vfs_write(1, f, 'max')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, f, 'abc')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, '/sys/fs/cgroup/memory/a/memory.usage_in_bytes', '0')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_read(1, '/sys/fs/cgroup/memory/a/memory.oom_control')).toBe('oom_kill_disable 0\nunder_oom 0\noom_kill 0\n');
  });

  it('v1: allocations are charged; past the limit the OOM killer kills the biggest task of the cgroup', async () => {
    const k = await bootCgroupKernel('hybrid');
    const m = '/sys/fs/cgroup/memory/a';
    k.sys_mkdir(1, m, 0o755);
    k.vfs_write(1, `${m}/memory.limit_in_bytes`, '10M');
    const big = fork(k), small = fork(k);
    k.vfs_write(1, `${m}/cgroup.procs`, String(big));
    k.vfs_write(1, `${m}/cgroup.procs`, String(small));
    expect(k.sys_alloc(big, 8 << 20)).toBe(0);
    expect(k.sys_alloc(small, 1000)).toBe(0);
    expect(k.vfs_read(1, `${m}/memory.usage_in_bytes`)).toBe(String((8 << 20) + 4096) + '\n');
    expect(k.sys_alloc(small, 4 << 20)).toBe(0);
    expect(k.sys_waitpid(1, big, 1)).toBe(big);
    expect(k.last_status()).toBe(SIGNALS.SIGKILL);
    expect(k.vfs_read(1, `${m}/memory.usage_in_bytes`)).toBe(String((4 << 20) + 4096) + '\n');
    expect(k.vfs_read(1, `${m}/memory.oom_control`)).toBe('oom_kill_disable 0\nunder_oom 0\noom_kill 1\n');
    expect(k.vfs_read(1, `${m}/memory.failcnt`)).toBe('1\n');
    expect(k.vfs_read(1, `${m}/memory.max_usage_in_bytes`)).toBe(String((8 << 20) + 4096) + '\n');
    // a limit below the usage cannot be set (nothing to reclaim)
    expect(k.vfs_write(1, `${m}/memory.limit_in_bytes`, '1M')).toBe(-ERRNO.EBUSY);
    // the charger itself is chosen when it is the biggest: it dies in its call
    expect(k.sys_alloc(small, 8 << 20)).toBe(0);
    expect(k.sys_waitpid(1, small, 1)).toBe(small);
    expect(k.last_status()).toBe(SIGNALS.SIGKILL);
    expect(k.vfs_read(1, `${m}/memory.usage_in_bytes`)).toBe('0\n');
    expect(k.kernel_check()).toBe('');
    expect(k.kernel_check()).toBe('');
  });

  it('v2: memory.max and memory.events; lowering memory.max below the usage OOM-kills', async () => {
    const k = await bootCgroupKernel('v2');
    const b = '/sys/fs/cgroup';
    k.vfs_write(1, `${b}/cgroup.subtree_control`, '+memory');
    k.sys_mkdir(1, `${b}/a`, 0o755);
    expect(k.vfs_read(1, `${b}/a/memory.max`)).toBe('max\n');
    expect(k.vfs_write(1, `${b}/a/memory.max`, '-1')).toBe(-ERRNO.EINVAL);
    const c = fork(k);
    k.vfs_write(1, `${b}/a/cgroup.procs`, String(c));
    expect(k.sys_alloc(c, 3 << 20)).toBe(0);
    expect(k.vfs_read(1, `${b}/a/memory.current`)).toBe(String(3 << 20) + '\n');
    expect(k.vfs_write(1, `${b}/a/memory.max`, '2M')).toBe(2);
    expect(k.vfs_read(1, `${b}/a/memory.max`)).toBe('2097152\n');
    expect(k.sys_waitpid(1, c, 1)).toBe(c);
    expect(k.vfs_read(1, `${b}/a/memory.events`)).toBe('low 0\nhigh 0\nmax 0\noom 1\noom_kill 1\noom_group_kill 0\n');
    expect(k.vfs_read(1, `${b}/a/memory.current`)).toBe('0\n');
  });

  it('alloc: bad sizes are EINVAL; past the machine\'s memory the OOM killer spares only the global init', async () => {
    const k = await bootCgroupKernel('v2', { memory: 64 << 20 });
    expect(k.sys_alloc(1, -1)).toBe(-ERRNO.EINVAL);
    expect(k.sys_alloc(1, 0.5)).toBe(-ERRNO.EINVAL);
    const c = fork(k);
    expect(k.sys_alloc(c, 48 << 20)).toBe(0);
    expect(k.sys_alloc(1, 32 << 20)).toBe(0);
    expect(k.sys_waitpid(1, c, 1)).toBe(c);
    expect(k.sys_alloc(1, 64 << 20)).toBe(-ERRNO.ENOMEM);
  });
});

describe('cpu', () => {
  it('v1 cpu.shares, cpu.cfs_quota_us, cpu.cfs_period_us: clamped, -1 for no limit, EINVAL outside the ranges', async () => {
    const k = await bootCgroupKernel('hybrid');
    const d = '/sys/fs/cgroup/cpu/a';
    k.sys_mkdir(1, d, 0o755);
    const w = (f: string, v: string) => k.vfs_write(1, `${d}/${f}`, v);
    const r = (f: string) => k.vfs_read(1, `${d}/${f}`);
    expect(r('cpu.shares')).toBe('1024\n');
    expect(w('cpu.shares', '1')).toBe(1);
    expect(r('cpu.shares')).toBe('2\n');
    expect(w('cpu.shares', '300000')).toBe(6);
    expect(r('cpu.shares')).toBe('262144\n');
    expect(w('cpu.shares', '-5')).toBe(-ERRNO.EINVAL);
    expect(w('cpu.cfs_quota_us', '50000')).toBe(5);
    expect(r('cpu.cfs_quota_us')).toBe('50000\n');
    expect(w('cpu.cfs_quota_us', '999')).toBe(-ERRNO.EINVAL);
    expect(w('cpu.cfs_quota_us', '-2')).toBe(2);
    expect(r('cpu.cfs_quota_us')).toBe('-1\n');
    expect(w('cpu.cfs_period_us', '999')).toBe(-ERRNO.EINVAL);
    expect(w('cpu.cfs_period_us', '1000001')).toBe(-ERRNO.EINVAL);
    expect(w('cpu.cfs_period_us', '1000000')).toBe(7);
    expect(r('cpu.cfs_period_us')).toBe('1000000\n');
  });

  it('v2 cpu.max and cpu.weight', async () => {
    const k = await bootCgroupKernel('v2');
    k.vfs_write(1, '/sys/fs/cgroup/cgroup.subtree_control', '+cpu');
    k.sys_mkdir(1, '/sys/fs/cgroup/a', 0o755);
    const f = '/sys/fs/cgroup/a/';
    expect(k.vfs_read(1, f + 'cpu.max')).toBe('max 100000\n');
    expect(k.vfs_write(1, f + 'cpu.max', '50000 100000')).toBe(12);
    expect(k.vfs_read(1, f + 'cpu.max')).toBe('50000 100000\n');
    expect(k.vfs_write(1, f + 'cpu.max', 'max')).toBe(3);
    expect(k.vfs_read(1, f + 'cpu.max')).toBe('max 100000\n');
    expect(k.vfs_read(1, f + 'cpu.weight')).toBe('100\n');
    expect(k.vfs_write(1, f + 'cpu.weight', '0')).toBe(-ERRNO.ERANGE);
    expect(k.vfs_write(1, f + 'cpu.weight', '200')).toBe(3);
    expect(k.vfs_read(1, f + 'cpu.weight')).toBe('200\n');
  });
});
