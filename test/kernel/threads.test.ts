// CLONE_THREAD: threads share a tgid (getpid) and differ in tid; only the
// process is listed in /proc, its threads under /proc/T/task.
import { describe, expect, it } from 'vitest';
import { bootKernel } from './kernel.ts';
import { CLONE, ERRNO } from '../../host-backend/errno.ts';

const THREAD = CLONE.CLONE_THREAD | CLONE.CLONE_SIGHAND | CLONE.CLONE_VM;

describe('thread groups', () => {
  it('a thread has its own tid, the group\'s pid and parent', async () => {
    const k = await bootKernel();
    k.sys_fork(1);
    const p = k.last_child();
    expect(k.sys_clone(p, THREAD)).toBe(3);
    const th = k.last_child();
    expect(k.sys_getpid(th)).toBe(2);
    expect(k.sys_gettid(th)).toBe(3);
    expect(k.sys_getppid(th)).toBe(1);
    expect(k.vfs_readdir(1, '/proc').split('\n')).not.toContain('3');
    expect(k.vfs_readdir(1, '/proc/2/task')).toBe('2\n3');
    expect(k.vfs_read(1, '/proc/3/status')).toContain('Tgid:\t2\nNgid:\t0\nPid:\t3\n');
    expect(k.vfs_read(1, '/proc/2/status')).toContain('Threads:\t2\n');
    // unshare of what threads share is refused while the group has threads
    expect(k.sys_unshare(p, CLONE.CLONE_NEWUSER)).toBe(-ERRNO.EINVAL);
    // kill() of any thread id signals the whole process; exit() ends every thread
    expect(k.sys_kill(1, 3, 0)).toBe(0);
    expect(k.sys_exit(th, 5)).toBe(0);
    expect(k.sys_getpid(p)).toBe(-ERRNO.ESRCH);
    expect(k.sys_waitpid(1, 2, 0)).toBe(2);
    expect(k.last_status()).toBe(5 << 8);
    expect(k.task_count()).toBe(1);
    expect(k.kernel_check()).toBe('');
  });
});
