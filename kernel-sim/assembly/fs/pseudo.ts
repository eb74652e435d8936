// fs/libfs.c, in spirit: a pseudo filesystem (proc, cgroupfs) renders its
// entries on lookup instead of keeping inodes. Path walks, reads, writes,
// directory listings and mkdir/rmdir reach it through this class; each
// pseudo filesystem is a subclass.
import { Task } from "../kernel/task";
import { NsCommon } from "../ns/ns_common";
import { EINVAL, ENOENT, ENOTDIR, EPERM } from "../include/uapi";

/** The errno of the last failed PseudoNode operation that returns a value. */
export let pseudoErr: i32 = 0;

export function setPseudoErr(e: i32): void {
  pseudoErr = e;
}

export abstract class PseudoNode {
  /** the entry that contains this one; null for the filesystem's root */
  parent: PseudoNode | null;
  name: string;

  constructor(parent: PseudoNode | null, name: string) {
    this.parent = parent;
    this.name = name;
  }

  abstract isDir(): bool;

  isLink(): bool {
    return false;
  }

  /** One step down by `name`; null with pseudoErr set. */
  lookup(name: string, reader: Task): PseudoNode | null {
    pseudoErr = this.isDir() ? ENOENT : ENOTDIR;
    return null;
  }

  /** Names below a directory, sorted by byte value. */
  readdir(reader: Task): string[] {
    return [];
  }

  /** A file's contents; "" with pseudoErr set (0: an empty file). */
  read(reader: Task): string {
    pseudoErr = EINVAL;
    return "";
  }

  /** Bytes taken, or -errno. */
  write(reader: Task, text: string): i32 {
    return -EINVAL;
  }

  /** A link's target, relative to the filesystem's root when it does not start with "/"; "" with pseudoErr. */
  readlink(reader: Task): string {
    pseudoErr = EINVAL;
    return "";
  }

  /** The namespace a magic /proc/T/ns/X link stands for; null with pseudoErr when none. */
  nsTarget(): NsCommon | null {
    pseudoErr = EINVAL;
    return null;
  }

  mkdir(name: string, reader: Task): i32 {
    return -EPERM;
  }

  /** open(O_CREAT) of a new name here: -errno (pseudo filesystems make no regular files; proc says ENOENT). */
  create(name: string, reader: Task): i32 {
    return -ENOENT;
  }

  rmdir(name: string, reader: Task): i32 {
    return -EPERM;
  }

  /** Permission bits, as stat(2) shows them. */
  mode(): u32 {
    return this.isDir() ? 0o555 : this.isLink() ? 0o777 : 0o444;
  }

  /** The owner, a kernel id (the global root unless the filesystem says otherwise). */
  ownerUid(reader: Task): u32 {
    return 0;
  }

  /** The filesystem's root entry. */
  root(): PseudoNode {
    let n: PseudoNode = this;
    while (n.parent) n = n.parent!;
    return n;
  }
}
