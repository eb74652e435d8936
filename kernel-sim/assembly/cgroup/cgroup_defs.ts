// include/linux/cgroup-defs.h: hierarchies (struct cgroup_root), cgroups,
// css_sets, and the state each controller keeps per cgroup.
//
// Differences from Linux: a controller's state (its css) is a field of the
// cgroup, made when the controller is bound to the hierarchy (v1) or
// enabled by the parent's cgroup.subtree_control (v2); a cgroup whose css
// is not there uses its nearest ancestor's (cgroup_e_css()). No dying
// csses: rmdir removes a cgroup at once.

import { Task } from "../kernel/task";

/** Subsystem ids, in the order of include/linux/cgroup_subsys.h (this kernel's config). */
export const SS_CPUSET: i32 = 0;
export const SS_CPU: i32 = 1;
export const SS_CPUACCT: i32 = 2;
export const SS_IO: i32 = 3;
export const SS_MEMORY: i32 = 4;
export const SS_DEVICES: i32 = 5;
export const SS_FREEZER: i32 = 6;
export const SS_NET_CLS: i32 = 7;
export const SS_PERF_EVENT: i32 = 8;
export const SS_NET_PRIO: i32 = 9;
export const SS_HUGETLB: i32 = 10;
export const SS_PIDS: i32 = 11;
export const SS_COUNT: i32 = 12;

/** ss->name (cgroup v2) */
export const SS_NAMES: string[] = ["cpuset", "cpu", "cpuacct", "io", "memory", "devices", "freezer", "net_cls",
  "perf_event", "net_prio", "hugetlb", "pids"];
/** ss->legacy_name (cgroup v1: mount options, /proc/T/cgroup) */
export const SS_LEGACY_NAMES: string[] = ["cpuset", "cpu", "cpuacct", "blkio", "memory", "devices", "freezer",
  "net_cls", "perf_event", "net_prio", "hugetlb", "pids"];

/** v1-only controllers: no files on cgroup2 (cgrp_dfl_inhibit_ss_mask). */
export const DFL_INHIBIT_MASK: u32 = (1 << SS_CPUACCT) | (1 << SS_DEVICES) | (1 << SS_FREEZER) | (1 << SS_NET_CLS) | (1 << SS_NET_PRIO);
/** Enabled everywhere on cgroup2 without being listed (cgrp_dfl_implicit_ss_mask). */
export const DFL_IMPLICIT_MASK: u32 = 1 << SS_PERF_EVENT;
export const SS_ALL_MASK: u32 = (1 << SS_COUNT) - 1;

/** ERANGE (not yet in include/uapi) */
export const ERANGE: i32 = 34;

export const PAGE_SIZE: i64 = 4096;
/** PAGE_COUNTER_MAX in bytes: LONG_MAX / PAGE_SIZE pages (what "-1" sets and v1 prints). */
export const PAGE_COUNTER_MAX_BYTES: i64 = (i64.MAX_VALUE / PAGE_SIZE) * PAGE_SIZE;
/** PIDS_MAX: PID_MAX_LIMIT + 1, shown as "max". */
export const PIDS_MAX: i64 = 4194304 + 1;

/** struct cpuset, reduced to the masks (one bit per CPU / memory node). */
export class CpusetState {
  /** cpuset.cpus as written; v1: what tasks get; v2: a request ("" = the parent's) */
  cpus: u64 = 0;
  mems: u64 = 0;
  /** Invariant: v1: == cpus; v2: cpus ∩ parent's effective, or the parent's effective when that is empty. */
  effectiveCpus: u64 = 0;
  effectiveMems: u64 = 0;
}

/** struct pids_cgroup */
export class PidsState {
  /** tasks (threads, zombies included) in this cgroup and below, from fork to release */
  counter: i64 = 0;
  limit: i64 = PIDS_MAX;
  watermark: i64 = 0;
  /** v2 "max": the limit of this cgroup or below was hit (hierarchical) */
  eventsMax: i64 = 0;
  /** v2 pids.events.local "max": this cgroup's own limit was hit */
  eventsLocalMax: i64 = 0;
  /** v1 "max": forks that failed in this cgroup (whatever limit stopped them) */
  forkFail: i64 = 0;
}

