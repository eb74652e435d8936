// fs/inode.c, fs/dcache.c: inodes and the directory entries that name them.
//
// Directories are never hard-linked, so a directory's entries live on its
// one dentry. Regular files may have several dentries (link(2)).
//
// Differences from Linux: no permission checks beyond what the model's
// root-like tasks need; sizes of files copied from the host (busybox) are
// given, not computed.

export const S_IFDIR: u32 = 0o040000;
export const S_IFREG: u32 = 0o100000;
export const S_IFLNK: u32 = 0o120000;
export const S_IFCHR: u32 = 0o020000;
export const S_IFMT: u32 = 0o170000;

export class Inode {
  ino: u64;
  mode: u32;
  nlink: u32 = 1;
  /** regular files: contents; symlinks: target */
  data: string = "";
  /** size when it is not the contents' length (a file copied from the host), else -1 */
  size: i64 = -1;
  /** character devices: major << 8 | minor */
  rdev: u32 = 0;
  /** owner, as kernel ids (the creator's fsuid/fsgid) */
  uid: u32 = 0;
  gid: u32 = 0;

  constructor(ino: u64, mode: u32) {
    this.ino = ino;
    this.mode = mode;
  }

  isDir(): bool { return (this.mode & S_IFMT) == S_IFDIR; }
  isLink(): bool { return (this.mode & S_IFMT) == S_IFLNK; }
  isReg(): bool { return (this.mode & S_IFMT) == S_IFREG; }

  fileSize(): i64 {
    if (this.size >= 0) return this.size;
    return this.isDir() ? 40 : <i64>String.UTF8.byteLength(this.data, false);
  }
}

export class Dentry {
  name: string;
  /** null for a filesystem's root */
  parent: Dentry | null;
  inode: Inode;
  /** directories: entries by name */
  children: Map<string, Dentry> | null = null;
  /** Mounts on this dentry, in any namespace (d_mountpoint). */
  mounted: i32 = 0;
  /** unlinked (rmdir/unlink): a walk no longer finds it */
  dead: bool = false;

  constructor(name: string, parent: Dentry | null, inode: Inode) {
    this.name = name;
    this.parent = parent;
    this.inode = inode;
    if (inode.isDir()) this.children = new Map();
  }

  lookup(name: string): Dentry | null {
    const c = this.children;
    if (!c || !c.has(name)) return null;
    return c.get(name);
  }

  /** The path from the filesystem's root ("/" for the root itself). */
  path(): string {
    if (!this.parent) return "/";
    let out = "";
    let d: Dentry | null = this;
    while (d && d.parent) {
      out = "/" + d.name + out;
      d = d.parent;
    }
    return out;
  }

  /** Whether this dentry is `ancestor` or lies below it (is_subdir()). */
  isWithin(ancestor: Dentry): bool {
    let d: Dentry | null = this;
    while (d) {
      if (d === ancestor) return true;
      d = d.parent;
    }
    return false;
  }
}
