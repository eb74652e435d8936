// ipc/: System V message queues, semaphores and shared memory, and POSIX
// message queues, each IPC namespace with its own. Expected values are
// what Linux 6.18 returned for the same calls (a C program in a fresh
// `unshare -i`).
import { describe, expect, it } from 'vitest';
import { bootKernel, type Kernel } from './kernel.ts';
import { CLONE, ERRNO, IPC, SIGNALS } from '../../host-backend/errno.ts';

const E = (name: keyof typeof ERRNO) => -ERRNO[name];
const { IPC_PRIVATE, IPC_CREAT, IPC_EXCL, IPC_NOWAIT, IPC_RMID, IPC_STAT, MSG_NOERROR, MSG_EXCEPT, MSG_COPY } = IPC;
const O_RDWR = 2, O_CREAT = 0o100, O_EXCL = 0o200;
const WOULD_BLOCK = -512;

function check(k: Kernel) {
  expect(k.kernel_check()).toBe('');
}

describe('System V message queues (msgget, msgsnd, msgrcv, msgctl)', () => {
  it('ids: cyclic indexes, so a removed queue\'s id is not reused at once', async () => {
    const k = await bootKernel();
    expect(k.sys_msgget(1, IPC_PRIVATE, 0o600)).toBe(0);
    expect(k.sys_msgget(1, IPC_PRIVATE, 0o600)).toBe(1);
    expect(k.sys_msgctl(1, 0, IPC_RMID)).toBe(0);
    expect(k.sys_msgget(1, IPC_PRIVATE, 0o600)).toBe(2);
    check(k);
  });

  it('msgget by key: ENOENT without IPC_CREAT, the same id again, EEXIST with IPC_EXCL', async () => {
    const k = await bootKernel();
    expect(k.sys_msgget(1, 42, 0o600)).toBe(E('ENOENT'));
    expect(k.sys_msgget(1, 42, IPC_CREAT | 0o600)).toBe(0);
    expect(k.sys_msgget(1, 42, IPC_CREAT | 0o600)).toBe(0);
    expect(k.sys_msgget(1, 42, IPC_CREAT | IPC_EXCL | 0o600)).toBe(E('EEXIST'));
    expect(k.sys_msgget(1, 42, 0)).toBe(0);
    expect(k.sys_msgctl(1, 99, IPC_RMID)).toBe(E('EINVAL'));
    expect(k.sys_msgctl(1, -1, IPC_RMID)).toBe(E('EINVAL'));
    expect(k.sys_msgctl(1, 0, 99)).toBe(E('EINVAL'));
    expect(k.sys_msgctl(1, 0, IPC_STAT)).toBe(E('ENOSYS'));
  });

  it('msgsnd/msgrcv: types, E2BIG, MSG_NOERROR, ENOMSG under IPC_NOWAIT', async () => {
    const k = await bootKernel();
    const q = k.sys_msgget(1, IPC_PRIVATE, 0o600);
    expect(k.sys_msgsnd(1, q, 0, 'hello', 0)).toBe(E('EINVAL'));
    expect(k.sys_msgsnd(1, q, 2, 'two', 0)).toBe(0);
    expect(k.sys_msgsnd(1, q, 1, 'one!', 0)).toBe(0);
    expect(k.sys_msgsnd(1, q, 1, 'x'.repeat(8193), 0)).toBe(E('EINVAL'));
    expect(k.sys_msgsnd(1, 77, 1, 'abc', 0)).toBe(E('EINVAL'));
    expect(k.sys_msgrcv(1, q, 2, 0, IPC_NOWAIT)).toBe(E('E2BIG'));
    expect(k.sys_msgrcv(1, q, 2, 0, IPC_NOWAIT | MSG_NOERROR)).toBe(2);
    expect(k.last_text()).toBe('tw');
    expect(k.sys_msgrcv(1, q, 64, 5, IPC_NOWAIT)).toBe(E('ENOMSG'));
    expect(k.sys_msgrcv(1, q, 64, -1, IPC_NOWAIT)).toBe(4);
    expect(k.last_text()).toBe('one!');
    expect(k.sys_msgrcv(1, q, -1, 0, IPC_NOWAIT)).toBe(E('EINVAL'));
    expect(k.sys_msgrcv(1, q, 64, 0, IPC_NOWAIT)).toBe(E('ENOMSG'));
    expect(k.sys_msgrcv(1, q, 64, 0, 0)).toBe(WOULD_BLOCK);
    check(k);
  });

  it('msgrcv with a negative type takes the lowest type, MSG_EXCEPT any other, MSG_COPY leaves it', async () => {
    const k = await bootKernel();
    const q = k.sys_msgget(1, IPC_PRIVATE, 0o600);
    for (const [t, s] of [[3, 'c'], [2, 'b1'], [5, 'e'], [2, 'b2']] as const) k.sys_msgsnd(1, q, t, s, 0);
    expect(k.sys_msgrcv(1, q, 64, 1, IPC_NOWAIT | MSG_COPY)).toBe(2);
    expect(k.last_text()).toBe('b1');
    expect(k.sys_msgrcv(1, q, 64, 0, MSG_COPY)).toBe(E('EINVAL'));
    expect(k.sys_msgrcv(1, q, 64, 3, IPC_NOWAIT | MSG_EXCEPT)).toBe(2);
    expect(k.last_text()).toBe('b1');
    expect(k.sys_msgrcv(1, q, 64, -4, IPC_NOWAIT)).toBe(2);
    expect(k.last_text()).toBe('b2');
    expect(k.sys_msgrcv(1, q, 64, -4, IPC_NOWAIT)).toBe(1);
    expect(k.last_text()).toBe('c');
  });

  it('a full queue: EAGAIN under IPC_NOWAIT (16384 bytes by default)', async () => {
    const k = await bootKernel();
    const q = k.sys_msgget(1, IPC_PRIVATE, 0o600);
    for (let i = 0; i < 2; i++) expect(k.sys_msgsnd(1, q, 1, 'x'.repeat(8192), 0)).toBe(0);
    expect(k.sys_msgsnd(1, q, 1, 'y', IPC_NOWAIT)).toBe(E('EAGAIN'));
    expect(k.sys_msgsnd(1, q, 1, 'y', 0)).toBe(WOULD_BLOCK);
  });

  it('/proc/sysvipc/msg: bytes, messages, last sender and receiver as the reader\'s PID namespace numbers them', async () => {
    const k = await bootKernel();
    k.sys_fork(1);
    const p = k.last_child();
    const q = k.sys_msgget(p, 0x2a, IPC_CREAT | 0o644);
    k.sys_msgsnd(p, q, 1, 'hello', 0);
    k.sys_msgsnd(p, q, 1, 'world!', 0);
    k.sys_msgrcv(1, q, 100, 0, 0);
    expect(k.vfs_read(1, '/proc/sysvipc/msg')).toBe(
      '       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n'
      + '        42          0   644           6          1     2     1     0     0     0     0          0          0          0\n');
  });
});