/** struct mem_cgroup, reduced to one page counter and its events. */
export class MemcgState {
  /** bytes charged here and below (page-aligned) */
  usage: i64 = 0;
  max: i64 = PAGE_COUNTER_MAX_BYTES;
  watermark: i64 = 0;
  /** v1 memory.failcnt: charges that hit the limit */
  failcnt: i64 = 0;
  /** MEMCG_MAX, MEMCG_OOM, MEMCG_OOM_KILL: hierarchical (memory.events) and local */
  eventsMax: i64 = 0;
  eventsOom: i64 = 0;
  eventsOomKill: i64 = 0;
  localMax: i64 = 0;
  localOom: i64 = 0;
  localOomKill: i64 = 0;
  oomGroup: bool = false;
}

/** struct task_group's bandwidth and weight, stored and shown only (no scheduler). */
export class CpuState {
  /** v1 cpu.shares (2..262144); v2 cpu.weight = shares * 100 / 1024 */
  shares: i64 = 1024;
  weight: i64 = 100;
  /** cfs_quota_us, -1 = unlimited */
  quotaUs: i64 = -1;
  periodUs: i64 = 100000;
  burstUs: i64 = 0;
  idle: i64 = 0;
}

/** struct cgroup_root: one hierarchy. */
export class CgroupRoot {
  /** the top cgroup; its parent is null */
  cgrp!: Cgroup;
  constructor(
    /** hierarchy_id: 0 for cgroup2, 1.. for v1 hierarchies (/proc/T/cgroup's first field) */
    public hierarchyId: i32,
    /** index into every css_set's cgroups */
    public slot: i32,
    /** controllers bound to it (v1), or those available to cgroup2 */
    public subsysMask: u32,
    /** "name=" of a named v1 hierarchy ("systemd"), else "" */
    public name: string,
    /** the directory it is mounted on below /sys/fs/cgroup ("" for cgroup2 alone) */
    public dir: string,
  ) {
    this.cgrp = new Cgroup(this, null, "");
  }

  isDfl(): bool {
    return this.hierarchyId == 0;
  }
}

let nextCgroupId: i32 = 1;

export function cgroupIdReset(): void {
  nextCgroupId = 1;
}

/** struct cgroup */
export class Cgroup {
  id: i32;
  level: i32;
  children: Map<string, Cgroup> = new Map();
  /** css_sets that hold this cgroup, in the order they were linked (cgrp->cset_links): a list through CssSet.next[slot] */
  csetHead: CssSet | null = null;
  csetTail: CssSet | null = null;
  /** rmdir'ed: no longer in its parent's children */
  dead: bool = false;
  /** v2: controllers enabled for the children (cgroup.subtree_control) */
  subtreeControl: u32 = 0;
  /** live cgroups below */
  nrDescendants: i32 = 0;
  /** cgroup.max.descendants / cgroup.max.depth; i32.MAX_VALUE = "max" */
  maxDescendants: i32 = i32.MAX_VALUE;
  maxDepth: i32 = i32.MAX_VALUE;
  /** v1 cgroup.clone_children, notify_on_release */
  cloneChildren: bool = false;
  notifyOnRelease: bool = false;
  /** controller state where this cgroup has the css; null otherwise */
  cpuset: CpusetState | null = null;
  pids: PidsState | null = null;
  memory: MemcgState | null = null;
  cpu: CpuState | null = null;

  constructor(public root: CgroupRoot, public parent: Cgroup | null, public name: string) {
    this.id = nextCgroupId++;
    this.level = parent ? parent.level + 1 : 0;
  }

  /** Whether this cgroup is `anc` or below it (cgroup_is_descendant()). */
  isDescendantOf(anc: Cgroup): bool {
    let c: Cgroup | null = this;
    while (c) {
      if (c === anc) return true;
      c = c.parent;
    }
    return false;
  }

