// fs/open.c, read_write.c, readdir.c, namei.c (mkdir, rmdir, unlink,
// symlink, link), fs/stat.c, fs/open.c (chdir, chroot, chmod): the file
// calls, as the calling task sees the tree.
//
// Differences from Linux: no permission bits are enforced (tasks are
// root-like); read-only mounts and filesystems are (EROFS).

import { Task, Path } from "../kernel/task";
import { Dentry, Inode, S_IFDIR, S_IFREG, S_IFLNK, S_IFMT, S_IFCHR } from "./inode";
import { MNT_READONLY } from "./mount";
import { SB_RDONLY } from "./super";
import { Nd, pathLookup, pathParent, nameiErr } from "./namei";
import { pseudoErr } from "./pseudo";
import { nsCapable } from "../ns/user_namespace";
import {
  EBUSY, EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, EPERM, EROFS,
} from "../include/uapi";

export let vfsErr: i32 = 0;

function err(e: i32): string {
  vfsErr = e;
  return "";
}

/** mnt_want_write(): a read-only mount or filesystem refuses changes. */
function readOnly(nd: Nd): bool {
  return (nd.mnt.flags & MNT_READONLY) != 0 || (nd.mnt.sb.flags & SB_RDONLY) != 0;
}

function utf8Len(s: string): i32 {
  return String.UTF8.byteLength(s, false);
}

/** open(O_RDONLY) + read() + close() */
export function vfsRead(t: Task, path: string): string {
  vfsErr = 0;
  const nd = pathLookup(t, path, true);
  if (!nd) return err(nameiErr);
  const node = nd.node;
  if (node) {
    if (node.isDir()) return err(EISDIR);
    const s = node.read(t);
    vfsErr = s.length == 0 ? pseudoErr : 0;
    return s;
  }
  const inode = nd.dentry!.inode;
  if (inode.isDir()) return err(EISDIR);
  return inode.data;
}

/** open(O_WRONLY|O_CREAT|O_TRUNC, 0644) + write() + close(): bytes written or -errno. */
export function vfsWrite(t: Task, path: string, text: string): i32 {
  const nd = pathLookup(t, path, true);
  if (nd) {
    const node = nd.node;
    if (node) {
      if (node.isDir()) return -EISDIR;
      return node.write(t, text);
    }
    const inode = nd.dentry!.inode;
    if (inode.isDir()) return -EISDIR;
    if (readOnly(nd)) return -EROFS;
    inode.data = text;
    inode.size = -1;
    return utf8Len(text);
  }
  if (nameiErr != ENOENT) return -nameiErr;
  const parent = pathParent(t, path);
  if (!parent) return -nameiErr;
  const dir = parent.dir;
  // a pseudo filesystem decides (it makes no regular files); "/" is no file name
  if (parent.last.length == 0) return -ENOENT;
  if (dir.node) return dir.node!.create(parent.last, t);
  if (readOnly(dir)) return -EROFS;
  const f = newEntry(dir, parent.last, S_IFREG | 0o644, t);
  f.inode.data = text;
  return utf8Len(text);
}

function newEntry(dir: Nd, name: string, mode: u32, t: Task): Dentry {
  const d = dir.dentry!;
  const inode = dir.mnt.sb.newInode(mode);
  inode.uid = t.cred.uid;
  inode.gid = t.cred.gid;
  const c = new Dentry(name, d, inode);
  d.children!.set(name, c);
  return c;
}

/** readlink(2) */
export function vfsReadlink(t: Task, path: string): string {
  vfsErr = 0;
  const nd = pathLookup(t, path, false);
  if (!nd) return err(nameiErr);
  const node = nd.node;
  if (node) {
    if (!node.isLink()) return err(EINVAL);
    const s = node.readlink(t);
    if (s.length == 0) vfsErr = pseudoErr;
    return s;
  }
  const inode = nd.dentry!.inode;
  if (!inode.isLink()) return err(EINVAL);
  return inode.data;
}

function byteOrder(a: string, b: string): i32 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** getdents64(): names (without . and ..) sorted by byte value, one per line. */
export function vfsReaddir(t: Task, path: string): string {
  vfsErr = 0;
  const nd = pathLookup(t, path, true);
  if (!nd) return err(nameiErr);
  let names: string[];
  const node = nd.node;
  if (node) {
    if (!node.isDir()) return err(ENOTDIR);
    names = node.readdir(t);
  } else {
    const d = nd.dentry!;
    if (!d.inode.isDir()) return err(ENOTDIR);
    names = d.children!.keys();
    names.sort(byteOrder);
  }
  return names.join("\n");
}

/** Creation of a name in a directory: the checks mkdir, symlink and link share. */
function createAt(t: Task, path: string): Nd | null {
  const parent = pathParent(t, path);
  if (!parent) { createErr = nameiErr; return null; }
  createLast = parent.last;
  const dir = parent.dir;
  if (parent.last.length == 0 || parent.last == "." || parent.last == "..") { createErr = EEXIST; return null; }
  if (dir.node) {
    // pseudo filesystems decide (cgroupfs makes cgroups, proc refuses)
    return dir;
  }
  if (dir.dentry!.lookup(parent.last)) { createErr = EEXIST; return null; }
  if (readOnly(dir)) { createErr = EROFS; return null; }
  return dir;
}
let createErr: i32 = 0;
let createLast: string = "";

/** mkdir(2) */
export function vfsMkdir(t: Task, path: string, mode: i32): i32 {
  const dir = createAt(t, path);
  if (!dir) return -createErr;
  if (dir.node) return dir.node!.mkdir(createLast, t);
  // vfs_mkdir(): S_ISUID/S_ISGID from the mode are dropped (only permissions and sticky), then the umask
  newEntry(dir, createLast, S_IFDIR | ((<u32>mode & 0o1777) & ~0o022), t);
  return 0;
}

