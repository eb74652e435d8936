// kernel/cgroup: hierarchies per cgroup mode, cgroupfs directories and
// files, moving tasks, /proc/T/cgroup. Texts and errnos as Linux 6.18
// shows them (checked on a hybrid host in a throwaway cgroup).
import { describe, expect, it } from 'vitest';
import { bootCgroupKernel, type Kernel } from './cgroup-boot.ts';
import { CLONE, ERRNO, SIGNALS } from '../../host-backend/errno.ts';

const HYBRID_SELF = '9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n4:memory:/\n3:cpuset:/\n2:cpuacct:/\n1:cpu:/\n0::/\n';

/** fork() by `parent`: the child's ref (its pid in the initial namespace). */
function fork(k: Kernel, parent = 1): number {
  expect(k.sys_fork(parent)).toBeGreaterThan(0);
  return k.last_child();
}

function read(k: Kernel, t: number, path: string): string | number {
  const s = k.vfs_read(t, path);
  const e = k.last_errno();
  return e ? e : s;
}

describe('hierarchies per cgroup mode', () => {
  it('hybrid: /proc/self/cgroup lists the v1 hierarchies 9..1 and cgroup2 last, as the CI host does', async () => {
    const k = await bootCgroupKernel('hybrid');
    expect(k.vfs_read(1, '/proc/self/cgroup')).toBe(HYBRID_SELF);
    expect(k.vfs_readdir(1, '/sys/fs/cgroup')).toBe('blkio\ncpu\ncpuacct\ncpuset\ndevices\nfreezer\nmemory\npids\nsystemd\nunified');
    const mi = k.vfs_read(1, '/proc/self/mountinfo').split('\n').filter((l) => l.includes('cgroup'));
    expect(mi.map((l) => l.replace(/^\d+ \d+ \d+:\d+ /, ''))).toEqual([
      '/ /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=755',
      ...['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids'].map(
        (c) => `/ /sys/fs/cgroup/${c} rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,${c}`),
      '/ /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime - cgroup cgroup rw,name=systemd',
      '/ /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw',
    ]);
    // only hugetlb is left for cgroup2 when every other controller is bound to v1
    expect(k.vfs_read(1, '/sys/fs/cgroup/unified/cgroup.controllers')).toBe('hugetlb\n');
  });

  it('v1: no "0::" line while cgroup2 was never mounted', async () => {
    const k = await bootCgroupKernel('v1');
    expect(k.vfs_read(1, '/proc/self/cgroup')).toBe(HYBRID_SELF.replace('0::/\n', ''));
    expect(k.sys_mkdir(1, '/mnt/u', 0o755)).toBe(0);
    expect(k.sys_mount(1, 'cgroup2', '/mnt/u', 'cgroup2', 0, '')).toBe(0);
    expect(k.vfs_read(1, '/proc/self/cgroup')).toBe(HYBRID_SELF);
  });

  it('v2: one line, every controller on cgroup2 at /sys/fs/cgroup', async () => {
    const k = await bootCgroupKernel('v2');
    expect(k.vfs_read(1, '/proc/self/cgroup')).toBe('0::/\n');
    expect(k.vfs_read(1, '/sys/fs/cgroup/cgroup.controllers')).toBe('cpuset cpu io memory hugetlb pids\n');
    expect(k.vfs_read(1, '/sys/fs/cgroup/cgroup.subtree_control')).toBe('');
  });

  it('mount(2) of cgroup: an existing hierarchy by its controllers or name; a controller bound elsewhere is EBUSY', async () => {
    const k = await bootCgroupKernel('hybrid');
    k.sys_mkdir(1, '/mnt/p', 0o755);
    expect(k.sys_mount(1, 'none', '/mnt/p', 'cgroup', 0, 'pids')).toBe(0);
    expect(k.vfs_readdir(1, '/mnt/p')).toBe(k.vfs_readdir(1, '/sys/fs/cgroup/pids'));
    k.sys_mkdir(1, '/mnt/s', 0o755);
    expect(k.sys_mount(1, 'none', '/mnt/s', 'cgroup', 0, 'name=systemd')).toBe(0);
    expect(k.sys_mount(1, 'none', '/mnt/s', 'cgroup', 0, 'cpu,cpuacct')).toBe(-ERRNO.EBUSY);
    expect(k.sys_mount(1, 'none', '/mnt/s', 'cgroup', 0, '')).toBe(-ERRNO.EBUSY);
    expect(k.sys_mount(1, 'none', '/mnt/s', 'cgroup', 0, 'bogus')).toBe(-ERRNO.EINVAL);
    expect(k.sys_mount(1, 'none', '/mnt/s', 'cgroup', 0, 'none,pids')).toBe(-ERRNO.EINVAL);
  });
});

