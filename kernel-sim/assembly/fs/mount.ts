// fs/mount.h, fs/namespace.c: mounts and mount namespaces.
//
// A mount attaches a filesystem's tree (from `root` down) on a mountpoint
// inode of its parent mount. Each mount namespace has its own tree of
// mounts; CLONE_NEWNS copies it.
//
// Differences from Linux (for now): propagation, bind mounts and
// pivot_root come with the mounts issue.

import { NsCommon, NS_MNT, PROC_MNT_INIT_INO } from "../ns/ns_common";
import { UserNamespace } from "../ns/user_namespace";
import { Inode } from "./inode";
import { SuperBlock } from "./super";

let nextMntId: i32 = 1;
export function mountIdReset(): void {
  nextMntId = 1;
}

export class Mount {
  /** mnt_id, as mountinfo's first field shows it; unique while mounted */
  readonly id: i32;
  readonly sb: SuperBlock;
  /** the directory of sb shown at the mountpoint */
  readonly root: Inode;
  /** null for the namespace's root mount */
  parent: Mount | null;
  /** the inode of `parent` it is mounted on */
  mountpoint: Inode;
  ns: MntNamespace;
  flags: u32;

  constructor(sb: SuperBlock, root: Inode, parent: Mount | null, mountpoint: Inode, ns: MntNamespace, flags: u32) {
    this.id = nextMntId++;
    this.sb = sb;
    this.root = root;
    this.parent = parent;
    this.mountpoint = mountpoint;
    this.ns = ns;
    this.flags = flags;
    sb.count++;
  }
}

export class MntNamespace extends NsCommon {
  /** Mounts in mount order; Invariant: every mount's parent is in here too (or it is `root`). */
  mounts: Mount[] = [];
  root: Mount | null = null;

  constructor(owner: UserNamespace, initial: bool) {
    super(NS_MNT, owner, initial ? PROC_MNT_INIT_INO : 0);
  }

  /** lookup_mnt(): the top mount on (parent, inode), or null. */
  mountedOn(parent: Mount, inode: Inode): Mount | null {
    if (inode.mountCount == 0) return null;
    for (let i = this.mounts.length - 1; i >= 0; i--) {
      const m = unchecked(this.mounts[i]);
      if (m.parent === parent && m.mountpoint === inode) return m;
    }
    return null;
  }

  attach(m: Mount): void {
    this.mounts.push(m);
    if (m.parent) m.mountpoint.mountCount++;
  }

  detach(m: Mount): void {
    const i = this.mounts.indexOf(m);
    if (i >= 0) this.mounts.splice(i, 1);
    if (m.parent) m.mountpoint.mountCount--;
    m.sb.put();
  }

  /** copy_tree() for CLONE_NEWNS: the same filesystems at the same places, new mount ids. */
  copyFrom(old: MntNamespace): Map<Mount, Mount> {
    const map = new Map<Mount, Mount>();
    for (let i = 0; i < old.mounts.length; i++) {
      const m = unchecked(old.mounts[i]);
      const parent: Mount | null = m.parent ? map.get(m.parent!) : null;
      const c = new Mount(m.sb, m.root, parent, m.mountpoint, this, m.flags);
      this.attach(c);
      map.set(m, c);
      if (!parent) this.root = c;
    }
    return map;
  }

  release(): void {
    for (let i = this.mounts.length - 1; i >= 0; i--) {
      const m = unchecked(this.mounts[i]);
      if (m.parent) m.mountpoint.mountCount--;
      m.sb.put();
    }
    this.mounts = [];
    this.root = null;
  }
}
