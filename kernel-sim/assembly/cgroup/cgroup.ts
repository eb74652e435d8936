// kernel/cgroup/cgroup.c, cgroup-v1.c: the hierarchies of the machine's
// cgroup mode, the hooks the rest of the kernel calls, and the cgroupfs
// operations that change cgroups (mkdir, rmdir, moving tasks,
// cgroup.subtree_control).
//
// Layouts (machine.cgroupMode):
// - v2: cgroup2 alone, every controller on it (/sys/fs/cgroup).
// - v1 and hybrid: the v1 hierarchies numbered as systemd's legacy layout
//   on this kernel — 1 cpu, 2 cpuacct, 3 cpuset, 4 memory, 5 devices,
//   6 freezer, 7 blkio, 8 pids, 9 name=systemd — at /sys/fs/cgroup/<dir>;
//   hybrid adds cgroup2 (hugetlb its only controller) at
//   /sys/fs/cgroup/unified and shows the "0::" line in /proc/T/cgroup.
//
// Rules modelled: tasks inherit their parent's css_set at fork; a task is
// in its cgroups until it is released (zombies count in pids.current and
// show in /proc/T/cgroup; v1 shows "/" for an exiting task, v2 its cgroup,
// " (deleted)" once removed); rmdir of a cgroup with live tasks or
// children is EBUSY; cgroup2's no-internal-process rule (a non-root cgroup
// with controllers in subtree_control takes no tasks, one with tasks
// enables none: EBUSY); subtree_control names unknown (EINVAL) or not in
// cgroup.controllers (ENOENT), disabling one a child still enables (EBUSY);
// cgroup.max.depth / max.descendants (EAGAIN).

import { Task, pidNrNs, tgidNrNs } from "../kernel/task";
import { machine, CGROUP_V2, CGROUP_HYBRID } from "../kernel/machine";
import { sendSignalForced } from "../kernel/signal";
import { nsCapable, UserNamespace } from "../ns/user_namespace";
import { PseudoNode, setPseudoErr } from "../fs/pseudo";
import {
  Cgroup, CgroupRoot, CssSet, TaskCgroups, SS_CPUSET, SS_CPU, SS_CPUACCT, SS_IO, SS_MEMORY, SS_DEVICES, SS_FREEZER,
  SS_PIDS, SS_COUNT, SS_NAMES, SS_LEGACY_NAMES, SS_ALL_MASK, DFL_INHIBIT_MASK, cgroupIdReset,
} from "./cgroup_defs";
import {
  hierarchies, initCssSet, dflVisible, cssSetReset, setDflVisible, findCssSetWith, cssSetMoveTask, cssSetAddTask,
  putCssSet, taskCgroup, cgroupTasks, descendantsPre, isPopulated, hasTasks, taskCss, effectiveCss, ssRoot,
} from "./css_set";
import { cpusetCssAlloc, cpusetCanAttach, cpusetAttachTask } from "./cpuset";
import { pidsCssAlloc, pidsCanFork, pidsCharge, pidsUncharge, pidsRecount } from "./pids";
import { memcgCssAlloc, memcgUncharge } from "./memory";
import { CpuState } from "./cgroup_defs";
import { cgroupNsFix, cgroupPathNs, nsRootCgroup } from "./namespace";
import { CgroupDir } from "./cgroupfs";
import { cgroupFiles } from "./cftypes";
import { strstrip, parseDecimal, okNum } from "./cpulist";
import { EAGAIN, EBUSY, EEXIST, EINVAL, ENODEV, ENOENT, ENOSYS, ENOTDIR, EPERM, ESRCH } from "../include/uapi";

// ---------------------------------------------------------------- boot

function v1Root(id: i32, ss: i32, name: string, dir: string): CgroupRoot {
  return new CgroupRoot(id, id, ss >= 0 ? <u32>(1 << ss) : 0, name, dir);
}

