// ABI constants by their Linux names (include/uapi/...). Values are the
// x86_64/generic ones; the scenario language uses the same names.

// errno (include/uapi/asm-generic/errno-base.h, errno.h)
export const EPERM: i32 = 1;
export const ENOENT: i32 = 2;
export const ESRCH: i32 = 3;
export const EINTR: i32 = 4;
export const EIO: i32 = 5;
export const E2BIG: i32 = 7;
export const EBADF: i32 = 9;
export const ECHILD: i32 = 10;
export const EAGAIN: i32 = 11;
export const ENOMEM: i32 = 12;
export const EACCES: i32 = 13;
export const EFAULT: i32 = 14;
export const EBUSY: i32 = 16;
export const EEXIST: i32 = 17;
export const EXDEV: i32 = 18;
export const ENODEV: i32 = 19;
export const ENOTDIR: i32 = 20;
export const EISDIR: i32 = 21;
export const ENOTTY: i32 = 25;
export const EINVAL: i32 = 22;
export const ENOSPC: i32 = 28;
export const EROFS: i32 = 30;
export const ENAMETOOLONG: i32 = 36;
export const ENOSYS: i32 = 38;
export const ENOTEMPTY: i32 = 39;
export const ELOOP: i32 = 40;
export const EUSERS: i32 = 87;
export const EOPNOTSUPP: i32 = 95;
/** Kernel-internal ERESTARTSYS: never seen by user space; here it marks a call that would sleep forever. */
export const WOULD_BLOCK: i32 = 512;

// clone(2) flags (include/uapi/linux/sched.h)
export const CSIGNAL: u32 = 0x000000ff;
export const CLONE_NEWTIME: u32 = 0x00000080;
export const CLONE_VM: u32 = 0x00000100;
export const CLONE_FS: u32 = 0x00000200;
export const CLONE_FILES: u32 = 0x00000400;
export const CLONE_SIGHAND: u32 = 0x00000800;
export const CLONE_PIDFD: u32 = 0x00001000;
export const CLONE_PTRACE: u32 = 0x00002000;
export const CLONE_VFORK: u32 = 0x00004000;
export const CLONE_PARENT: u32 = 0x00008000;
export const CLONE_THREAD: u32 = 0x00010000;
export const CLONE_NEWNS: u32 = 0x00020000;
export const CLONE_SYSVSEM: u32 = 0x00040000;
export const CLONE_SETTLS: u32 = 0x00080000;
export const CLONE_PARENT_SETTID: u32 = 0x00100000;
export const CLONE_CHILD_CLEARTID: u32 = 0x00200000;
export const CLONE_DETACHED: u32 = 0x00400000;
export const CLONE_UNTRACED: u32 = 0x00800000;
export const CLONE_CHILD_SETTID: u32 = 0x01000000;
export const CLONE_NEWCGROUP: u32 = 0x02000000;
export const CLONE_NEWUTS: u32 = 0x04000000;
export const CLONE_NEWIPC: u32 = 0x08000000;
export const CLONE_NEWUSER: u32 = 0x10000000;
export const CLONE_NEWPID: u32 = 0x20000000;
export const CLONE_NEWNET: u32 = 0x40000000;
export const CLONE_IO: u32 = 0x80000000;

/** The CLONE_NEW* flags that create_new_namespaces() acts on (all but user). */
export const CLONE_NEW_NSPROXY: u32 = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID
  | CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME;

// signals (include/uapi/asm-generic/signal.h)
export const SIGHUP: i32 = 1;
export const SIGINT: i32 = 2;
export const SIGQUIT: i32 = 3;
export const SIGILL: i32 = 4;
export const SIGTRAP: i32 = 5;
export const SIGABRT: i32 = 6;
export const SIGBUS: i32 = 7;
export const SIGFPE: i32 = 8;
export const SIGKILL: i32 = 9;
export const SIGUSR1: i32 = 10;
export const SIGSEGV: i32 = 11;
export const SIGUSR2: i32 = 12;
export const SIGPIPE: i32 = 13;
export const SIGALRM: i32 = 14;
export const SIGTERM: i32 = 15;
export const SIGSTKFLT: i32 = 16;
export const SIGCHLD: i32 = 17;
export const SIGCONT: i32 = 18;
export const SIGSTOP: i32 = 19;
export const SIGTSTP: i32 = 20;
export const SIGTTIN: i32 = 21;
export const SIGTTOU: i32 = 22;
export const SIGURG: i32 = 23;
export const SIGXCPU: i32 = 24;
export const SIGXFSZ: i32 = 25;
export const SIGVTALRM: i32 = 26;
export const SIGPROF: i32 = 27;
export const SIGWINCH: i32 = 28;
export const SIGIO: i32 = 29;
export const SIGPWR: i32 = 30;
export const SIGSYS: i32 = 31;
/** _NSIG: signals are 1.._NSIG */
export const NSIG: i32 = 64;

// waitpid(2) options
export const WNOHANG: i32 = 1;
export const WUNTRACED: i32 = 2;
export const WCONTINUED: i32 = 8;
export const WNOTHREAD: i32 = 0x20000000;
export const WALL: i32 = 0x40000000;
export const WCLONE: i32 = 0x80000000;

// mount(2) flags
export const MS_RDONLY: u32 = 1;
export const MS_NOSUID: u32 = 2;
export const MS_NODEV: u32 = 4;
export const MS_NOEXEC: u32 = 8;
export const MS_REMOUNT: u32 = 32;
export const MS_BIND: u32 = 4096;
export const MS_MOVE: u32 = 8192;
export const MS_REC: u32 = 16384;
export const MS_UNBINDABLE: u32 = 1 << 17;
export const MS_PRIVATE: u32 = 1 << 18;
export const MS_SLAVE: u32 = 1 << 19;
export const MS_SHARED: u32 = 1 << 20;
export const MNT_DETACH: i32 = 2;

// ioctl_ns(2)
export const NS_GET_USERNS: i32 = 0xb701;
export const NS_GET_PARENT: i32 = 0xb702;
export const NS_GET_NSTYPE: i32 = 0xb703;
export const NS_GET_OWNER_UID: i32 = 0xb704;

// include/linux/pid_namespace.h
export const MAX_PID_NS_LEVEL: i32 = 32;
// include/linux/threads.h
export const RESERVED_PIDS: i32 = 300;
// pid_max starts at PID_MAX_LIMIT, as systemd sets kernel.pid_max on current distributions
export const PID_MAX_LIMIT: i32 = 4194304;
// include/linux/utsname.h: __NEW_UTS_LEN
export const NEW_UTS_LEN: i32 = 64;
