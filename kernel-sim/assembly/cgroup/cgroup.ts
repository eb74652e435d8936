// kernel/cgroup/cgroup.c: the hooks the rest of the kernel calls.
//
// Placeholder until the cgroup issue fills it in: no hierarchy, no
// controller; /proc/T/cgroup is not rendered yet (ENOSYS, "not modelled").

import { Task } from "../kernel/task";
import { PseudoNode, setPseudoErr } from "../fs/pseudo";
import { ENODEV, ENOSYS } from "../include/uapi";

/** At boot: the hierarchies of the machine's cgroup mode. */
export function cgroupInit(): void {}

/** cgroup_can_fork(): 0, or -errno (EAGAIN when a pids.max is reached). Nothing changes on failure. */
export function cgroupCanFork(parent: Task): i32 {
  return 0;
}

/** cgroup_post_fork(): the child joins the parent's cgroups. */
export function cgroupPostFork(parent: Task, child: Task): void {}

/** cgroup_release(): a released task leaves its cgroups. */
export function cgroupRelease(t: Task): void {}

/** /proc/T/cgroup as `reader` sees it (its cgroup namespace); "" with errno set through setPseudoErr. */
export function procCgroupRead(t: Task, reader: Task): string {
  setPseudoErr(ENOSYS);
  return "";
}

/** mount(2) of "cgroup" (v1, `data` names the controllers) or "cgroup2": the filesystem's root, or null with -errno in the result. */
export function cgroupMountRoot(t: Task, fstype: string, data: string): PseudoNode | null {
  setPseudoErr(ENODEV);
  return null;
}
