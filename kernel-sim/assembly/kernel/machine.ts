// The machine: its configuration, its first namespaces and every task by
// its PID in the initial PID namespace (the handle user space gives us).
import { Task } from "./task";
import { PidNamespace } from "../ns/pid_namespace";

export const CGROUP_V1: i32 = 1;
export const CGROUP_V2: i32 = 2;
export const CGROUP_HYBRID: i32 = 3;

export class Machine {
  cpus: i32 = 8;
  memoryKiB: i32 = 4194304;
  cgroupMode: i32 = CGROUP_V2;
  /** deepest PID-namespace level that may be created (MAX_PID_NS_LEVEL on a bare machine) */
  maxPidLevel: i32 = 32;
  /** The initial PID namespace: its pids name every task (TaskRef). */
  rootPidNs: PidNamespace | null = null;
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
  const ns = machine.rootPidNs;
  if (!ns) return null;
  const pid = ns.idrFind(ref);
  return pid ? pid.task : null;
}

/** Every task not yet released (zombies included), in pid order of the initial namespace. */
export function allTasks(): Task[] {
  const out: Task[] = [];
  const ns = machine.rootPidNs;
  if (!ns) return out;
  const nrs = ns.numbers();
  for (let i = 0; i < nrs.length; i++) {
    const pid = ns.idrFind(unchecked(nrs[i]));
    if (pid && pid.task) out.push(pid.task!);
  }
  return out;
}

/** All CPUs of the machine as an affinity mask. */
export function allCpus(): u64 {
  const n = machine.cpus;
  return n >= 64 ? <u64>-1 : ((<u64>1 << <u64>n) - 1);
}
