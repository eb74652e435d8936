// kernel/fork.c: copy_process() and kernel_clone().
//
// Every check comes first, in the kernel's order, before anything is
// created; then the new task is built, and becomes visible (in its parent's
// children, in the pid idrs) only when complete. A failure after a resource
// was taken releases the resources in the reverse order.

import { Task, SignalStruct, Cred, FsStruct, MmStruct, FilesStruct, SighandStruct, SIGNAL_UNKILLABLE } from "./task";
import { allocPid, allocPidErr } from "./pid";
import { allocSignal, allocTask, freeFs } from "./slab";
import { nsRootPath } from "../fs/namespace";
import { cgroupCanFork, cgroupPostFork } from "../cgroup/cgroup";
import { machine } from "./machine";
import { copyNamespaces, createNewNamespaces, nsErr, NsProxy } from "../ns/nsproxy";
import { UserNamespace, MAX_USER_NS_LEVEL, nsCapable } from "../ns/user_namespace";
import {
  CLONE_DETACHED, CLONE_FILES, CLONE_FS, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, CLONE_PARENT, CLONE_PIDFD,
  CLONE_SIGHAND, CLONE_THREAD, CLONE_VM, CLONE_SYSVSEM, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWCGROUP,
  CLONE_NEWTIME, CLONE_NEW_NSPROXY, EINVAL, EPERM, EUSERS,
} from "../include/uapi";

/** put_cred(): the last user of a cred lets go of its user namespace. */
export function putCred(c: Cred): void {
  if (--c.count == 0) c.userNs.put();
}

/** The task the last successful kernelClone() made. */
export let lastChild: Task | null = null;

/** Whether the task's root is not its mount namespace's root (current_chrooted()). */
export function isChrooted(t: Task): bool {
  const ns = t.nsproxy!.mnt;
  const top = nsRootPath(t, ns);
  return t.fs.root.mnt !== top.mnt || t.fs.root.dentry !== top.dentry;
}

/**
 * create_user_ns() checks, for CLONE_NEWUSER: the depth limit (EUSERS), no
 * chrooted creator (EPERM); the creator's euid becomes the owner.
 */
export function newUserNs(t: Task, cred: Cred): i32 {
  const parent = cred.userNs;
  if (parent.level >= MAX_USER_NS_LEVEL) return -EUSERS;
  if (isChrooted(t)) return -EPERM;
  if (parent.fromKid(cred.uid, parent.uidMap) < 0 || parent.fromKid(cred.gid, parent.gidMap) < 0) return -EPERM;
  const ns = new UserNamespace(parent, cred.uid, cred.gid);
  // The creator gets every capability in the new namespace (user_namespaces(7)).
  cred.userNs = ns;
  cred.capFull = true;
  parent.put(); // the cred's reference moves to the new namespace (which holds its parent)
  return 0;
}

/**
 * kernel_clone(): `flags` without the exit signal (clone(2) passes it in
 * the low byte; fork() is SIGCHLD). Returns the child's pid as the caller
 * sees it, or -errno.
 */
export function kernelClone(cur: Task, flags: u32, exitSignal: i32): i32 {
  const nsp = cur.nsproxy!;
  // Don't allow sharing the root directory with processes in a different namespace.
  if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)) return -EINVAL;
  if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS)) return -EINVAL;
  // Thread groups must share signals as well.
  if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND)) return -EINVAL;
  // Shared signal handlers imply shared VM.
  if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM)) return -EINVAL;
  // Global and container inits may not create siblings.
  if ((flags & CLONE_PARENT) && (cur.signal.flags & SIGNAL_UNKILLABLE)) return -EINVAL;
  // A thread must stay in its group's pid and user namespaces.
  if (flags & CLONE_THREAD) {
    if ((flags & (CLONE_NEWUSER | CLONE_NEWPID)) || cur.activePidNs() !== nsp.pidForChildren) return -EINVAL;
  }
  // A task sharing VM or thread group must stay in the same time namespace.
  if (flags & (CLONE_THREAD | CLONE_VM)) {
    if (nsp.time !== nsp.timeForChildren) return -EINVAL;
  }
  if ((flags & CLONE_PIDFD) && (flags & CLONE_DETACHED)) return -EINVAL;

  // copy_creds(): shared unless a new user namespace changes them
  let cred = cur.cred;
  if (flags & CLONE_NEWUSER) {
    cred = new Cred(cur.cred.uid, cur.cred.gid, cur.cred.userNs, cur.cred.capFull);
    cred.userNs.count++;
    const err = newUserNs(cur, cred);
    if (err < 0) { cred.userNs.put(); return err; }
  } else cred.count++;
  // copy_fs()
  let fs = cur.fs;
  if (flags & CLONE_FS) fs.users++;
  else fs = fs.copy();
  // copy_namespaces()
  const nsproxy = copyNamespaces(flags, cur, cred, fs);
  if (!nsproxy) {
    if (flags & CLONE_FS) fs.users--;
    putCred(cred);
    return -nsErr;
  }
  // alloc_pid() in the namespace children go to
  const pid = allocPid(nsproxy.pidForChildren);
  if (!pid) {
    nsproxy.put();
    if (flags & CLONE_FS) fs.users--;
    putCred(cred);
    return -allocPidErr;
  }
  // cgroup_can_fork(), after alloc_pid() as in copy_process(): a pids
  // controller at its limit refuses (EAGAIN) — the pid number was used up
  const cgErr = cgroupCanFork(cur);
  if (cgErr < 0) {
    pid.put();
    nsproxy.put();
    if (flags & CLONE_FS) fs.users--;
    putCred(cred);
    return cgErr;
  }

  // Nothing can fail from here on: build and link the task.
  // shared structures exist as objects only once shared
  let mm: MmStruct | null = null;
  if (flags & CLONE_VM) {
    if (!cur.mm) cur.mm = new MmStruct();
    mm = cur.mm;
    mm!.users++;
  }
  let files: FilesStruct | null = null;
  if (flags & CLONE_FILES) {
    if (!cur.files) cur.files = new FilesStruct();
    files = cur.files;
    files!.count++;
  }
  let sighand: SighandStruct | null = null;
  if (flags & CLONE_SIGHAND) {
    if (!cur.sighand) cur.sighand = new SighandStruct();
    sighand = cur.sighand;
    sighand!.count++;
  }
  const signal = (flags & CLONE_THREAD)
    ? cur.signal
    : allocSignal(cur.signal.pgrp.get(), cur.signal.session.get());
  const p = allocTask(pid, signal, cur.comm, nsproxy, cred, fs, mm, files, sighand, cur.cpusAllowed);
  pid.task = p;
  p.cmdline = cur.cmdline;
  p.dumpable = cur.dumpable;
  p.mmUserNs = cur.mmUserNs;

  // CLONE_PARENT and CLONE_THREAD re-use the old parent
  // (a thread of the machine's init has no parent, as init's threads have the idle task)
  let parent: Task | null = cur;
  if (flags & (CLONE_PARENT | CLONE_THREAD)) {
    parent = cur.realParent;
    p.exitSignal = (flags & CLONE_THREAD) ? -1 : cur.groupLeader.exitSignal;
  } else {
    p.exitSignal = exitSignal;
  }
  if (flags & CLONE_THREAD) {
    p.groupLeader = cur.groupLeader;
    p.realParent = parent;
    signal.threads.push(p);
  } else {
    signal.threads.push(p);
    // is_child_reaper(): pid 1 of its namespace reaps the namespace's orphans
    if (unchecked(pid.numbers[pid.level]).nr == 1) {
      pid.ns().childReaper = p;
      signal.flags |= SIGNAL_UNKILLABLE;
    }
    parent!.addChild(p);
  }
  machine.nrTasks++;
  cgroupPostFork(cur, p);
  lastChild = p;
  const vnr = unchecked(pid.numbers[cur.activePidNs().level]).nr;
  return vnr;
}

