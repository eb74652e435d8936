// fs/namespace.c: mount(2), umount2(2), pivot_root(2) and the copy of a
// mount tree for CLONE_NEWNS. Each call checks everything first, in the
// kernel's order (path_mount(), can_umount(), pivot_root()), and changes
// the tree only when nothing can fail any more.

import { Task, Path } from "../kernel/task";
import { allTasks } from "../kernel/machine";
import { Dentry } from "./inode";
import { Mount, MntNamespace, MNT_NOSUID, MNT_NODEV, MNT_NOEXEC, MNT_NOATIME, MNT_NODIRATIME, MNT_RELATIME, MNT_READONLY, MNT_NOSYMFOLLOW, MNT_LOCKED, releaseMount, joinGroup } from "./mount";
import { SuperBlock, SB_RDONLY, tmpfsOwnerOptions } from "./super";
import { Nd, pathLookup, nameiErr, followMounts } from "./namei";
import { changePropagation, cloneMount, copyPropagation, propagateMount, propagateUmount } from "./pnode";
import { NsfsNode, nsfsSuper } from "./nsfs";
import { procFsRoot } from "./proc/base";
import { cgroupMountRoot } from "../cgroup/cgroup";
import { devtmpfs } from "../kernel/init";
import { pseudoErr } from "./pseudo";
import { nsCapable, UserNamespace } from "../ns/user_namespace";
import {
  EBUSY, EINVAL, ELOOP, ENODEV, ENOSYS, ENOTDIR, EPERM,
  MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC, MS_UNBINDABLE, MS_PRIVATE,
  MS_SLAVE, MS_SHARED, MNT_DETACH,
} from "../include/uapi";

const MS_NOSYMFOLLOW: u32 = 256;
const MS_NOATIME: u32 = 1024;
const MS_NODIRATIME: u32 = 2048;
const MS_SILENT: u32 = 32768;
const MS_STRICTATIME: u32 = 1 << 24;
const MS_NOUSER: u32 = 1 << 31;
const MS_MGC_VAL: u32 = 0xC0ED0000;
const MS_MGC_MSK: u32 = 0xffff0000;
const MS_PROPAGATION: u32 = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;
const MNT_FORCE: i32 = 1;
const MNT_EXPIRE: i32 = 4;
const UMOUNT_NOFOLLOW: i32 = 8;

/** may_mount(): CAP_SYS_ADMIN over the owner of the caller's mount namespace. */
export function mayMount(t: Task): bool {
  return nsCapable(t.cred, changetype<UserNamespace>(t.nsproxy!.mnt.owner));
}

/** The per-mount flags mount(2) flags ask for ("Default to relatime unless overridden"). */
function mntFlagsOf(flags: u32): u32 {
  let f: u32 = 0;
  if (!(flags & MS_NOATIME)) f |= MNT_RELATIME;
  if (flags & MS_NOSUID) f |= MNT_NOSUID;
  if (flags & MS_NODEV) f |= MNT_NODEV;
  if (flags & MS_NOEXEC) f |= MNT_NOEXEC;
  if (flags & MS_NOATIME) f |= MNT_NOATIME;
  if (flags & MS_NODIRATIME) f |= MNT_NODIRATIME;
  if (flags & MS_STRICTATIME) f &= ~(MNT_RELATIME | MNT_NOATIME);
  if (flags & MS_RDONLY) f |= MNT_READONLY;
  if (flags & MS_NOSYMFOLLOW) f |= MNT_NOSYMFOLLOW;
  return f;
}

/** check_mnt(): the mount belongs to the caller's namespace. */
function checkMnt(t: Task, m: Mount): bool {
  return m.ns === t.nsproxy!.mnt;
}

/** Every mount of the tree under m (m first), in its namespace. */
function subtree(m: Mount): Mount[] {
  const out: Mount[] = [m];
  const ns = m.ns;
  if (!ns) return out;
  for (let i = 0; i < out.length; i++) {
    const kids = ns.children(unchecked(out[i]));
    for (let k = 0; k < kids.length; k++) out.push(unchecked(kids[k]));
  }
  return out;
}

/** attach_recursive_mnt(): the new mount on (parent, mp); a shared parent makes it shared and propagates it. */
function graft(ns: MntNamespace, m: Mount, parent: Mount, mp: Dentry): void {
  m.parent = parent;
  m.mountpoint = mp;
  ns.add(m);
  if (parent.isShared()) {
    joinGroup(m, null);
    propagateMount(parent, mp, m);
  }
}

