// include/linux/nsproxy.h, kernel/nsproxy.c: the namespaces a task uses,
// shared between tasks until one of them asks for a new one.
//
// NOTE: pidForChildren is not "the task's PID namespace": that one comes
// from the task's struct pid and never changes (task_active_pid_ns()).
// unshare(CLONE_NEWPID) and setns() change only where children go.

import { getNs, NsCommon } from "./ns_common";
import { UtsNamespace } from "./uts_namespace";
import { IpcNamespace, NetNamespace, CgroupNamespace, TimeNamespace } from "./simple_namespaces";
import { PidNamespace } from "./pid_namespace";
import { UserNamespace, nsCapable } from "./user_namespace";
import { MntNamespace } from "../fs/mount";
import { copyMountTree } from "../fs/namespace";
import { cgroupNsCreated } from "../cgroup/namespace";
import { Task, FsStruct, Path, Cred } from "../kernel/task";
import { machine } from "../kernel/machine";
import { CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUTS, CLONE_NEW_NSPROXY, CLONE_SYSVSEM, CLONE_VM, EINVAL, ENOSPC, EPERM } from "../include/uapi";

export class NsProxy {
  /** tasks using this nsproxy; Invariant: each field holds one reference on its namespace. */
  count: i32 = 1;
  constructor(
    public uts: UtsNamespace,
    public ipc: IpcNamespace,
    public mnt: MntNamespace,
    public pidForChildren: PidNamespace,
    public net: NetNamespace,
    public cgroup: CgroupNamespace,
    public time: TimeNamespace,
    public timeForChildren: TimeNamespace,
  ) {}

  /** A copy holding its own references (the caller replaces fields, putting the old ones). */
  dup(): NsProxy {
    return new NsProxy(getNs(this.uts), getNs(this.ipc), getNs(this.mnt), getNs(this.pidForChildren),
      getNs(this.net), getNs(this.cgroup), getNs(this.time), getNs(this.timeForChildren));
  }

  put(): void {
    if (--this.count > 0) return;
    // release in the reverse order of creation
    this.timeForChildren.put();
    this.time.put();
    this.net.put();
    this.cgroup.put();
    this.pidForChildren.put();
    this.ipc.put();
    this.uts.put();
    this.mnt.put();
  }
}

/** The errno of the last failed namespace creation. */
export let nsErr: i32 = 0;

/**
 * create_new_namespaces(): a new nsproxy where each CLONE_NEW* flag gives a
 * fresh namespace owned by `userNs` and every other is shared. Copies in
 * the kernel's order (mnt, uts, ipc, pid, cgroup, net, time) and, on
 * failure, releases what it made in the reverse order; returns null and
 * sets nsErr. `fs` is the new task's fs, whose root and cwd move into the
 * new mount namespace's copy of the tree.
 */
export function createNewNamespaces(flags: u32, tsk: Task, userNs: UserNamespace, fs: FsStruct): NsProxy | null {
  const old = tsk.nsproxy!;
  const n = old.dup();
  if (flags & CLONE_NEWPID) {
    // copy_pid_ns(): only from the namespace the caller is itself in
    const active = tsk.activePidNs();
    if (old.pidForChildren !== active) { n.put(); nsErr = EINVAL; return null; }
    // create_pid_namespace()
    if (!userNs.isWithin(changetype<UserNamespace>(active.owner))) { n.put(); nsErr = EPERM; return null; }
    if (active.level + 1 > machine.maxPidLevel) { n.put(); nsErr = ENOSPC; return null; }
  }
  if (flags & CLONE_NEWNS) {
    const mnt = new MntNamespace(userNs, false);
    // into a namespace owned by another user namespace: less privileged
    const map = copyMountTree(old.mnt, mnt, userNs !== changetype<UserNamespace>(old.mnt.owner));
    n.mnt.put();
    n.mnt = mnt;
    // fs->root and fs->pwd follow into the copy
    if (map.has(fs.root.mnt)) fs.root = new Path(map.get(fs.root.mnt), fs.root.dentry, fs.root.node);
    if (map.has(fs.pwd.mnt)) fs.pwd = new Path(map.get(fs.pwd.mnt), fs.pwd.dentry, fs.pwd.node);
  }
  if (flags & CLONE_NEWUTS) {
    const uts = old.uts.clone(userNs);
    n.uts.put();
    n.uts = uts;
  }
  if (flags & CLONE_NEWIPC) {
    n.ipc.put();
    n.ipc = new IpcNamespace(userNs, false);
  }
  if (flags & CLONE_NEWPID) {
    n.pidForChildren.put();
    n.pidForChildren = new PidNamespace(tsk.activePidNs(), userNs);
  }
  if (flags & CLONE_NEWCGROUP) {
    n.cgroup.put();
    n.cgroup = new CgroupNamespace(userNs, false);
    // copy_cgroup_ns(): rooted at the creator's cgroups
    cgroupNsCreated(n.cgroup, tsk);
  }
  if (flags & CLONE_NEWNET) {
    n.net.put();
    n.net = new NetNamespace(userNs, false);
  }
  if (flags & CLONE_NEWTIME) {
    n.timeForChildren.put();
    n.timeForChildren = new TimeNamespace(userNs, false);
  }
  return n;
}

/**
 * copy_namespaces() at fork: share the parent's nsproxy unless a CLONE_NEW*
 * flag asks for new ones, which needs CAP_SYS_ADMIN over the (new) user
 * namespace. A child entering a new time namespace enters it now
 * (timens_on_fork()).
 */
export function copyNamespaces(flags: u32, parent: Task, cred: Cred, fs: FsStruct): NsProxy | null {
  const old = parent.nsproxy!;
  if ((flags & CLONE_NEW_NSPROXY) == 0) {
    if ((flags & CLONE_VM) || old.time === old.timeForChildren) {
      old.count++;
      return old;
    }
    const n = old.dup();
    n.time.put();
    n.time = getNs(n.timeForChildren);
    n.time.frozen = true;
    return n;
  }
  if (!nsCapable(cred, cred.userNs)) { nsErr = EPERM; return null; }
  // CLONE_NEWIPC with CLONE_SYSVSEM would share semaphore undo lists across namespaces
  if ((flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) == (CLONE_NEWIPC | CLONE_SYSVSEM)) { nsErr = EINVAL; return null; }
  const n = createNewNamespaces(flags, parent, cred.userNs, fs);
  if (!n) return null;
  if (n.time !== n.timeForChildren) {
    n.time.put();
    n.time = getNs(n.timeForChildren);
  }
  n.time.frozen = true;
  return n;
}
