// kernel/sched/core.c (sched_setaffinity(2), sched_getaffinity(2)) and the
// simulated memory allocation: the calls the cgroup controllers answer.
//
// Masks cross the ABI as CPU lists ("0,2,4,6", what taskset -c takes);
// bits past the machine's CPUs are ignored, as the kernel ignores CPUs
// that are not online.

import { Task } from "../kernel/task";
import { machine } from "../kernel/machine";
import { cpumaskList } from "../fs/proc/array";
import { parseList, parsedMask, strstrip } from "./cpulist";
import { schedSetaffinity } from "./cpuset";
import { memcgTryCharge } from "./memory";
import { taskCgroups } from "./cgroup";
import { EINVAL, ESRCH } from "../include/uapi";

/** CPU_SETSIZE: the bits glibc's cpu_set_t has */
const CPU_SETSIZE: i32 = 1024;

/** The task `pid` names in t's PID namespace (0: t itself), or null. */
function findTask(t: Task, pid: i32): Task | null {
  if (pid < 0) return null;
  if (pid == 0) return t;
  const p = t.activePidNs().idrFind(pid);
  return p ? p.task : null;
}

/** sched_setaffinity(pid, cpus): 0 or -errno (ESRCH, EINVAL for a list that meets none of the allowed CPUs). */
export function sysSchedSetaffinity(t: Task, pid: i32, cpus: string): i32 {
  if (pid < 0) return -EINVAL;
  const p = findTask(t, pid);
  if (!p || !p.alive()) return -ESRCH;
  if (parseList(strstrip(cpus), CPU_SETSIZE) < 0) return -EINVAL;
  taskCgroups(p);
  return schedSetaffinity(p, parsedMask);
}

export let affinityErr: i32 = 0;

/** sched_getaffinity(pid): the mask as a CPU list, "" with affinityErr set. */
export function sysSchedGetaffinity(t: Task, pid: i32): string {
  affinityErr = 0;
  if (pid < 0) { affinityErr = EINVAL; return ""; }
  const p = findTask(t, pid);
  if (!p) { affinityErr = ESRCH; return ""; }
  return cpumaskList(p.cpusAllowed, machine.cpus);
}

/**
 * alloc(bytes): the caller maps and touches that much memory, charged to
 * its memory cgroup. 0 — also when the OOM killer chose the caller, which
 * is then dead (as a real task killed in its own call) — or -ENOMEM.
 */
export function sysAlloc(t: Task, bytes: f64): i32 {
  if (!(bytes >= 0) || bytes > 70368744177664.0 || Math.floor(bytes) != bytes) return -EINVAL;
  taskCgroups(t);
  return memcgTryCharge(t, <i64>bytes);
}
