// The machine: its configuration, its first namespaces and every task by
// its PID in the initial PID namespace (the handle user space gives us).
import { Task } from "./task";
import { PID_MAX_LIMIT } from "../include/uapi";

export const CGROUP_V1: i32 = 1;
export const CGROUP_V2: i32 = 2;
export const CGROUP_HYBRID: i32 = 3;

export class Machine {
  cpus: i32 = 8;
  memoryMiB: i32 = 4096;
  cgroupMode: i32 = CGROUP_V2;
  /** deepest PID-namespace level that may be created (MAX_PID_NS_LEVEL on a bare machine) */
  maxPidLevel: i32 = 32;
  /** /proc/sys/kernel/pid_max */
  pidMax: i32 = PID_MAX_LIMIT;
  /** Every task not yet released, by its pid in the initial namespace. */
  tasks: Map<i32, Task> = new Map();
  /** machine-wide task count, for threads-max style limits and benchmarks */
  nrTasks: i32 = 0;
}

export let machine: Machine = new Machine();

export function machineReset(): Machine {
  machine = new Machine();
  return machine;
}

/** The task `ref` names, or null if none (or released). */
export function taskByRef(ref: i32): Task | null {
  if (!machine.tasks.has(ref)) return null;
  return machine.tasks.get(ref);
}

/** All CPUs of the machine as an affinity mask. */
export function allCpus(): u64 {
  const n = machine.cpus;
  return n >= 64 ? <u64>-1 : ((<u64>1 << <u64>n) - 1);
}
