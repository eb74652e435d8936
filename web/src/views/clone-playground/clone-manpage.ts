// clone(2) quoted (man-pages 6.03): what each flag means (DESCRIPTION) and
// the ERRORS entries of clone() itself (clone3-only and kernel-configuration
// entries left out). The playground shows the entries for the errno the
// kernel returned, marking those whose flags are all ticked; it never uses
// them to decide what the call does.

export const PLAYGROUND_FLAGS = {
  namespaces: ['CLONE_NEWPID', 'CLONE_NEWNS', 'CLONE_NEWUTS', 'CLONE_NEWIPC', 'CLONE_NEWNET', 'CLONE_NEWUSER', 'CLONE_NEWCGROUP'],
  sharing: ['CLONE_PARENT', 'CLONE_THREAD', 'CLONE_SIGHAND', 'CLONE_VM', 'CLONE_FS', 'CLONE_FILES', 'CLONE_SYSVSEM'],
} as const;
export type PlaygroundFlag = (typeof PLAYGROUND_FLAGS)['namespaces' | 'sharing'][number];

/** clone(2) DESCRIPTION, the first sentences of each flag's entry */
export const FLAG_TEXT: Record<PlaygroundFlag, string> = {
  CLONE_NEWPID: 'If CLONE_NEWPID is set, then create the process in a new PID namespace. If this flag is not set, then (as with fork(2)) the process is created in the same PID namespace as the calling process.',
  CLONE_NEWNS: 'If CLONE_NEWNS is set, the cloned child is started in a new mount namespace, initialized with a copy of the namespace of the parent. If CLONE_NEWNS is not set, the child lives in the same mount namespace as the parent.',
  CLONE_NEWUTS: 'If CLONE_NEWUTS is set, then create the process in a new UTS namespace, whose identifiers are initialized by duplicating the identifiers from the UTS namespace of the calling process.',
  CLONE_NEWIPC: 'If CLONE_NEWIPC is set, then create the process in a new IPC namespace. If this flag is not set, then (as with fork(2)), the process is created in the same IPC namespace as the calling process.',
  CLONE_NEWNET: 'If CLONE_NEWNET is set, then create the process in a new network namespace. If this flag is not set, then (as with fork(2)) the process is created in the same network namespace as the calling process.',
  CLONE_NEWUSER: 'If CLONE_NEWUSER is set, then create the process in a new user namespace. If this flag is not set, then (as with fork(2)) the process is created in the same user namespace as the calling process.',
  CLONE_NEWCGROUP: 'Create the process in a new cgroup namespace. If this flag is not set, then (as with fork(2)) the process is created in the same cgroup namespaces as the calling process.',
  CLONE_PARENT: 'If CLONE_PARENT is set, then the parent of the new child (as returned by getppid(2)) will be the same as that of the calling process.',
  CLONE_THREAD: 'If CLONE_THREAD is set, the child is placed in the same thread group as the calling process. … Since Linux 2.4, calls to getpid(2) return the TGID of the caller.',
  CLONE_SIGHAND: 'If CLONE_SIGHAND is set, the calling process and the child process share the same table of signal handlers.',
  CLONE_VM: 'If CLONE_VM is set, the calling process and the child process run in the same memory space.',
  CLONE_FS: 'If CLONE_FS is set, the caller and the child process share the same filesystem information. This includes the root of the filesystem, the current working directory, and the umask.',
  CLONE_FILES: 'If CLONE_FILES is set, the calling process and the child process share the same file descriptor table.',
  CLONE_SYSVSEM: 'If CLONE_SYSVSEM is set, then the child and the calling process share a single list of System V semaphore adjustment (semadj) values (see semop(2)).',
};

export interface ErrorEntry {
  errno: string;
  text: string;
  /** the flags the entry names as specified: it applies only if all are ticked (empty: no flag condition) */
  flags: string[];
}

