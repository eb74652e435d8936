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
    // a zombie has no fs_struct left: no Umask line (as cat shows on Linux)
    expect(z.split('\n').slice(0, 2)).toEqual(['Name:\tworker', 'State:\tZ (zombie)']);
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
    // the newline written is kept, as Linux keeps it (cat shows an empty line after the name)
    expect(k.vfs_write(1, '/proc/self/comm', 'renamed\n')).toBe(8);
    expect(k.vfs_read(1, '/proc/1/comm')).toBe('renamed\n\n');
    // /proc/sysvipc files are 0444 with no write: root opens them (CAP_DAC_OVERRIDE), the write is EIO
    expect(k.vfs_write(1, '/proc/sysvipc/msg', 'x')).toBe(-ERRNO.EIO);
  });

  it('a name with a newline or a backslash is escaped in status, not in comm or stat, and cannot forge a line', async () => {
    const k = await bootKernel();
    k.sys_fork(1);
    const p = k.last_child();
    // what prctl(PR_SET_NAME, "a\nb\\c\td e") shows on Linux 6.18: Name:\ta\nb\\c<TAB>d e
    expect(k.vfs_write(p, '/proc/self/comm', 'a\nUid:\t7\\')).toBe(9);
    const status = k.vfs_read(1, `/proc/${p}/status`).split('\n');
    expect(status[0]).toBe('Name:\ta\\nUid:\t7\\\\');
    expect(status.filter((l) => l.startsWith('Uid:'))).toEqual(['Uid:\t0\t0\t0\t0']);
    expect(k.vfs_read(1, `/proc/${p}/comm`)).toBe('a\nUid:\t7\\\n');
  });
});

describe('/proc/sys/kernel', () => {
  // each value below is what this machine's kernel (6.18) returned to the same write,
  // as root in a new pid and uts namespace
  it('ns_last_pid and pid_max read one integer as proc_dointvec does: base 0, blanks around it, 0..pid_max inclusive', async () => {
    const k = await bootKernel();
    const w = (v: string) => k.vfs_write(1, '/proc/sys/kernel/ns_last_pid', v);
    const now = () => k.vfs_read(1, '/proc/sys/kernel/ns_last_pid');
    expect([w('20 30'), now()]).toEqual([3, '20\n']);
    expect([w('12abc'), now()]).toEqual([-ERRNO.EINVAL, '20\n']);
    expect([w('010'), now()]).toEqual([3, '8\n']);
    expect(w('-1')).toBe(-ERRNO.EINVAL);
    expect(w('\n')).toBe(-ERRNO.EINVAL);
    expect(w(' ')).toBe(-ERRNO.EINVAL);
    expect([w('25\n\n'), now()]).toEqual([4, '25\n']);
    expect([w('0x1F'), now()]).toEqual([4, '31\n']);
    expect([w(''), now()]).toEqual([0, '31\n']);
    expect(k.vfs_write(1, '/proc/sys/kernel/pid_max', '400')).toBe(3);
    expect(w('400')).toBe(3);
    expect(w('401')).toBe(-ERRNO.EINVAL);
  });

  it('hostname takes its text up to a newline, cut to 64 bytes, and the whole write counts', async () => {
    const k = await bootKernel();
    const host = () => k.vfs_read(1, '/proc/sys/kernel/hostname');
    const long = 'aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeeeffffffffffgggggggggg';
    expect(k.vfs_write(1, '/proc/sys/kernel/hostname', long)).toBe(70);
    expect(host()).toBe(`${long.slice(0, 64)}\n`);
    expect(k.vfs_write(1, '/proc/sys/kernel/hostname', 'x\ny')).toBe(3);
    expect(host()).toBe('x\n');
    expect(k.vfs_write(1, '/proc/sys/kernel/hostname', '')).toBe(0);
    expect(host()).toBe('x\n');
  });

  it('sysctl writes ask no capability: the global root writes hostname from a user namespace of its own; pid_max is its pid namespace root\'s', async () => {
    const k = await bootKernel();
    k.sys_fork(1);
    const p = k.last_child();
    // the kernel uid stays 0 after unshare(CLONE_NEWUSER): test_perm() gives it the owner's bits,
    // and the hostname written is that of its UTS namespace, still init's
    expect(k.sys_unshare(p, CLONE.CLONE_NEWUSER)).toBe(0);
    expect(k.vfs_write(p, '/proc/sys/kernel/hostname', 'qq')).toBe(2);
    expect(k.vfs_read(1, '/proc/sys/kernel/hostname')).toBe('qq\n');
    // sethostname(2) asks CAP_SYS_ADMIN over the UTS namespace's owner, which it lacks
    expect(k.sys_sethostname(p, 'rr')).toBe(-ERRNO.EPERM);
  });
});
