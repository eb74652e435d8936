// Linux ABI constants by their Linux names (x86_64/generic values, as in
// include/uapi/asm-generic/errno-base.h, errno.h, signal.h, sched.h, mount.h).
// The scenario language, both backends and userland read them from here only.

export const ERRNO = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, ENOEXEC: 8,
  EBADF: 9, ECHILD: 10, EAGAIN: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, ENOTBLK: 15,
  EBUSY: 16, EEXIST: 17, EXDEV: 18, ENODEV: 19, ENOTDIR: 20, EISDIR: 21, EINVAL: 22,
  ENFILE: 23, EMFILE: 24, ENOTTY: 25, ETXTBSY: 26, EFBIG: 27, ENOSPC: 28, ESPIPE: 29,
  EROFS: 30, EMLINK: 31, EPIPE: 32, EDOM: 33, ERANGE: 34, EDEADLK: 35, ENAMETOOLONG: 36,
  ENOLCK: 37, ENOSYS: 38, ENOTEMPTY: 39, ELOOP: 40, ENOMSG: 42, EIDRM: 43, ENODATA: 61,
  EOVERFLOW: 75, EUSERS: 87, EMSGSIZE: 90, EOPNOTSUPP: 95, EAFNOSUPPORT: 97, EADDRNOTAVAIL: 99,
  ENOTCONN: 107, ETIMEDOUT: 110,
} as const;
export type ErrnoName = keyof typeof ERRNO;

const ERRNO_NAME = new Map<number, ErrnoName>(
  Object.entries(ERRNO).map(([k, v]) => [v, k as ErrnoName]),
);
/** "EINVAL" for 22 (or -22); "E<n>" for a number with no name here. */
export function errnoName(n: number): string {
  return ERRNO_NAME.get(Math.abs(n)) ?? `E${Math.abs(n)}`;
}

export const SIGNALS = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8,
  SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
  SIGSTKFLT: 16, SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22,
  SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29,
  SIGPWR: 30, SIGSYS: 31,
} as const;
export type SignalName = keyof typeof SIGNALS;
const SIGNAL_NAME = new Map<number, SignalName>(
  Object.entries(SIGNALS).map(([k, v]) => [v, k as SignalName]),
);
export function signalName(n: number): string {
  return SIGNAL_NAME.get(n) ?? `SIG${n}`;
}

/** clone(2)/unshare(2)/setns(2) flags; CSIGNAL is the exit signal's byte. */
export const CLONE = {
  CSIGNAL: 0x000000ff,
  CLONE_NEWTIME: 0x00000080,
  CLONE_VM: 0x00000100,
  CLONE_FS: 0x00000200,
  CLONE_FILES: 0x00000400,
  CLONE_SIGHAND: 0x00000800,
  CLONE_PIDFD: 0x00001000,
  CLONE_PTRACE: 0x00002000,
  CLONE_VFORK: 0x00004000,
  CLONE_PARENT: 0x00008000,
  CLONE_THREAD: 0x00010000,
  CLONE_NEWNS: 0x00020000,
  CLONE_SYSVSEM: 0x00040000,
  CLONE_SETTLS: 0x00080000,
  CLONE_PARENT_SETTID: 0x00100000,
  CLONE_CHILD_CLEARTID: 0x00200000,
  CLONE_DETACHED: 0x00400000,
  CLONE_UNTRACED: 0x00800000,
  CLONE_CHILD_SETTID: 0x01000000,
  CLONE_NEWCGROUP: 0x02000000,
  CLONE_NEWUTS: 0x04000000,
  CLONE_NEWIPC: 0x08000000,
  CLONE_NEWUSER: 0x10000000,
  CLONE_NEWPID: 0x20000000,
  CLONE_NEWNET: 0x40000000,
  CLONE_IO: 0x80000000,
} as const;

/** waitpid(2) options */
export const WAIT = { WNOHANG: 1, WUNTRACED: 2, WCONTINUED: 8, __WALL: 0x40000000, __WCLONE: 0x80000000 } as const;

