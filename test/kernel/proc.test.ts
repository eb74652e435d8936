// fs/proc: what /proc shows depends on the PID namespace of the proc
// mount, whoever reads it; texts as Linux 6.18 prints them.
import { describe, expect, it } from 'vitest';
import { bootKernel } from './kernel.ts';
import { CLONE, ERRNO, SIGNALS } from '../../host-backend/errno.ts';

const pids = (listing: string) => listing.split('\n').filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);

describe('procfs', () => {
  it('the initial namespaces have the kernel\'s fixed inode numbers', async () => {
    const k = await bootKernel();
    const links = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'].map((n) => k.vfs_readlink(1, `/proc/self/ns/${n}`));
    expect(links).toEqual(['cgroup:[4026531835]', 'ipc:[4026531839]', 'mnt:[4026531832]', 'net:[4026531833]',
      'pid:[4026531836]', 'time:[4026531834]', 'user:[4026531837]', 'uts:[4026531838]']);
    expect(k.vfs_readdir(1, '/proc/self/ns')).toBe('cgroup\nipc\nmnt\nnet\npid\npid_for_children\ntime\ntime_for_children\nuser\nuts');
  });

  it('a new /proc shows only its PID namespace, while the old mount still shows everything', async () => {
    const k = await bootKernel();
    k.sys_fork(1);
    expect(k.sys_clone(1, CLONE.CLONE_NEWPID | CLONE.CLONE_NEWNS | SIGNALS.SIGCHLD)).toBe(3);
    const c = k.last_child();
    k.sys_fork(c);
    expect(pids(k.vfs_readdir(c, '/proc'))).toEqual([1, 2, 3, 4]);
    expect(k.vfs_readlink(c, '/proc/self')).toBe('3');
    expect(k.sys_mount(c, 'proc', '/proc', 'proc', 0, '')).toBe(0);
    expect(pids(k.vfs_readdir(c, '/proc'))).toEqual([1, 2]);
    expect(k.vfs_readlink(c, '/proc/self')).toBe('1');
    expect(k.vfs_readlink(c, '/proc/thread-self')).toBe('1/task/1');
    // init's mount namespace was not touched
    expect(pids(k.vfs_readdir(1, '/proc'))).toEqual([1, 2, 3, 4]);
    // init, outside, is invisible in the new /proc: /proc/self does not resolve for it there
    expect(k.sys_setns(1, `/proc/3/ns/mnt`, CLONE.CLONE_NEWNS)).toBe(0);
    expect(k.vfs_readlink(1, '/proc/self')).toBe('');
    expect(k.last_errno()).toBe(-ERRNO.ENOENT);
  });

  it('status: the first lines for a sleeping task and for a zombie', async () => {
    const k = await bootKernel();
    k.sys_fork(1);
    const p = k.last_child();
    k.sys_set_comm(p, 'worker');
    const head = k.vfs_read(1, `/proc/${p}/status`).split('\n').slice(0, 17).join('\n');
    expect(head).toBe(['Name:\tworker', 'Umask:\t0022', 'State:\tS (sleeping)', 'Tgid:\t2', 'Ngid:\t0', 'Pid:\t2',
      'PPid:\t1', 'TracerPid:\t0', 'Uid:\t0\t0\t0\t0', 'Gid:\t0\t0\t0\t0', 'FDSize:\t64', 'Groups:\t ',
      'NStgid:\t2', 'NSpid:\t2', 'NSpgid:\t1', 'NSsid:\t1', 'Kthread:\t0'].join('\n'));
    expect(k.vfs_read(p, '/proc/self/status')).toContain('State:\tR (running)');
    k.sys_exit(p, 3);
    const z = k.vfs_read(1, `/proc/${p}/status`);
    expect(z).toContain('State:\tZ (zombie)');
    expect(z).not.toContain('VmRSS');
    expect(k.vfs_read(1, `/proc/${p}/stat`)).toMatch(/^2 \(worker\) Z 1 1 1 0 -1 .* 768\n$/);
    // a zombie has no nsproxy: only its pid and user links resolve
    expect(k.vfs_readlink(1, `/proc/${p}/ns/pid`)).toBe('pid:[4026531836]');
    expect(k.vfs_readlink(1, `/proc/${p}/ns/user`)).toBe('user:[4026531837]');
    expect(k.vfs_readlink(1, `/proc/${p}/ns/uts`)).toBe('');
    expect(k.last_errno()).toBe(-ERRNO.ENOENT);
  });

  it('stat has the 52 fields of proc(5)', async () => {
    const k = await bootKernel({ cpus: 2 });
    const stat = k.vfs_read(1, '/proc/1/stat').trim();
    const fields = stat.replace(/\(.*\)/, 'comm').split(' ');
    expect(fields).toHaveLength(52);
    expect(fields.slice(0, 6)).toEqual(['1', 'comm', 'R', '0', '1', '1']);
    expect(k.vfs_read(1, '/proc/1/status')).toContain('Cpus_allowed:\t3\nCpus_allowed_list:\t0-1\n');
  });

  it('files that cannot be opened or written as asked fail as on Linux', async () => {
    const k = await bootKernel();
    expect(k.vfs_read(1, '/proc/self/ns/pid')).toBe('');
    expect(k.last_errno()).toBe(-ERRNO.EINVAL);
    expect(k.vfs_write(1, '/proc/self/status', 'x')).toBe(-ERRNO.EINVAL);
    expect(k.sys_mkdir(1, '/proc/x', 0o755)).toBe(-ERRNO.ENOENT);
    expect(k.vfs_write(1, '/proc/newfile', 'x')).toBe(-ERRNO.ENOENT);
    expect(k.vfs_read(1, '/proc/12345/status')).toBe('');
    expect(k.last_errno()).toBe(-ERRNO.ENOENT);
    expect(k.vfs_write(1, '/proc/self/comm', 'renamed\n')).toBe(8);
    expect(k.vfs_read(1, '/proc/1/comm')).toBe('renamed\n');
  });
});
