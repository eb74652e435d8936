// fs/pnode.c: mount propagation — shared, slave, private and unbindable
// mounts (mount_namespaces(7), "Shared subtrees").
//
// Peers of one group receive each other's mount and unmount events; the
// slaves of a group receive the group's events but send none back. A
// mount is shared iff it has a peer group, a slave iff it has a master.
//
// Differences from Linux: slaves hang off a peer group rather than off one
// of its mounts (the same set of receivers); propagate_from: is not shown.

import { Mount, MntNamespace, PeerGroup, joinGroup, leaveGroup, setMaster, MNT_LOCKED } from "./mount";
import { Dentry } from "./inode";
import { MS_PRIVATE, MS_SHARED, MS_SLAVE, MS_UNBINDABLE } from "../include/uapi";

/** change_mnt_propagation() for one mount. */
export function changePropagation(m: Mount, type: u32): void {
  if (type == MS_SHARED) {
    joinGroup(m, null);
    m.unbindable = false;
    return;
  }
  // do_make_slave(): leave the group; with peers left, become their slave
  const g = m.peers;
  if (g) {
    const others = g.members.length > 1;
    leaveGroup(m);
    if (others) setMaster(m, g);
  }
  if (type != MS_SLAVE) {
    setMaster(m, null);
    m.unbindable = type == MS_UNBINDABLE;
  } else {
    m.unbindable = false;
  }
}

/** Whether `d` is visible in mount m (lies under its root). */
function reaches(m: Mount, d: Dentry): bool {
  return d.isWithin(m.root);
}

/** A copy of src (one mount) for attaching elsewhere: same filesystem, root and flags. */
export function cloneMount(src: Mount): Mount {
  return new Mount(src.sb, src.root, src.rootNode, src.flags & ~MNT_LOCKED, src.devname);
}

function attach(ns: MntNamespace, m: Mount, parent: Mount, mp: Dentry): void {
  m.parent = parent;
  m.mountpoint = mp;
  ns.add(m);
}

/**
 * propagate_mnt(): after `src` was attached on (dest, mp) with dest shared,
 * every peer of dest, and every slave below dest's group, that shows mp
 * gets a copy. Copies in peers join src's group; copies in slaves become
 * slaves of it (and peers among themselves when the slave is shared).
 */
export function propagateMount(dest: Mount, mp: Dentry, src: Mount): void {
  const g = dest.peers;
  if (!g) return;
  const srcGroup = src.peers;
  const members = g.members.slice(0);
  for (let i = 0; i < members.length; i++) {
    const p = unchecked(members[i]);
    if (p === dest || !p.ns || !reaches(p, mp)) continue;
    const c = cloneMount(src);
    attach(p.ns!, c, p, mp);
    if (srcGroup) joinGroup(c, srcGroup);
  }
  propagateToSlaves(g, mp, src.peers);
}

function propagateToSlaves(g: PeerGroup, mp: Dentry, masterGroup: PeerGroup | null): void {
  const slaves = g.slaves.slice(0);
  const done: PeerGroup[] = [];
  for (let i = 0; i < slaves.length; i++) {
    const s = unchecked(slaves[i]);
    const sg = s.peers;
    if (sg && done.includes(sg)) continue;
    // a shared slave passes the event on to its own peers (and their slaves)
    const receivers: Mount[] = sg ? sg.members.slice(0) : [s];
    if (sg) done.push(sg);
    let copiesGroup: PeerGroup | null = null;
    for (let k = 0; k < receivers.length; k++) {
      const r = unchecked(receivers[k]);
      if (!r.ns || !reaches(r, mp)) continue;
      const c = cloneMount(templateOf(masterGroup, r));
      attach(r.ns!, c, r, mp);
      setMaster(c, masterGroup);
      if (sg) {
        joinGroup(c, copiesGroup);
        copiesGroup = c.peers;
      }
    }
    if (sg) propagateToSlaves(sg, mp, copiesGroup);
  }
}

/** The mount a propagated copy is made from: any member of the master group. */
function templateOf(g: PeerGroup | null, fallback: Mount): Mount {
  if (g && g.members.length > 0) return unchecked(g.members[0]);
  return fallback;
}

/**
 * propagate_umount(): unmounting `m` from a shared parent also unmounts,
 * in every receiver of the parent's group, the mount of the same
 * filesystem on the same dentry — when nothing is mounted on it.
 */
export function propagateUmount(m: Mount, doomed: Mount[]): void {
  const parent = m.parent;
  if (!parent || !m.mountpoint) return;
  const g = parent.peers;
  if (!g) return;
  const mp = m.mountpoint!;
  const receivers: Mount[] = [];
  collectReceivers(g, receivers, []);
  for (let i = 0; i < receivers.length; i++) {
    const r = unchecked(receivers[i]);
    if (r === parent || !r.ns) continue;
    const c = r.ns!.mountedOn(r, mp);
    if (!c || c.sb !== m.sb || doomed.includes(c)) continue;
    // a receiver's copy with mounts of its own on it stays (unless they go too)
    const kids = r.ns!.children(c);
    let blocked = false;
    for (let k = 0; k < kids.length; k++) if (!doomed.includes(unchecked(kids[k]))) blocked = true;
    if (blocked) continue;
    doomed.push(c);
  }
}

function collectReceivers(g: PeerGroup, out: Mount[], seen: PeerGroup[]): void {
  if (seen.includes(g)) return;
  seen.push(g);
  for (let i = 0; i < g.members.length; i++) out.push(unchecked(g.members[i]));
  for (let i = 0; i < g.slaves.length; i++) {
    const s = unchecked(g.slaves[i]);
    if (s.peers) collectReceivers(s.peers!, out, seen);
    else out.push(s);
  }
}

/**
 * clone_mnt()'s propagation for a copy: a copy of a shared mount joins its
 * group — or, into a less privileged namespace (sharedToSlave), becomes
 * its slave; a copy of a slave is a slave of the same master.
 */
export function copyPropagation(old: Mount, c: Mount, sharedToSlave: bool): void {
  const g = old.peers;
  if (g) {
    if (sharedToSlave) setMaster(c, g);
    else {
      joinGroup(c, g);
      if (old.master) setMaster(c, old.master);
    }
  } else if (old.master) {
    setMaster(c, old.master);
  }
  c.unbindable = old.unbindable;
}
