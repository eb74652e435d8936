// kernel/exit.c: do_exit(), exit_notify(), reparenting, wait and release.
//
// zap_pid_ns_processes(): a dying namespace init kills everything in its
// namespace, reaps its own children, and then sleeps (state S) until the
// namespace holds no other pid — a task that entered with setns()+fork()
// has its parent outside, which must reap it first. Only then does init
// become a zombie. The model keeps it in that state as `ns.zapWaiter`.

import { Task, EXIT_ZOMBIE, EXIT_DEAD, SIGNAL_GROUP_EXIT, SIGNAL_STOP_STOPPED, SIGNAL_STOP_REPORT, SIGNAL_CONT_REPORT, pidNrNs } from "./task";
import { Pid } from "./pid";
import { machine } from "./machine";
import { PidNamespace } from "../ns/pid_namespace";
import { sendSignalForced } from "./signal";
import { putCred } from "./fork";
import { freeTask, freeSignal, freeFs } from "./slab";
import { cgroupExit, cgroupRelease } from "../cgroup/cgroup";
import { ECHILD, EINVAL, ESRCH, SIGCHLD, SIGKILL, WALL, WCLONE, WCONTINUED, WNOHANG, WNOTHREAD, WOULD_BLOCK, WUNTRACED } from "../include/uapi";

/** A live thread of t's group other than t (find_alive_thread()). */
function findAliveThread(t: Task): Task | null {
  const th = t.signal.threads;
  for (let i = 0; i < th.length; i++) {
    const x = unchecked(th[i]);
    if (x !== t && x.alive()) return x;
  }
  return null;
}

/**
 * zap_pid_ns_processes(): the namespace stops accepting tasks, every task in
 * it (nested namespaces included) gets SIGKILL, and the dying init reaps its
 * children.
 */
function zapPidNsProcesses(ns: PidNamespace, init: Task): bool {
  ns.adding = false;
  const nrs = ns.numbers();
  for (let i = 0; i < nrs.length; i++) {
    const pid = ns.idrFind(unchecked(nrs[i]));
    if (!pid) continue;
    const t = pid.task;
    if (!t || !t.alive() || t.signal === init.signal || !t.isLeader()) continue;
    sendSignalForced(t, SIGKILL);
  }
  // kernel_wait4(-1, __WALL) until no child is left
  let c = init.firstChild;
  while (c) {
    const next = c.nextSibling;
    if (c.exitState == EXIT_ZOMBIE && c.signal.threads.length == 1) releaseTask(c);
    c = next;
  }
  // then sleep until only init's own pids are left (pid_allocated == init_pids)
  const initPids = init.isLeader() ? 1 : 2;
  if (ns.nrPids > initPids) {
    ns.zapWaiter = init;
    return true;
  }
  return false;
}

/** Set by findNewReaper(): the exiting init must wait in zap_pid_ns_processes(). */
let mustWait = false;

/** find_child_reaper() + find_new_reaper(): who adopts the children of `father`. */
function findNewReaper(father: Task): Task | null {
  const ns = father.activePidNs();
  let reaper = ns.childReaper;
  if (reaper === father) {
    const th = findAliveThread(father);
    if (th) {
      ns.childReaper = th;
      return th;
    }
    mustWait = zapPidNsProcesses(ns, father);
    return null;
  }
  const th = findAliveThread(father);
  if (th) return th;
  return reaper;
}

/** forget_original_parent(): the children of an exiting task get a new parent. Returns whether it must wait (zap). */
function forgetOriginalParent(father: Task): bool {
  mustWait = false;
  const reaper = findNewReaper(father);
  const wait = mustWait;
  if (!father.firstChild || !reaper) return wait;
  let c = father.firstChild;
  while (c) {
    const next = c.nextSibling;
    father.removeChild(c);
    reaper.addChild(c);
    // the group's other threads point at the new parent too
    const th = c.signal.threads;
    for (let i = 0; i < th.length; i++) {
      const t = unchecked(th[i]);
      if (t !== c) t.realParent = reaper;
    }
    if (reaper.signal !== father.signal) {
      // reparent_leader(): "We don't want people slaying init."
      c.exitSignal = SIGCHLD;
    }
    c = next;
  }
  return wait;
}