/** A tmpfs size= value in KiB (rounded up to pages, as shmem does), or -1. */
function sizeKiB(v: string): i64 {
  if (v.length == 0) return -1;
  let mult: i64 = 1;
  let digits = v;
  const last = v.charAt(v.length - 1).toLowerCase();
  if (last == "k") { mult = 1024; digits = v.substring(0, v.length - 1); }
  else if (last == "m") { mult = 1024 * 1024; digits = v.substring(0, v.length - 1); }
  else if (last == "g") { mult = 1024 * 1024 * 1024; digits = v.substring(0, v.length - 1); }
  if (digits.length == 0 || digits.length > 15) return -1;
  let n: i64 = 0;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  const pages = (n * mult + 4095) / 4096;
  return pages * 4;
}

/** tmpfs options: mode in octal (not shown when 1777), size in k. Returns null on a bad option. */
function tmpfsOptions(data: string): string | null {
  if (data.length == 0) return "";
  const opts = data.split(",");
  let out: string[] = [];
  for (let i = 0; i < opts.length; i++) {
    const o = unchecked(opts[i]);
    if (o.length == 0) continue;
    if (o.startsWith("mode=")) {
      const v = o.substring(5);
      let n: u32 = 0;
      for (let k = 0; k < v.length; k++) {
        const c = v.charCodeAt(k) - 48;
        if (c < 0 || c > 7) return null;
        n = n * 8 + <u32>c;
      }
      n &= 0o7777;
      if (n != 0o1777) out.push("mode=" + n.toString(8));
    } else if (o.startsWith("size=")) {
      // memparse(): k, m, g suffixes; shown in KiB (a percentage is of RAM: not modelled)
      const kib = sizeKiB(o.substring(5));
      if (kib < 0) return null;
      out.push("size=" + kib.toString() + "k");
    } else if (o.startsWith("nr_inodes=") || o.startsWith("uid=") || o.startsWith("gid=")) {
      out.push(o);
    } else return null;
  }
  return out.join(",");
}

function doNewMount(t: Task, nd: Nd, source: string, fstype: string, flags: u32, data: string): i32 {
  let sb: SuperBlock;
  const sbFlags: u32 = (flags & MS_RDONLY) ? SB_RDONLY : 0;
  if ((fstype == "proc" || fstype == "sysfs") && tooRevealing(t, fstype)) return -EPERM;
  if (fstype == "proc") {
    sb = new SuperBlock("proc", null, t.activePidNs(), sbFlags, "");
    return addMount(t, nd, new Mount(sb, sb.root, procFsRoot(sb), mntFlagsOf(flags), source));
  }
  if (fstype == "tmpfs" || fstype == "sysfs" || fstype == "ramfs") {
    let opts = fstype == "tmpfs" ? tmpfsOptions(data) : "";
    if (opts === null) return -EINVAL;
    if (fstype == "tmpfs") {
      const own = tmpfsOwnerOptions(t.cred.uid, t.cred.gid);
      opts = opts.length > 0 ? opts + own : (own.length > 0 ? own.substring(1) : "");
    }
    sb = new SuperBlock(fstype, null, null, sbFlags, opts!);
    sb.root.inode.uid = t.cred.uid;
    sb.root.inode.gid = t.cred.gid;
    if (fstype == "sysfs") {
      buildSysfs(sb);
      // kernfs: the root belongs to the global root, r-x for all
      sb.root.inode.mode = 0o040555;
      sb.root.inode.uid = 0;
      sb.root.inode.gid = 0;
    }
    return addMount(t, nd, new Mount(sb, sb.root, null, mntFlagsOf(flags), source));
  }
  if (fstype == "cgroup" || fstype == "cgroup2") {
    const root = cgroupMountRoot(t, fstype, data);
    if (!root) return -pseudoErr;
    let opts = "";
    if (fstype == "cgroup") {
      const parts = data.split(",");
      const kept: string[] = [];
      for (let i = 0; i < parts.length; i++) if (unchecked(parts[i]) != "none" && unchecked(parts[i]).length > 0) kept.push(unchecked(parts[i]));
      opts = kept.join(",");
    }
    sb = new SuperBlock(fstype, root, null, sbFlags, opts);
    return addMount(t, nd, new Mount(sb, sb.root, root, mntFlagsOf(flags), source));
  }
  // file systems the kernel knows but this model does not: only the initial user namespace may mount them
  if (OTHER_FS.includes(fstype)) return changetype<UserNamespace>(t.nsproxy!.mnt.owner).parent ? -EPERM : -ENOSYS;
  return -ENODEV;
}

