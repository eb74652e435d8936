// include/linux/pid_namespace.h, kernel/pid_namespace.c: a PID namespace is
// a number space for pids plus the task that reaps its orphans.
//
// Differences from Linux: the idr is a Map; pid_max is per machine.

import { NsCommon, NS_PID, PROC_PID_INIT_INO } from "./ns_common";
import { Task } from "../kernel/task";
import { Pid, PID_WRAP_MIN } from "../kernel/pid";
import { UserNamespace } from "./user_namespace";
import { machine } from "../kernel/machine";

export class PidNamespace extends NsCommon {
  /** 0 for the machine's initial namespace; parent.level + 1 otherwise. */
  readonly level: i32;
  readonly parent: PidNamespace | null;
  /** nr -> pid */
  private idr: Map<i32, Pid> = new Map();
  /** The last number handed out (the idr cursor). */
  lastPid: i32 = 0;
  /** The namespace's init: the task with pid 1 here, while it is alive. */
  childReaper: Task | null = null;
  /**
   * Whether new pids may still be allocated here (PIDNS_ADDING): true until
   * the namespace's init exits; then fork into it fails with ENOMEM.
   */
  adding: bool = true;
  /** Tasks holding a pid here, zombies included (pid_allocated without the flag). */
  nrPids: i32 = 0;

  constructor(parent: PidNamespace | null, owner: UserNamespace) {
    super(NS_PID, owner, parent ? 0 : PROC_PID_INIT_INO);
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
    const max = machine.pidMax;
    if (this.nrPids >= max - 1) return -1;
    let nr = this.lastPid + 1;
    // Once the cursor has passed RESERVED_PIDS, wrapping restarts there (kernel/pid.c).
    const min = this.lastPid >= PID_WRAP_MIN ? PID_WRAP_MIN : 1;
    for (let tries = 0; tries < max; tries++) {
      if (nr >= max) nr = min;
      if (!this.idr.has(nr)) {
        this.lastPid = nr;
        return nr;
      }
      nr++;
    }
    return -1;
  }

  idrSet(nr: i32, pid: Pid): void {
    this.idr.set(nr, pid);
    this.nrPids++;
  }

  idrRemove(nr: i32): void {
    if (this.idr.has(nr)) {
      this.idr.delete(nr);
      this.nrPids--;
    }
  }

  idrFind(nr: i32): Pid | null {
    if (nr <= 0 || !this.idr.has(nr)) return null;
    return this.idr.get(nr);
  }

  /** All numbers in use here, ascending (the /proc listing order). */
  numbers(): i32[] {
    const keys = this.idr.keys();
    keys.sort((a: i32, b: i32): i32 => a - b);
    return keys;
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