describe('System V semaphores (semget, semop, semctl)', () => {
  it('semget: nsems 0..32000 when creating, not more than the set has when finding', async () => {
    const k = await bootKernel();
    expect(k.sys_semget(1, IPC_PRIVATE, 0, 0o600)).toBe(E('EINVAL'));
    expect(k.sys_semget(1, IPC_PRIVATE, 2, 0o600)).toBe(0);
    expect(k.sys_semget(1, IPC_PRIVATE, 32001, 0o600)).toBe(E('EINVAL'));
    expect(k.sys_semget(1, IPC_PRIVATE, -1, 0o600)).toBe(E('EINVAL'));
    expect(k.sys_semget(1, 7, 2, IPC_CREAT | 0o600)).toBe(1);
    expect(k.sys_semget(1, 7, 3, 0)).toBe(E('EINVAL'));
    expect(k.sys_semget(1, 7, 0, 0)).toBe(1);
  });

  it('semop and semctl: values, EAGAIN, EFBIG, ERANGE, GETPID', async () => {
    const k = await bootKernel();
    const s = k.sys_semget(1, IPC_PRIVATE, 2, 0o600);
    expect(k.sys_semctl(1, s, 0, IPC.GETVAL, 0)).toBe(0);
    expect(k.sys_semctl(1, s, 5, IPC.GETVAL, 0)).toBe(E('EINVAL'));
    expect(k.sys_semctl(1, s, 0, IPC.SETVAL, 5)).toBe(0);
    expect(k.sys_semctl(1, s, 0, IPC.SETVAL, 40000)).toBe(E('ERANGE'));
    expect(k.sys_semctl(1, s, 0, IPC.SETVAL, -1)).toBe(E('ERANGE'));
    expect(k.sys_semop(1, s, 0, -6, IPC_NOWAIT)).toBe(E('EAGAIN'));
    expect(k.sys_semop(1, s, 0, -6, 0)).toBe(WOULD_BLOCK);
    expect(k.sys_semop(1, s, 0, -5, IPC_NOWAIT)).toBe(0);
    expect(k.sys_semop(1, s, 0, 0, IPC_NOWAIT)).toBe(0);
    k.sys_fork(1);
    const p = k.last_child();
    expect(k.sys_semop(p, s, 1, 1, IPC_NOWAIT)).toBe(0);
    expect(k.sys_semctl(1, s, 1, IPC.GETVAL, 0)).toBe(1);
    expect(k.sys_semctl(1, s, 1, IPC.GETPID, 0)).toBe(p);
    expect(k.sys_semop(1, s, 2, 1, IPC_NOWAIT)).toBe(E('EFBIG'));
    expect(k.sys_semop(1, s, 0, 32767, 0)).toBe(0);
    expect(k.sys_semop(1, s, 0, 1, 0)).toBe(E('ERANGE'));
    expect(k.sys_semop(1, s, 0, -1, IPC.SEM_UNDO)).toBe(E('ENOSYS'));
    expect(k.sys_semctl(1, s, 0, IPC_RMID, 0)).toBe(0);
    expect(k.sys_semctl(1, s, 0, IPC_RMID, 0)).toBe(E('EINVAL'));
    check(k);
  });

  it('/proc/sysvipc/sem', async () => {
    const k = await bootKernel();
    k.sys_semget(1, 0x7bb1b212, 3, IPC_CREAT | 0o644);
    expect(k.vfs_read(1, '/proc/sysvipc/sem')).toBe(
      '       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n'
      + '2075243026          0   644          3     0     0     0     0          0          0\n');
  });
});