/** Block-device and device file systems (no FS_USERNS_MOUNT), not modelled here. */
const OTHER_FS: string[] = ["devtmpfs", "ext2", "ext3", "ext4", "xfs", "btrfs", "vfat", "msdos", "iso9660", "squashfs", "nfs", "nfs4", "cifs", "autofs", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "hugetlbfs", "fusectl"];

/**
 * While the host builds the fresh machine (until machine_built()): the
 * sandbox's mounts were made while the host's /proc was still visible,
 * so mount_too_revealing() does not apply yet.
 */
let building = true;

export function setBuilding(b: bool): void {
  building = b;
}

/**
 * mount_too_revealing(): outside the initial user namespace, a new proc or
 * sysfs may be mounted only where one is already fully visible — mounted
 * at its root in the caller's mount namespace.
 */
function tooRevealing(t: Task, fstype: string): bool {
  const ns = t.nsproxy!.mnt;
  if (!changetype<UserNamespace>(ns.owner).parent || building) return false;
  const ms = ns.mounts;
  for (let i = 0; i < ms.length; i++) {
    const m = unchecked(ms[i]);
    if (m.sb.fstype == fstype && m.rootPath() == "/") return false;
  }
  return true;
}

/** sysfs as far as mounts need it: the directories other filesystems are mounted on. */
function buildSysfs(sb: SuperBlock): void {
  const dirs = ["block", "bus", "class", "dev", "devices", "firmware", "fs", "fs/cgroup", "kernel", "module", "power"];
  for (let i = 0; i < dirs.length; i++) mkdirTree(sb, sb.root, unchecked(dirs[i]));
}

export function mkdirTree(sb: SuperBlock, root: Dentry, path: string): Dentry {
  const parts = path.split("/");
  let d = root;
  for (let i = 0; i < parts.length; i++) {
    const name = unchecked(parts[i]);
    if (name.length == 0) continue;
    let c = d.lookup(name);
    if (!c) {
      c = new Dentry(name, d, sb.newInode(0o040755));
      d.children!.set(name, c);
    }
    d = c;
  }
  return d;
}

/** do_add_mount(): the new mount goes on nd. */
function addMount(t: Task, nd: Nd, m: Mount): i32 {
  const parent = nd.mnt;
  const mp = nd.dentry;
  if (!checkMnt(t, parent)) { releaseMount(m); return -EINVAL; }
  if (!mp) { releaseMount(m); return -ENOSYS; }
  // graft_tree(): a directory goes on a directory, a file on a file
  if (mp.inode.isDir() != (m.rootNode ? m.rootNode!.isDir() : m.root.inode.isDir())) { releaseMount(m); return -ENOTDIR; }
  graft(t.nsproxy!.mnt, m, parent, mp);
  return 0;
}

/** do_loopback(): bind mount of `source` (with its submounts when recurse). */
function doLoopback(t: Task, nd: Nd, source: string, recurse: bool): i32 {
  if (source.length == 0) return -EINVAL;
  const src = pathLookup(t, source, true);
  if (!src) return -nameiErr;
  const ns = t.nsproxy!.mnt;
  if (!checkMnt(t, nd.mnt)) return -EINVAL;
  if (!nd.dentry) return -ENOSYS;
  // a namespace file: bind its nsfs inode
  const node = src.node;
  if (node && node.isLink() === false && !node.isDir()) {
    const target = node.nsTarget();
    if (target) {
      if (nd.dentry!.inode.isDir()) return -ENOTDIR;
      if (target.type == 2 && target === ns) return -EINVAL; // mnt_ns_loop(): a mount namespace bound into itself
      target.count++;
      const nsfs = nsfsSuper();
      const m = new Mount(nsfs, nsfs.root, new NsfsNode(target), MNT_RELATIME, "nsfs");
      graft(ns, m, nd.mnt, nd.dentry!);
      return 0;
    }
  }
  const old = src.mnt;
  if (old.unbindable) return -EINVAL;
  if (!checkMnt(t, old)) return -EINVAL;
  if (src.isDir() != nd.isDir()) return -ENOTDIR;
  // clone the source mount at the looked-up place
  const top = new Mount(old.sb, src.dentry ? src.dentry! : old.root, src.node, old.flags & ~MNT_LOCKED, old.devname);
  copyPropagation(old, top, false);
  top.unbindable = false;
  const added: Mount[] = [top];
  graft(ns, top, nd.mnt, nd.dentry!);
  if (recurse && src.dentry) {
    // copy_tree(): submounts below the source path, skipping unbindable ones
    const map = new Map<Mount, Mount>();
    map.set(old, top);
    const all = subtree(old);
    for (let i = 1; i < all.length; i++) {
      const m = unchecked(all[i]);
      if (!map.has(m.parent!) || m.unbindable) continue;
      if (m.parent === old && !m.mountpoint!.isWithin(src.dentry!)) continue;
      const c = cloneMount(m);
      copyPropagation(m, c, false);
      graft(ns, c, map.get(m.parent!), m.mountpoint!);
      map.set(m, c);
      added.push(c);
    }
  }
  return 0;
}

