// include/linux/sched.h, include/linux/sched/signal.h, include/linux/cred.h:
// the task and the structures it shares with others according to clone flags.
//
// Differences from Linux: no scheduler, memory or files — a task is always
// sleeping (S) unless it is the one reading its own /proc (R), stopped (T)
// or a zombie (Z). mm, files and sighand exist only as sharing counters,
// because sharing them (CLONE_VM, CLONE_FILES, CLONE_SIGHAND) is all that
// changes what a user can observe here.

import { Pid, Upid } from "./pid";
import { PidNamespace } from "../ns/pid_namespace";
import { NsProxy } from "../ns/nsproxy";
import { UserNamespace } from "../ns/user_namespace";
import { Mount } from "../fs/mount";
import { Dentry } from "../fs/inode";
import { PseudoNode } from "../fs/pseudo";
import { allocFs } from "./slab";
import { TaskCgroups } from "../cgroup/cgroup_defs";

/** exit_state values (include/linux/sched.h) */
export const EXIT_ZOMBIE: i32 = 0x10;
export const EXIT_DEAD: i32 = 0x20;

/** signal->flags: the namespace init's immunity to signals it has no handler for. */
export const SIGNAL_UNKILLABLE: i32 = 0x40;
export const SIGNAL_STOP_STOPPED: i32 = 0x01;
export const SIGNAL_GROUP_EXIT: i32 = 0x04;
/** A stop or continue that the parent has not yet collected with WUNTRACED/WCONTINUED. */
export const SIGNAL_STOP_REPORT: i32 = 0x100;
export const SIGNAL_CONT_REPORT: i32 = 0x200;

/** struct mm_struct, reduced to the count of tasks sharing it (CLONE_VM). */
export class MmStruct {
  users: i32 = 1;
}

/** struct sighand_struct, reduced to its sharers (CLONE_SIGHAND). Dispositions are always SIG_DFL. */
export class SighandStruct {
  count: i32 = 1;
}

/** struct files_struct, reduced to its sharers (CLONE_FILES). */
export class FilesStruct {
  count: i32 = 1;
}

/** A place in the file tree (struct path): a mount and a dentry of it, or an entry of the pseudo filesystem mounted there. */
export class Path {
  constructor(public mnt: Mount, public dentry: Dentry | null, public node: PseudoNode | null) {}
}

/** struct fs_struct: root and working directory, shared by CLONE_FS. */
export class FsStruct {
  users: i32 = 1;
  constructor(public root: Path, public pwd: Path) {}
  copy(): FsStruct {
    return allocFs(this.root, this.pwd);
  }
}

/**
 * struct cred, reduced: ids as kernel ids, the user namespace, and
 * capabilities as all-or-none. Shared between tasks (fork shares it, as
 * copy_creds() does when nothing changes) and never changed in place: a
 * change makes a new one. Holds one reference on userNs.
 */
export class Cred {
  /** tasks using it */
  count: i32 = 1;
  constructor(
    public uid: u32,
    public gid: u32,
    public userNs: UserNamespace,
    /** CapEff is full (true) or empty. */
    public capFull: bool,
  ) {}
}

/** struct signal_struct: what the threads of one thread group share. */
export class SignalStruct {
  /** Invariant: the group's live and zombie threads, leader first while it exists. */
  threads: Task[] = [];
  flags: i32 = 0;
  /** wait status of the whole group once it exits (exit_group or a fatal signal) */
  groupExitCode: i32 = 0;
  /** the stop signal of the last group stop, for WUNTRACED */
  stopSignal: i32 = 0;
  pgrp: Pid;
  session: Pid;
  constructor(pgrp: Pid, session: Pid) {
    this.pgrp = pgrp;
    this.session = session;
  }
}

