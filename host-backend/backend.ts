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
  exit: ['status'],
  kill: ['pid', 'sig'],
  waitpid: ['pid', 'options'],
  getpid: [],
  getppid: [],
  gettid: [],
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
} as const satisfies Record<string, readonly string[]>;

export type SyscallName = keyof typeof SYSCALLS;

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
