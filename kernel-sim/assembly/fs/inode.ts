// fs/inode.c, fs/dcache.c (merged): an in-memory file tree. A directory
// entry and its inode are one object here, since nothing hard-links.
//
// Differences from Linux: no hard links, no permissions beyond the mode
// bits shown; pseudo-filesystems (proc) render their inodes on lookup.

export const S_IFDIR: u32 = 0o040000;
export const S_IFREG: u32 = 0o100000;
export const S_IFLNK: u32 = 0o120000;
export const S_IFMT: u32 = 0o170000;

let nextIno: u32 = 2;
export function inodeReset(): void {
  nextIno = 2;
}

export class Inode {
  ino: u32;
  mode: u32;
  name: string;
  /** null for a filesystem's root */
  parent: Inode | null;
  /** directories: entries by name (insertion order) */
  children: Map<string, Inode> | null = null;
  /** regular files: contents; symlinks: target */
  data: string = "";
  /** Mounts stacked on this inode, in any namespace (d_mounted). */
  mountCount: i32 = 0;

  constructor(mode: u32, name: string, parent: Inode | null) {
    this.ino = nextIno++;
    this.mode = mode;
    this.name = name;
    this.parent = parent;
    if ((mode & S_IFMT) == S_IFDIR) this.children = new Map();
  }

  isDir(): bool {
    return (this.mode & S_IFMT) == S_IFDIR;
  }

  isLink(): bool {
    return (this.mode & S_IFMT) == S_IFLNK;
  }

  lookup(name: string): Inode | null {
    const c = this.children;
    if (!c || !c.has(name)) return null;
    return c.get(name);
  }

  add(child: Inode): Inode {
    this.children!.set(child.name, child);
    return child;
  }

  /** Path from the filesystem's root ("/" for the root itself). */
  path(): string {
    if (!this.parent) return "/";
    let parts: string[] = [];
    let n: Inode | null = this;
    while (n && n.parent) {
      parts.unshift(n.name);
      n = n.parent;
    }
    return "/" + parts.join("/");
  }
}

export function mkdirIn(dir: Inode, name: string, mode: u32): Inode {
  return dir.add(new Inode(S_IFDIR | (mode & 0o7777), name, dir));
}