/** The css state `cg` gets for every controller it has (cgroup_apply_control_enable()). */
function cssAllocAll(cg: Cgroup, mask: u32): void {
  if (mask & (1 << SS_CPUSET)) cg.cpuset = cpusetCssAlloc(cg);
  if (mask & (1 << SS_PIDS)) cg.pids = pidsCssAlloc(cg);
  if (mask & (1 << SS_MEMORY)) cg.memory = memcgCssAlloc(cg);
  if (mask & (1 << SS_CPU)) cg.cpu = new CpuState();
}

/** At boot: the hierarchies of the machine's cgroup mode; every task so far joins the top cgroups. */
export function cgroupInit(): void {
  cgroupIdReset();
  const roots: CgroupRoot[] = [];
  const mode = machine.cgroupMode;
  let v1Mask: u32 = 0;
  const dfl = new CgroupRoot(0, 0, 0, "", mode == CGROUP_V2 ? "" : "unified");
  roots.push(dfl);
  if (mode != CGROUP_V2) {
    roots.push(v1Root(1, SS_CPU, "", "cpu"));
    roots.push(v1Root(2, SS_CPUACCT, "", "cpuacct"));
    roots.push(v1Root(3, SS_CPUSET, "", "cpuset"));
    roots.push(v1Root(4, SS_MEMORY, "", "memory"));
    roots.push(v1Root(5, SS_DEVICES, "", "devices"));
    roots.push(v1Root(6, SS_FREEZER, "", "freezer"));
    roots.push(v1Root(7, SS_IO, "", "blkio"));
    roots.push(v1Root(8, SS_PIDS, "", "pids"));
    roots.push(v1Root(9, -1, "systemd", "systemd"));
    for (let i = 1; i < roots.length; i++) v1Mask |= unchecked(roots[i]).subsysMask;
  }
  dfl.subsysMask = SS_ALL_MASK & ~v1Mask;
  for (let i = 0; i < roots.length; i++) {
    const r = unchecked(roots[i]);
    cssAllocAll(r.cgrp, r.subsysMask);
  }
  cssSetReset(roots, mode == CGROUP_V2 || mode == CGROUP_HYBRID);
}

/** The hierarchies in the order /proc/T/cgroup lists them (newest first, cgroup2 last). */
export function cgroupRoots(): CgroupRoot[] {
  const out: CgroupRoot[] = [];
  for (let i = hierarchies.length - 1; i >= 1; i--) out.push(unchecked(hierarchies[i]));
  if (hierarchies.length > 0) out.push(unchecked(hierarchies[0]));
  return out;
}

/**
 * What the machine mounts below /sys/fs/cgroup, one line per mount:
 * "DIR FSTYPE DATA" (DIR relative to /sys/fs/cgroup, "" for itself).
 * v2: cgroup2 on /sys/fs/cgroup; otherwise a tmpfs there (mode=755) and
 * one directory per hierarchy, as systemd lays them out.
 */
export function cgroupBootMounts(): string[] {
  const out: string[] = [];
  if (machine.cgroupMode == CGROUP_V2) {
    out.push(" cgroup2 ");
    return out;
  }
  out.push(" tmpfs mode=755");
  for (let i = 1; i < hierarchies.length; i++) {
    const r = unchecked(hierarchies[i]);
    out.push(r.dir + " cgroup " + v1MountData(r));
  }
  if (machine.cgroupMode == CGROUP_HYBRID) out.push("unified cgroup2 ");
  return out;
}

/** The mount data naming a v1 hierarchy ("cpu", "none,name=systemd"). */
export function v1MountData(r: CgroupRoot): string {
  const names = ssNames(r.subsysMask, true);
  if (r.name.length > 0) return names.length > 0 ? names + ",name=" + r.name : "none,name=" + r.name;
  return names;
}