/** clone(2) ERRORS */
export const CLONE_ERRORS: ErrorEntry[] = [
  { errno: 'EAGAIN', flags: [], text: 'Too many processes are already running; see fork(2).' },
  { errno: 'EINVAL', flags: ['CLONE_SIGHAND'], text: 'CLONE_SIGHAND was specified in the flags mask, but CLONE_VM was not. (Since Linux 2.6.0.)' },
  { errno: 'EINVAL', flags: ['CLONE_THREAD'], text: 'CLONE_THREAD was specified in the flags mask, but CLONE_SIGHAND was not. (Since Linux 2.5.35.)' },
  { errno: 'EINVAL', flags: ['CLONE_THREAD'], text: 'CLONE_THREAD was specified in the flags mask, but the current process previously called unshare(2) with the CLONE_NEWPID flag or used setns(2) to reassociate itself with a PID namespace.' },
  { errno: 'EINVAL', flags: ['CLONE_FS', 'CLONE_NEWNS'], text: 'Both CLONE_FS and CLONE_NEWNS were specified in the flags mask.' },
  { errno: 'EINVAL', flags: ['CLONE_NEWUSER', 'CLONE_FS'], text: 'Both CLONE_NEWUSER and CLONE_FS were specified in the flags mask. (since Linux 3.9)' },
  { errno: 'EINVAL', flags: ['CLONE_NEWIPC', 'CLONE_SYSVSEM'], text: 'Both CLONE_NEWIPC and CLONE_SYSVSEM were specified in the flags mask.' },
  { errno: 'EINVAL', flags: ['CLONE_NEWPID|CLONE_NEWUSER', 'CLONE_THREAD|CLONE_PARENT'], text: 'One (or both) of CLONE_NEWPID or CLONE_NEWUSER and one (or both) of CLONE_THREAD or CLONE_PARENT were specified in the flags mask.' },
  { errno: 'EINVAL', flags: ['CLONE_PARENT'], text: 'CLONE_PARENT was specified, and the caller is an init process. (since Linux 2.6.32)' },
  { errno: 'ENOMEM', flags: [], text: "Cannot allocate sufficient memory to allocate a task structure for the child, or to copy those parts of the caller's context that need to be copied." },
  { errno: 'ENOSPC', flags: ['CLONE_NEWPID'], text: 'CLONE_NEWPID was specified in the flags mask, but the limit on the nesting depth of PID namespaces would have been exceeded; see pid_namespaces(7). (since Linux 3.7)' },
  { errno: 'ENOSPC', flags: ['CLONE_NEWUSER'], text: 'CLONE_NEWUSER was specified in the flags mask, and the call would cause the limit on the number of nested user namespaces to be exceeded. See user_namespaces(7). (since Linux 4.9; beforehand EUSERS)' },
  { errno: 'EPERM', flags: ['CLONE_NEWCGROUP|CLONE_NEWIPC|CLONE_NEWNET|CLONE_NEWNS|CLONE_NEWPID|CLONE_NEWUTS'], text: 'CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, or CLONE_NEWUTS was specified by an unprivileged process (process without CAP_SYS_ADMIN).' },
  { errno: 'EPERM', flags: ['CLONE_NEWUSER'], text: 'CLONE_NEWUSER was specified in the flags mask, but either the effective user ID or the effective group ID of the caller does not have a mapping in the parent namespace (see user_namespaces(7)).' },
  { errno: 'EPERM', flags: ['CLONE_NEWUSER'], text: "CLONE_NEWUSER was specified in the flags mask and the caller is in a chroot environment (i.e., the caller's root directory does not match the root directory of the mount namespace in which it resides). (since Linux 3.9)" },
  { errno: 'EUSERS', flags: ['CLONE_NEWUSER'], text: 'CLONE_NEWUSER was specified in the flags mask, and the limit on the number of nested user namespaces would be exceeded. (Linux 3.11 to Linux 4.8)' },
];

/** Whether every flag condition of the entry is among the ticked flags ("A|B": either). */
export function entryMatches(e: ErrorEntry, ticked: ReadonlySet<string>): boolean {
  return e.flags.every((alt) => alt.split('|').some((f) => ticked.has(f)));
}