describe('cgroupfs directories', () => {
  it('a new v1 cgroup has the files Linux 6.18 gives it; the top has cgroup.sane_behavior and release_agent', async () => {
    const k = await bootCgroupKernel('hybrid');
    expect(k.sys_mkdir(1, '/sys/fs/cgroup/pids/a', 0o755)).toBe(0);
    expect(k.vfs_readdir(1, '/sys/fs/cgroup/pids/a')).toBe(
      'cgroup.clone_children\ncgroup.procs\nnotify_on_release\npids.current\npids.events\npids.max\npids.peak\ntasks');
    expect(k.vfs_readdir(1, '/sys/fs/cgroup/pids')).toBe(
      'a\ncgroup.clone_children\ncgroup.procs\ncgroup.sane_behavior\nnotify_on_release\nrelease_agent\ntasks');
    k.sys_mkdir(1, '/sys/fs/cgroup/cpu/a', 0o755);
    expect(k.vfs_readdir(1, '/sys/fs/cgroup/cpu/a').split('\n')).toEqual(['cgroup.clone_children', 'cgroup.procs',
      'cpu.cfs_burst_us', 'cpu.cfs_period_us', 'cpu.cfs_quota_us', 'cpu.idle', 'cpu.rt_period_us', 'cpu.rt_runtime_us',
      'cpu.shares', 'cpu.stat', 'cpu.stat.local', 'notify_on_release', 'tasks']);
    k.sys_mkdir(1, '/sys/fs/cgroup/unified/a', 0o755);
    expect(k.vfs_readdir(1, '/sys/fs/cgroup/unified/a').split('\n')).toEqual(['cgroup.controllers', 'cgroup.events',
      'cgroup.freeze', 'cgroup.kill', 'cgroup.max.depth', 'cgroup.max.descendants', 'cgroup.pressure', 'cgroup.procs',
      'cgroup.stat', 'cgroup.stat.local', 'cgroup.subtree_control', 'cgroup.threads', 'cgroup.type', 'cpu.pressure',
      'cpu.stat', 'cpu.stat.local', 'io.pressure', 'memory.pressure']);
    expect(k.vfs_read(1, '/sys/fs/cgroup/unified/a/cgroup.stat')).toBe('nr_descendants 0\nnr_subsys_perf_event 1\n' +
      'nr_subsys_hugetlb 0\nnr_dying_descendants 0\nnr_dying_subsys_perf_event 0\nnr_dying_subsys_hugetlb 0\n');
    expect(k.vfs_read(1, '/sys/fs/cgroup/unified/a/cgroup.events')).toBe('populated 0\nfrozen 0\n');
    expect(k.vfs_read(1, '/sys/fs/cgroup/unified/a/cgroup.type')).toBe('domain\n');
    expect(k.vfs_read(1, '/sys/fs/cgroup/cpu/a/cpu.stat')).toBe('nr_periods 0\nnr_throttled 0\nthrottled_time 0\nnr_bursts 0\nburst_time 0\n');
  });

  it('mkdir: EEXIST for a cgroup or a file of that name; rmdir: EBUSY with a child or a live task, ENOENT, ENOTDIR', async () => {
    const k = await bootCgroupKernel('hybrid');
    const d = '/sys/fs/cgroup/pids';
    expect(k.sys_mkdir(1, `${d}/a`, 0o755)).toBe(0);
    expect(k.sys_mkdir(1, `${d}/a`, 0o755)).toBe(-ERRNO.EEXIST);
    expect(k.sys_mkdir(1, `${d}/a/tasks`, 0o755)).toBe(-ERRNO.EEXIST);
    expect(k.sys_mkdir(1, `${d}/a/b`, 0o755)).toBe(0);
    expect(k.sys_rmdir(1, `${d}/a`)).toBe(-ERRNO.EBUSY);
    expect(k.sys_rmdir(1, `${d}/a/b`)).toBe(0);
    expect(k.sys_rmdir(1, `${d}/a/b`)).toBe(-ERRNO.ENOENT);
    expect(k.sys_rmdir(1, `${d}/a/pids.max`)).toBe(-ERRNO.ENOTDIR);
    const c = fork(k);
    expect(k.vfs_write(1, `${d}/a/cgroup.procs`, String(c))).toBe(1);
    expect(k.sys_rmdir(1, `${d}/a`)).toBe(-ERRNO.EBUSY);
    // a zombie does not keep it busy
    k.sys_exit(c, 0);
    expect(k.sys_rmdir(1, `${d}/a`)).toBe(0);
    expect(k.kernel_check()).toBe('');
    expect(k.kernel_check()).toBe('');
  });

  it('read-only files refuse writes and write-only files refuse reads with EINVAL', async () => {
    const k = await bootCgroupKernel('hybrid');
    k.sys_mkdir(1, '/sys/fs/cgroup/pids/a', 0o755);
    k.sys_mkdir(1, '/sys/fs/cgroup/unified/a', 0o755);
    expect(k.vfs_write(1, '/sys/fs/cgroup/pids/a/pids.current', '1')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, '/sys/fs/cgroup/unified/a/cgroup.events', 'x')).toBe(-ERRNO.EINVAL);
    expect(read(k, 1, '/sys/fs/cgroup/unified/a/cgroup.kill')).toBe(-ERRNO.EINVAL);
    // NOTE: creating a file in a cgroup directory is EACCES on Linux (kernfs has no create); the VFS decides that
  });
});