describe('System V shared memory (shmget, shmctl)', () => {
  it('shmget: size 1 at least when creating, not more than the segment when finding', async () => {
    const k = await bootKernel();
    expect(k.sys_shmget(1, IPC_PRIVATE, 0, 0o600)).toBe(E('EINVAL'));
    expect(k.sys_shmget(1, IPC_PRIVATE, 100, 0o600)).toBe(0);
    expect(k.sys_shmget(1, 9, 4096, IPC_CREAT | 0o600)).toBe(1);
    expect(k.sys_shmget(1, 9, 8192, 0)).toBe(E('EINVAL'));
    expect(k.sys_shmget(1, 9, 0, 0)).toBe(1);
    expect(k.sys_shmctl(1, 1, IPC_RMID)).toBe(0);
    expect(k.sys_shmget(1, 9, 4096, 0)).toBe(E('ENOENT'));
    expect(k.sys_shmctl(1, 1, IPC_RMID)).toBe(E('EINVAL'));
  });

  it('/proc/sysvipc/shm: the creator\'s pid', async () => {
    const k = await bootKernel();
    k.sys_shmget(1, -878406952, 4096, IPC_CREAT | 0o644);
    expect(k.vfs_read(1, '/proc/sysvipc/shm')).toBe(
      '       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n'
      + '-878406952          0   644                  4096     1     0      0     0     0     0     0          0          0          0                     0                     0\n');
  });
});

