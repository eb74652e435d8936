// ipc/util.c, ipc/util.h: what System V message queues, semaphore sets and
// shared memory segments have in common — the permission block, the id
// allocator of each kind and the ipcget() that msgget/semget/shmget share.
//
// Differences from Linux: no RCU or locks; a pid an object remembers
// (lspid, sempid, cpid ...) is kept as its numbers at every level (PidNrs),
// not as a reference on struct pid, so the object never holds a pid number
// or a PID namespace alive.

import { Task } from "../kernel/task";
import { Pid } from "../kernel/pid";
import { PidNamespace } from "../ns/pid_namespace";
import { UserNamespace, nsCapable } from "../ns/user_namespace";
import { EACCES, EEXIST, ENOENT, ENOSPC, EPERM } from "../include/uapi";
import { IPCMNI, IPCMNI_SHIFT, IPC_CREAT, IPC_EXCL, IPC_MIN_CYCLE } from "./uapi";

/** A task's thread-group pid as every PID namespace above it numbers it (task_tgid(), frozen). */
export class PidNrs {
  constructor(public nrs: i32[], public nss: PidNamespace[]) {}

  static of(t: Task): PidNrs {
    const p: Pid = t.groupLeader.pid;
    const nrs: i32[] = [];
    const nss: PidNamespace[] = [];
    for (let i = 0; i <= p.level; i++) {
      const u = unchecked(p.numbers[i]);
      nrs.push(u.nr);
      nss.push(u.ns);
    }
    return new PidNrs(nrs, nss);
  }

  /** pid_nr_ns(): the number `ns` gives it, 0 when it is not visible there. */
  nrIn(ns: PidNamespace): i32 {
    const l = ns.level;
    if (l >= this.nss.length || unchecked(this.nss[l]) !== ns) return 0;
    return unchecked(this.nrs[l]);
  }
}

export function pidNrOf(p: PidNrs | null, ns: PidNamespace): i32 {
  return p ? p.nrIn(ns) : 0;
}

/** struct kern_ipc_perm */
export class KernIpcPerm {
  /** Invariant: id == (seq << IPCMNI_SHIFT) + index, fixed for the object's life. */
  id: i32 = 0;
  seq: i32 = 0;
  /** IPC_PRIVATE objects and removed-but-attached segments have key 0 and are never found by key. */
  key: i32;
  /** kernel ids */
  uid: u32;
  gid: u32;
  cuid: u32;
  cgid: u32;
  /** permission bits and the kind's own flags (SHM_DEST ...) */
  mode: i32;
  /** set when removed (ipc_rmid()): later lookups give EINVAL/EIDRM */
  deleted: bool = false;

  /** The creator's effective ids become both owner and creator. */
  constructor(key: i32, mode: i32, creator: Task) {
    this.key = key;
    this.mode = mode & 0o777;
    this.uid = creator.cred.uid;
    this.cuid = creator.cred.uid;
    this.gid = creator.cred.gid;
    this.cgid = creator.cred.gid;
  }
}

/**
 * struct ipc_ids: one kind's objects in one IPC namespace, by index.
 * Indexes are handed out cyclically (idr_alloc_cyclic) below
 * max(in_use * 3/2, 64); the sequence number grows each time the cycle
 * wraps, so a removed object's id is not soon reused.
 */
export class IpcIds {
  /** index -> object; Invariant: inUse == number of non-null entries. */
  entries: Array<KernIpcPerm | null> = [];
  inUse: i32 = 0;
  seq: i32 = 0;
  lastIdx: i32 = -1;
  /** idr_next: where the cyclic search starts */
  next: i32 = 0;
  /** ipc_mni-style limit of this kind (msgmni, semmni, shmmni) */
  max: i32;

  constructor(max: i32) {
    this.max = max;
  }

  private free(i: i32): bool {
    return i >= this.entries.length || unchecked(this.entries[i]) === null;
  }

  /** ipc_idr_alloc() + ipc_addid(): the new object's id, or -ENOSPC. */
  add(p: KernIpcPerm): i32 {
    if (this.inUse >= this.max) return -ENOSPC;
    let limit = (this.inUse * 3) / 2;
    if (limit < IPC_MIN_CYCLE) limit = IPC_MIN_CYCLE;
    if (limit > IPCMNI) limit = IPCMNI;
    let idx = -1;
    const start = this.next < limit ? this.next : 0;
    for (let i = start; i < limit; i++) if (this.free(i)) { idx = i; break; }
    if (idx < 0) for (let i = 0; i < start; i++) if (this.free(i)) { idx = i; break; }
    if (idx < 0) return -ENOSPC;
    this.next = idx + 1;
    if (idx <= this.lastIdx) {
      this.seq++;
      if (this.seq >= (0x7fffffff >> IPCMNI_SHIFT)) this.seq = 0;
    }
    this.lastIdx = idx;
    while (this.entries.length <= idx) this.entries.push(null);
    unchecked(this.entries[idx] = p);
    p.seq = this.seq;
    p.id = (this.seq << IPCMNI_SHIFT) + idx;
    this.inUse++;
    return p.id;
  }