describe('moving tasks', () => {
  it('cgroup.procs moves a process; children are born in their parent\'s cgroups; v1 lists sorted, without duplicates', async () => {
    const k = await bootCgroupKernel('hybrid');
    k.sys_mkdir(1, '/sys/fs/cgroup/pids/a', 0o755);
    const p = fork(k);
    expect(k.vfs_write(p, '/sys/fs/cgroup/pids/a/cgroup.procs', '0')).toBe(1);
    const c = fork(k, p);
    const th = k.sys_clone(c, CLONE.CLONE_VM | CLONE.CLONE_SIGHAND | CLONE.CLONE_THREAD);
    expect(th).toBeGreaterThan(0);
    expect(k.vfs_read(1, `/proc/${c}/cgroup`)).toContain('\n8:pids:/a\n');
    expect(k.vfs_read(1, '/sys/fs/cgroup/pids/a/cgroup.procs')).toBe(`${p}\n${c}\n`);
    expect(k.vfs_read(1, '/sys/fs/cgroup/pids/a/tasks')).toBe(`${p}\n${c}\n${th}\n`);
    expect(k.vfs_read(1, '/sys/fs/cgroup/pids/a/pids.current')).toBe('3\n');
    // tasks moves one thread only
    expect(k.vfs_write(1, '/sys/fs/cgroup/pids/tasks', String(th))).toBe(String(th).length);
    expect(k.vfs_read(1, '/sys/fs/cgroup/pids/a/tasks')).toBe(`${p}\n${c}\n`);
    expect(k.vfs_read(1, '/sys/fs/cgroup/pids/a/pids.current')).toBe('2\n');
    expect(k.kernel_check()).toBe('');
    expect(k.kernel_check()).toBe('');
  });

  it('cgroup.procs: ESRCH for no such pid, EINVAL for a bad one; pids are read in the caller\'s PID namespace', async () => {
    const k = await bootCgroupKernel('hybrid');
    k.sys_mkdir(1, '/sys/fs/cgroup/pids/a', 0o755);
    const f = '/sys/fs/cgroup/pids/a/cgroup.procs';
    expect(k.vfs_write(1, f, '999999')).toBe(-ERRNO.ESRCH);
    expect(k.vfs_write(1, f, ' 12')).toBe(-ERRNO.ESRCH);
    expect(k.vfs_write(1, f, 'abc')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, f, '-1')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, f, '1 2')).toBe(-ERRNO.EINVAL);
    k.sys_clone(1, CLONE.CLONE_NEWPID | SIGNALS.SIGCHLD);
    const c = k.last_child();
    expect(k.vfs_write(c, f, '1')).toBe(1); // itself, pid 1 of its namespace
    const g = fork(k, c);
    expect(k.vfs_write(1, f, String(g))).toBe(String(g).length);
    // v1 lists only what the reader can see, in its numbers
    expect(k.vfs_read(c, f)).toBe('1\n2\n');
    expect(k.vfs_read(1, f)).toBe(`${c}\n${g}\n`);
    // cgroup2 prints 0 for a process the reader cannot see, in iteration order
    k.sys_mkdir(1, '/sys/fs/cgroup/unified/a', 0o755);
    expect(k.vfs_write(1, '/sys/fs/cgroup/unified/a/cgroup.procs', String(g))).toBe(String(g).length);
    expect(k.vfs_write(1, '/sys/fs/cgroup/unified/a/cgroup.procs', '1')).toBe(1);
    expect(k.vfs_read(c, '/sys/fs/cgroup/unified/a/cgroup.procs')).toBe('2\n0\n');
  });

  it('/proc/T/cgroup of a zombie: v1 hierarchies show "/", cgroup2 its cgroup, " (deleted)" once removed', async () => {
    const k = await bootCgroupKernel('hybrid');
    k.sys_mkdir(1, '/sys/fs/cgroup/pids/a', 0o755);
    k.sys_mkdir(1, '/sys/fs/cgroup/unified/a', 0o755);
    const c = fork(k);
    k.vfs_write(1, '/sys/fs/cgroup/pids/a/cgroup.procs', String(c));
    k.vfs_write(1, '/sys/fs/cgroup/unified/a/cgroup.procs', String(c));
    expect(k.vfs_read(1, `/proc/${c}/cgroup`)).toBe(HYBRID_SELF.replace('8:pids:/', '8:pids:/a').replace('0::/', '0::/a'));
    k.sys_exit(c, 0);
    expect(k.vfs_read(1, `/proc/${c}/cgroup`)).toBe(HYBRID_SELF.replace('0::/', '0::/a'));
    expect(k.vfs_read(1, '/sys/fs/cgroup/unified/a/cgroup.events')).toBe('populated 0\nfrozen 0\n');
    expect(k.vfs_read(1, '/sys/fs/cgroup/pids/a/pids.current')).toBe('1\n'); // until it is reaped
    expect(k.sys_rmdir(1, '/sys/fs/cgroup/unified/a')).toBe(0);
    expect(k.vfs_read(1, `/proc/${c}/cgroup`)).toBe(HYBRID_SELF.replace('0::/', '0::/a (deleted)'));
    expect(k.sys_waitpid(1, c, 0)).toBe(c);
    expect(k.vfs_read(1, '/sys/fs/cgroup/pids/a/pids.current')).toBe('0\n');
    expect(k.kernel_check()).toBe('');
    expect(k.kernel_check()).toBe('');
  });
});