/** do_notify_parent(): tell the parent a child (group) is dead. Dispositions are SIG_DFL: never autoreap. */
function notifyParent(t: Task): void {
  const parent = t.realParent;
  if (!parent || !parent.alive()) return;
  const sig = t.exitSignal;
  if (sig > 0 && sig != SIGCHLD) sendSignalForced(parent.groupLeader, sig);
}

/** Whether t is a leader whose group still has other threads (delay_group_leader()). */
function delayGroupLeader(t: Task): bool {
  return t.isLeader() && t.signal.threads.length > 1;
}

/** exit_notify() for one thread; `code` is its wait status. */
function exitThread(t: Task, code: i32): void {
  if (!t.alive() || t.activePidNs().zapWaiter === t) return;
  t.exitCode = code;
  // the last live thread's code is the process's (checked on Linux 6.18: a
  // leader that left first with 5 and a thread with 7 give the parent 7)
  const sig = t.signal;
  if (!(sig.flags & SIGNAL_GROUP_EXIT)) {
    let others = false;
    for (let i = 0; i < sig.threads.length; i++) {
      const x = unchecked(sig.threads[i]);
      if (x !== t && x.alive()) others = true;
    }
    if (!others) {
      sig.flags |= SIGNAL_GROUP_EXIT;
      sig.groupExitCode = code;
    }
  }
  // exit_mm(), cgroup_exit(): its memory is uncharged
  cgroupExit(t);
  if (forgetOriginalParent(t)) return;
  finishExit(t);
}

/** The end of exit_notify(): a zombie, and the parent told (or released at once, for a thread). */
function finishExit(t: Task): void {
  t.exitState = EXIT_ZOMBIE;
  if (t.isLeader()) {
    if (!delayGroupLeader(t)) notifyParent(t);
  } else {
    releaseTask(t);
  }
}

/** do_exit() of one thread (the exit(2) system call); the last thread's code is the process's. */
export function doExit(t: Task, code: i32): void {
  exitThread(t, code);
}

/** do_group_exit(): every thread of t's group exits with `code`. */
export function doGroupExit(t: Task, code: i32): void {
  const sig = t.signal;
  if (sig.flags & SIGNAL_GROUP_EXIT) return;
  sig.flags |= SIGNAL_GROUP_EXIT;
  sig.flags &= ~(SIGNAL_STOP_STOPPED | SIGNAL_STOP_REPORT | SIGNAL_CONT_REPORT);
  sig.groupExitCode = code;
  // other threads first, then the caller, so the leader's notification comes last
  if (sig.threads.length > 1) {
    const th = sig.threads.slice(0);
    for (let i = th.length - 1; i >= 0; i--) {
      const x = unchecked(th[i]);
      if (x !== t) exitThread(x, code);
    }
  }
  exitThread(t, code);
}