/** symlink(2) */
export function vfsSymlink(t: Task, target: string, linkpath: string): i32 {
  if (target.length == 0) return -ENOENT;
  const dir = createAt(t, linkpath);
  if (!dir) return -createErr;
  if (dir.node) return -ENOENT;
  newEntry(dir, createLast, S_IFLNK | 0o777, t).inode.data = target;
  return 0;
}

/** link(2): another name for a file (not a directory), on the same mount. */
export function vfsLink(t: Task, oldpath: string, newpath: string): i32 {
  const old = pathLookup(t, oldpath, false);
  if (!old) return -nameiErr;
  const dir = createAt(t, newpath);
  if (!dir) return -createErr;
  if (old.node || dir.node) return -EPERM;
  const inode = old.dentry!.inode;
  if (inode.isDir()) return -EPERM;
  if (old.mnt !== dir.mnt) return -18; // EXDEV
  const d = dir.dentry!;
  const c = new Dentry(createLast, d, inode);
  d.children!.set(createLast, c);
  inode.nlink++;
  return 0;
}

/** unlink(2) and rmdir(2) */
export function vfsRemove(t: Task, path: string, dirWanted: bool): i32 {
  const parent = pathParent(t, path);
  if (!parent) return -nameiErr;
  const dir = parent.dir;
  const last = parent.last;
  if (dirWanted && (last == "." || last.length == 0)) return -EINVAL;
  if (dirWanted && last == "..") return -ENOTEMPTY;
  if (dir.node) return dirWanted ? dir.node!.rmdir(last, t) : -EPERM;
  const d = dir.dentry!.lookup(last);
  if (!d) return -ENOENT;
  const isDir = d.inode.isDir();
  if (dirWanted && !isDir) return -ENOTDIR;
  if (!dirWanted && isDir) return -EISDIR;
  if (readOnly(dir)) return -EROFS;
  if (d.mounted > 0) return -EBUSY;
  if (isDir && d.children!.size > 0) return -ENOTEMPTY;
  dir.dentry!.children!.delete(last);
  d.dead = true;
  d.inode.nlink--;
  return 0;
}

/** chmod(2) */
export function vfsChmod(t: Task, path: string, mode: i32): i32 {
  const nd = pathLookup(t, path, true);
  if (!nd) return -nameiErr;
  if (nd.node) return -EPERM;
  if (readOnly(nd)) return -EROFS;
  const inode = nd.dentry!.inode;
  inode.mode = (inode.mode & S_IFMT) | (<u32>mode & 0o7777);
  return 0;
}

function octal4(m: u32): string {
  let s = (m & 0o7777).toString(8);
  while (s.length < 4) s = "0" + s;
  return s;
}

/** tmpfs (shmem) directories count BOGO_DIRENT_SIZE (20) per entry, . and .. included. */
const BOGO_DIRENT_SIZE: i64 = 20;

/**
 * lstat(2) as "TYPE MODE SIZE NLINK UID GID", ids as the caller's user
 * namespace sees them (65534 for an owner it does not map).
 */
export function vfsLstat(t: Task, path: string): string {
  vfsErr = 0;
  const nd = pathLookup(t, path, false);
  if (!nd) return err(nameiErr);
  const uns = t.cred.userNs;
  const node = nd.node;
  if (node) {
    const type = node.isDir() ? "directory" : node.isLink() ? "symlink" : "file";
    const owner = node.ownerUid(t);
    return type + " " + octal4(node.mode()) + " 0 " + (node.isDir() ? "2" : "1") + " " +
      uns.uidMunged(owner).toString() + " " + uns.gidMunged(owner).toString();
  }
  const d = nd.dentry!;
  const inode = d.inode;
  const fmt = inode.mode & S_IFMT;
  const type = fmt == S_IFDIR ? "directory" : fmt == S_IFLNK ? "symlink" : fmt == S_IFREG ? "file" : fmt == S_IFCHR ? "chardev" : "other";
  let size: i64 = inode.fileSize();
  let nlink: u32 = inode.nlink;
  if (fmt == S_IFDIR) {
    const kids = d.children!.values();
    let subdirs: u32 = 0;
    for (let i = 0; i < kids.length; i++) if (unchecked(kids[i]).inode.isDir()) subdirs++;
    nlink = 2 + subdirs;
    const fstype = nd.mnt.sb.fstype;
    size = fstype == "tmpfs" || fstype == "rootfs" ? (<i64>kids.length + 2) * BOGO_DIRENT_SIZE : 0;
  } else if (fmt == S_IFCHR) size = 0;
  return type + " " + octal4(inode.mode) + " " + size.toString() + " " + nlink.toString() + " " +
    uns.uidMunged(inode.uid).toString() + " " + uns.gidMunged(inode.gid).toString();
}

/** chdir(2) */
export function vfsChdir(t: Task, path: string): i32 {
  const nd = pathLookup(t, path, true);
  if (!nd) return -nameiErr;
  if (!nd.isDir()) return -ENOTDIR;
  t.fs.pwd = nd.toPath();
  return 0;
}

/** chroot(2): CAP_SYS_CHROOT in the caller's own user namespace. */
export function vfsChroot(t: Task, path: string): i32 {
  const nd = pathLookup(t, path, true);
  if (!nd) return -nameiErr;
  if (!nd.isDir()) return -ENOTDIR;
  if (!nsCapable(t.cred, t.cred.userNs)) return -EPERM;
  t.fs.root = nd.toPath();
  return 0;
}
