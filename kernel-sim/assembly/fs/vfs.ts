// fs/open.c, read_write.c, readdir.c, namei.c (mkdir), namespace.c
// (mount, umount), fs/open.c (chdir, chroot): the file calls, as the
// calling task sees the tree.
//
// Differences from Linux (for now): mount knows proc, tmpfs and sysfs;
// bind mounts, moves, remounts and propagation changes other than
// MS_PRIVATE (every mount is private here until the mounts issue) give
// ENOSYS, "not modelled".

import { Task, Path } from "../kernel/task";
import { Inode, S_IFREG, mkdirIn } from "./inode";
import { Mount } from "./mount";
import { SuperBlock } from "./super";
import { pathLookup, pathParent, nameiErr } from "./namei";
import { procRead, procReaddir, procReadlink, procWrite, procIsDir, procIsLink, procErr } from "./proc/base";
import { nsCapable, UserNamespace } from "../ns/user_namespace";
import { allTasks } from "../kernel/machine";
import {
  EBUSY, EEXIST, EINVAL, EISDIR, ENODEV, ENOENT, ENOSYS, ENOTDIR, EPERM,
  MS_BIND, MS_MOVE, MS_PRIVATE, MS_REC, MS_REMOUNT, MS_SHARED, MS_SLAVE, MS_UNBINDABLE, MNT_DETACH,
} from "../include/uapi";

export let vfsErr: i32 = 0;

function err(e: i32): string {
  vfsErr = e;
  return "";
}

/** open(O_RDONLY) + read() + close() */
export function vfsRead(t: Task, path: string): string {
  vfsErr = 0;
  const nd = pathLookup(t, path, true);
  if (!nd) return err(nameiErr);
  if (nd.proc) {
    const s = procRead(nd.proc!, t);
    vfsErr = procErr;
    return s;
  }
  if (nd.inode.isDir()) return err(EISDIR);
  return nd.inode.data;
}

/** open(O_WRONLY|O_CREAT|O_TRUNC, 0644) + write() + close(): bytes written or -errno. */
export function vfsWrite(t: Task, path: string, text: string): i32 {
  const nd = pathLookup(t, path, true);
  if (nd) {
    if (nd.proc) return procWrite(nd.proc!, t, text);
    if (nd.inode.isDir()) return -EISDIR;
    nd.inode.data = text;
    return String.UTF8.byteLength(text, false);
  }
  if (nameiErr != ENOENT) return -nameiErr;
  const parent = pathParent(t, path);
  if (!parent) return -nameiErr;
  // proc has no O_CREAT
  if (parent.dir.proc || parent.last.length == 0) return -ENOENT;
  const f = parent.dir.inode.add(new Inode(S_IFREG | 0o644, parent.last, parent.dir.inode));
  f.data = text;
  return String.UTF8.byteLength(text, false);
}

/** readlink(2) */
export function vfsReadlink(t: Task, path: string): string {
  vfsErr = 0;
  const nd = pathLookup(t, path, false);
  if (!nd) return err(nameiErr);
  if (nd.proc) {
    if (!procIsLink(nd.proc!)) return err(EINVAL);
    const s = procReadlink(nd.proc!, t);
    if (s.length == 0) vfsErr = procErr;
    return s;
  }
  if (!nd.inode.isLink()) return err(EINVAL);
  return nd.inode.data;
}

/** getdents64(): names (without . and ..) sorted by byte value, one per line. */
export function vfsReaddir(t: Task, path: string): string {
  vfsErr = 0;
  const nd = pathLookup(t, path, true);
  if (!nd) return err(nameiErr);
  let names: string[];
  if (nd.proc) {
    if (!procIsDir(nd.proc!)) return err(ENOTDIR);
    names = procReaddir(nd.proc!, t);
  } else {
    if (!nd.inode.isDir()) return err(ENOTDIR);
    names = nd.inode.children!.keys();
    names.sort((a: string, b: string): i32 => (a < b ? -1 : a > b ? 1 : 0));
  }
  return names.join("\n");
}

