// kernel/cgroup/cpuset.c, cpuset-v1.c, kernel/sched/core.c
// (sched_setaffinity(), __set_cpus_allowed_ptr()): which CPUs a task may
// run on.
//
// Rules modelled: cpulist_parse() gives ERANGE for a CPU past nr_cpu_ids
// (the machine's CPUs), EINVAL for bad syntax. v1: a cpuset must be a
// subset of its parent (EACCES) and a superset of its children (EBUSY);
// a populated cpuset cannot be emptied and an empty one cannot take
// tasks (ENOSPC); effective == configured. v2: any CPUs may be asked
// for; effective = asked ∩ parent's effective, or the parent's when that
// is empty. A task's mask is its cpuset's effective CPUs intersected with
// what sched_setaffinity() asked for (user_cpus_ptr) when they meet.
//
// Differences from Linux: one memory node (0); no partitions, exclusive
// CPUs or hotplug; masks of at most 64 CPUs.

import { Task } from "../kernel/task";
import { machine, allCpus } from "../kernel/machine";
import { Cgroup, CpusetState, SS_CPUSET, TaskCgroups } from "./cgroup_defs";
import { cgroupTasks, descendantsPre, effectiveCss, isPopulated, taskCss } from "./css_set";
import { parseList, parsedMask, parsedBeyond64, strstrip } from "./cpulist";
import { EACCES, EBUSY, EINVAL, ENOSPC } from "../include/uapi";

/** MAX_NUMNODES on this kernel's config */
export const MAX_NUMNODES: i32 = 1024;
/** The machine's memory nodes (node 0 only). */
export const ALL_MEMS: u64 = 1;

function isV1(cg: Cgroup): bool {
  return !cg.root.isDfl();
}

/** The css made for `cg` when it gets cpuset (cpuset_css_alloc() + cpuset_css_online()). */
export function cpusetCssAlloc(cg: Cgroup): CpusetState {
  const cs = new CpusetState();
  const p = cg.parent;
  if (!p) {
    cs.cpus = allCpus();
    cs.mems = ALL_MEMS;
    cs.effectiveCpus = cs.cpus;
    cs.effectiveMems = cs.mems;
    return cs;
  }
  const pcs = effectiveCss(p, SS_CPUSET).cpuset!;
  if (isV1(cg)) {
    // a new v1 cpuset is empty unless the parent has cgroup.clone_children
    if (p.cloneChildren) {
      cs.cpus = pcs.cpus;
      cs.mems = pcs.mems;
    }
    cs.effectiveCpus = cs.cpus;
    cs.effectiveMems = cs.mems;
  } else {
    cs.effectiveCpus = pcs.effectiveCpus;
    cs.effectiveMems = pcs.effectiveMems;
  }
  return cs;
}

/** The CPUs a task in cpuset `cs` gets, given what it asked for. */
function cpusFor(cs: CpusetState, userCpus: u64): u64 {
  if (userCpus) {
    const both = userCpus & cs.effectiveCpus;
    if (both) return both;
  }
  return cs.effectiveCpus;
}

/** The cpuset state a task uses. */
export function taskCpuset(tc: TaskCgroups): CpusetState | null {
  const cg = taskCss(tc, SS_CPUSET);
  return cg ? cg.cpuset : null;
}

/** cpuset_can_attach(): v1 refuses tasks into a cpuset without CPUs or memory nodes. */
export function cpusetCanAttach(dst: Cgroup): i32 {
  const cs = effectiveCss(dst, SS_CPUSET).cpuset!;
  if (isV1(dst) && (cs.effectiveCpus == 0 || cs.effectiveMems == 0)) return -ENOSPC;
  return 0;
}

/** cpuset_attach_task(): the task's mask follows its new cpuset. */
export function cpusetAttachTask(tc: TaskCgroups): void {
  const cs = taskCpuset(tc);
  if (cs) tc.task.cpusAllowed = cpusFor(cs, tc.userCpus);
}

/** update_tasks_cpumask(): every task whose cpuset is `cg` gets its new mask. */
function updateTasks(cg: Cgroup): void {
  const tasks = cgroupTasks(cg, []);
  for (let i = 0; i < tasks.length; i++) {
    const tc = unchecked(tasks[i]).cgroups;
    if (tc) cpusetAttachTask(tc);
  }
}

/** update_cpumasks_hier(): v2 effective masks below `cg` recomputed, tasks updated. */
function propagate(cg: Cgroup): void {
  const all = descendantsPre(cg, []);
  for (let i = 0; i < all.length; i++) {
    const c = unchecked(all[i]);
    const cs = c.cpuset;
    if (cs && c.parent && !isV1(c)) {
      const p = effectiveCss(c.parent!, SS_CPUSET).cpuset!;
      const e = cs.cpus & p.effectiveCpus;
      cs.effectiveCpus = e ? e : p.effectiveCpus;
      const m = cs.mems & p.effectiveMems;
      cs.effectiveMems = m ? m : p.effectiveMems;
    }
    updateTasks(c);
  }
}

/**
 * A write to cpuset.cpus (mems == false) or cpuset.mems: bytes taken or
 * -errno (update_cpumask(), update_nodemask(), validate_change()).
 */
export function cpusetWriteMask(cg: Cgroup, text: string, mems: bool): i32 {
  const cs = cg.cpuset!;
  // the top cpuset's masks are the machine's
  if (!cg.parent) return -EACCES;
  const buf = strstrip(text);
  let trial: u64 = 0;
  if (buf.length > 0) {
    const err = parseList(buf, mems ? MAX_NUMNODES : machine.cpus);
    if (err < 0) return err;
    trial = parsedMask;
    // not a subset of the top cpuset's (node 1000 exists in the list but not here)
    if (parsedBeyond64 || (trial & ~(mems ? ALL_MEMS : allCpus()))) return -EINVAL;
  }
  const cur = mems ? cs.mems : cs.cpus;
  if (trial == cur) return text.length;
  if (isV1(cg)) {
    // cpuset1_validate_change(): children within us, us within the parent
    const kids = cg.children.values();
    for (let i = 0; i < kids.length; i++) {
      const k = unchecked(kids[i]).cpuset!;
      if ((mems ? k.mems : k.cpus) & ~trial) return -EBUSY;
    }
    const p = cg.parent!.cpuset!;
    if (trial & ~(mems ? p.mems : p.cpus)) return -EACCES;
    // tasks (existing or arriving) cannot be left without CPUs or nodes
    if (isPopulated(cg) && cur != 0 && trial == 0) return -ENOSPC;
  }
  if (mems) cs.mems = trial; else cs.cpus = trial;
  if (isV1(cg)) {
    cs.effectiveCpus = cs.cpus;
    cs.effectiveMems = cs.mems;
  }
  propagate(cg);
  return text.length;
}

/**
 * sched_setaffinity(): the new mask is what was asked ∩ the cpuset's
 * CPUs; EINVAL when they do not meet. The request is kept (user_cpus_ptr)
 * so that a later cpuset change intersects with it again.
 */
export function schedSetaffinity(t: Task, mask: u64): i32 {
  const tc = t.cgroups;
  if (!tc) return -EINVAL;
  const cs = taskCpuset(tc);
  const allowed = cs ? cs.effectiveCpus : allCpus();
  const want = mask & allowed;
  if (want == 0) return -EINVAL;
  tc.userCpus = mask;
  t.cpusAllowed = want;
  return 0;
}
