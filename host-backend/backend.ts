// The one interface both backends share: syscalls performed by a task, and
// reads of the pseudo-filesystems as that task sees them. Everything a user
// sees (ps, lsns, the snapshot, the pictures) is userland written once on top
// of it, so the simulator and the real kernel can be compared byte for byte.

/**
 * A task of the machine, named by its PID in the machine's initial PID
 * namespace (the simulator's root namespace; on a real host, the sandbox's
 * first PID namespace, where the session's init is PID 1).
 * Invariant: a TaskRef names one task for as long as that task is not reaped.
 */
export type TaskRef = number;

/** A call argument: a number (flags already or-ed together), or a string. */
export type Arg = number | string;

/**
 * The calls both backends perform. Names and argument order are C's
 * (clone(2) takes `flags | exit_signal` in one number, as the glibc wrapper
 * does; where C takes a file descriptor, the path that would be opened is
 * passed instead, as the caller sees it).
 */
export const SYSCALLS = {
  // tasks (kernel/fork.c, kernel/exit.c, kernel/signal.c)
  fork: [],
  clone: ['flags'],
  // exit(3), that is exit_group(2): every thread of the process ends
  exit: ['status'],
  // the exit(2) system call itself: only the calling thread ends (a leader
  // that leaves this way stays a zombie until its last thread is gone)
  exit_thread: ['status'],
  kill: ['pid', 'sig'],
  waitpid: ['pid', 'options'],
  getpid: [],
  getppid: [],
  gettid: [],
  // credentials (kernel/sys.c): ids as the caller's user namespace sees them
  getuid: [],
  getgid: [],
  setuid: ['uid'],
  setgid: ['gid'],
  // prctl(2): PR_GET_DUMPABLE (3), PR_SET_DUMPABLE (4)
  prctl: ['option', 'arg2'],
  // sched_setaffinity(2)/sched_getaffinity(2) of `pid` (0: the caller), the
  // CPUs as a list ("0,2,4,6"; getaffinity gives it as text)
  sched_setaffinity: ['pid', 'cpus'],
  sched_getaffinity: ['pid'],
  // map and touch `bytes` of anonymous memory: charged to the memory cgroup, the OOM killer past its limit
  alloc: ['bytes'],
  // namespaces (kernel/nsproxy.c)
  unshare: ['flags'],
  setns: ['path', 'nstype'],
  // uts (kernel/utsname.c)
  sethostname: ['name'],
  setdomainname: ['name'],
  gethostname: [],
  getdomainname: [],
  // mounts and paths (fs/namespace.c)
  mount: ['source', 'target', 'fstype', 'flags', 'data'],
  umount2: ['target', 'flags'],
  pivot_root: ['new_root', 'put_old'],
  chroot: ['path'],
  chdir: ['path'],
  mkdir: ['path', 'mode'],
  rmdir: ['path'],
  unlink: ['path'],
  symlink: ['target', 'linkpath'],
  link: ['oldpath', 'newpath'],
  chmod: ['path', 'mode'],
  // lstat(2), as text: "TYPE MODE SIZE NLINK UID GID" — TYPE one of file,
  // directory, symlink, chardev, other; MODE the permission bits in octal
  // ("symlink 0777 7 1 0 0"); ids as the caller's user namespace sees them
  lstat: ['path'],
  // open + read/write + close, readlink(2), getdents(2)
  read_file: ['path'],
  write_file: ['path', 'text'],
  readlink: ['path'],
  readdir: ['path'],
  // ioctl_ns(2) on the namespace file at `path`: NS_GET_PARENT, NS_GET_USERNS
  // (the result, an fd in C, is given as its /proc link text "pid:[4026531836]"
  // in `text`), NS_GET_NSTYPE (ret = CLONE_NEW*), NS_GET_OWNER_UID (ret = uid)
  ioctl_ns: ['path', 'request'],
  // prctl(PR_SET_NAME): the scenario runner names a task with it
  set_comm: ['name'],
  // System V IPC (ipc/msg.c, sem.c, shm.c), in the caller's IPC namespace.
  // A message is text: msgsnd sends `text` (msgsz = its byte length) with
  // type mtype; msgrcv's value is the bytes received, the message in `text`.
  // semop performs one struct sembuf {sem_num, sem_op, sem_flg}; semctl's
  // `arg` is SETVAL's value (0 for other commands). A call that would sleep
  // (no IPC_NOWAIT) gives WOULD_BLOCK on the simulator.
  msgget: ['key', 'msgflg'],
  msgsnd: ['msqid', 'mtype', 'text', 'msgflg'],
  msgrcv: ['msqid', 'msgsz', 'msgtyp', 'msgflg'],
  msgctl: ['msqid', 'cmd'],
  semget: ['key', 'nsems', 'semflg'],
  semop: ['semid', 'sem_num', 'sem_op', 'sem_flg'],
  semctl: ['semid', 'semnum', 'cmd', 'arg'],
  shmget: ['key', 'size', 'shmflg'],
  shmctl: ['shmid', 'cmd'],
  // POSIX message queues (ipc/mqueue.c) by name ("/q"); the descriptor is
  // opened and closed inside the call: mq_open(name, oflag, mode, NULL) gives
  // 0; mq_send/mq_receive open O_WRONLY|O_NONBLOCK / O_RDONLY|O_NONBLOCK (EAGAIN
  // when full/empty), mq_receive's value is the length, the message in `text`;
  // mq_getattr opens O_RDONLY, `text` "mq_flags mq_maxmsg mq_msgsize mq_curmsgs".
  mq_open: ['name', 'oflag', 'mode'],
  mq_unlink: ['name'],
  mq_send: ['name', 'text', 'prio'],
  mq_receive: ['name'],
  mq_getattr: ['name'],
  // rtnetlink (net/core/rtnetlink.c) in the caller's network namespace, as
  // iproute2 sends it, devices named by IFLA_IFNAME: link_add_veth = `ip link
  // add NAME type veth peer name PEER`; link_del = `ip link del NAME`;
  // link_set = `ip link set NAME up|down` (up: 1 or 0); link_setns = `ip link
  // set NAME netns PATH` (IFLA_NET_NS_FD of the file at PATH); addr_add /
  // addr_del = `ip addr add|del ADDR/LEN dev NAME` (IPv4; scope host for
  // 127.0.0.0/8, else global; no broadcast). The dumps, as text, one line each:
  // link_list (RTM_GETLINK, ifindex order): "IFINDEX NAME FLAGS MTU QDISC
  //   OPERSTATE TXQLEN LINKMODE GROUP TYPE ADDRESS BROADCAST LINK NETNSID KIND"
  //   — FLAGS ifi_flags as 0x..., OPERSTATE by name (UNKNOWN, DOWN,
  //   LOWERLAYERDOWN, UP ...), TYPE ifi_type, ADDRESS/BROADCAST aa:bb:..., LINK
  //   IFLA_LINK or 0, NETNSID IFLA_LINK_NETNSID or -1, KIND IFLA_INFO_KIND or -;
  // addr_list (RTM_GETADDR, AF_UNSPEC: all IPv4, then all IPv6, by ifindex):
  //   "IFINDEX FAMILY ADDRESS/PREFIXLEN BROADCAST SCOPE FLAGS LABEL" — FAMILY
  //   inet|inet6, BROADCAST or -, SCOPE the rtm_scope number, FLAGS IFA_FLAGS
  //   as 0x..., LABEL or -.
  link_add_veth: ['name', 'peer'],
  link_del: ['name'],
  link_set: ['name', 'up'],
  link_setns: ['name', 'path'],
  addr_add: ['name', 'addr'],
  addr_del: ['name', 'addr'],
  link_list: [],
  addr_list: [],
} as const satisfies Record<string, readonly string[]>;

