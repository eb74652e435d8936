// kernel/pid.c, kernel/pid_namespace.c: one pid per level, cyclic
// allocation, the nesting limit.
import { describe, expect, it } from 'vitest';
import { bootKernel } from './kernel.ts';
import { CLONE, ERRNO, SIGNALS } from '../../host-backend/errno.ts';

const NEWPID = CLONE.CLONE_NEWPID | SIGNALS.SIGCHLD;
const line = (text: string, key: string) => text.split('\n').find((l) => l.startsWith(`${key}:`));

describe('struct pid: one number per level', () => {
  it('three nested levels: NSpid lists the pid at every level, as each /proc sees it', async () => {
    const k = await bootKernel();
    expect(k.sys_clone(1, NEWPID)).toBe(2);
    const a = k.last_child();
    expect(k.sys_clone(a, NEWPID)).toBe(2 + 0 * a);
    const b = k.last_child();
    expect(k.sys_fork(b)).toBe(2);
    const c = k.last_child();
    expect(line(k.vfs_read(1, `/proc/${c}/status`), 'NSpid')).toBe('NSpid:\t4\t3\t2');
    expect(line(k.vfs_read(1, `/proc/${c}/status`), 'NStgid')).toBe('NStgid:\t4\t3\t2');
    // init's session and group are not visible below it
    expect(line(k.vfs_read(1, `/proc/${c}/status`), 'NSsid')).toBe('NSsid:\t1\t0\t0');
    expect(k.sys_getpid(c)).toBe(2);
    expect(k.sys_getppid(c)).toBe(1);
    expect(k.pid_of(a, c)).toBe(3);
    expect(k.pid_of(c, a)).toBe(0);
    expect(k.kernel_check()).toBe('');
  });

  it('pid_namespaces(7): nesting stops at 32 levels with ENOSPC', async () => {
    const k = await bootKernel();
    let t = 1;
    for (let level = 1; level <= 32; level++) {
      expect(k.sys_clone(t, NEWPID)).toBeGreaterThan(0);
      t = k.last_child();
    }
    expect(line(k.vfs_read(t, '/proc/self/status'), 'NSpid')!.split('\t')).toHaveLength(34);
    expect(k.sys_clone(t, NEWPID)).toBe(-ERRNO.ENOSPC);
    expect(k.sys_unshare(t, CLONE.CLONE_NEWPID)).toBe(-ERRNO.ENOSPC);
    expect(k.sys_fork(t)).toBeGreaterThan(0);
  });

  it('a host-matching machine (sandbox one level down) has 31 levels left', async () => {
    const k = await bootKernel({ pidLevels: 31 });
    let t = 1;
    for (let level = 1; level <= 31; level++) {
      expect(k.sys_clone(t, NEWPID)).toBeGreaterThan(0);
      t = k.last_child();
    }
    expect(k.sys_clone(t, NEWPID)).toBe(-ERRNO.ENOSPC);
  });

  it('pids are handed out cyclically and not reused until the counter wraps', async () => {
    const k = await bootKernel();
    expect(k.sys_fork(1)).toBe(2);
    const two = k.last_child();
    k.sys_exit(two, 0);
    expect(k.sys_waitpid(1, 2, 0)).toBe(2);
    expect(k.sys_fork(1)).toBe(3);
    // ns_last_pid (checkpoint/restore) moves the cursor
    expect(k.vfs_write(1, '/proc/sys/kernel/ns_last_pid', '99')).toBe(2);
    expect(k.sys_fork(1)).toBe(100);
    expect(k.vfs_read(1, '/proc/sys/kernel/ns_last_pid')).toBe('100\n');
    // past pid_max the counter wraps to RESERVED_PIDS (300), skipping used pids
    expect(k.vfs_write(1, '/proc/sys/kernel/pid_max', '400')).toBe(3);
    expect(k.vfs_write(1, '/proc/sys/kernel/ns_last_pid', '399')).toBe(3);
    expect(k.sys_fork(1)).toBe(300);
    expect(k.vfs_write(1, '/proc/sys/kernel/pid_max', '100')).toBe(-ERRNO.EINVAL);
  });
});