/** The options mountinfo shows after "rw," for a cgroup superblock ("cpu", "name=systemd", "" for cgroup2). */
export function cgroupSuperOptions(r: CgroupRoot): string {
  if (r.isDfl()) return "";
  const names = ssNames(r.subsysMask, true);
  if (r.name.length > 0) return names.length > 0 ? names + ",name=" + r.name : "name=" + r.name;
  return names;
}

function ssNames(mask: u32, legacy: bool): string {
  let s = "";
  for (let ss = 0; ss < SS_COUNT; ss++) {
    if (!(mask & (1 << ss))) continue;
    if (s.length > 0) s += ",";
    s += legacy ? unchecked(SS_LEGACY_NAMES[ss]) : unchecked(SS_NAMES[ss]);
  }
  return s;
}

/** cgroup_print_ss_mask(): names separated by spaces and a newline; nothing at all for none. */
export function printSsMask(mask: u32): string {
  let s = "";
  for (let ss = 0; ss < SS_COUNT; ss++) {
    if (!(mask & (1 << ss))) continue;
    if (s.length > 0) s += " ";
    s += unchecked(SS_NAMES[ss]);
  }
  return s.length > 0 ? s + "\n" : "";
}

// ---------------------------------------------------------------- task hooks

/** t's cgroups, joining the top cgroups if it has none yet (the machine's first task). */
export function taskCgroups(t: Task): TaskCgroups {
  let tc = t.cgroups;
  if (!tc) {
    tc = cssSetAddTask(t, initCssSet!);
    t.cgroups = tc;
    const nsp = t.nsproxy;
    // the initial cgroup namespace is rooted at the top cgroups
    if (nsp && !nsp.cgroup.rootCset) cgroupNsFix(t);
  }
  return tc;
}

/** cgroup_can_fork(): 0, or -errno (EAGAIN when a pids.max is reached). Nothing changes on failure. */
export function cgroupCanFork(parent: Task): i32 {
  const tc = taskCgroups(parent);
  const err = pidsCanFork(tc);
  if (err < 0) return err;
  // the charge is made in cgroupPostFork(): nothing to undo if the fork fails later
  const pidsCg = taskCss(tc, SS_PIDS);
  if (pidsCg) pidsUncharge(pidsCg, 1);
  return 0;
}

/** cgroup_post_fork(): the child joins the parent's cgroups. */
export function cgroupPostFork(parent: Task, child: Task): void {
  const ptc = taskCgroups(parent);
  cgroupNsFix(parent);
  const tc = cssSetAddTask(child, ptc.cset);
  tc.userCpus = ptc.userCpus;
  child.cgroups = tc;
  const pidsCg = taskCss(tc, SS_PIDS);
  if (pidsCg) pidsCharge(pidsCg, 1);
  // clone(CLONE_NEWCGROUP): the new namespace is rooted where the parent is
  cgroupNsFix(child);
}

/** cgroup_exit() / exit_mm(): an exiting task's memory is returned. */
export function cgroupExit(t: Task): void {
  memcgUncharge(t);
}

/** cgroup_release(): a released task leaves its cgroups. */
export function cgroupRelease(t: Task): void {
  const tc = t.cgroups;
  if (!tc) return;
  memcgUncharge(t);
  const pidsCg = taskCss(tc, SS_PIDS);
  if (pidsCg) pidsUncharge(pidsCg, 1);
  const cset = tc.cset;
  cset.unlink(tc);
  putCssSet(cset);
  t.cgroups = null;
}

// ---------------------------------------------------------------- /proc/T/cgroup