  /** ipc_rmid() */
  remove(p: KernIpcPerm): void {
    const idx = p.id & (IPCMNI - 1);
    if (idx < this.entries.length && unchecked(this.entries[idx]) === p) {
      unchecked(this.entries[idx] = null);
      this.inUse--;
    }
    p.deleted = true;
  }

  /** ipc_findkey() */
  findKey(key: i32): KernIpcPerm | null {
    for (let i = 0; i < this.entries.length; i++) {
      const p = unchecked(this.entries[i]);
      if (p && p.key == key) return p;
    }
    return null;
  }

  /** ipc_obtain_object_check(): the object with this id, or null (EINVAL) for a free index or a stale sequence. */
  obtain(id: i32): KernIpcPerm | null {
    const idx = id & (IPCMNI - 1);
    if (idx >= this.entries.length) return null;
    const p = unchecked(this.entries[idx]);
    if (!p || p.id != id) return null;
    return p;
  }

  /** Every live object in index order (what /proc/sysvipc lists). */
  list(): KernIpcPerm[] {
    const out: KernIpcPerm[] = [];
    for (let i = 0; i < this.entries.length; i++) {
      const p = unchecked(this.entries[i]);
      if (p) out.push(p);
    }
    return out;
  }
}

/**
 * ipcperms(): the owner (uid or cuid) gets the user bits, a member of the
 * group (gid or cgid) the group bits, everyone else the other bits; a
 * requested bit not granted needs CAP_IPC_OWNER over the namespace's owner.
 * 0 or -EACCES.
 */
export function ipcperms(owner: UserNamespace, p: KernIpcPerm, t: Task, flag: i32): i32 {
  const requested = ((flag >> 6) | (flag >> 3) | flag) & 0o7;
  let granted = p.mode;
  const c = t.cred;
  if (c.uid == p.cuid || c.uid == p.uid) granted >>= 6;
  else if (c.gid == p.cgid || c.gid == p.gid) granted >>= 3;
  if ((requested & ~granted & 0o7) != 0 && !nsCapable(c, owner)) return -EACCES;
  return 0;
}

/** ipcctl_obtain_check() for IPC_RMID/IPC_SET: the owner, the creator, or CAP_SYS_ADMIN over the namespace's owner. */
export function ipcOwnerCheck(owner: UserNamespace, p: KernIpcPerm, t: Task): i32 {
  const c = t.cred;
  if (c.uid == p.cuid || c.uid == p.uid || nsCapable(c, owner)) return 0;
  return -EPERM;
}

/** The kind-specific half of ipcget(): checks on an existing object and the creation of a new one. */
export abstract class IpcOps {
  /** `more_checks`: 0 or -errno for an existing object found by key */
  moreChecks(p: KernIpcPerm): i32 {
    return 0;
  }
  /** `getnew`: the new object's id or -errno */
  abstract getnew(): i32;
}

/**
 * ipcget(): IPC_PRIVATE always creates; otherwise the object with `key`
 * is found (EEXIST under IPC_CREAT|IPC_EXCL; then the kind's checks; then
 * the permission bits of `flg`) or, with IPC_CREAT, created (ENOENT without).
 */
export function ipcget(ids: IpcIds, owner: UserNamespace, t: Task, key: i32, flg: i32, ops: IpcOps): i32 {
  if (key == 0) return ops.getnew();
  const p = ids.findKey(key);
  if (!p) {
    if ((flg & IPC_CREAT) == 0) return -ENOENT;
    return ops.getnew();
  }
  if ((flg & IPC_CREAT) != 0 && (flg & IPC_EXCL) != 0) return -EEXIST;
  const e = ops.moreChecks(p);
  if (e < 0) return e;
  if (ipcperms(owner, p, t, flg) < 0) return -EACCES;
  return p.id;
}

/** "%10d" and friends of seq_printf: `s` right-aligned in `w` columns. */
export function padLeft(s: string, w: i32): string {
  let out = s;
  while (out.length < w) out = " " + out;
  return out;
}
