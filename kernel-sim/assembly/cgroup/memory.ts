// mm/memcontrol.c, mm/memcontrol-v1.c, mm/page_counter.c, mm/oom_kill.c:
// memory charged to a cgroup and the OOM killer.
//
// A task's allocation (the simulated alloc call) is charged, page-rounded,
// to its memory cgroup and every ancestor (use_hierarchy is always 1). A
// charge that would pass some level's limit is a failcnt and a "max" event
// there, then an OOM in that cgroup: the task with the most memory in its
// subtree (the later one on a tie, as oom_evaluate_task() keeps the last of
// equals; never the global init) is killed with SIGKILL and its memory
// uncharged at once (the oom reaper), and the charge is tried again.
// Charges stay where they were made when a task moves (no
// move_charge_at_immigrate). The machine's memory is a limit on the top.
//
// Differences from Linux: no page cache, reclaim, swap or kernel memory;
// a task's memory is only what it allocated here (a real process has some
// to begin with); memory is uncharged when the task is released (or
// killed by the OOM killer), not when it exits.

import { Task } from "../kernel/task";
import { machine } from "../kernel/machine";
import { sendSignalForced } from "../kernel/signal";
import { Cgroup, MemcgState, MemCharge, PAGE_SIZE, SS_MEMORY, TaskCgroups } from "./cgroup_defs";
import { descendantsPre, cgroupTasks, effectiveCss, taskCss } from "./css_set";
import { EBUSY, ENOMEM, SIGKILL } from "../include/uapi";

export function memcgCssAlloc(cg: Cgroup): MemcgState {
  return new MemcgState();
}

/** The machine's memory in bytes: the top cgroup's limit. */
function machineBytes(): i64 {
  return <i64>machine.memoryKiB << 10;
}

function limitOf(c: Cgroup): i64 {
  const m = c.memory!;
  if (!c.parent) return machineBytes();
  return m.max;
}

/** memcg_memory_event(): counted locally and at every ancestor below the top. */
function event(cg: Cgroup, which: i32): void {
  const m = cg.memory!;
  if (which == 0) m.localMax++; else if (which == 1) m.localOom++; else m.localOomKill++;
  let c: Cgroup | null = cg;
  while (c) {
    const s = c.memory;
    if (s) {
      if (which == 0) s.eventsMax++; else if (which == 1) s.eventsOom++; else s.eventsOomKill++;
    }
    c = c.parent;
  }
}

function chargeLevels(cg: Cgroup, bytes: i64): void {
  let c: Cgroup | null = cg;
  while (c) {
    const m = c.memory;
    if (m) {
      m.usage += bytes;
      if (m.usage > m.watermark) m.watermark = m.usage;
    }
    c = c.parent;
  }
}

function unchargeLevels(cg: Cgroup, bytes: i64): void {
  let c: Cgroup | null = cg;
  while (c) {
    const m = c.memory;
    if (m) m.usage = m.usage > bytes ? m.usage - bytes : 0;
    c = c.parent;
  }
}

/** The task's memory: what its thread group charged (its mm's rss). */
function groupRss(t: Task): i64 {
  let sum: i64 = 0;
  const th = t.signal.threads;
  for (let i = 0; i < th.length; i++) {
    const tc = unchecked(th[i]).cgroups;
    if (!tc) continue;
    let c = tc.charges;
    while (c) { sum += c.bytes; c = c.next; }
  }
  return sum;
}

/** Every charge of t's thread group is returned (exit_mm(), or the oom reaper). */
export function memcgUnchargeGroup(t: Task): void {
  const th = t.signal.threads;
  for (let i = 0; i < th.length; i++) memcgUncharge(unchecked(th[i]));
}

export function memcgUncharge(t: Task): void {
  const tc = t.cgroups;
  if (!tc) return;
  let c = tc.charges;
  while (c) {
    unchargeLevels(c.memcg, c.bytes);
    c = c.next;
  }
  tc.charges = null;
}

/**
 * select_bad_process() + oom_kill_process() in `cg`'s subtree: the victim
 * (a live thread group's leader) or null when none can be killed.
 */
function oomKill(cg: Cgroup): Task | null {
  let chosen: Task | null = null;
  let points: i64 = -1;
  const all = descendantsPre(cg, []);
  for (let i = 0; i < all.length; i++) {
    const tasks = cgroupTasks(unchecked(all[i]), []);
    for (let j = 0; j < tasks.length; j++) {
      const t = unchecked(tasks[j]);
      // oom_unkillable_task(): the global init; the dead have nothing to free
      if (!t.alive() || !t.groupLeader.alive() && !t.isLeader()) continue;
      if (t.pid.level == 0 && unchecked(t.tgidPid().numbers[0]).nr == 1) continue;
      const p = groupRss(t);
      if (p < points) continue;
      chosen = t;
      points = p;
    }
  }
  if (!chosen) return null;
  const victim = chosen.groupLeader;
  const tc = victim.cgroups;
  if (tc) {
    const vcg = taskCss(tc, SS_MEMORY);
    if (vcg) event(vcg, 2);
  }
  memcgUnchargeGroup(victim);
  sendSignalForced(victim, SIGKILL);
  return victim;
}

/** Whether the last memcgTryCharge() killed the charging task itself. */
export let chargerKilled: bool = false;

/** try_charge(): 0 once charged (the charger may have been OOM-killed instead: chargerKilled), or -ENOMEM. */
export function memcgTryCharge(t: Task, bytesIn: i64): i32 {
  chargerKilled = false;
  const tc = t.cgroups!;
  const memcg = taskCss(tc, SS_MEMORY);
  if (!memcg) return 0;
  const bytes = (bytesIn + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
  if (bytes == 0) return 0;
  for (;;) {
    let over: Cgroup | null = null;
    let c: Cgroup | null = memcg;
    while (c) {
      const m = c.memory;
      if (m && m.usage + bytes > limitOf(c)) { over = c; break; }
      c = c.parent;
    }
    if (!over) break;
    over.memory!.failcnt++;
    event(over, 0);
    event(over, 1);
    const victim = oomKill(over);
    if (!victim) return -ENOMEM;
    if (victim.signal === t.signal) {
      chargerKilled = true;
      return 0;
    }
  }
  chargeLevels(memcg, bytes);
  const head = tc.charges;
  if (head && head.memcg === memcg) head.bytes += bytes;
  else tc.charges = new MemCharge(memcg, bytes, head);
  return 0;
}

/**
 * A new limit: v1 (memory.limit_in_bytes) refuses one below the usage
 * (EBUSY: nothing to reclaim); v2 (memory.max) takes it and OOM-kills in
 * the cgroup until the usage fits.
 */
export function memcgSetMax(cg: Cgroup, bytes: i64, v1: bool): i32 {
  const m = cg.memory!;
  if (v1) {
    if (bytes < m.usage) return -EBUSY;
    m.max = bytes;
    return 0;
  }
  m.max = bytes;
  while (m.usage > m.max) {
    event(cg, 1);
    if (!oomKill(cg)) break;
  }
  return 0;
}

/** The memory cgroup whose css `cg` uses. */
export function memcgOf(cg: Cgroup): Cgroup {
  return effectiveCss(cg, SS_MEMORY);
}

export function taskMemcg(tc: TaskCgroups): Cgroup | null {
  return taskCss(tc, SS_MEMORY);
}