/** mkdir(2) */
export function vfsMkdir(t: Task, path: string, mode: i32): i32 {
  const parent = pathParent(t, path);
  if (!parent) return -nameiErr;
  if (parent.last.length == 0 || parent.last == "." || parent.last == "..") return -EEXIST;
  if (parent.dir.proc) return -ENOENT;
  if (parent.dir.inode.lookup(parent.last)) return -EEXIST;
  mkdirIn(parent.dir.inode, parent.last, <u32>mode & ~0o022);
  return 0;
}

/** chdir(2) */
export function vfsChdir(t: Task, path: string): i32 {
  const nd = pathLookup(t, path, true);
  if (!nd) return -nameiErr;
  if (!nd.isDir()) return -ENOTDIR;
  if (nd.proc) return -ENOSYS;
  t.fs.pwd = new Path(nd.mnt, nd.inode);
  return 0;
}

/** chroot(2): CAP_SYS_CHROOT in the caller's own user namespace. */
export function vfsChroot(t: Task, path: string): i32 {
  const nd = pathLookup(t, path, true);
  if (!nd) return -nameiErr;
  if (!nd.isDir()) return -ENOTDIR;
  if (!nsCapable(t.cred, t.cred.userNs)) return -EPERM;
  if (nd.proc) return -ENOSYS;
  t.fs.root = new Path(nd.mnt, nd.inode);
  return 0;
}

function mayMount(t: Task): bool {
  return nsCapable(t.cred, changetype<UserNamespace>(t.nsproxy!.mnt.owner));
}

/** mount(2) */
export function doMount(t: Task, source: string, target: string, fstype: string, flags: u32, data: string): i32 {
  if (!mayMount(t)) return -EPERM;
  const nd = pathLookup(t, target, true);
  if (!nd) return -nameiErr;
  const ns = t.nsproxy!.mnt;
  const propagation = flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE);
  if (flags & (MS_REMOUNT | MS_BIND | MS_MOVE)) return -ENOSYS;
  if (propagation) {
    // change the propagation type of a mount (its root must be named)
    if (nd.proc ? nd.proc!.parent != null : nd.inode !== nd.mnt.root) return -EINVAL;
    if (propagation != MS_PRIVATE) return -ENOSYS;
    return 0;
  }
  if (!nd.isDir()) return -ENOTDIR;
  let sb: SuperBlock;
  if (fstype == "proc") sb = new SuperBlock("proc", source, t.activePidNs());
  else if (fstype == "tmpfs" || fstype == "sysfs") sb = new SuperBlock(fstype, source, null);
  else return -ENODEV;
  const m = new Mount(sb, sb.root, nd.mnt, nd.inode, ns, flags & ~MS_REC);
  ns.attach(m);
  return 0;
}

/** Whether a task has its root or cwd on `m` or below it. */
function mountBusy(m: Mount): bool {
  const tasks = allTasks();
  for (let i = 0; i < tasks.length; i++) {
    const fs = unchecked(tasks[i]).fs;
    if (fs.root.mnt === m || fs.pwd.mnt === m) return true;
  }
  return false;
}

/** umount2(2) */
export function doUmount(t: Task, target: string, flags: i32): i32 {
  if (!mayMount(t)) return -EPERM;
  if (flags & ~(1 | MNT_DETACH | 4 | 8)) return -EINVAL;
  const nd = pathLookup(t, target, (flags & 8) == 0);
  if (!nd) return -nameiErr;
  const m = nd.mnt;
  if (nd.proc ? nd.proc!.parent != null : nd.inode !== m.root) return -EINVAL;
  const ns = t.nsproxy!.mnt;
  if (m.ns !== ns) return -EINVAL;
  if (!m.parent) return -EBUSY;
  // children mounts keep it busy unless detached lazily
  let hasChildren = false;
  for (let i = 0; i < ns.mounts.length; i++) if (unchecked(ns.mounts[i]).parent === m) hasChildren = true;
  if (!(flags & MNT_DETACH) && (hasChildren || mountBusy(m))) return -EBUSY;
  // detach m and everything below it
  const doomed: Mount[] = [m];
  for (let i = 0; i < doomed.length; i++) {
    const d = unchecked(doomed[i]);
    for (let j = 0; j < ns.mounts.length; j++) if (unchecked(ns.mounts[j]).parent === d) doomed.push(unchecked(ns.mounts[j]));
  }
  for (let i = doomed.length - 1; i >= 0; i--) ns.detach(unchecked(doomed[i]));
  return 0;
}
