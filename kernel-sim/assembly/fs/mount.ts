// fs/mount.h, fs/namespace.c: mounts and mount namespaces.
//
// A mount shows a filesystem's tree from `root` down, attached on the
// dentry `mountpoint` of its parent mount. Each mount namespace holds its
// own mounts; CLONE_NEWNS copies them. Propagation state (peer groups,
// masters) lives here; the rules that move mounts between groups are in
// pnode.ts.

import { NsCommon, NS_MNT, PROC_MNT_INIT_INO } from "../ns/ns_common";
import { UserNamespace } from "../ns/user_namespace";
import { Dentry } from "./inode";
import { SuperBlock } from "./super";
import { PseudoNode } from "./pseudo";
import { NsfsNode } from "./nsfs";

// mnt_flags (include/linux/mount.h)
export const MNT_NOSUID: u32 = 0x01;
export const MNT_NODEV: u32 = 0x02;
export const MNT_NOEXEC: u32 = 0x04;
export const MNT_NOATIME: u32 = 0x08;
export const MNT_NODIRATIME: u32 = 0x10;
export const MNT_RELATIME: u32 = 0x20;
export const MNT_READONLY: u32 = 0x40;
export const MNT_NOSYMFOLLOW: u32 = 0x80;
/** copied into a less privileged mount namespace: cannot be unmounted alone, revealing what it covers */
export const MNT_LOCKED: u32 = 0x800000;

/** mnt_id and mnt_group_id allocators: the lowest free id from 1, as the kernel's idas. */
export class Ida {
  private used: Array<bool> = [false];
  /** Invariant: no id below it is free. */
  private minFree: i32 = 1;
  alloc(): i32 {
    const u = this.used;
    for (let i = this.minFree; i < u.length; i++) {
      if (!unchecked(u[i])) {
        unchecked(u[i] = true);
        this.minFree = i + 1;
        return i;
      }
    }
    u.push(true);
    this.minFree = u.length;
    return u.length - 1;
  }
  free(id: i32): void {
    if (id > 0 && id < this.used.length) {
      unchecked(this.used[id] = false);
      if (id < this.minFree) this.minFree = id;
    }
  }
}

export let mntIds = new Ida();
export let groupIds = new Ida();
let nextUnique: i64 = 1;

export function mountReset(): void {
  mntIds = new Ida();
  groupIds = new Ida();
  nextUnique = 1;
}

/** A peer group: mounts that receive each other's mount events. */
export class PeerGroup {
  /** shared:N in mountinfo */
  id: i32;
  members: Mount[] = [];
  /** mounts that receive this group's events but send none back (master:N) */
  slaves: Mount[] = [];
  constructor() {
    this.id = groupIds.alloc();
  }
}

export class Mount {
  /** mnt_id, as mountinfo's first field shows it; reused after unmount */
  readonly id: i32;
  /** creation order (mnt_id_unique): mountinfo lists mounts in this order */
  readonly unique: i64;
  readonly sb: SuperBlock;
  /** the dentry of sb shown at the mountpoint (for a pseudo filesystem, its stand-in root) */
  readonly root: Dentry;
  /** pseudo filesystems: the entry shown at the mountpoint */
  readonly rootNode: PseudoNode | null;
  /** null only for a namespace's first mount (the hidden rootfs) */
  parent: Mount | null = null;
  /** the dentry of `parent` it is attached on */
  mountpoint: Dentry | null = null;
  ns: MntNamespace | null = null;
  flags: u32;
  /** the source as mount(2) was given it (mnt_devname) */
  devname: string;
  /** Invariant: peers !== null iff this mount is shared; then it is in peers.members. */
  peers: PeerGroup | null = null;
  /** Invariant: master !== null iff this mount is a slave; then it is in master.slaves. */
  master: PeerGroup | null = null;
  unbindable: bool = false;
  /** the mounts attached on this one (mnt_mounts), in attach order; kept by MntNamespace.add/remove */
  kids: Mount[] = [];

  constructor(sb: SuperBlock, root: Dentry, rootNode: PseudoNode | null, flags: u32, devname: string) {
    this.id = mntIds.alloc();
    this.unique = nextUnique++;
    this.sb = sb;
    this.root = root;
    this.rootNode = rootNode;
    this.flags = flags;
    this.devname = devname;
    sb.count++;
  }

  isShared(): bool { return this.peers !== null; }

  /** The path of the mount's root inside its filesystem ("/", "/null"). */
  rootPath(): string {
    const n = this.rootNode;
    if (!n) return this.root.path();
    if (!n || !n.parent) return "/";
    let out = "";
    let e: PseudoNode | null = n;
    while (e && e.parent) {
      out = "/" + e.name + out;
      e = e.parent;
    }
    return out;
  }
}