function doChangeType(t: Task, nd: Nd, flags: u32): i32 {
  if (!nd.isMountRoot()) return -EINVAL;
  const type = flags & ~(MS_REC | MS_SILENT);
  if (type != MS_SHARED && type != MS_PRIVATE && type != MS_SLAVE && type != MS_UNBINDABLE) return -EINVAL;
  const targets = (flags & MS_REC) ? subtree(nd.mnt) : [nd.mnt];
  for (let i = 0; i < targets.length; i++) changePropagation(unchecked(targets[i]), type);
  return 0;
}

function doMove(t: Task, nd: Nd, source: string): i32 {
  if (source.length == 0) return -EINVAL;
  const src = pathLookup(t, source, true);
  if (!src) return -nameiErr;
  const old = src.mnt;
  if (!checkMnt(t, old) || !checkMnt(t, nd.mnt)) return -EINVAL;
  if (!src.isMountRoot()) return -EINVAL;
  if (!old.parent || old.parent === old) return -EINVAL;
  if (old.parent!.isShared()) return -EINVAL;
  if (!nd.dentry) return -ENOSYS;
  if (src.isDir() != nd.isDir()) return -ENOTDIR;
  // not into itself
  const tree = subtree(old);
  if (tree.includes(nd.mnt)) return -ELOOP;
  const ns = t.nsproxy!.mnt;
  ns.remove(old);
  graftMoved(ns, old, nd.mnt, nd.dentry!);
  return 0;
}

function graftMoved(ns: MntNamespace, m: Mount, parent: Mount, mp: Dentry): void {
  m.parent = parent;
  m.mountpoint = mp;
  ns.add(m);
  if (parent.isShared() && !m.isShared()) {
    joinGroup(m, null);
    propagateMount(parent, mp, m);
  }
}

function doRemount(t: Task, nd: Nd, flags: u32, bind: bool): i32 {
  if (!nd.isMountRoot()) return -EINVAL;
  const m = nd.mnt;
  if (!checkMnt(t, m)) return -EINVAL;
  const want = mntFlagsOf(flags);
  // a locked mount keeps its read-only, nosuid, nodev, noexec and atime flags
  if ((m.flags & MNT_LOCKED) && ((m.flags ^ want) & (MNT_READONLY | MNT_NOSUID | MNT_NODEV | MNT_NOEXEC)) != 0) return -EPERM;
  m.flags = want | (m.flags & MNT_LOCKED);
  if (!bind) {
    if (flags & MS_RDONLY) m.sb.flags |= SB_RDONLY;
    else m.sb.flags &= ~SB_RDONLY;
  }
  return 0;
}

/** mount(2) */
export function doMount(t: Task, source: string, target: string, fstype: string, flagsIn: u32, data: string): i32 {
  const nd = pathLookup(t, target, true);
  if (!nd) return -nameiErr;
  let flags = flagsIn;
  if ((flags & MS_MGC_MSK) == MS_MGC_VAL) flags &= ~MS_MGC_MSK;
  if (flags & MS_NOUSER) return -EINVAL;
  if (!mayMount(t)) return -EPERM;
  if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND)) return doRemount(t, nd, flags, true);
  if (flags & MS_REMOUNT) return doRemount(t, nd, flags, false);
  if (flags & MS_BIND) return doLoopback(t, nd, source, (flags & MS_REC) != 0);
  if (flags & MS_PROPAGATION) return doChangeType(t, nd, flags);
  if (flags & MS_MOVE) return doMove(t, nd, source);
  return doNewMount(t, nd, source, fstype, flags, data);
}