/** release_task(): the task disappears: pid numbers, nsproxy and cred return. */
export function releaseTask(p: Task): void {
  p.exitState = EXIT_DEAD;
  const leader = p.groupLeader;
  const sig = p.signal;
  const i = sig.threads.indexOf(p);
  if (i >= 0) sig.threads.splice(i, 1);
  if (p.isLeader()) {
    const parent = p.realParent;
    if (parent) parent.removeChild(p);
  }
  // cgroup_release(): out of its css_set (pids.current drops now, not at exit)
  cgroupRelease(p);
  machine.nrTasks--;
  const ns = p.activePidNs();
  if (ns.childReaper === p) ns.childReaper = null;
  p.pid.task = null;
  // the namespaces p had a pid in, deepest first: a dying init may be waiting for this one
  const levels: PidNamespace[] = [];
  for (let l = p.pid.level; l >= 0; l--) levels.push(unchecked(p.pid.numbers[l]).ns);
  p.pid.put();
  if (p.nsproxy) {
    p.nsproxy!.put();
    p.nsproxy = null;
  }
  putCred(p.cred);
  if (--p.fs.users == 0) freeFs(p.fs);
  const mm = p.mm, files = p.files, sighand = p.sighand;
  if (mm) mm.users--;
  if (files) files.count--;
  if (sighand) sighand.count--;
  const groupGone = sig.threads.length == 0;
  if (groupGone) {
    sig.pgrp.put();
    sig.session.put();
  }
  // the last thread of a zombie leader's group: now the parent learns of the death
  if (leader !== p && leader.exitState == EXIT_ZOMBIE && sig.threads.length == 1) notifyParent(leader);
  freeTask(p);
  if (groupGone) freeSignal(sig);
  for (let i = 0; i < levels.length; i++) {
    const lns = unchecked(levels[i]);
    const w = lns.zapWaiter;
    if (w && lns.nrPids <= (w.isLeader() ? 1 : 2)) {
      lns.zapWaiter = null;
      finishExit(w);
    }
  }
}

/** The status a waiting parent gets for zombie p. */
function zombieStatus(p: Task): i32 {
  return (p.signal.flags & SIGNAL_GROUP_EXIT) ? p.signal.groupExitCode : p.exitCode;
}

export let waitStatus: i32 = 0;

const WAIT_VALID: i32 = WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WCLONE | WALL;

/**
 * kernel_wait4(): reap or report a child of the caller's thread group.
 * `upid` as waitpid(2): >0 that pid, -1 any, 0 the caller's group, < -1 group -upid.
 */
export function doWait(cur: Task, upid: i32, options: i32): i32 {
  if (options & ~WAIT_VALID) return -EINVAL;
  if (upid == i32.MIN_VALUE) return -ESRCH;
  const ns = cur.activePidNs();
  let wantPid: Pid | null = null;
  let wantPgrp: Pid | null = null;
  if (upid > 0) {
    wantPid = ns.idrFind(upid);
    if (!wantPid) return -ECHILD;
  } else if (upid == 0) {
    wantPgrp = cur.signal.pgrp;
  } else if (upid < -1) {
    wantPgrp = ns.idrFind(-upid);
    if (!wantPgrp) return -ECHILD;
  }
  let candidate = false;
  const threads = cur.signal.threads;
  for (let ti = 0; ti < threads.length; ti++) {
    const t = unchecked(threads[ti]);
    if ((options & WNOTHREAD) && t !== cur) continue;
    let p = t.firstChild;
    while (p) {
      const next = p.nextSibling;
      const eligiblePid = wantPid ? p.pid === wantPid : (wantPgrp ? p.signal.pgrp === wantPgrp : true);
      // only "clone" children (exit signal other than SIGCHLD) with __WCLONE, any with __WALL
      const cloneChild = p.exitSignal != SIGCHLD;
      if (eligiblePid && (!(cloneChild != ((options & WCLONE) != 0)) || (options & WALL))) {
        candidate = true;
        if (p.exitState == EXIT_ZOMBIE && !delayGroupLeader(p)) {
          const nr = pidNrNs(p.pid, ns);
          waitStatus = zombieStatus(p);
          releaseTask(p);
          return nr;
        }
        if ((options & WUNTRACED) && (p.signal.flags & SIGNAL_STOP_REPORT) && p.alive()) {
          p.signal.flags &= ~SIGNAL_STOP_REPORT;
          waitStatus = (p.signal.stopSignal << 8) | 0x7f;
          return pidNrNs(p.pid, ns);
        }
        if ((options & WCONTINUED) && (p.signal.flags & SIGNAL_CONT_REPORT) && p.alive()) {
          p.signal.flags &= ~SIGNAL_CONT_REPORT;
          waitStatus = 0xffff;
          return pidNrNs(p.pid, ns);
        }
      }
      p = next;
    }
  }
  if (!candidate) return -ECHILD;
  if (options & WNOHANG) return 0;
  return -WOULD_BLOCK;
}