/** unshare(2) flags the kernel knows (check_unshare_flags()). */
const UNSHARE_VALID: u32 = CLONE_THREAD | CLONE_FS | CLONE_NEWNS | CLONE_SIGHAND | CLONE_VM | CLONE_FILES
  | CLONE_SYSVSEM | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWCGROUP
  | CLONE_NEWTIME;

/**
 * ksys_unshare(): the caller leaves shared fs/files and enters new
 * namespaces. CLONE_NEWPID and CLONE_NEWTIME change only where its
 * children go. Nothing changes unless every step succeeds.
 */
export function ksysUnshare(cur: Task, flagsIn: u32): i32 {
  let flags = flagsIn;
  if (flags & CLONE_NEWUSER) flags |= CLONE_THREAD | CLONE_FS;
  if (flags & CLONE_VM) flags |= CLONE_SIGHAND;
  if (flags & CLONE_SIGHAND) flags |= CLONE_THREAD;
  if (flags & CLONE_NEWNS) flags |= CLONE_FS;
  if (flags & ~UNSHARE_VALID) return -EINVAL;
  // "Not implemented, but pretend it works if there is nothing to unshare."
  if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) && cur.signal.threads.length > 1) return -EINVAL;
  if ((flags & (CLONE_SIGHAND | CLONE_VM)) && cur.sighandCount() > 1) return -EINVAL;
  if ((flags & CLONE_VM) && cur.mmUsers() > 1) return -EINVAL;

  const newFs: FsStruct | null = (flags & CLONE_FS) && cur.fs.users > 1 ? cur.fs.copy() : null;
  const newFiles = (flags & CLONE_FILES) && cur.files != null && cur.files!.count > 1;
  let newCred: Cred | null = null;
  if (flags & CLONE_NEWUSER) {
    const c = new Cred(cur.cred.uid, cur.cred.gid, cur.cred.userNs, cur.cred.capFull);
    c.userNs.count++;
    const err = newUserNs(cur, c);
    if (err < 0) { c.userNs.put(); return err; }
    newCred = c;
  }
  let newNs: NsProxy | null = null;
  if (flags & CLONE_NEW_NSPROXY) {
    const userNs = newCred ? newCred.userNs : cur.cred.userNs;
    const credForCheck = newCred ? newCred : cur.cred;
    if (!nsCapable(credForCheck, userNs)) {
      if (newCred) newCred.userNs.put();
      return -EPERM;
    }
    // a copy of fs receives the new mount namespace's root and cwd
    const fsForNs = newFs ? newFs : cur.fs.copy();
    newNs = createNewNamespaces(flags, cur, userNs, fsForNs);
    if (!newNs) {
      if (newCred) newCred.userNs.put();
      return -nsErr;
    }
    if (flags & CLONE_NEWNS) {
      if (newFs) { newFs.root = fsForNs.root; newFs.pwd = fsForNs.pwd; }
      else { cur.fs.root = fsForNs.root; cur.fs.pwd = fsForNs.pwd; }
    }
  }
  // commit
  if (newNs) {
    const old = cur.nsproxy!;
    cur.nsproxy = newNs;
    old.put();
  }
  if (newFs) {
    if (--cur.fs.users == 0) freeFs(cur.fs);
    cur.fs = newFs;
  }
  if (newFiles) {
    cur.files!.count--;
    cur.files = null;
  }
  if (newCred) {
    const old = cur.cred;
    cur.cred = newCred;
    putCred(old);
  }
  return 0;
}
