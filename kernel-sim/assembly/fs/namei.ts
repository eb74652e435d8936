// fs/namei.c: path lookup as a task sees the tree — from its root or its
// working directory, across mounts, following symlinks (40 at most), and
// into pseudo filesystems (proc, cgroupfs), which render entries on lookup.
//
// Differences from Linux: no permission checks on directories (every task
// is root-like for search); proc's magic links (/proc/T/ns/*) end a walk on
// the namespace file itself; /proc/T/root and cwd are followed as the
// task's own root and cwd.

import { Task, Path } from "../kernel/task";
import { Dentry } from "./inode";
import { Mount } from "./mount";
import { PseudoNode, pseudoErr } from "./pseudo";
import { ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR } from "../include/uapi";

const PATH_MAX: i32 = 4096;
const NAME_MAX: i32 = 255;
const MAXSYMLINKS: i32 = 40;

/** Where a walk is: a mount and a dentry of it, or an entry of the pseudo filesystem mounted there. */
export class Nd {
  constructor(public mnt: Mount, public dentry: Dentry | null, public node: PseudoNode | null) {}

  isDir(): bool {
    const n = this.node;
    if (n) return n.isDir();
    return this.dentry!.inode.isDir();
  }

  isLink(): bool {
    const n = this.node;
    if (n) return n.isLink();
    return this.dentry!.inode.isLink();
  }

  /** At the root of its mount. */
  isMountRoot(): bool {
    const n = this.node;
    if (n) return n === this.mnt.rootNode;
    return this.dentry === this.mnt.root;
  }



  toPath(): Path {
    return new Path(this.mnt, this.dentry, this.node);
  }
}

export let nameiErr: i32 = 0;

function fail(e: i32): Nd | null {
  nameiErr = e;
  return null;
}

/** At (mnt, d): cross every mount stacked there (follow_mount()). */
export function followMounts(t: Task, mnt: Mount, d: Dentry): Nd {
  const ns = t.nsproxy!.mnt;
  let m = mnt;
  let cur: Dentry = d;
  for (;;) {
    const top = ns.mountedOn(m, cur);
    if (!top) break;
    m = top;
    cur = top.root;
  }
  return new Nd(m, cur, cur === m.root ? m.rootNode : null);
}

function fromPath(t: Task, p: Path): Nd {
  if (p.node && p.node !== p.mnt.rootNode) return new Nd(p.mnt, null, p.node);
  return followMounts(t, p.mnt, p.dentry!);
}

let linksFollowed: i32 = 0;

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
  return fromPath(t, path.startsWith("/") ? t.fs.root : t.fs.pwd);
}

/** follow_dotdot(): up one level, never above the task's root, out of mount roots. */
function dotdot(t: Task, nd: Nd): Nd {
  const root = t.fs.root;
  let mnt = nd.mnt;
  if (mnt === root.mnt && (nd.node ? nd.node === root.node : nd.dentry === root.dentry)) return nd;
  const node = nd.node;
  if (node && node !== mnt.rootNode && node.parent) return new Nd(mnt, null, node.parent);
  let d: Dentry | null = node ? null : nd.dentry;
  // at a mount's root: climb to where it is mounted, as often as needed
  while (!d || d === mnt.root) {
    const p = mnt.parent;
    if (!p || p === mnt || !mnt.mountpoint) return nd;
    d = mnt.mountpoint;
    mnt = p;
    if (mnt === root.mnt && d === root.dentry) return followMounts(t, mnt, d!);
  }
  const dd = d!;
  const up: Dentry = dd.parent ? dd.parent! : dd;
  return followMounts(t, mnt, up);
}

/** One step from nd by `name` (not "" or "."). */
function step(t: Task, nd: Nd, name: string): Nd | null {
  if (name.length > NAME_MAX) return fail(ENAMETOOLONG);
  if (name == "..") return dotdot(t, nd);
  if (!nd.isDir()) return fail(ENOTDIR);
  const node = nd.node;
  if (node) {
    const e = node.lookup(name, t);
    if (!e) return fail(pseudoErr);
    return new Nd(nd.mnt, null, e);
  }
  const child = nd.dentry!.lookup(name);
  if (!child) return fail(ENOENT);
  return followMounts(t, nd.mnt, child);
}

