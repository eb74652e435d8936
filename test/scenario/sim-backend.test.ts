// SimBackend: the Backend contract over kernel.wasm — checked arguments
// (never a trap), a fresh machine per boot, text calls, debug invariants.
import { describe, expect, it } from 'vitest';
import type { Arg, SyscallName } from '../../host-backend/backend.ts';
import { SYSCALLS } from '../../host-backend/backend.ts';
import { CLONE, ERRNO, NS_IOCTL, SIGNALS } from '../../host-backend/errno.ts';
import { loadSimBackend } from '../../host-backend/sim-backend.ts';

const boot = async (debug = true) => {
  const b = await loadSimBackend({ debug });
  const init = await b.boot();
  return { b, init };
};

describe('SimBackend', () => {
  it('boot(): init is PID 1, named "init"; machine() reports the configuration asked for', async () => {
    const { b, init } = await boot();
    expect(init).toBe(1);
    expect(await b.call(init, 'read_file', ['/proc/self/comm'])).toMatchObject({ text: 'init\n' });
    await b.boot({ cpus: 4, hostname: 'lab', cgroup: 'hybrid' });
    expect(await b.machine()).toMatchObject({ cpus: 4, hostname: 'lab', cgroup: 'hybrid' });
    expect(await b.call(1, 'gethostname', [])).toEqual({ ret: 0, text: 'lab' });
  });

  it('every boot is a fresh machine: nothing survives from the previous one', async () => {
    const { b, init } = await boot();
    const f = await b.call(init, 'fork', []);
    expect(f).toMatchObject({ ret: 2, child: 2 });
    await b.call(init, 'sethostname', ['changed']);
    await b.boot();
    expect((await b.call(1, 'fork', [])).ret).toBe(2);
    expect((await b.call(1, 'gethostname', [])).text).toBe('nslab');
  });

  it('fork/clone give the new task; waitpid the status; pidOf is the PID as the viewer sees it', async () => {
    const { b, init } = await boot();
    const c = await b.call(init, 'clone', [CLONE.CLONE_NEWPID | SIGNALS.SIGCHLD]);
    expect(c).toEqual({ ret: 2, child: 2 });
    expect(await b.pidOf(2, 2)).toBe(1);
    expect(await b.pidOf(2, 1)).toBe(0);
    expect(await b.pidOf(1, 2)).toBe(2);
    expect(await b.pidOf(1, 99)).toBe(-ERRNO.ESRCH);
    await b.call(2, 'exit', [3]);
    expect(await b.call(init, 'waitpid', [2, 0])).toEqual({ ret: 2, status: 3 << 8 });
  });

  it('text calls: the text and a value, or -errno and no text', async () => {
    const { b, init } = await boot();
    expect(await b.call(init, 'readlink', ['/proc/self/ns/pid'])).toEqual({ ret: 16, text: 'pid:[4026531836]' });
    expect(await b.call(init, 'read_file', ['/nonexistent'])).toEqual({ ret: -ERRNO.ENOENT });
    expect(await b.call(init, 'ioctl_ns', ['/proc/self/ns/pid', NS_IOCTL.NS_GET_NSTYPE])).toEqual({ ret: CLONE.CLONE_NEWPID });
    expect(await b.call(init, 'ioctl_ns', ['/proc/self/ns/pid', NS_IOCTL.NS_GET_PARENT])).toEqual({ ret: -ERRNO.EPERM });
    const r = await b.call(init, 'readdir', ['/proc']);
    expect(r.text?.split('\n')).toContain('self');
    expect(r.ret).toBe(r.text!.split('\n').length);
  });

  it('bad arguments never reach the kernel: wrong count or type → -EINVAL, unknown call → -ENOSYS, bad task → -ESRCH', async () => {
    const { b, init } = await boot();
    expect(await b.call(init, 'kill', [1])).toEqual({ ret: -ERRNO.EINVAL });
    expect(await b.call(init, 'kill', ['1', 9])).toEqual({ ret: -ERRNO.EINVAL });
    expect(await b.call(init, 'kill', [1.5, 9])).toEqual({ ret: -ERRNO.EINVAL });
    expect(await b.call(init, 'kill', [2 ** 31, 9])).toEqual({ ret: -ERRNO.EINVAL });
    expect(await b.call(init, 'chdir', [null as unknown as Arg])).toEqual({ ret: -ERRNO.EINVAL });
    expect(await b.call(init, 'frobnicate' as SyscallName, [])).toEqual({ ret: -ERRNO.ENOSYS });
    expect(await b.call(init, '__proto__' as SyscallName, [])).toEqual({ ret: -ERRNO.ENOSYS });
    expect(await b.call(0, 'getpid', [])).toEqual({ ret: -ERRNO.ESRCH });
    expect(await b.call(-5, 'getpid', [])).toEqual({ ret: -ERRNO.ESRCH });
    expect(await b.call(NaN, 'getpid', [])).toEqual({ ret: -ERRNO.ESRCH });
    expect(await b.call(77, 'getpid', [])).toEqual({ ret: -ERRNO.ESRCH });
    // flags are u32: CLONE_IO's high bit is accepted, as C would pass it
    expect((await b.call(init, 'unshare', [CLONE.CLONE_IO])).ret).not.toBe(-ERRNO.ENOSYS);
  });

  it('random calls with random arguments never trap and keep the kernel\'s invariants (debug build)', async () => {
    const { b } = await boot(true);
    let seed = 12345;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const names = Object.keys(SYSCALLS) as SyscallName[];
    const strings = ['/proc', '/proc/self/ns/pid', '/proc/2/ns/uts', '', '/', '..', '/tmp/x', 'proc', 'a'.repeat(5000), '/proc/self/status'];
    const numbers = [0, 1, 2, 3, -1, 9, 17, 0x7fffffff, -0x80000000, CLONE.CLONE_NEWPID | 17, CLONE.CLONE_THREAD, CLONE.CLONE_NEWNS, 0xb701];
    for (let i = 0; i < 3000; i++) {
      const name = names[rnd(names.length)];
      const args = SYSCALLS[name].map(() => (rnd(2) ? strings[rnd(strings.length)] : numbers[rnd(numbers.length)]));
      const r = await b.call(1 + rnd(6), name, args);
      expect(Number.isInteger(r.ret)).toBe(true);
    }
  });
});
