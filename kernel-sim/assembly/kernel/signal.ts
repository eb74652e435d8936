// kernel/signal.c: kill(2) and the default actions of signals.
//
// Differences from Linux: no handlers, masks or queues — every task keeps
// the default disposition of every signal, so a signal acts the moment it
// is sent: terminate, stop, continue or nothing.

import { Task, SIGNAL_UNKILLABLE, SIGNAL_STOP_STOPPED, SIGNAL_STOP_REPORT, SIGNAL_CONT_REPORT, SIGNAL_GROUP_EXIT, pidNrNs } from "./task";
import { Pid } from "./pid";
import { allTasks } from "./machine";
import { doGroupExit } from "./exit";
import { nsCapable } from "../ns/user_namespace";
import { EPERM } from "../include/uapi";
import {
  EINVAL, ESRCH, NSIG, SIGCHLD, SIGCONT, SIGKILL, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGWINCH,
} from "../include/uapi";

function isStopSignal(sig: i32): bool {
  return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/** SIG_KERNEL_IGNORE_MASK: signals whose default action is to do nothing. */
function isIgnoredByDefault(sig: i32): bool {
  return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

/**
 * will_become_orphaned_pgrp(): a process group is orphaned when no member
 * has a parent in another group of the same session (the machine's init
 * does not count as such a parent).
 */
function pgrpOrphaned(pgrp: Pid): bool {
  const tasks = allTasks();
  for (let i = 0; i < tasks.length; i++) {
    const p = unchecked(tasks[i]);
    if (!p.isLeader() || p.signal.pgrp !== pgrp) continue;
    if (!p.alive() && p.signal.threads.length == 1) continue;
    const parent = p.realParent;
    if (!parent || !parent.realParent) continue;
    if (parent.signal.pgrp !== pgrp && parent.signal.session === p.signal.session) return false;
  }
  return true;
}

/** The default action of `sig` on the thread group of leader t. */
function deliver(t: Task, sig: i32): void {
  const s = t.signal;
  if (!t.alive() || (s.flags & SIGNAL_GROUP_EXIT)) return;
  if (sig == SIGCONT) {
    if (s.flags & SIGNAL_STOP_STOPPED) {
      s.flags &= ~(SIGNAL_STOP_STOPPED | SIGNAL_STOP_REPORT);
      s.flags |= SIGNAL_CONT_REPORT;
    }
    return;
  }
  if (isIgnoredByDefault(sig)) return;
  if (isStopSignal(sig)) {
    // terminal-generated stops are discarded in an orphaned process group
    if (sig != SIGSTOP && pgrpOrphaned(s.pgrp)) return;
    if (!(s.flags & SIGNAL_STOP_STOPPED)) {
      s.flags |= SIGNAL_STOP_STOPPED | SIGNAL_STOP_REPORT;
      s.flags &= ~SIGNAL_CONT_REPORT;
      s.stopSignal = sig;
    }
    return;
  }
  // terminate (core-dumping signals too: no core is written, so no 0x80 bit)
  doGroupExit(t, sig);
}

/**
 * Kernel-sent signals (SEND_SIG_PRIV: zap, exit signals to a parent): an
 * init is spared only signals other than SIGKILL and SIGSTOP.
 */
export function sendSignalForced(t: Task, sig: i32): void {
  if ((t.signal.flags & SIGNAL_UNKILLABLE) && sig != SIGKILL && sig != SIGSTOP && sig != SIGCONT) return;
  deliver(t.groupLeader, sig);
}

/**
 * A signal from task `from` (sig_task_ignored()): a namespace's init
 * ignores every signal it has no handler for — all of them here — except
 * SIGKILL and SIGSTOP sent from an ancestor namespace, which are forced.
 */
function sendFrom(from: Task, t: Task, sig: i32): void {
  if (sig == 0) return;
  const leader = t.groupLeader;
  // prepare_signal(): SIGCONT resumes a stopped group before anything may ignore it
  if (sig == SIGCONT) {
    deliver(leader, sig);
    return;
  }
  if (leader.signal.flags & SIGNAL_UNKILLABLE) {
    const fromAncestor = pidNrNs(from.pid, leader.activePidNs()) == 0;
    if (!(fromAncestor && (sig == SIGKILL || sig == SIGSTOP))) return;
  }
  deliver(leader, sig);
}

/**
 * kill_ok_by_cred(): the sender's uid is the target's, or it holds
 * CAP_KILL over the target's user namespace.
 */
function mayKill(from: Task, t: Task): bool {
  return from.cred.uid == t.cred.uid || nsCapable(from.cred, t.cred.userNs);
}

/** kill(2) */
export function doKill(cur: Task, upid: i32, sig: i32): i32 {
  if (sig < 0 || sig > NSIG) return -EINVAL;
  const ns = cur.activePidNs();
  if (upid > 0) {
    // any thread's id names its whole process (checked on Linux 6.18)
    const pid = ns.idrFind(upid);
    if (!pid) return -ESRCH;
    const t = pid.task;
    if (!t) return -ESRCH;
    if (!mayKill(cur, t)) return -EPERM;
    sendFrom(cur, t, sig);
    return 0;
  }
  if (upid == i32.MIN_VALUE) return -ESRCH;
  const tasks = allTasks();
  let found = 0;
  let sent = 0;
  if (upid == -1) {
    // every process the caller can see, except its own group and the namespace's pid 1
    for (let i = 0; i < tasks.length; i++) {
      const p = unchecked(tasks[i]);
      if (!p.isLeader() || p.signal === cur.signal) continue;
      const nr = pidNrNs(p.pid, ns);
      if (nr <= 1) continue;
      found++;
      if (mayKill(cur, p)) { sent++; sendFrom(cur, p, sig); }
    }
    return found == 0 ? -ESRCH : sent > 0 ? 0 : -EPERM;
  }
  const pgrp: Pid | null = upid == 0 ? cur.signal.pgrp : ns.idrFind(-upid);
  if (!pgrp) return -ESRCH;
  for (let i = 0; i < tasks.length; i++) {
    const p = unchecked(tasks[i]);
    if (!p.isLeader() || p.signal.pgrp !== pgrp) continue;
    found++;
    if (mayKill(cur, p)) { sent++; sendFrom(cur, p, sig); }
  }
  return found == 0 ? -ESRCH : sent > 0 ? 0 : -EPERM;
}