export type SyscallName = keyof typeof SYSCALLS;

/** The parameters that are strings in C (paths, names, texts); every other one is an integer. */
export const STRING_PARAMS: ReadonlySet<string> = new Set([
  'path', 'name', 'text', 'source', 'target', 'fstype', 'data', 'new_root', 'put_old', 'linkpath', 'oldpath',
  'newpath', 'peer', 'addr', 'cpus',
]);

/**
 * ret of a call that would sleep forever at this point of a scenario (a
 * waitpid without WNOHANG while no child has changed state): the kernel's
 * internal ERESTARTSYS, which user space never sees. Nothing changed.
 */
export const WOULD_BLOCK = -512;

export interface CallResult {
  /** The call's return value, or -errno (a negative errno number, Linux's values). */
  ret: number;
  /** Text the call produced: read_file's contents, readlink's target, readdir's names (without . and .., one per line, sorted by byte value so both backends agree), gethostname's name. */
  text?: string;
  /** fork/clone: the new task. */
  child?: TaskRef;
  /** waitpid: the wait status (as WEXITSTATUS/WTERMSIG decode it). */
  status?: number;
}

import type { CgroupHierarchyMount } from './rootfs.ts';

export type CgroupMode = 'v1' | 'v2' | 'hybrid';

export interface MachineConfig {
  /** number of CPUs */
  cpus: number;
  /** memory in bytes */
  memory: number;
  /** which cgroup hierarchies the machine mounts */
  cgroup: CgroupMode;
  /**
   * PID-namespace levels below the machine's initial one that may still be
   * created (pid_namespaces(7): 32 levels in all). A sandbox on a real host
   * starts one level down, so it has 31 left; the simulator can be made to match.
   */
  pidLevelsLeft: number;
  /** the initial hostname (uname -n) */
  hostname: string;
  /** the cgroup hierarchies under /sys/fs/cgroup, when not the usual ones of the mode (a host reports its own) */
  cgroupHierarchies?: CgroupHierarchyMount[];
  /**
   * The machine is a real-host agent's sandbox: its namespaces hang below the
   * host's, owned by a user namespace that maps every id, and its root mount
   * is locked (see kernel-sim/assembly/kernel/init.ts). The simulator can be
   * made to match.
   */
  sandboxed?: boolean;
  /** sizes of the files the machine copies from the host (/bin/busybox), by host path */
  hostFileSizes?: Record<string, number>;
}

export const DEFAULT_MACHINE: MachineConfig = {
  cpus: 8,
  memory: 4 * 1024 ** 3,
  cgroup: 'v2',
  pidLevelsLeft: 32,
  hostname: 'nslab',
};

export interface Backend {
  readonly kind: 'sim' | 'host';
  /**
   * Start a fresh machine (and end the previous one, if any). Its first task
   * is init, PID 1, named "init", with /proc mounted for its PID namespace.
   */
  boot(config?: Partial<MachineConfig>): Promise<TaskRef>;
  /** The configuration the machine actually has (a host reports its own CPUs and cgroup mode). */
  machine(): Promise<MachineConfig>;
  /** Perform one call as `task`. An unknown task gives ret = -ESRCH; bad arguments give -EINVAL (or -EFAULT as Linux would). */
  call(task: TaskRef, name: SyscallName, args: readonly Arg[]): Promise<CallResult>;
  /** pid_nr_ns(target, task_active_pid_ns(viewer)): target's PID as viewer sees it, 0 when it cannot see it, -ESRCH when either is gone. */
  pidOf(viewer: TaskRef, target: TaskRef): Promise<number>;
  /** End the machine: every task, mount and cgroup it made is gone afterwards. */
  close(): Promise<void>;
}