describe('POSIX message queues (mq_open, mq_send, mq_receive, mq_getattr, mq_unlink)', () => {
  it('names and flags as glibc and the kernel check them', async () => {
    const k = await bootKernel();
    expect(k.sys_mq_open(1, '/q', O_RDWR, 0)).toBe(E('ENOENT'));
    expect(k.sys_mq_open(1, 'q', O_RDWR | O_CREAT, 0o600)).toBe(E('EINVAL'));
    expect(k.sys_mq_open(1, '/a/b', O_RDWR | O_CREAT, 0o600)).toBe(E('EACCES'));
    expect(k.sys_mq_open(1, '/', O_RDWR | O_CREAT, 0o600)).toBe(E('ENOENT'));
    expect(k.sys_mq_open(1, '/q', O_RDWR | O_CREAT, 0o600)).toBe(0);
    expect(k.sys_mq_open(1, '/q', O_RDWR | O_CREAT | O_EXCL, 0o600)).toBe(E('EEXIST'));
    expect(k.sys_mq_open(1, '/q', 3, 0)).toBe(E('EINVAL'));
    expect(k.sys_mq_unlink(1, '/q')).toBe(0);
    expect(k.sys_mq_unlink(1, '/q')).toBe(E('ENOENT'));
    expect(k.sys_mq_unlink(1, 'q')).toBe(E('EINVAL'));
  });

  it('messages come out by priority, then in order; EMSGSIZE, EINVAL priority, EAGAIN when empty', async () => {
    const k = await bootKernel();
    k.sys_mq_open(1, '/q', O_RDWR | O_CREAT, 0o600);
    expect(k.sys_mq_getattr(1, '/q')).toBe('0 10 8192 0');
    expect(k.sys_mq_send(1, '/q', 'hi', 3)).toBe(0);
    expect(k.sys_mq_send(1, '/q', 'lo', 1)).toBe(0);
    expect(k.sys_mq_send(1, '/q', 'hi2', 3)).toBe(0);
    expect(k.sys_mq_send(1, '/q', 'x', 32768)).toBe(E('EINVAL'));
    expect(k.sys_mq_send(1, '/q', 'x'.repeat(8193), 0)).toBe(E('EMSGSIZE'));
    expect(k.sys_mq_getattr(1, '/q')).toBe('0 10 8192 3');
    const got: string[] = [];
    for (let i = 0; i < 3; i++) { k.sys_mq_receive(1, '/q'); got.push(k.last_text()); }
    expect(got).toEqual(['hi', 'hi2', 'lo']);
    expect(k.sys_mq_receive(1, '/q')).toBe(E('EAGAIN'));
    for (let i = 0; i < 10; i++) expect(k.sys_mq_send(1, '/q', 'm', 0)).toBe(0);
    expect(k.sys_mq_send(1, '/q', 'm', 0)).toBe(E('EAGAIN'));
    expect(k.sys_mq_getattr(1, '/nope')).toBe('');
    expect(k.last_errno()).toBe(E('ENOENT'));
  });
});

describe('IPC namespaces', () => {
  it('a new IPC namespace starts empty, ids from 0, and setns() shows the other one\'s objects', async () => {
    const k = await bootKernel();
    expect(k.sys_msgget(1, 42, IPC_CREAT | 0o600)).toBe(0);
    expect(k.sys_msgget(1, 43, IPC_CREAT | 0o600)).toBe(1);
    k.sys_mq_open(1, '/outer', O_RDWR | O_CREAT, 0o600);
    expect(k.sys_clone(1, CLONE.CLONE_NEWIPC | SIGNALS.SIGCHLD)).toBeGreaterThan(0);
    const c = k.last_child();
    expect(k.sys_msgget(c, 42, 0)).toBe(E('ENOENT'));
    expect(k.sys_msgget(c, 43, IPC_CREAT | 0o600)).toBe(0);
    expect(k.sys_mq_open(c, '/outer', O_RDWR, 0)).toBe(E('ENOENT'));
    expect(k.vfs_read(c, '/proc/sysvipc/msg').split('\n').length).toBe(3);
    expect(k.vfs_read(1, '/proc/sysvipc/msg').split('\n').length).toBe(4);
    k.sys_fork(1);
    const v = k.last_child();
    expect(k.sys_setns(v, `/proc/${c}/ns/ipc`, CLONE.CLONE_NEWIPC)).toBe(0);
    expect(k.sys_msgget(v, 43, 0)).toBe(0);
    expect(k.sys_msgget(v, 42, 0)).toBe(E('ENOENT'));
    check(k);
  });

  it('the objects die with their namespace', async () => {
    const k = await bootKernel();
    k.sys_clone(1, CLONE.CLONE_NEWIPC | SIGNALS.SIGCHLD);
    const c = k.last_child();
    k.sys_msgget(c, IPC_PRIVATE, 0o600);
    k.sys_msgsnd(c, 0, 1, 'left behind', 0);
    k.sys_semget(c, 5, 1, IPC_CREAT | 0o600);
    k.sys_exit(c, 0);
    expect(k.sys_waitpid(1, c, 0)).toBe(c);
    // the inode number of the dead namespace is free again: the next one gets it, empty
    k.sys_clone(1, CLONE.CLONE_NEWIPC | SIGNALS.SIGCHLD);
    const d = k.last_child();
    expect(k.sys_semget(d, 5, 0, 0)).toBe(E('ENOENT'));
    expect(k.sys_msgget(d, IPC_PRIVATE, 0o600)).toBe(0);
    check(k);
  });

  it('clone(CLONE_NEWIPC | CLONE_SYSVSEM) is EINVAL', async () => {
    const k = await bootKernel();
    expect(k.sys_clone(1, CLONE.CLONE_NEWIPC | CLONE.CLONE_SYSVSEM | SIGNALS.SIGCHLD)).toBe(E('EINVAL'));
  });
});