/** /proc/T/cgroup as `reader` sees it (its cgroup namespace); "" with errno set through setPseudoErr. */
export function procCgroupRead(t: Task, reader: Task): string {
  setPseudoErr(0);
  const tc = taskCgroups(t);
  cgroupNsFix(reader);
  const nsp = reader.nsproxy;
  if (!nsp) { setPseudoErr(ESRCH); return ""; }
  const ns = nsp.cgroup;
  const roots = cgroupRoots();
  let out = "";
  for (let i = 0; i < roots.length; i++) {
    const r = unchecked(roots[i]);
    if (r.isDfl() && !dflVisible) continue;
    out += r.hierarchyId.toString() + ":";
    if (!r.isDfl()) {
      out += ssNames(r.subsysMask, true);
      if (r.name.length > 0) out += (r.subsysMask ? "," : "") + "name=" + r.name;
    }
    out += ":";
    const cg = taskCgroup(tc, r);
    // on v1 an exiting task shows in the top cgroup; cgroup2 keeps its cgroup
    if (r.isDfl() || t.alive()) out += cgroupPathNs(cg, ns);
    else out += "/";
    if (r.isDfl() && cg.dead) out += " (deleted)";
    out += "\n";
  }
  return out;
}

// ---------------------------------------------------------------- mount

/** The errno of the last failed cgroupMountRoot(). */
export let mountErr: i32 = 0;

/** The hierarchy the last successful cgroupMountRoot() mounted (for mountinfo's options). */
export let mountedRoot: CgroupRoot | null = null;

/** mount(2) of "cgroup" (v1, `data` names the controllers) or "cgroup2": the filesystem's root, or null with -errno in the result. */
export function cgroupMountRoot(t: Task, fstype: string, data: string): PseudoNode | null {
  const r = findMountRoot(t, fstype, data);
  if (!r) {
    setPseudoErr(mountErr);
    return null;
  }
  cgroupNsFix(t);
  if (r.isDfl()) setDflVisible();
  mountedRoot = r;
  // a mount inside a cgroup namespace shows the namespace's root and below
  return new CgroupDir(nsRootCgroup(t.nsproxy!.cgroup, r), null, "");
}

function findMountRoot(t: Task, fstype: string, data: string): CgroupRoot | null {
  const ns = t.nsproxy!.cgroup;
  // cgroup1_get_tree(), cgroup_get_tree(): CAP_SYS_ADMIN over the cgroup namespace's owner
  if (!nsCapable(t.cred, changetype<UserNamespace>(ns.owner))) { mountErr = EPERM; return null; }
  if (fstype == "cgroup2") return unchecked(hierarchies[0]);
  if (fstype != "cgroup") { mountErr = ENODEV; return null; }
  // cgroup1_parse_param() + check_cgroupfs_options()
  let mask: u32 = 0;
  let none = false, all = false;
  let name = "";
  const opts = data.length > 0 ? data.split(",") : new Array<string>(0);
  for (let i = 0; i < opts.length; i++) {
    const o = unchecked(opts[i]);
    if (o.length == 0) continue;
    if (o == "none") { none = true; continue; }
    if (o == "all") { all = true; continue; }
    if (o.startsWith("name=")) { name = o.substring(5); if (name.length == 0) { mountErr = EINVAL; return null; } continue; }
    if (o == "noprefix" || o == "clone_children" || o == "xattr" || o == "cpuset_v2_mode" || o == "favordynmods" ||
        o == "nofavordynmods" || o == "rw" || o == "ro") continue;
    let found = false;
    for (let ss = 0; ss < SS_COUNT; ss++) {
      if (unchecked(SS_LEGACY_NAMES[ss]) == o) { mask |= 1 << ss; found = true; }
    }
    if (!found) { mountErr = EINVAL; return null; }
  }
  if (all && (none || mask)) { mountErr = EINVAL; return null; }
  if (mask && none) { mountErr = EINVAL; return null; }
  if (all || (!none && !mask && name.length == 0)) mask = SS_ALL_MASK;
  if (!mask && name.length == 0) { mountErr = EINVAL; return null; }
  // cgroup1_root_to_use()
  for (let i = 1; i < hierarchies.length; i++) {
    const r = unchecked(hierarchies[i]);
    let nameMatch = false;
    if (name.length > 0) {
      if (name != r.name) continue;
      nameMatch = true;
    }
    if ((mask || none) && mask != r.subsysMask) {
      if (!nameMatch) continue;
      mountErr = EBUSY;
      return null;
    }
    return r;
  }
  if (!mask && !none) { mountErr = EINVAL; return null; }
  // hierarchies may only be created in the initial cgroup namespace
  if (ns.rootCset && ns.rootCset !== initCssSet) { mountErr = EPERM; return null; }
  // rebind_subsystems(): a controller already bound to another v1 hierarchy
  for (let ss = 0; ss < SS_COUNT; ss++) {
    if (!(mask & (1 << ss))) continue;
    const r = unchecked(ssRoot[ss]);
    if (r && !r.isDfl()) { mountErr = EBUSY; return null; }
  }
  mountErr = ENOSYS; // new v1 hierarchies are not modelled
  return null;
}

