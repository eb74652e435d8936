// kernel/cgroup/namespace.c, fs/kernfs/dir.c (kernfs_path_from_node()):
// a cgroup namespace's roots and paths as seen from it.
//
// copy_cgroup_ns(): the creator's css_set at creation becomes root_cset;
// its cgroup in each hierarchy is the namespace's root there. A cgroup
// is shown relative to that root: "/" for the root itself, "/x/y" below
// it, and "/.." once per level above the common ancestor for a cgroup
// outside it ("/../sibling", "/../..").
//
// Until nsproxy.ts calls cgroupNsCreated() when it makes a cgroup
// namespace, a namespace without a root takes the css_set of the first of
// its tasks that the cgroup code meets (cgroupNsFix()): right whenever the
// creator has not changed cgroups in between.

import { Task } from "../kernel/task";
import { CgroupNamespace } from "../ns/simple_namespaces";
import { Cgroup, CgroupRoot, CssSet } from "./cgroup_defs";
import { getCssSet, initCssSet } from "./css_set";

/** copy_cgroup_ns(): `ns` (new) is rooted at `creator`'s css_set. */
export function cgroupNsCreated(ns: CgroupNamespace, creator: Task): void {
  if (ns.rootCset) return;
  const tc = creator.cgroups;
  ns.rootCset = getCssSet(tc ? tc.cset : initCssSet!);
}

/** Gives t's cgroup namespace a root if it has none yet. */
export function cgroupNsFix(t: Task): void {
  const nsp = t.nsproxy;
  if (!nsp) return;
  const ns = nsp.cgroup;
  if (!ns.rootCset) cgroupNsCreated(ns, t);
}

/** The namespace's root cgroup in `root`'s hierarchy. */
export function nsRootCgroup(ns: CgroupNamespace, root: CgroupRoot): Cgroup {
  const cs: CssSet | null = ns.rootCset;
  return cs ? unchecked(cs.cgrps[root.slot]) : root.cgrp;
}

/** kernfs_path_from_node(to, from) */
export function pathFrom(to: Cgroup, from: Cgroup): string {
  if (to === from) return "/";
  // common ancestor
  let a: Cgroup = to, b: Cgroup = from;
  while (a.level > b.level) a = a.parent!;
  while (b.level > a.level) b = b.parent!;
  while (a !== b) { a = a.parent!; b = b.parent!; }
  let out = "";
  for (let i = from.level; i > a.level; i--) out += "/..";
  let down = "";
  let c: Cgroup = to;
  while (c !== a) {
    down = "/" + c.name + down;
    c = c.parent!;
  }
  return out + down;
}

/** cgroup_path_ns(): `cg` as namespace `ns` names it. */
export function cgroupPathNs(cg: Cgroup, ns: CgroupNamespace): string {
  return pathFrom(cg, nsRootCgroup(ns, cg.root));
}
