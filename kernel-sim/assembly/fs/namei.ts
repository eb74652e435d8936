// fs/namei.c: path lookup as a task sees the tree — from its root or its
// working directory, across mounts, following symlinks (40 at most), and
// into proc instances, which render their entries on lookup.
//
// Differences from Linux: no permission checks on directories (every task
// is root-like for search); proc's magic links (ns/*) end a walk on the
// namespace itself.

import { Task, Path } from "../kernel/task";
import { Inode } from "./inode";
import { Mount } from "./mount";
import { ProcEntry, procRoot, procLookup, procIsDir, procIsLink, procReadlink, procErr, P_NSLINK, P_LINK } from "./proc/base";
import { ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR } from "../include/uapi";

/** PATH_MAX and NAME_MAX */
const PATH_MAX: i32 = 4096;
const NAME_MAX: i32 = 255;
const MAXSYMLINKS: i32 = 40;

/** Where a walk ended: a mount and an inode in it, or an entry of a proc instance mounted there. */
export class Nd {
  constructor(public mnt: Mount, public inode: Inode, public proc: ProcEntry | null) {}
  isDir(): bool {
    const p = this.proc;
    return p ? procIsDir(p) : this.inode.isDir();
  }
}

export let nameiErr: i32 = 0;

function fail(e: i32): Nd | null {
  nameiErr = e;
  return null;
}

/** Cross every mount stacked on nd (follow_mount()). */
function followMounts(t: Task, mnt: Mount, inode: Inode): Nd {
  const ns = t.nsproxy!.mnt;
  let m = mnt, i = inode;
  for (;;) {
    const top = ns.mountedOn(m, i);
    if (!top) break;
    m = top;
    i = top.root;
  }
  const proc: ProcEntry | null = i === m.root && m.sb.pidNs ? procRoot(m.sb.pidNs!) : null;
  return new Nd(m, i, proc);
}

let linksFollowed: i32 = 0;

/**
 * The parent directory of `path` and its last component (for mkdir,
 * creating writes); null on failure. An empty last component (path "/")
 * gives last == "".
 */
export class Parent {
  constructor(public dir: Nd, public last: string) {}
}

function splitPath(path: string): string[] {
  const parts = path.split("/");
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = unchecked(parts[i]);
    if (p.length > 0) out.push(p);
  }
  return out;
}

function start(t: Task, path: string): Nd {
  const p: Path = path.startsWith("/") ? t.fs.root : t.fs.pwd;
  return followMounts(t, p.mnt, p.dentry);
}

/** One step from nd by `name` (not "" or "."). */
function step(t: Task, nd: Nd, name: string): Nd | null {
  if (name.length > NAME_MAX) return fail(ENAMETOOLONG);
  if (name == "..") {
    const root = t.fs.root;
    if (nd.proc && nd.proc!.parent) return new Nd(nd.mnt, nd.inode, nd.proc!.parent);
    let mnt = nd.mnt, inode = nd.inode;
    // climb out of mount roots (follow_dotdot()), never above the task's root
    for (;;) {
      if (mnt === root.mnt && inode === root.dentry) return followMounts(t, mnt, inode);
      if (inode !== mnt.root || !mnt.parent) break;
      inode = mnt.mountpoint;
      mnt = mnt.parent!;
    }
    const up = inode.parent ? inode.parent! : inode;
    return followMounts(t, mnt, up);
  }
  if (!nd.isDir()) return fail(ENOTDIR);
  if (nd.proc) {
    const e = procLookup(nd.proc!, name, t);
    if (!e) return fail(procErr);
    return new Nd(nd.mnt, nd.inode, e);
  }
  const child = nd.inode.lookup(name);
  if (!child) return fail(ENOENT);
  return followMounts(t, nd.mnt, child);
}

/** Follows the symlink at nd (a walk from where it lies for relative targets). */
function followLink(t: Task, dirNd: Nd, nd: Nd): Nd | null {
  if (++linksFollowed > MAXSYMLINKS) return fail(ELOOP);
  const p = nd.proc;
  if (p) {
    // magic ns links end at the namespace; others are paths inside /proc
    if (p.kind == P_NSLINK) return nd;
    const target = procReadlink(p, t);
    if (target.length == 0) return fail(procErr);
    let base = dirNd;
    // proc link targets are relative to /proc itself
    if (p.kind != P_LINK || p.name == "mounts") {
      let root: ProcEntry = p;
      while (root.parent) root = root.parent!;
      base = new Nd(nd.mnt, nd.inode, root);
    }
    return walkFrom(t, base, target, true);
  }
  const target = nd.inode.data;
  if (target.startsWith("/")) return walkFrom(t, start(t, target), target, true);
  return walkFrom(t, dirNd, target, true);
}

function walkFrom(t: Task, from: Nd, path: string, followLast: bool): Nd | null {
  const parts = splitPath(path);
  let nd: Nd = from;
  for (let i = 0; i < parts.length; i++) {
    const name = unchecked(parts[i]);
    if (name == ".") continue;
    const next = step(t, nd, name);
    if (!next) return null;
    const last = i == parts.length - 1;
    const isLink = next.proc ? procIsLink(next.proc!) : next.inode.isLink() && next.inode !== nd.inode;
    if (isLink && (!last || followLast)) {
      const r = followLink(t, nd, next);
      if (!r) return null;
      nd = r;
    } else nd = next;
  }
  return nd;
}

/** path_lookupat(): where `path` leads for task t. */
export function pathLookup(t: Task, path: string, followLast: bool): Nd | null {
  if (path.length == 0) return fail(ENOENT);
  if (path.length >= PATH_MAX) return fail(ENAMETOOLONG);
  linksFollowed = 0;
  return walkFrom(t, start(t, path), path, followLast);
}

/** The directory that would hold `path`'s last component. */
export function pathParent(t: Task, path: string): Parent | null {
  if (path.length == 0) { nameiErr = ENOENT; return null; }
  if (path.length >= PATH_MAX) { nameiErr = ENAMETOOLONG; return null; }
  linksFollowed = 0;
  const parts = splitPath(path);
  let last = parts.length > 0 ? parts.pop() : "";
  const dirPath = (path.startsWith("/") ? "/" : "") + parts.join("/");
  const dir = dirPath.length == 0 ? start(t, path) : walkFrom(t, start(t, path), dirPath, true);
  if (!dir) return null;
  if (!dir.isDir()) { nameiErr = ENOTDIR; return null; }
  if (last.length > NAME_MAX) { nameiErr = ENAMETOOLONG; return null; }
  return new Parent(dir, last);
}
