// kernel/cgroup/pids.c: the number of tasks (threads) a cgroup and its
// descendants may hold.
//
// A task is charged from fork (pids_can_fork()) to release (pids_release():
// zombies count) at its pids cgroup and every ancestor. fork fails with
// EAGAIN when any level would pass its pids.max; migration moves the
// charge without checking limits ("organisational operations are not
// blocked by cgroup policies"). pids.events: v1 counts the failed forks
// of the cgroup the forking task is in; v2 counts, from the cgroup whose
// limit was hit up to the top, every time the limit was hit.

import { Cgroup, PidsState, SS_PIDS, TaskCgroups } from "./cgroup_defs";
import { effectiveCss, taskCss } from "./css_set";
import { EAGAIN } from "../include/uapi";

export function pidsCssAlloc(cg: Cgroup): PidsState {
  return new PidsState();
}

/** pids_charge(): `n` more at `cg`'s pids css and every ancestor's. */
export function pidsCharge(cg: Cgroup, n: i64): void {
  let c: Cgroup | null = effectiveCss(cg, SS_PIDS);
  while (c) {
    const p = c.pids;
    if (p) {
      p.counter += n;
      if (p.counter > p.watermark) p.watermark = p.counter;
    }
    c = c.parent;
  }
}

/** pids_uncharge() */
export function pidsUncharge(cg: Cgroup, n: i64): void {
  let c: Cgroup | null = effectiveCss(cg, SS_PIDS);
  while (c) {
    const p = c.pids;
    if (p && p.counter >= n) p.counter -= n;
    c = c.parent;
  }
}

/** pids_can_fork(): charge one task for the fork, or -EAGAIN with nothing charged and the event counted. */
export function pidsCanFork(tc: TaskCgroups): i32 {
  const forking = taskCss(tc, SS_PIDS);
  if (!forking) return 0;
  // pids_try_charge(): the first level whose limit would be passed stops it
  let c: Cgroup | null = forking;
  let over: Cgroup | null = null;
  while (c) {
    const p = c.pids;
    if (p && p.counter + 1 > p.limit) { over = c; break; }
    c = c.parent;
  }
  if (!over) {
    pidsCharge(forking, 1);
    return 0;
  }
  forking.pids!.forkFail++;
  if (forking.root.isDfl()) {
    over.pids!.eventsLocalMax++;
    let a: Cgroup | null = over;
    while (a && a.parent) {
      const p = a.pids;
      if (p) p.eventsMax++;
      a = a.parent;
    }
  }
  return -EAGAIN;
}

/** The number of tasks charged to `cg`'s subtree, recounted when its css is made on cgroup2. */
export function pidsRecount(cg: Cgroup, tasks: i64): void {
  const p = cg.pids;
  if (p) {
    p.counter = tasks;
    if (tasks > p.watermark) p.watermark = tasks;
  }
}
