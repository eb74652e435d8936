// kernel/nsproxy.c setns(2) and each type's install(): join the namespace
// behind a /proc/T/ns/X file. The scenario passes the path the C program
// would open; the checks are the kernel's, in its order.

import { Task, Path, Cred } from "../kernel/task";
import { putCred } from "../kernel/fork";
import { getNs, NsCommon, NS_CGROUP, NS_IPC, NS_MNT, NS_NET, NS_PID, NS_TIME, NS_USER, NS_UTS, nsTypeFlag } from "./ns_common";
import { UserNamespace, nsCapable } from "./user_namespace";
import { PidNamespace } from "./pid_namespace";
import { UtsNamespace } from "./uts_namespace";
import { IpcNamespace, NetNamespace, CgroupNamespace, TimeNamespace } from "./simple_namespaces";
import { MntNamespace } from "../fs/mount";
import { nsRootPath } from "../fs/namespace";
import { pathLookup, nameiErr } from "../fs/namei";
import { pseudoErr } from "../fs/pseudo";
import { EINVAL, EPERM, EUSERS } from "../include/uapi";

function owner(ns: NsCommon): UserNamespace {
  return changetype<UserNamespace>(ns.owner);
}

/** CAP_SYS_ADMIN over the namespace's owner and over the caller's own user namespace. */
function capableBoth(cur: Task, ns: NsCommon): bool {
  return nsCapable(cur.cred, owner(ns)) && nsCapable(cur.cred, cur.cred.userNs);
}

export function doSetns(cur: Task, path: string, nstype: u32): i32 {
  const nd = pathLookup(cur, path, true);
  if (!nd) return -nameiErr;
  // a namespace file (a /proc/T/ns link or a bind mount of one); no pidfds here
  const node = nd.node;
  if (!node) return -EINVAL;
  const ns = node.nsTarget();
  if (!ns) return -pseudoErr;
  if (nstype != 0 && nsTypeFlag(ns.type) != nstype) return -EINVAL;
  const single = cur.signal.threads.length == 1;
  const type = ns.type;

  if (type == NS_USER) {
    const uns = changetype<UserNamespace>(ns);
    if (uns === cur.cred.userNs) return -EINVAL;
    if (!single) return -EINVAL;
    if (cur.fs.users > 1) return -EINVAL;
    if (!nsCapable(cur.cred, uns)) return -EPERM;
    // the caller gets every capability in the namespace it joins
    const old = cur.cred;
    cur.cred = new Cred(old.uid, old.gid, getNs(uns), true);
    putCred(old);
    return 0;
  }
  if (type == NS_MNT) {
    if (!capableBoth(cur, ns)) return -EPERM;
    if (cur.fs.users != 1) return -EINVAL;
  } else if (type == NS_PID) {
    if (!capableBoth(cur, ns)) return -EPERM;
    // only the caller's own pid namespace or one below it
    const pns = changetype<PidNamespace>(ns);
    const active = cur.activePidNs();
    if (pns.level < active.level || !pns.isWithin(active)) return -EINVAL;
  } else if (type == NS_TIME) {
    if (!single || cur.mmUsers() > 1) return -EUSERS;
    if (!capableBoth(cur, ns)) return -EPERM;
  } else {
    if (!capableBoth(cur, ns)) return -EPERM;
  }

  // commit: the caller gets its own nsproxy with the one namespace replaced
  const n = cur.nsproxy!.dup();
  if (type == NS_MNT) {
    const mns = changetype<MntNamespace>(ns);
    n.mnt.put();
    n.mnt = getNs(mns);
    // root and cwd: the top of what is mounted on the namespace's root
    const top = nsRootPath(cur, mns);
    cur.fs.root = top;
    cur.fs.pwd = top;
  } else if (type == NS_PID) {
    n.pidForChildren.put();
    n.pidForChildren = getNs(changetype<PidNamespace>(ns));
  } else if (type == NS_TIME) {
    const tns = changetype<TimeNamespace>(ns);
    n.time.put();
    n.time = getNs(tns);
    n.timeForChildren.put();
    n.timeForChildren = getNs(tns);
    tns.frozen = true;
  } else if (type == NS_UTS) {
    n.uts.put();
    n.uts = getNs(changetype<UtsNamespace>(ns));
  } else if (type == NS_IPC) {
    n.ipc.put();
    n.ipc = getNs(changetype<IpcNamespace>(ns));
  } else if (type == NS_NET) {
    n.net.put();
    n.net = getNs(changetype<NetNamespace>(ns));
  } else if (type == NS_CGROUP) {
    n.cgroup.put();
    n.cgroup = getNs(changetype<CgroupNamespace>(ns));
  }
  const old = cur.nsproxy!;
  cur.nsproxy = n;
  old.put();
  return 0;
}