/** Follows the symlink at `link`, found in directory `dir`. */
function followLink(t: Task, dir: Nd, link: Nd): Nd | null {
  if (++linksFollowed > MAXSYMLINKS) return fail(ELOOP);
  const node = link.node;
  if (node) {
    // magic links: a namespace file ends the walk; root/cwd jump to the task's own
    const jump = procJump(t, node, link.mnt);
    if (jump) return jump;
    const target = node.readlink(t);
    if (target.length == 0) return fail(pseudoErr);
    if (target.startsWith("/")) return walkFrom(t, start(t, target), target, true);
    // relative proc links (self -> "7") are relative to the filesystem's root
    return walkFrom(t, new Nd(link.mnt, null, link.mnt.rootNode ? link.mnt.rootNode! : node.root()), target, true);
  }
  const target = link.dentry!.inode.data;
  if (target.startsWith("/")) return walkFrom(t, start(t, target), target, true);
  return walkFrom(t, dir, target, true);
}

/** Set by proc: the walk result for magic links (ns files end the walk, root/cwd jump). */
export let procJump: (t: Task, node: PseudoNode, mnt: Mount) => Nd | null = (t: Task, node: PseudoNode, mnt: Mount): Nd | null => null;

export function setProcJump(f: (t: Task, node: PseudoNode, mnt: Mount) => Nd | null): void {
  procJump = f;
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
    if (next.isLink() && (!last || followLast)) {
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

/** The directory that would hold `path`'s last component, and that component ("" for "/"). */
export class Parent {
  constructor(public dir: Nd, public last: string) {}
}

export function pathParent(t: Task, path: string): Parent | null {
  if (path.length == 0) { nameiErr = ENOENT; return null; }
  if (path.length >= PATH_MAX) { nameiErr = ENAMETOOLONG; return null; }
  linksFollowed = 0;
  const parts = splitPath(path);
  const last = parts.length > 0 ? parts.pop() : "";
  const dirPath = (path.startsWith("/") ? "/" : "") + parts.join("/");
  const dir = dirPath.length == 0 ? start(t, path) : walkFrom(t, start(t, path), dirPath, true);
  if (!dir) return null;
  if (!dir.isDir()) { nameiErr = ENOTDIR; return null; }
  if (last.length > NAME_MAX) { nameiErr = ENAMETOOLONG; return null; }
  return new Parent(dir, last);
}

/**
 * d_path(): the path of (mnt, d) as seen from `root`; "" when it is not
 * reachable from there (then mountinfo skips the mount).
 */
export function dPath(root: Path, mnt: Mount, d: Dentry | null, node: PseudoNode | null, orAbsolute: bool = false): string {
  let out = "";
  let m = mnt;
  let dd = d;
  let n = node;
  for (let guard = 0; guard < 10000; guard++) {
    if (m === root.mnt && ((dd && dd === root.dentry) || (n && n === root.node))) return out.length == 0 ? "/" : out;
    if (n) {
      if (n !== m.rootNode && n.parent) {
        out = "/" + n.name + out;
        n = n.parent;
        continue;
      }
    } else if (dd && dd !== m.root && dd.parent) {
      out = "/" + dd.name + out;
      dd = dd.parent;
      continue;
    }
    // at the root of m: continue from its mountpoint in the parent
    const p = m.parent;
    // the top of the tree without meeting `root`: unreachable — or, for
    // /proc/T/root and cwd, the path from the top of its own namespace
    if (!p || p === m || !m.mountpoint) return orAbsolute ? (out.length == 0 ? "/" : out) : "";
    dd = m.mountpoint;
    n = null;
    m = p;
  }
  return "";
}