describe('cgroup2 rules', () => {
  it('subtree_control: EINVAL for an unknown name or no sign, ENOENT for one not in cgroup.controllers', async () => {
    const k = await bootCgroupKernel('hybrid');
    k.sys_mkdir(1, '/sys/fs/cgroup/unified/a', 0o755);
    const f = '/sys/fs/cgroup/unified/a/cgroup.subtree_control';
    expect(k.vfs_read(1, '/sys/fs/cgroup/unified/a/cgroup.controllers')).toBe('');
    expect(k.vfs_write(1, f, '+hugetlb')).toBe(-ERRNO.ENOENT);
    expect(k.vfs_write(1, f, '+cpu')).toBe(-ERRNO.ENOENT);
    expect(k.vfs_write(1, f, '+foo')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, f, 'hugetlb')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, f, '+hugetlb -hugetlb')).toBe(17);
  });

  it('the no-internal-process rule: a cgroup with controllers enabled for children takes no process (EBUSY), and back', async () => {
    const k = await bootCgroupKernel('v2');
    const b = '/sys/fs/cgroup';
    expect(k.vfs_write(1, `${b}/cgroup.subtree_control`, '+pids +memory')).toBe(13);
    expect(k.vfs_read(1, `${b}/cgroup.subtree_control`)).toBe('memory pids\n');
    k.sys_mkdir(1, `${b}/a`, 0o755);
    k.sys_mkdir(1, `${b}/a/b`, 0o755);
    expect(k.vfs_read(1, `${b}/a/cgroup.controllers`)).toBe('memory pids\n');
    const c = fork(k);
    expect(k.vfs_write(1, `${b}/a/cgroup.procs`, String(c))).toBe(String(c).length);
    // a populated cgroup cannot enable controllers for its children
    expect(k.vfs_write(1, `${b}/a/cgroup.subtree_control`, '+pids')).toBe(-ERRNO.EBUSY);
    expect(k.vfs_write(1, `${b}/a/b/cgroup.procs`, String(c))).toBe(String(c).length);
    expect(k.vfs_write(1, `${b}/a/cgroup.subtree_control`, '+pids')).toBe(5);
    expect(k.vfs_write(1, `${b}/a/cgroup.procs`, String(c))).toBe(-ERRNO.EBUSY);
    // the top cgroup is exempt
    expect(k.vfs_write(1, `${b}/cgroup.procs`, String(c))).toBe(String(c).length);
    // a controller a child still enables cannot be disabled
    k.vfs_write(1, `${b}/a/b/cgroup.subtree_control`, '+pids');
    expect(k.vfs_write(1, `${b}/a/cgroup.subtree_control`, '-pids')).toBe(-ERRNO.EBUSY);
    expect(k.vfs_readdir(1, `${b}/a/b`).split('\n').filter((n) => n.startsWith('pids.'))).toEqual(
      ['pids.current', 'pids.events', 'pids.events.local', 'pids.max', 'pids.peak']);
  });

  it('cgroup.events follows the subtree\'s live tasks; max.depth and max.descendants make mkdir fail with EAGAIN', async () => {
    const k = await bootCgroupKernel('hybrid');
    const u = '/sys/fs/cgroup/unified';
    k.sys_mkdir(1, `${u}/a`, 0o755);
    k.sys_mkdir(1, `${u}/a/b`, 0o755);
    const c = fork(k);
    k.vfs_write(1, `${u}/a/b/cgroup.procs`, String(c));
    expect(k.vfs_read(1, `${u}/a/cgroup.events`)).toBe('populated 1\nfrozen 0\n');
    expect(k.vfs_write(1, `${u}/a/cgroup.max.depth`, '1')).toBe(1);
    expect(k.sys_mkdir(1, `${u}/a/b/c`, 0o755)).toBe(-ERRNO.EAGAIN);
    expect(k.vfs_write(1, `${u}/a/cgroup.max.depth`, 'max')).toBe(3);
    expect(k.vfs_write(1, `${u}/a/cgroup.max.descendants`, '1')).toBe(1);
    expect(k.sys_mkdir(1, `${u}/a/b/c`, 0o755)).toBe(-ERRNO.EAGAIN);
    expect(k.vfs_write(1, `${u}/a/cgroup.max.depth`, '-1')).toBe(-ERRNO.ERANGE);
    expect(k.vfs_write(1, `${u}/a/cgroup.max.depth`, 'abc')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, `${u}/a/cgroup.type`, 'domain')).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, `${u}/a/cgroup.kill`, '2')).toBe(-ERRNO.ERANGE);
    // cgroup.kill: SIGKILL to every process below
    expect(k.vfs_write(1, `${u}/a/cgroup.kill`, '1')).toBe(1);
    expect(k.sys_waitpid(1, c, 0)).toBe(c);
    expect(k.last_status()).toBe(SIGNALS.SIGKILL);
    expect(k.vfs_read(1, `${u}/a/cgroup.events`)).toBe('populated 0\nfrozen 0\n');
  });
});

