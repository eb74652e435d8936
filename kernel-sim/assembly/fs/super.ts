// fs/super.c: a filesystem instance. Inode filesystems (tmpfs, sysfs,
// devtmpfs, the machine's root) keep a dentry tree; pseudo filesystems
// (proc, cgroup, cgroup2) render a PseudoNode tree instead.
//
// proc instances are tied to the PID namespace of the task that mounted
// them (fs/proc/root.c): /proc shows the tasks as that namespace sees them,
// whoever reads it.

import { Dentry, Inode, S_IFDIR } from "./inode";
import { PseudoNode } from "./pseudo";
import { PidNamespace } from "../ns/pid_namespace";

/** SB_RDONLY */
export const SB_RDONLY: u32 = 1;

let nextAnonDev: u32 = 1;
let nextIno: u64 = 1;

export function superReset(): void {
  nextAnonDev = 1;
  nextIno = 1;
}

function newInodeNr(mode: u32): Inode {
  return new Inode(nextIno++, mode);
}

/** shmem_show_options(): a tmpfs mounted by someone other than the global root shows the owner (kernel ids). */
export function tmpfsOwnerOptions(uid: u32, gid: u32): string {
  let s = "";
  if (uid != 0) s += ",uid=" + uid.toString();
  if (gid != 0) s += ",gid=" + gid.toString();
  return s;
}

export class SuperBlock {
  readonly fstype: string;
  /** anonymous device number (0:N), as mountinfo's third field shows it */
  readonly dev: u32;
  /** the root dentry (for a pseudo filesystem, a stand-in that only serves as a mountpoint) */
  readonly root: Dentry;
  /** pseudo filesystems: the root entry */
  readonly pseudoRoot: PseudoNode | null;
  /** proc: the PID namespace it shows */
  readonly pidNs: PidNamespace | null;
  flags: u32;
  /** the options mountinfo shows after rw/ro ("mode=755", "cpu", "size=...k,nr_inodes=...,mode=755") */
  options: string;
  /** mounts of this instance */
  count: i32 = 0;

  constructor(fstype: string, pseudoRoot: PseudoNode | null, pidNs: PidNamespace | null, flags: u32, options: string) {
    this.fstype = fstype;
    this.flags = flags;
    this.options = options;
    this.dev = nextAnonDev++;
    this.pseudoRoot = pseudoRoot;
    this.root = new Dentry("", null, newInodeNr(S_IFDIR | 0o755));
    this.pidNs = pidNs;
    if (pidNs) pidNs.count++;
  }

  newInode(mode: u32): Inode {
    return newInodeNr(mode);
  }


  put(): void {
    if (--this.count > 0) return;
    const ns = this.pidNs;
    if (ns) ns.put();
  }

  /** The super options of mountinfo: "rw"/"ro" and the filesystem's own. */
  superOptions(): string {
    const base = (this.flags & SB_RDONLY) ? "ro" : "rw";
    return this.options.length > 0 ? base + "," + this.options : base;
  }
}