export class MntNamespace extends NsCommon {
  /** Mounts in creation order. Invariant: every mount's parent is in here too, or it is the first. */
  mounts: Mount[] = [];
  /** the namespace's root mount (what "/" of a task entering it is) */
  root: Mount | null = null;

  constructor(owner: UserNamespace, initial: bool) {
    super(NS_MNT, owner, initial ? PROC_MNT_INIT_INO : 0);
  }

  /** lookup_mnt(): the mount on top of (parent, dentry), or null. */
  mountedOn(parent: Mount, d: Dentry): Mount | null {
    if (d.mounted == 0 || parent.ns !== this) return null;
    let top: Mount | null = null;
    const ms = parent.kids;
    for (let i = 0; i < ms.length; i++) {
      const m = unchecked(ms[i]);
      if (m.mountpoint === d) {
        // the latest attached wins (mounts stack)
        if (!top || m.unique > top.unique) top = m;
      }
    }
    return top;
  }

  /** Adds m (already given its parent and mountpoint) to this namespace, keeping creation order. */
  add(m: Mount): void {
    m.ns = this;
    const ms = this.mounts;
    let i = ms.length;
    ms.push(m);
    while (i > 0 && unchecked(ms[i - 1]).unique > m.unique) {
      unchecked(ms[i] = ms[i - 1]);
      i--;
    }
    unchecked(ms[i] = m);
    const p = m.parent;
    if (p && p !== m) {
      p.kids.push(m);
      if (m.mountpoint) m.mountpoint!.mounted++;
    }
  }

  /** Removes m from this namespace (it stays a valid object for whoever still refers to it). */
  remove(m: Mount): void {
    const ms = this.mounts;
    // most removals are of recent mounts: search from the end
    for (let i = ms.length - 1; i >= 0; i--) {
      if (unchecked(ms[i]) === m) { ms.splice(i, 1); break; }
    }
    const p = m.parent;
    if (p && p !== m) {
      const k = p.kids.indexOf(m);
      if (k >= 0) p.kids.splice(k, 1);
      if (m.mountpoint) m.mountpoint!.mounted--;
    }
    m.ns = null;
  }

  /** The mounts attached on m (in this namespace), in attach order. */
  children(m: Mount): Mount[] {
    return m.ns === this ? m.kids.slice(0) : [];
  }

  release(): void {
    const ms = this.mounts.slice(0);
    for (let i = ms.length - 1; i >= 0; i--) releaseMount(unchecked(ms[i]));
    this.mounts = [];
    this.root = null;
  }
}

/** The end of a mount: out of its namespace, its peer group and its master's slaves; its id is free again. */
export function releaseMount(m: Mount): void {
  const ns = m.ns;
  if (ns) ns.remove(m);
  leaveGroup(m);
  const master = m.master;
  if (master) {
    const i = master.slaves.indexOf(m);
    if (i >= 0) master.slaves.splice(i, 1);
    m.master = null;
  }
  mntIds.free(m.id);
  const n = m.rootNode;
  if (n instanceof NsfsNode) {
    const ns = (<NsfsNode>n).ns;
    if (ns) ns.put();
  }
  m.sb.put();
}

/**
 * m leaves its peer group. When it was the last member the group ends and
 * its slaves pass to the group's own master (m's master), or become
 * private when there is none (do_make_slave()'s transfer).
 */
export function leaveGroup(m: Mount): void {
  const g = m.peers;
  if (!g) return;
  const i = g.members.indexOf(m);
  if (i >= 0) g.members.splice(i, 1);
  m.peers = null;
  if (g.members.length > 0) return;
  const heir = m.master;
  const slaves = g.slaves;
  g.slaves = [];
  for (let k = 0; k < slaves.length; k++) {
    const s = unchecked(slaves[k]);
    s.master = heir;
    if (heir) heir.slaves.push(s);
  }
  groupIds.free(g.id);
}

/** m becomes a slave of group g (or stops being a slave when g is null). */
export function setMaster(m: Mount, g: PeerGroup | null): void {
  const old = m.master;
  if (old === g) return;
  if (old) {
    const i = old.slaves.indexOf(m);
    if (i >= 0) old.slaves.splice(i, 1);
  }
  m.master = g;
  if (g) g.slaves.push(m);
}

/** m joins group g (a new one when g is null). */
export function joinGroup(m: Mount, g: PeerGroup | null): void {
  if (m.peers) return;
  const group = g ? g : new PeerGroup();
  group.members.push(m);
  m.peers = group;
}