describe('cgroup namespaces', () => {
  it('CLONE_NEWCGROUP: the creator\'s cgroups become "/"; moved out, a task shows "/.." paths as Linux does', async () => {
    const k = await bootCgroupKernel('hybrid');
    for (const d of ['a', 'b']) {
      k.sys_mkdir(1, `/sys/fs/cgroup/pids/${d}`, 0o755);
      k.sys_mkdir(1, `/sys/fs/cgroup/unified/${d}`, 0o755);
    }
    const p = fork(k);
    k.vfs_write(1, '/sys/fs/cgroup/pids/a/cgroup.procs', String(p));
    k.vfs_write(1, '/sys/fs/cgroup/unified/a/cgroup.procs', String(p));
    expect(k.sys_unshare(p, CLONE.CLONE_NEWCGROUP)).toBe(0);
    expect(k.vfs_read(p, '/proc/self/cgroup')).toBe(HYBRID_SELF);
    k.vfs_write(p, '/sys/fs/cgroup/pids/b/cgroup.procs', '0');
    k.vfs_write(p, '/sys/fs/cgroup/unified/cgroup.procs', '0');
    expect(k.vfs_read(p, '/proc/self/cgroup')).toBe(HYBRID_SELF.replace('8:pids:/', '8:pids:/../b').replace('0::/', '0::/..'));
    // init is one level above the namespace's root /a
    expect(k.vfs_read(p, '/proc/1/cgroup')).toBe(HYBRID_SELF.replace('8:pids:/', '8:pids:/..').replace('0::/', '0::/..'));
    // outside, the paths are from the top
    expect(k.vfs_read(1, `/proc/${p}/cgroup`)).toBe(HYBRID_SELF.replace('8:pids:/', '8:pids:/b'));
  });

  it('a cgroupfs mounted inside shows the namespace\'s root cgroup and below, with the files of a non-top cgroup', async () => {
    const k = await bootCgroupKernel('hybrid');
    k.sys_mkdir(1, '/sys/fs/cgroup/pids/a', 0o755);
    k.sys_mkdir(1, '/sys/fs/cgroup/pids/a/inner', 0o755);
    const p = fork(k);
    k.vfs_write(1, '/sys/fs/cgroup/pids/a/cgroup.procs', String(p));
    k.sys_mkdir(1, '/sys/fs/cgroup/unified/a', 0o755);
    k.vfs_write(1, '/sys/fs/cgroup/unified/a/cgroup.procs', String(p));
    expect(k.sys_unshare(p, CLONE.CLONE_NEWCGROUP | CLONE.CLONE_NEWNS)).toBe(0);
    k.sys_mkdir(p, '/mnt/p', 0o755);
    expect(k.sys_mount(p, 'none', '/mnt/p', 'cgroup', 0, 'pids')).toBe(0);
    expect(k.vfs_readdir(p, '/mnt/p')).toBe('cgroup.clone_children\ncgroup.procs\ninner\nnotify_on_release\n' +
      'pids.current\npids.events\npids.max\npids.peak\ntasks');
    expect(k.vfs_read(p, '/mnt/p/cgroup.procs')).toBe(`${p}\n`);
    k.sys_mkdir(p, '/mnt/u', 0o755);
    expect(k.sys_mount(p, 'none', '/mnt/u', 'cgroup2', 0, '')).toBe(0);
    expect(k.vfs_readdir(p, '/mnt/u')).toContain('cgroup.events');
  });
});