/** Whether a task has its root or cwd on one of `mounts`, or something is mounted on one of them from outside. */
function busy(mounts: Mount[]): bool {
  const tasks = allTasks();
  for (let i = 0; i < tasks.length; i++) {
    const fs = unchecked(tasks[i]).fs;
    if (mounts.includes(fs.root.mnt) || mounts.includes(fs.pwd.mnt)) return true;
  }
  return false;
}

/** umount2(2) */
export function doUmount(t: Task, target: string, flags: i32): i32 {
  if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) return -EINVAL;
  if (!mayMount(t)) return -EPERM;
  const nd = pathLookup(t, target, (flags & UMOUNT_NOFOLLOW) == 0);
  if (!nd) return -nameiErr;
  const m = nd.mnt;
  // can_umount()
  if (!nd.isMountRoot()) return -EINVAL;
  if (!checkMnt(t, m)) return -EINVAL;
  if (m.flags & MNT_LOCKED) return -EINVAL;
  if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH))) return -EINVAL;
  // the caller's root: only lazily
  if (m === t.fs.root.mnt && !(flags & MNT_DETACH)) return -EBUSY;
  if (!m.parent || m.parent === m) return -EINVAL;
  const ns = t.nsproxy!.mnt;
  const tree = subtree(m);
  if (!(flags & MNT_DETACH)) {
    if (tree.length > 1 || busy([m])) return -EBUSY;
    if (flags & MNT_EXPIRE) return -EAGAIN_EXPIRE;
  }
  // umount_tree() with propagation
  // every mount of the tree sends its unmount to the receivers of its parent's group
  const doomed: Mount[] = tree.slice(0);
  for (let i = 0; i < doomed.length; i++) propagateUmount(unchecked(doomed[i]), doomed);
  for (let i = doomed.length - 1; i >= 0; i--) {
    const d = unchecked(doomed[i]);
    // tasks whose cwd or root was there keep a detached place (the mount stays alive for them)
    releaseMount(d);
  }
  return 0;
}

/** MNT_EXPIRE on a mount not yet marked: EAGAIN (it is marked now). */
const EAGAIN_EXPIRE: i32 = 11;

/** Whether (mnt, d) can be reached walking up from (m, md) (is_path_reachable()). */
function reachable(m: Mount, md: Dentry, root: Mount, rootD: Dentry): bool {
  let mnt = m;
  let d: Dentry = md;
  for (let guard = 0; guard < 10000; guard++) {
    if (mnt === root) return d.isWithin(rootD);
    const p = mnt.parent;
    if (!p || p === mnt || !mnt.mountpoint) return false;
    d = mnt.mountpoint!;
    mnt = p;
  }
  return false;
}

/** pivot_root(2) */
export function doPivotRoot(t: Task, newRoot: string, putOld: string): i32 {
  if (!mayMount(t)) return -EPERM;
  const nw = pathLookup(t, newRoot, true);
  if (!nw) return -nameiErr;
  if (!nw.isDir()) return -ENOTDIR;
  const old = pathLookup(t, putOld, true);
  if (!old) return -nameiErr;
  if (!old.isDir()) return -ENOTDIR;
  const root = t.fs.root;
  const newMnt = nw.mnt, rootMnt = root.mnt, oldMnt = old.mnt;
  const exParent = newMnt.parent, rootParent = rootMnt.parent;
  if (oldMnt.isShared() || (exParent && exParent.isShared()) || (rootParent && rootParent.isShared())) return -EINVAL;
  if (!checkMnt(t, rootMnt) || !checkMnt(t, newMnt)) return -EINVAL;
  if (newMnt.flags & MNT_LOCKED) return -EINVAL;
  if (!nw.dentry || !old.dentry || !root.dentry) return -EINVAL;
  if (newMnt === rootMnt || oldMnt === rootMnt) return -EBUSY;
  // the root must be a mount's root and attached; so must new_root
  if (root.dentry !== rootMnt.root || !rootParent || rootParent === rootMnt) return -EINVAL;
  if (!nw.isMountRoot() || !exParent || exParent === newMnt) return -EINVAL;
  // put_old must be reachable from new_root, new_root from the root
  if (!reachable(oldMnt, old.dentry!, newMnt, nw.dentry!)) return -EINVAL;
  if (!reachable(newMnt, nw.dentry!, rootMnt, root.dentry!)) return -EINVAL;

  const ns = t.nsproxy!.mnt;
  const rootMp = rootMnt.mountpoint!;
  ns.remove(newMnt);
  ns.remove(rootMnt);
  if (rootMnt.flags & MNT_LOCKED) {
    newMnt.flags |= MNT_LOCKED;
    rootMnt.flags &= ~MNT_LOCKED;
  }
  // the old root on put_old, the new root where the old one was
  rootMnt.parent = oldMnt;
  rootMnt.mountpoint = old.dentry;
  ns.add(rootMnt);
  newMnt.parent = rootParent;
  newMnt.mountpoint = rootMp;
  ns.add(newMnt);
  // chroot_fs_refs(): every task rooted or working at the old root moves to the new one
  const tasks = allTasks();
  for (let i = 0; i < tasks.length; i++) {
    const fs = unchecked(tasks[i]).fs;
    if (fs.root.mnt === rootMnt && fs.root.dentry === root.dentry) fs.root = new Path(newMnt, nw.dentry, null);
    if (fs.pwd.mnt === rootMnt && fs.pwd.dentry === root.dentry) fs.pwd = new Path(newMnt, nw.dentry, null);
  }
  return 0;
}