// ---------------------------------------------------------------- mkdir, rmdir

/** cgroup_mkdir() */
export function cgroupMkdir(parent: Cgroup, name: string): i32 {
  if (parent.dead) return -ENODEV;
  if (name.includes("\n")) return -EINVAL;
  if (parent.children.has(name)) return -EEXIST;
  const files = cgroupFileNames(parent);
  if (files.includes(name)) return -EEXIST;
  // cgroup_check_hierarchy_limits()
  if (parent.root.isDfl()) {
    let a: Cgroup | null = parent;
    while (a) {
      if (a.nrDescendants >= a.maxDescendants) return -EAGAIN;
      if (parent.level + 1 - a.level > a.maxDepth) return -EAGAIN;
      a = a.parent;
    }
  }
  const cg = new Cgroup(parent.root, parent, name);
  cssAllocAll(cg, cg.cssMask());
  parent.children.set(name, cg);
  let a: Cgroup | null = parent;
  while (a) {
    a.nrDescendants++;
    a = a.parent;
  }
  return 0;
}

/** Names of `cg`'s files (for EEXIST). */
function cgroupFileNames(cg: Cgroup): string[] {
  const out: string[] = [];
  const files = cgroupFiles(cg);
  for (let i = 0; i < files.length; i++) out.push(unchecked(files[i]).name);
  return out;
}

/** cgroup_rmdir() of `parent`'s child `name`. */
export function cgroupRmdir(parent: Cgroup, name: string): i32 {
  if (!parent.children.has(name)) {
    return cgroupFileNames(parent).includes(name) ? -ENOTDIR : -ENOENT;
  }
  const cg = parent.children.get(name);
  // cgroup_destroy_locked(): no live task, no child cgroup
  if (isPopulated(cg) || cg.children.size > 0) return -EBUSY;
  cg.dead = true;
  parent.children.delete(name);
  let a: Cgroup | null = parent;
  while (a) {
    a.nrDescendants--;
    a = a.parent;
  }
  return 0;
}

// ---------------------------------------------------------------- cgroup.procs, tasks, cgroup.threads

function byNumber(a: i32, b: i32): i32 {
  return a - b;
}

/**
 * cgroup.procs (procs) or tasks / cgroup.threads as `reader` sees them:
 * v1 sorts the ids and leaves out those the reader cannot see (pidlist);
 * cgroup2 lists in iteration order and prints 0 for those.
 */
export function procsRead(cg: Cgroup, reader: Task, procs: bool): string {
  const ns = reader.activePidNs();
  const tasks = cgroupTasks(cg, []);
  const v1 = !cg.root.isDfl();
  const nrs: i32[] = [];
  for (let i = 0; i < tasks.length; i++) {
    const t = unchecked(tasks[i]);
    if (procs) {
      // a leader shows while its group has a live thread; other threads do not show
      if (v1) {
        if (!t.alive()) continue;
        const nr = tgidNrNs(t, ns);
        if (nr > 0) nrs.push(nr);
        continue;
      }
      if (!t.isLeader() || !groupAlive(t)) continue;
      nrs.push(tgidNrNs(t, ns));
    } else {
      if (!t.alive()) continue;
      const nr = pidNrNs(t.pid, ns);
      if (v1 && nr == 0) continue;
      nrs.push(nr);
    }
  }
  let out = "";
  if (v1) {
    nrs.sort(byNumber);
    let last = -1;
    for (let i = 0; i < nrs.length; i++) {
      const n = unchecked(nrs[i]);
      if (n == last) continue;
      out += n.toString() + "\n";
      last = n;
    }
    return out;
  }
  for (let i = 0; i < nrs.length; i++) out += unchecked(nrs[i]).toString() + "\n";
  return out;
}

