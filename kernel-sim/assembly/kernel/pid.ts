// include/linux/pid.h, kernel/pid.c: struct pid carries one number per
// PID-namespace level, from the machine's initial namespace (level 0) down
// to the namespace the task was created in (level `level`).

import { Task } from "./task";
import { PidNamespace } from "../ns/pid_namespace";
import { EAGAIN, ENOMEM, RESERVED_PIDS } from "../include/uapi";
import { allocPidStruct, freePidStruct } from "./slab";

export class Upid {
  constructor(public nr: i32, public ns: PidNamespace) {}
}

export class Pid {
  /** Invariant: numbers.length == level + 1; numbers[i].ns.level == i; numbers[i+1].ns.parent == numbers[i].ns. */
  level: i32;
  numbers: StaticArray<Upid>;
  /** The task whose thread id this is (PIDTYPE_PID); null once that task is released. */
  task: Task | null = null;
  /** Holders of this pid besides `task`: thread groups using it as pgrp or session. */
  count: i32 = 1;

  constructor(level: i32, numbers: StaticArray<Upid>) {
    this.level = level;
    this.numbers = numbers;
  }

  /** ns_of_pid(): the namespace the pid was allocated in. */
  ns(): PidNamespace {
    return unchecked(this.numbers[this.level]).ns;
  }

  get(): Pid {
    this.count++;
    return this;
  }

  /** put_pid(): on the last holder the numbers return to their namespaces. */
  put(): void {
    if (--this.count > 0) return;
    for (let i = this.level; i >= 0; i--) {
      const upid = unchecked(this.numbers[i]);
      upid.ns.idrRemove(upid.nr);
    }
    this.ns().put();
    freePidStruct(this);
  }
}

/** The errno of the last failed allocPid(). */
export let allocPidErr: i32 = 0;

/**
 * alloc_pid(): a number in `ns` and in every ancestor, each allocated
 * cyclically above the namespace's last one. Returns null and sets
 * allocPidErr (EAGAIN: a namespace is full; ENOMEM: `ns` no longer accepts
 * new tasks because its init has died — "documented behavior").
 */
export function allocPid(ns: PidNamespace): Pid | null {
  const level = ns.level;
  const pid = allocPidStruct(level, ns);
  const numbers = pid.numbers;
  let tmp: PidNamespace | null = ns;
  for (let i = level; i >= 0; i--) {
    const n = changetype<PidNamespace>(tmp);
    const nr = n.idrAllocCyclic();
    if (nr < 0) {
      freePidStruct(pid);
      allocPidErr = EAGAIN;
      return null;
    }
    const u = unchecked(numbers[i]);
    u.nr = nr;
    u.ns = n;
    tmp = n.parent;
  }
  if (!ns.adding) {
    freePidStruct(pid);
    allocPidErr = ENOMEM;
    return null;
  }
  for (let i = 0; i <= level; i++) {
    const u = unchecked(numbers[i]);
    u.ns.idrSet(u.nr, pid);
  }
  ns.count++;
  return pid;
}

/** find_pid_ns() */
export function findPidNs(nr: i32, ns: PidNamespace): Pid | null {
  return ns.idrFind(nr);
}

/** Reserved below which the cyclic allocator does not wrap once it has passed it. */
export const PID_WRAP_MIN: i32 = RESERVED_PIDS;