/**
 * copy_mnt_ns()'s copy_tree(): the same mounts in a new namespace, in the
 * old tree's order. Into a namespace owned by another user namespace (less
 * privileged), shared mounts become slaves and every mount is locked.
 */
export function copyMountTree(old: MntNamespace, ns: MntNamespace, lessPrivileged: bool): Map<Mount, Mount> {
  const map = new Map<Mount, Mount>();
  const first = old.root;
  if (!first) return map;
  // next_mnt(): preorder, children in the order they were attached
  const order: Mount[] = [];
  const stack: Mount[] = [first];
  while (stack.length > 0) {
    const m = stack.pop();
    order.push(m);
    const kids = old.children(m);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(unchecked(kids[k]));
  }
  for (let i = 0; i < order.length; i++) {
    const m = unchecked(order[i]);
    // a copy keeps the original's lock (checked on Linux 6.18: umount2("/") stays EINVAL)
    const c = cloneMount(m);
    c.flags |= m.flags & MNT_LOCKED;
    copyPropagation(m, c, lessPrivileged);
    if (lessPrivileged) c.flags |= MNT_LOCKED;
    if (i > 0) {
      c.parent = map.get(m.parent!);
      c.mountpoint = m.mountpoint;
    }
    ns.add(c);
    map.set(m, c);
  }
  ns.root = map.get(first);
  return map;
}

/** The place a task entering `ns` starts at: the top of what is mounted on the namespace's root. */
export function nsRootPath(t: Task, ns: MntNamespace): Path {
  const r = ns.root!;
  // followMounts uses the task's namespace: look in ns directly
  let m = r;
  let d: Dentry = r.root;
  for (;;) {
    const top = ns.mountedOn(m, d);
    if (!top) break;
    m = top;
    d = top.root;
  }
  return new Path(m, d, d === m.root ? m.rootNode : null);
}

/** machine_bind_dev(): a bind mount of one of devtmpfs's nodes (the machine's /dev/null ...). */
export function bindDevNode(t: Task, name: string, target: string): i32 {
  const dev = devtmpfs;
  if (!dev) return -ENODEV;
  const node = dev.root.lookup(name);
  if (!node) return -ENOENT_;
  const nd = pathLookup(t, target, true);
  if (!nd) return -nameiErr;
  if (!nd.dentry) return -ENOSYS;
  const m = new Mount(dev, node, null, MNT_RELATIME, "devtmpfs");
  graft(t.nsproxy!.mnt, m, nd.mnt, nd.dentry!);
  return 0;
}

const ENOENT_: i32 = 2;

/** machine_set_size(): the size a file copied from the host has. */
export function setFileSize(t: Task, path: string, size: i32): i32 {
  const nd = pathLookup(t, path, true);
  if (!nd) return -nameiErr;
  if (!nd.dentry || !nd.dentry!.inode.isReg() || size < 0) return -EINVAL;
  nd.dentry!.inode.size = size;
  return 0;
}
