// include/uapi/linux/ipc.h, msg.h, sem.h, shm.h, mqueue.h and the errno
// values only IPC returns: the ABI constants of System V and POSIX IPC.

export const IPC_PRIVATE: i32 = 0;
export const IPC_CREAT: i32 = 0o1000;
export const IPC_EXCL: i32 = 0o2000;
export const IPC_NOWAIT: i32 = 0o4000;

export const IPC_RMID: i32 = 0;
export const IPC_SET: i32 = 1;
export const IPC_STAT: i32 = 2;
export const IPC_INFO: i32 = 3;

export const MSG_NOERROR: i32 = 0o10000;
export const MSG_EXCEPT: i32 = 0o20000;
export const MSG_COPY: i32 = 0o40000;

export const SEM_UNDO: i32 = 0x1000;
export const GETPID: i32 = 11;
export const GETVAL: i32 = 12;
export const GETALL: i32 = 13;
export const GETNCNT: i32 = 14;
export const GETZCNT: i32 = 15;
export const SETVAL: i32 = 16;
export const SETALL: i32 = 17;

/** shm_perm.mode bits beyond the permissions */
export const SHM_DEST: i32 = 0o1000;
export const SHM_LOCKED: i32 = 0o2000;

// ipc/util.h, include/linux/ipc_namespace.h: the limits a new IPC namespace starts with
/** IPCMNI: indexes per kind; ids are seq * SEQ_MULTIPLIER + index */
export const IPCMNI: i32 = 32768;
export const IPCMNI_SHIFT: i32 = 15;
export const IPC_MIN_CYCLE: i32 = 64;
export const MSGMNI: i32 = 32000;
export const MSGMAX: i32 = 8192;
export const MSGMNB: i32 = 16384;
export const SEMMSL: i32 = 32000;
export const SEMMNI: i32 = 32000;
export const SEMMNS: i32 = 1024000000;
export const SEMVMX: i32 = 32767;
export const SHMMNI: i32 = 4096;
export const PAGE_SIZE: i32 = 4096;

// POSIX message queues (ipc/mqueue.c, include/linux/ipc_namespace.h)
export const DFLT_MSG: i32 = 10;
export const DFLT_MSGSIZE: i32 = 8192;
export const MQ_PRIO_MAX: i32 = 32768;
export const O_ACCMODE: i32 = 3;
export const O_WRONLY: i32 = 1;
export const O_RDWR: i32 = 2;
export const O_CREAT: i32 = 0o100;
export const O_EXCL: i32 = 0o200;
export const O_NONBLOCK: i32 = 0o4000;
export const NAME_MAX: i32 = 255;

// errno values besides include/uapi.ts's
export const EFBIG: i32 = 27;
export const ERANGE: i32 = 34;
export const ENOMSG: i32 = 42;
export const EIDRM: i32 = 43;
export const EMSGSIZE: i32 = 90;