export class Task {
  /** This thread's struct pid: one number per PID-namespace level. Invariant: pid.task == this until release. */
  pid: Pid;
  /** The thread group leader; == this for a leader. Its pid is the group's tgid. */
  groupLeader!: Task;
  signal: SignalStruct;
  /** The parent that fork/wait see. null only for the machine's first task. */
  realParent: Task | null = null;
  /** Children, in the order they were added (fork, then reparenting appends). Leaders only. */
  firstChild: Task | null = null;
  lastChild: Task | null = null;
  nextSibling: Task | null = null;
  prevSibling: Task | null = null;
  /** Signal sent to the parent on exit; -1 for a thread (CLONE_THREAD), 0 for none. */
  exitSignal: i32 = 17;
  /** 0 while alive, EXIT_ZOMBIE until reaped, EXIT_DEAD once released. */
  exitState: i32 = 0;
  /** wait status this task reports (exit code << 8, or the signal). */
  exitCode: i32 = 0;
  comm: string;
  /** /proc/T/cmdline: argv joined by NULs, inherited at fork */
  cmdline: string = "init\0";
  nsproxy: NsProxy | null;
  cred: Cred;
  fs: FsStruct;
  /** null while not shared with another task (the common case: no allocation) */
  mm: MmStruct | null;
  files: FilesStruct | null;
  sighand: SighandStruct | null;
  /** sched_setaffinity mask, one bit per CPU (up to 64 CPUs) */
  cpusAllowed: u64;
  /**
   * get_dumpable() of the task's mm (the model keeps it per task, copied at
   * fork): false after a change of credentials (suid_dumpable is 0), until
   * prctl(PR_SET_DUMPABLE, 1). A task that is not dumpable has its /proc
   * files owned by root and refuses ptrace-style access.
   */
  dumpable: bool = true;
  /**
   * mm->user_ns: the user namespace the task's program was started in
   * (kept through fork; exec is not modelled). On a sandboxed machine every
   * task runs a program started outside, in the host's user namespace.
   */
  mmUserNs!: UserNamespace;
  /** cgroup/: the task's css_set, its place in the set's task list, user_cpus_ptr and memory charge; null before cgroup_post_fork and after release */
  cgroups: TaskCgroups | null = null;

  constructor(pid: Pid, signal: SignalStruct, comm: string, nsproxy: NsProxy, cred: Cred,
              fs: FsStruct, mm: MmStruct | null, files: FilesStruct | null, sighand: SighandStruct | null, cpus: u64) {
    this.pid = pid;
    this.signal = signal;
    this.comm = comm;
    this.nsproxy = nsproxy;
    this.cred = cred;
    this.fs = fs;
    this.mm = mm;
    this.files = files;
    this.sighand = sighand;
    this.cpusAllowed = cpus;
    this.groupLeader = this;
  }

  /** A task from the slab made new: every field as the constructor sets it. */
  reuse(pid: Pid, signal: SignalStruct, comm: string, nsproxy: NsProxy, cred: Cred,
        fs: FsStruct, mm: MmStruct | null, files: FilesStruct | null, sighand: SighandStruct | null, cpus: u64): void {
    this.pid = pid;
    this.groupLeader = this;
    this.signal = signal;
    this.realParent = null;
    this.firstChild = null;
    this.lastChild = null;
    this.nextSibling = null;
    this.prevSibling = null;
    this.exitSignal = 17;
    this.exitState = 0;
    this.exitCode = 0;
    this.comm = comm;
    this.nsproxy = nsproxy;
    this.cred = cred;
    this.fs = fs;
    this.mm = mm;
    this.files = files;
    this.sighand = sighand;
    this.cpusAllowed = cpus;
    this.dumpable = true;
  }

  isLeader(): bool {
    return this.groupLeader === this;
  }

  /** The group's tgid pid (the leader's). */
  tgidPid(): Pid {
    return this.groupLeader.pid;
  }

  /** Tasks sharing the mm (CLONE_VM), this one included. */
  mmUsers(): i32 {
    const m = this.mm;
    return m ? m.users : 1;
  }

  sighandCount(): i32 {
    const s = this.sighand;
    return s ? s.count : 1;
  }

  alive(): bool {
    return this.exitState == 0;
  }

  /** task_active_pid_ns(): the namespace of the task's own PID — never changes. */
  activePidNs(): PidNamespace {
    return this.pid.ns();
  }

  addChild(child: Task): void {
    child.realParent = this;
    child.prevSibling = this.lastChild;
    child.nextSibling = null;
    if (this.lastChild) this.lastChild!.nextSibling = child;
    else this.firstChild = child;
    this.lastChild = child;
  }

  removeChild(child: Task): void {
    const p = child.prevSibling, n = child.nextSibling;
    if (p) p.nextSibling = n; else this.firstChild = n;
    if (n) n.prevSibling = p; else this.lastChild = p;
    child.prevSibling = null;
    child.nextSibling = null;
  }
}

/** A pid as `ns` sees it: pid_nr_ns(). 0 when not visible there. */
export function pidNrNs(pid: Pid | null, ns: PidNamespace): i32 {
  if (!pid) return 0;
  const level = ns.level;
  if (level > pid.level) return 0;
  const upid: Upid = unchecked(pid.numbers[level]);
  return upid.ns === ns ? upid.nr : 0;
}

/** task_tgid_nr_ns() */
export function tgidNrNs(t: Task, ns: PidNamespace): i32 {
  return pidNrNs(t.groupLeader.pid, ns);
}