function groupAlive(t: Task): bool {
  const th = t.signal.threads;
  for (let i = 0; i < th.length; i++) if (unchecked(th[i]).alive()) return true;
  return false;
}

/** The errno of the last parse in procsWrite (0: ok). */
function parsePid(text: string): i32 {
  const v = parseDecimal(strstrip(text));
  if (!okNum || v < 0 || v > i32.MAX_VALUE) return -1;
  return <i32>v;
}

/**
 * A write to cgroup.procs (threadgroup) or tasks / cgroup.threads:
 * the task named by its pid in the writer's PID namespace (0: the
 * writer) moves to `dst` with all its live threads (cgroup.procs) or alone.
 */
export function procsWrite(dst: Cgroup, writer: Task, text: string, threadgroup: bool): i32 {
  if (dst.dead) return -ENODEV;
  const nr = parsePid(text);
  if (nr < 0) return -EINVAL;
  let t: Task | null = writer;
  if (nr > 0) {
    const pid = writer.activePidNs().idrFind(nr);
    t = pid ? pid.task : null;
    if (!t) return -ESRCH;
  }
  if (threadgroup) t = t.groupLeader;
  const err = cgroupAttachTask(dst, t, threadgroup);
  return err < 0 ? err : text.length;
}

/** cgroup_attach_task(): checks first, then every live thread (or the one) moves. */
export function cgroupAttachTask(dst: Cgroup, leader: Task, threadgroup: bool): i32 {
  // cgroup_migrate_vet_dst(): cgroup2's no-internal-process rule
  if (dst.root.isDfl() && dst.parent && dst.subtreeControl) return -EBUSY;
  if (ssRoot[SS_CPUSET] === dst.root) {
    const err = cpusetCanAttach(dst);
    if (err < 0) return err;
  }
  const list: Task[] = threadgroup ? leader.signal.threads.slice(0) : [leader];
  for (let i = 0; i < list.length; i++) {
    const t = unchecked(list[i]);
    if (!t.alive()) continue; // exiting tasks are not migrated
    migrateTask(t, dst);
  }
  return 0;
}

/** One task changes cgroup in `dst`'s hierarchy: constant time (set lookup, list move, charges). */
export function migrateTask(t: Task, dst: Cgroup): void {
  const tc = taskCgroups(t);
  cgroupNsFix(t);
  const oldPids = taskCss(tc, SS_PIDS);
  const to = findCssSetWith(tc.cset, dst);
  cssSetMoveTask(tc, to);
  const newPids = taskCss(tc, SS_PIDS);
  // pids_can_attach(): the charge follows the task, whatever the limits
  if (oldPids !== newPids) {
    if (newPids) pidsCharge(newPids, 1);
    if (oldPids) pidsUncharge(oldPids, 1);
  }
  if (ssRoot[SS_CPUSET] === dst.root) cpusetAttachTask(tc);
}

/** cgroup.kill: SIGKILL to every task of the subtree. */
export function cgroupKill(cg: Cgroup): void {
  const all = descendantsPre(cg, []);
  for (let i = 0; i < all.length; i++) {
    const tasks = cgroupTasks(unchecked(all[i]), []);
    for (let j = 0; j < tasks.length; j++) {
      const t = unchecked(tasks[j]);
      if (t.alive()) sendSignalForced(t, 9);
    }
  }
}

