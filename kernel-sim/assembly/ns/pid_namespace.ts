// include/linux/pid_namespace.h, kernel/pid_namespace.c: a PID namespace is
// a number space for pids plus the task that reaps its orphans.
//
// Differences from Linux: the idr is an array indexed by pid number (pids
// are handed out cyclically from the bottom, so it stays dense).

import { NsCommon, NS_PID, PROC_PID_INIT_INO } from "./ns_common";
import { Task } from "../kernel/task";
import { Pid, PID_WRAP_MIN } from "../kernel/pid";
import { UserNamespace } from "./user_namespace";
import { PID_MAX_LIMIT } from "../include/uapi";

export class PidNamespace extends NsCommon {
  /** 0 for the machine's initial namespace; parent.level + 1 otherwise. */
  readonly level: i32;
  readonly parent: PidNamespace | null;
  /** idr[nr] is the pid numbered nr here, or null; Invariant: nrPids counts the non-null slots. */
  private idr: Array<Pid | null> = [];
  /** The last number handed out (the idr cursor). */
  lastPid: i32 = 0;
  /** The namespace's init: the task with pid 1 here, while it is alive. */
  childReaper: Task | null = null;
  /**
   * Whether new pids may still be allocated here (PIDNS_ADDING): true until
   * the namespace's init exits; then fork into it fails with ENOMEM.
   */
  adding: bool = true;
  /**
   * kernel.pid_max of this namespace (per pid namespace since Linux 6.14):
   * a new namespace starts at PID_MAX_LIMIT whatever its parent's; each
   * level of a new pid is bounded by its own namespace's value.
   */
  pidMax: i32 = PID_MAX_LIMIT;
  /** Tasks holding a pid here, zombies included (pid_allocated without the flag). */
  nrPids: i32 = 0;
  /**
   * The dying init, while it sleeps in zap_pid_ns_processes() until the
   * namespace's last other pid is gone (a zombie whose parent is outside
   * must be reaped by that parent first); null otherwise.
   */
  zapWaiter: Task | null = null;

  constructor(parent: PidNamespace | null, owner: UserNamespace, initial: bool = false) {
    super(NS_PID, owner, initial ? PROC_PID_INIT_INO : 0);
    this.parent = parent;
    this.level = parent ? parent.level + 1 : 0;
    if (parent) parent.count++;
  }

  release(): void {
    const p = this.parent;
    if (p) p.put();
  }

  /** idr_alloc_cyclic(1 or RESERVED_PIDS, pid_max): the next free number after the cursor, moving it; -1 if full. The caller inserts it with idrSet(). */
  idrAllocCyclic(): i32 {
    const max = this.pidMax;
    if (this.nrPids >= max - 1) return -1;
    let nr = this.lastPid + 1;
    // Once the cursor has passed RESERVED_PIDS, wrapping restarts there (kernel/pid.c).
    const min = this.lastPid >= PID_WRAP_MIN ? PID_WRAP_MIN : 1;
    for (let tries = 0; tries < max; tries++) {
      if (nr >= max) nr = min;
      if (nr >= this.idr.length || unchecked(this.idr[nr]) == null) {
        this.lastPid = nr;
        return nr;
      }
      nr++;
    }
    return -1;
  }

  idrSet(nr: i32, pid: Pid): void {
    const idr = this.idr;
    while (idr.length <= nr) idr.push(null);
    unchecked(idr[nr] = pid);
    this.nrPids++;
  }

  idrRemove(nr: i32): void {
    if (nr > 0 && nr < this.idr.length && unchecked(this.idr[nr]) != null) {
      unchecked(this.idr[nr] = null);
      this.nrPids--;
    }
  }

  idrFind(nr: i32): Pid | null {
    if (nr <= 0 || nr >= this.idr.length) return null;
    return unchecked(this.idr[nr]);
  }

  /** All numbers in use here, ascending (the /proc listing order). */
  numbers(): i32[] {
    const out = new Array<i32>(0);
    const idr = this.idr;
    for (let i = 1; i < idr.length; i++) if (unchecked(idr[i]) != null) out.push(i);
    return out;
  }

  /** Whether this namespace is `ancestor` or lies below it. */
  isWithin(ancestor: PidNamespace): bool {
    let ns: PidNamespace | null = this;
    while (ns && ns.level >= ancestor.level) {
      if (ns === ancestor) return true;
      ns = ns.parent;
    }
    return false;
  }
}
