// kernel/cgroup/cgroup.c (find_css_set(), css_set_move_task(), put_css_set()):
// the machine's hierarchies and its css_sets.
//
// Moving a task is constant-time: the target set is found by its key (one
// cgroup id per hierarchy, at most 10 of them) and the task changes lists
// in O(1).

import { Task } from "../kernel/task";
import { Cgroup, CgroupRoot, CssSet, TaskCgroups, SS_COUNT } from "./cgroup_defs";

/** Every hierarchy, by slot: slot 0 is cgroup2 (cgrp_dfl_root), always present. */
export let hierarchies: CgroupRoot[] = [];
/** The set every cgroup top makes (init_css_set). */
export let initCssSet: CssSet | null = null;
/** Whether /proc/T/cgroup shows the "0::" line (cgrp_dfl_visible: cgroup2 was mounted once). */
export let dflVisible: bool = false;
/** The hierarchy each controller is bound to (cgroup_subsys->root), by subsystem id. */
export let ssRoot: StaticArray<CgroupRoot | null> = new StaticArray<CgroupRoot | null>(SS_COUNT);

let cssSetTable: Map<string, CssSet> = new Map();

export function cssSetReset(roots: CgroupRoot[], dfl: bool): void {
  hierarchies = roots;
  ssRoot = new StaticArray<CgroupRoot | null>(SS_COUNT);
  for (let i = 0; i < roots.length; i++) {
    const r = unchecked(roots[i]);
    for (let ss = 0; ss < SS_COUNT; ss++) if (r.subsysMask & (1 << ss)) ssRoot[ss] = r;
  }
  cssSetTable = new Map();
  dflVisible = dfl;
  const tops = new StaticArray<Cgroup>(roots.length);
  for (let i = 0; i < roots.length; i++) tops[i] = unchecked(roots[i]).cgrp;
  initCssSet = findCssSet(tops);
}

export function setDflVisible(): void {
  dflVisible = true;
}

function keyOf(cgrps: StaticArray<Cgroup>): string {
  let k = "";
  for (let i = 0; i < cgrps.length; i++) k += unchecked(cgrps[i]).id.toString() + ",";
  return k;
}

/** find_css_set(): the set with exactly these cgroups, made and linked to each of them if new. */
export function findCssSet(cgrps: StaticArray<Cgroup>): CssSet {
  const key = keyOf(cgrps);
  if (cssSetTable.has(key)) return cssSetTable.get(key);
  const cset = new CssSet(cgrps, key);
  cssSetTable.set(key, cset);
  // link_css_set(): cgroups list their sets in chronological order
  for (let i = 0; i < cgrps.length; i++) cset.linkTo(i);
  return cset;
}

/** The set like `from` but with `cgrp` in its hierarchy. */
export function findCssSetWith(from: CssSet, cgrp: Cgroup): CssSet {
  const slot = cgrp.root.slot;
  if (unchecked(from.cgrps[slot]) === cgrp) return from;
  const n = new StaticArray<Cgroup>(from.cgrps.length);
  for (let i = 0; i < n.length; i++) n[i] = unchecked(from.cgrps[i]);
  n[slot] = cgrp;
  return findCssSet(n);
}

export function getCssSet(cset: CssSet): CssSet {
  cset.refcount++;
  return cset;
}

/** put_css_set(): the last reference unlinks the set from its cgroups. */
export function putCssSet(cset: CssSet): void {
  if (--cset.refcount > 0) return;
  cssSetTable.delete(cset.key);
  for (let i = 0; i < cset.cgrps.length; i++) cset.unlinkFrom(i);
}

/** css_set_move_task(): the task leaves its set's list (if any) for the tail of `to`'s; references follow. */
export function cssSetMoveTask(tc: TaskCgroups, to: CssSet): void {
  const from = tc.cset;
  if (from === to) {
    // a move to the same set still goes to the tail (list_move_tail)
    from.unlink(tc);
    from.addTail(tc);
    return;
  }
  getCssSet(to);
  from.unlink(tc);
  to.addTail(tc);
  tc.cset = to;
  putCssSet(from);
}

/** A new task joins `cset` at the tail of its list. */
export function cssSetAddTask(t: Task, cset: CssSet): TaskCgroups {
  const tc = new TaskCgroups(t, getCssSet(cset));
  cset.addTail(tc);
  return tc;
}

/** The task's cgroup in `root`'s hierarchy. */
export function taskCgroup(tc: TaskCgroups, root: CgroupRoot): Cgroup {
  return unchecked(tc.cset.cgrps[root.slot]);
}

export function cssSetCount(): i32 {
  return cssSetTable.size;
}

/** task_css(): the cgroup whose css of `ss` the task uses (the nearest with one on cgroup2); null if `ss` is bound nowhere. */
export function taskCss(tc: TaskCgroups, ss: i32): Cgroup | null {
  const root = unchecked(ssRoot[ss]);
  if (!root) return null;
  return effectiveCss(unchecked(tc.cset.cgrps[root.slot]), ss);
}

/** cgroup_e_css(): `cg` itself if it has the css of `ss`, else its nearest ancestor that does. */
export function effectiveCss(cg: Cgroup, ss: i32): Cgroup {
  let c: Cgroup = cg;
  while (c.parent && !(c.cssMask() & (1 << ss))) c = c.parent!;
  return c;
}

/** The tasks of `cg` itself (released ones are never there), in css_task_iter order: set by set, each in list order. */
export function cgroupTasks(cg: Cgroup, out: Task[]): Task[] {
  const slot = cg.root.slot;
  let cs: CssSet | null = cg.csetHead;
  while (cs) {
    let tc = cs.head;
    while (tc) {
      out.push(tc.task);
      tc = tc.next;
    }
    cs = unchecked(cs.next[slot]);
  }
  return out;
}

/** `cg` and every cgroup below it, parents first, children in creation order (css_for_each_descendant_pre()). */
export function descendantsPre(cg: Cgroup, out: Cgroup[]): Cgroup[] {
  out.push(cg);
  const kids = cg.children.values();
  for (let i = 0; i < kids.length; i++) descendantsPre(unchecked(kids[i]), out);
  return out;
}

/** The tasks of `cg` and below, cgroup by cgroup in pre-order. */
export function subtreeTasks(cg: Cgroup): Task[] {
  const out: Task[] = [];
  const all = descendantsPre(cg, []);
  for (let i = 0; i < all.length; i++) cgroupTasks(unchecked(all[i]), out);
  return out;
}

/** cgroup_is_populated(): a live task in `cg` or below. */
export function isPopulated(cg: Cgroup): bool {
  if (hasTasks(cg)) return true;
  const kids = cg.children.values();
  for (let i = 0; i < kids.length; i++) if (isPopulated(unchecked(kids[i]))) return true;
  return false;
}

/** cgroup_has_tasks(): a live task in `cg` itself. */
export function hasTasks(cg: Cgroup): bool {
  const slot = cg.root.slot;
  let cs: CssSet | null = cg.csetHead;
  while (cs) {
    let tc = cs.head;
    while (tc) {
      if (tc.task.alive()) return true;
      tc = tc.next;
    }
    cs = unchecked(cs.next[slot]);
  }
  return false;
}