// ---------------------------------------------------------------- cgroup.subtree_control

/** cgroup_subtree_control_write() */
export function subtreeControlWrite(cg: Cgroup, w: Task, text: string): i32 {
  if (cg.dead) return -ENODEV;
  let enable: u32 = 0, disable: u32 = 0;
  const toks = strstrip(text).split(" ");
  for (let i = 0; i < toks.length; i++) {
    const tok = unchecked(toks[i]);
    if (tok.length == 0) continue;
    const sign = tok.charCodeAt(0);
    const nm = tok.substring(1);
    let ssid = -1;
    for (let ss = 0; ss < SS_COUNT; ss++) {
      if ((DFL_INHIBIT_MASK & (1 << ss)) || unchecked(SS_NAMES[ss]) != nm) continue;
      ssid = ss;
      break;
    }
    if (ssid < 0) return -EINVAL;
    if (sign == 43) { enable |= 1 << ssid; disable &= ~(1 << ssid); }
    else if (sign == 45) { disable |= 1 << ssid; enable &= ~(1 << ssid); }
    else return -EINVAL;
  }
  for (let ss = 0; ss < SS_COUNT; ss++) {
    const bit: u32 = 1 << ss;
    if (enable & bit) {
      if (cg.subtreeControl & bit) { enable &= ~bit; continue; }
      if (!(cg.control() & bit)) return -ENOENT;
    } else if (disable & bit) {
      if (!(cg.subtreeControl & bit)) { disable &= ~bit; continue; }
      const kids = cg.children.values();
      for (let i = 0; i < kids.length; i++) if (unchecked(kids[i]).subtreeControl & bit) return -EBUSY;
    }
  }
  if (!enable && !disable) return text.length;
  // cgroup_vet_subtree_control_enable(): no internal processes below the top
  if (enable && cg.parent && hasTasks(cg)) return -EBUSY;
  cg.subtreeControl = (cg.subtreeControl | enable) & ~disable;
  const kids = cg.children.values();
  for (let i = 0; i < kids.length; i++) {
    const k = unchecked(kids[i]);
    if (disable & (1 << SS_CPUSET)) k.cpuset = null;
    if (disable & (1 << SS_PIDS)) k.pids = null;
    if (disable & (1 << SS_MEMORY)) k.memory = null;
    if (disable & (1 << SS_CPU)) k.cpu = null;
    cssAllocAll(k, enable);
    if (enable & (1 << SS_PIDS)) pidsRecount(k, countTasks(k));
  }
  // the tasks below now use other cpusets
  if ((enable | disable) & (1 << SS_CPUSET)) {
    const all = descendantsPre(cg, []);
    for (let i = 0; i < all.length; i++) {
      const tasks = cgroupTasks(unchecked(all[i]), []);
      for (let j = 0; j < tasks.length; j++) {
        const tc = unchecked(tasks[j]).cgroups;
        if (tc) cpusetAttachTask(tc);
      }
    }
  }
  return text.length;
}

/** Tasks (zombies included) in `cg` and below: what pids charges there. */
function countTasks(cg: Cgroup): i64 {
  const all = descendantsPre(cg, []);
  let n: i64 = 0;
  for (let i = 0; i < all.length; i++) n += cgroupTasks(unchecked(all[i]), []).length;
  return n;
}

/** A cgroup of `root` by its path from the top ("/a/b"); null if none. */
export function cgroupByPath(root: CgroupRoot, path: string): Cgroup | null {
  let cg: Cgroup = root.cgrp;
  const parts = path.split("/");
  for (let i = 0; i < parts.length; i++) {
    const p = unchecked(parts[i]);
    if (p.length == 0) continue;
    if (!cg.children.has(p)) return null;
    cg = cg.children.get(p);
  }
  return cg;
}

export function effectiveCgroup(cg: Cgroup, ss: i32): Cgroup {
  return effectiveCss(cg, ss);
}