  /** The path from the hierarchy's top ("/" for the top). */
  path(): string {
    if (!this.parent) return "/";
    let out = "";
    let c: Cgroup | null = this;
    while (c && c.parent) {
      out = "/" + c.name + out;
      c = c.parent;
    }
    return out;
  }

  /** Controllers whose css this cgroup has: v1 all of the hierarchy's; v2 the parent's subtree_control (all at the top). */
  cssMask(): u32 {
    const p = this.parent;
    if (!this.root.isDfl() || !p) return this.root.subsysMask;
    return p.subtreeControl;
  }

  /** cgroup.controllers: what may be enabled in subtree_control (cgroup_control()). */
  control(): u32 {
    const p = this.parent;
    if (p) return p.subtreeControl;
    if (this.root.isDfl()) return this.root.subsysMask & ~(DFL_INHIBIT_MASK | DFL_IMPLICIT_MASK);
    return this.root.subsysMask;
  }
}

/** Bytes a task charged to one memory cgroup. */
export class MemCharge {
  constructor(public memcg: Cgroup, public bytes: i64, public next: MemCharge | null) {}
}

/**
 * The cgroup-related part of a task: task->cgroups (its css_set), its
 * place in the set's task list (cg_list), user_cpus_ptr, and the memory it
 * has charged (a stand-in for its mm's pages).
 */
export class TaskCgroups {
  prev: TaskCgroups | null = null;
  next: TaskCgroups | null = null;
  /** sched_setaffinity()'s requested mask (user_cpus_ptr); 0 when never set */
  userCpus: u64 = 0;
  /** memory this task charged, newest memory cgroup first (pages stay charged where they were charged) */
  charges: MemCharge | null = null;
  constructor(public task: Task, public cset: CssSet) {}
}

/**
 * struct css_set: one cgroup per hierarchy, shared by every task that has
 * the same cgroups. Looked up by its cgroups (find_css_set()).
 * Invariant: refcount == tasks on the list + cgroup namespaces rooted here;
 * a set with refcount 0 is unlinked from its cgroups and forgotten.
 */
export class CssSet {
  refcount: i32 = 0;
  head: TaskCgroups | null = null;
  tail: TaskCgroups | null = null;
  /** neighbours in each of its cgroups' lists of sets, by hierarchy slot */
  prev: StaticArray<CssSet | null>;
  next: StaticArray<CssSet | null>;
  constructor(public cgrps: StaticArray<Cgroup>, public key: string) {
    this.prev = new StaticArray<CssSet | null>(cgrps.length);
    this.next = new StaticArray<CssSet | null>(cgrps.length);
  }

  /** link_css_set() for one hierarchy: at the tail of its cgroup's list. */
  linkTo(slot: i32): void {
    const cg = unchecked(this.cgrps[slot]);
    const t = cg.csetTail;
    this.prev[slot] = t;
    this.next[slot] = null;
    if (t) t.next[slot] = this; else cg.csetHead = this;
    cg.csetTail = this;
  }

  unlinkFrom(slot: i32): void {
    const cg = unchecked(this.cgrps[slot]);
    const p = unchecked(this.prev[slot]), n = unchecked(this.next[slot]);
    if (p) p.next[slot] = n; else cg.csetHead = n;
    if (n) n.prev[slot] = p; else cg.csetTail = p;
    this.prev[slot] = null;
    this.next[slot] = null;
  }

  addTail(tc: TaskCgroups): void {
    tc.prev = this.tail;
    tc.next = null;
    if (this.tail) this.tail!.next = tc;
    else this.head = tc;
    this.tail = tc;
  }

  unlink(tc: TaskCgroups): void {
    const p = tc.prev, n = tc.next;
    if (p) p.next = n; else this.head = n;
    if (n) n.prev = p; else this.tail = p;
    tc.prev = null;
    tc.next = null;
  }
}
