// The cgroup model's invariants, for the debug build's kernel_check():
// "" while they hold, else what broke.
//
// - every task not yet released is on the task list of its css_set, once;
// - a css_set's reference count covers its tasks (plus the cgroup
//   namespaces rooted at it);
// - pids.current of a cgroup == the tasks (zombies included) in its subtree.

import { allTasks } from "../kernel/machine";
import { Cgroup, CssSet, TaskCgroups } from "./cgroup_defs";
import { hierarchies, descendantsPre, cgroupTasks } from "./css_set";

function onList(tc: TaskCgroups): bool {
  let x = tc.cset.head;
  while (x) {
    if (x === tc) return true;
    x = x.next;
  }
  return false;
}

function subtreeCount(cg: Cgroup): i64 {
  const all = descendantsPre(cg, []);
  let n: i64 = 0;
  for (let i = 0; i < all.length; i++) n += cgroupTasks(unchecked(all[i]), []).length;
  return n;
}

export function cgroupCheck(): string {
  if (hierarchies.length == 0) return "";
  const tasks = allTasks();
  const seen = new Map<CssSet, i32>();
  for (let i = 0; i < tasks.length; i++) {
    const t = unchecked(tasks[i]);
    const tc = t.cgroups;
    if (!tc) continue; // not met by the cgroup code yet: in the top cgroups
    const ref = unchecked(t.pid.numbers[0]).nr.toString();
    if (tc.task !== t) return "task " + ref + ": cgroups of another task";
    if (!onList(tc)) return "task " + ref + ": not on its css_set's list";
    seen.set(tc.cset, (seen.has(tc.cset) ? seen.get(tc.cset) : 0) + 1);
  }
  const sets = seen.keys();
  for (let i = 0; i < sets.length; i++) {
    const cs = unchecked(sets[i]);
    const n = seen.get(cs);
    if (n > cs.refcount) return "css_set " + cs.key + ": refcount " + cs.refcount.toString() + " < tasks " + n.toString();
  }
  for (let h = 0; h < hierarchies.length; h++) {
    const all = descendantsPre(unchecked(hierarchies[h]).cgrp, []);
    for (let i = 0; i < all.length; i++) {
      const cg = unchecked(all[i]);
      const p = cg.pids;
      if (p && cg.parent && p.counter != subtreeCount(cg)) {
        return "pids.current of " + cg.path() + " is " + p.counter.toString() + ", its subtree has " + subtreeCount(cg).toString() + " tasks";
      }
    }
  }
  return "";
}