/** mount(2) and umount2(2) flags */
export const MOUNT = {
  MS_RDONLY: 1, MS_NOSUID: 2, MS_NODEV: 4, MS_NOEXEC: 8, MS_SYNCHRONOUS: 16, MS_REMOUNT: 32,
  MS_MANDLOCK: 64, MS_DIRSYNC: 128, MS_NOSYMFOLLOW: 256, MS_NOATIME: 1024, MS_NODIRATIME: 2048,
  MS_BIND: 4096, MS_MOVE: 8192, MS_REC: 16384, MS_SILENT: 32768, MS_POSIXACL: 1 << 16,
  MS_UNBINDABLE: 1 << 17, MS_PRIVATE: 1 << 18, MS_SLAVE: 1 << 19, MS_SHARED: 1 << 20,
  MS_RELATIME: 1 << 21, MS_STRICTATIME: 1 << 24, MS_LAZYTIME: 1 << 25,
  MNT_FORCE: 1, MNT_DETACH: 2, MNT_EXPIRE: 4, UMOUNT_NOFOLLOW: 8,
} as const;

/** ioctl_ns(2) requests */
export const NS_IOCTL = { NS_GET_USERNS: 0xb701, NS_GET_PARENT: 0xb702, NS_GET_NSTYPE: 0xb703, NS_GET_OWNER_UID: 0xb704 } as const;

/** System V IPC (sys/ipc.h, sys/msg.h, sys/sem.h, sys/shm.h): flags and commands */
export const IPC = {
  IPC_PRIVATE: 0, IPC_CREAT: 0o1000, IPC_EXCL: 0o2000, IPC_NOWAIT: 0o4000,
  IPC_RMID: 0, IPC_SET: 1, IPC_STAT: 2, IPC_INFO: 3,
  MSG_NOERROR: 0o10000, MSG_EXCEPT: 0o20000, MSG_COPY: 0o40000,
  SEM_UNDO: 0x1000, GETPID: 11, GETVAL: 12, GETALL: 13, GETNCNT: 14, GETZCNT: 15, SETVAL: 16, SETALL: 17,
  SHM_RDONLY: 0o10000,
} as const;

/** clock ids (time.h), as /proc/T/timens_offsets also takes them */
export const CLOCKS = { CLOCK_REALTIME: 0, CLOCK_MONOTONIC: 1, CLOCK_BOOTTIME: 7 } as const;

/** Every named constant a scenario may write, for the parser. */
export const CONSTANTS: Readonly<Record<string, number>> = {
  ...CLONE, ...SIGNALS, ...WAIT, ...MOUNT, ...NS_IOCTL, ...IPC, ...CLOCKS,
  PR_GET_DUMPABLE: 3, PR_SET_DUMPABLE: 4,
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 0o100, O_EXCL: 0o200, O_TRUNC: 0o1000, O_APPEND: 0o2000, O_NONBLOCK: 0o4000,
};

/** The namespace types by their /proc/T/ns/ names, with the CLONE_NEW* flag of each. */
export const NS_TYPES = {
  cgroup: CLONE.CLONE_NEWCGROUP,
  ipc: CLONE.CLONE_NEWIPC,
  mnt: CLONE.CLONE_NEWNS,
  net: CLONE.CLONE_NEWNET,
  pid: CLONE.CLONE_NEWPID,
  time: CLONE.CLONE_NEWTIME,
  user: CLONE.CLONE_NEWUSER,
  uts: CLONE.CLONE_NEWUTS,
} as const;
export type NsType = keyof typeof NS_TYPES;

/** wait status decoding, as <sys/wait.h> */
export const WIFEXITED = (s: number) => (s & 0x7f) === 0;
export const WEXITSTATUS = (s: number) => (s >> 8) & 0xff;
export const WIFSIGNALED = (s: number) => ((s & 0x7f) + 1) >> 1 > 0 && (s & 0x7f) !== 0x7f;
export const WTERMSIG = (s: number) => s & 0x7f;
