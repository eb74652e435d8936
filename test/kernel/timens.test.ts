// time/: time namespaces (time_namespaces(7)) — CLOCK_MONOTONIC and
// CLOCK_BOOTTIME offsets written to /proc/T/timens_offsets, which is about
// T's time namespace for children, only until a task enters it. Values
// and errno as Linux 6.18 gave them (a C program after unshare(CLONE_NEWTIME)).
import { describe, expect, it } from 'vitest';
import { bootKernel } from './kernel.ts';
import { CLONE, ERRNO, SIGNALS } from '../../host-backend/errno.ts';

const E = (name: keyof typeof ERRNO) => -ERRNO[name];
const ZERO = 'monotonic           0         0\nboottime            0         0\n';

describe('time namespaces', () => {
  it('the initial time namespace: offsets 0, frozen (EACCES)', async () => {
    const k = await bootKernel();
    expect(k.vfs_read(1, '/proc/self/timens_offsets')).toBe(ZERO);
    expect(k.vfs_write(1, '/proc/self/timens_offsets', 'monotonic 1 0\n')).toBe(E('EACCES'));
  });

  it('after unshare(CLONE_NEWTIME) the offsets are set, until a child enters', async () => {
    const k = await bootKernel();
    k.sys_fork(1);
    const p = k.last_child();
    expect(k.sys_unshare(p, CLONE.CLONE_NEWTIME)).toBe(0);
    // the caller stays where it was; only its children go there
    expect(k.vfs_readlink(p, '/proc/self/ns/time')).toBe('time:[4026531834]');
    expect(k.vfs_readlink(p, '/proc/self/ns/time_for_children')).toMatch(/^time:\[40265\d{5}\]$/);
    const w = (s: string) => k.vfs_write(p, '/proc/self/timens_offsets', s);
    expect(w('monotonic 100 5\n')).toBe(16);
    expect(k.vfs_read(p, '/proc/self/timens_offsets')).toBe('monotonic         100         5\nboottime            0         0\n');
    expect(w('boottime -5 0\n')).toBe(14);
    expect(w('boottime -999999999 0\n')).toBe(E('ERANGE'));
    expect(w('monotonic 1 1000000000\n')).toBe(E('EINVAL'));
    expect(w('realtime 1 0\n')).toBe(E('EINVAL'));
    expect(w('1 7 0\n7 8 0\n')).toBe(12);
    expect(w('monotonic 1\n')).toBe(E('EINVAL'));
    expect(w('monotonic 1 0 extra\n')).toBe(20);
    // at most two lines are taken: the value counts their bytes
    expect(w('monotonic 1 0\nboottime 2 0\nmonotonic 3 0\n')).toBe(27);
    expect(w('')).toBe(E('EINVAL'));
    expect(w('  monotonic 4 0')).toBe(15);
    expect(k.vfs_read(p, '/proc/self/timens_offsets')).toBe('monotonic           4         0\nboottime            2         0\n');
    // others see them too, through /proc/P
    expect(k.vfs_read(1, `/proc/${p}/timens_offsets`)).toBe('monotonic           4         0\nboottime            2         0\n');
    k.sys_fork(p);
    const c = k.last_child();
    expect(k.vfs_readlink(c, '/proc/self/ns/time')).toBe(k.vfs_readlink(p, '/proc/self/ns/time_for_children'));
    expect(w('monotonic 5 0\n')).toBe(E('EACCES'));
    expect(k.vfs_read(c, '/proc/self/timens_offsets')).toBe('monotonic           4         0\nboottime            2         0\n');
    expect(k.kernel_check()).toBe('');
  });

  it('setns() into a time namespace enters it: its offsets are frozen from then on', async () => {
    const k = await bootKernel();
    k.sys_fork(1);
    const p = k.last_child();
    k.sys_unshare(p, CLONE.CLONE_NEWTIME);
    k.sys_fork(1);
    const q = k.last_child();
    expect(k.sys_setns(q, `/proc/${p}/ns/time_for_children`, CLONE.CLONE_NEWTIME)).toBe(0);
    expect(k.vfs_readlink(q, '/proc/self/ns/time')).toBe(k.vfs_readlink(p, '/proc/self/ns/time_for_children'));
    expect(k.vfs_write(p, '/proc/self/timens_offsets', 'monotonic 1 0\n')).toBe(E('EACCES'));
  });

  it('clone(2) cannot ask for CLONE_NEWTIME: 0x80 lies in the exit-signal byte (only clone3 can)', async () => {
    const k = await bootKernel();
    expect(k.sys_clone(1, CLONE.CLONE_NEWTIME | SIGNALS.SIGCHLD)).toBeGreaterThan(0);
    expect(k.vfs_readlink(k.last_child(), '/proc/self/ns/time')).toBe('time:[4026531834]');
  });

  it('without CAP_SYS_TIME over the namespace\'s owner: EPERM; a zombie: ESRCH', async () => {
    const k = await bootKernel();
    k.sys_fork(1);
    const p = k.last_child();
    k.sys_unshare(p, CLONE.CLONE_NEWTIME);
    k.sys_clone(1, CLONE.CLONE_NEWUSER | SIGNALS.SIGCHLD);
    const u = k.last_child();
    expect(k.vfs_write(u, `/proc/${p}/timens_offsets`, 'monotonic 1 0\n')).toBe(E('EPERM'));
    k.sys_exit(p, 0);
    expect(k.vfs_read(1, `/proc/${p}/timens_offsets`)).toBe('');
    expect(k.last_errno()).toBe(E('ESRCH'));
  });
});
