// include/linux/ns_common.h, fs/proc/generic.c (proc_alloc_inum):
// what every namespace has — its type, its inode number and its owner.
//
// Differences from Linux: the reference count counts holders in the model
// (nsproxies, creds, struct pids, proc mounts, child namespaces); when it
// drops to zero the inode number returns to the pool, and the lowest free
// one is handed out next, as the kernel's ida does.

import { CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUSER, CLONE_NEWUTS } from "../include/uapi";

// Namespace types, in the order /proc/T/ns lists them.
export const NS_CGROUP: i32 = 0;
export const NS_IPC: i32 = 1;
export const NS_MNT: i32 = 2;
export const NS_NET: i32 = 3;
export const NS_PID: i32 = 4;
export const NS_TIME: i32 = 5;
export const NS_USER: i32 = 6;
export const NS_UTS: i32 = 7;
export const NS_TYPES: i32 = 8;

export function nsTypeName(type: i32): string {
  switch (type) {
    case NS_CGROUP: return "cgroup";
    case NS_IPC: return "ipc";
    case NS_MNT: return "mnt";
    case NS_NET: return "net";
    case NS_PID: return "pid";
    case NS_TIME: return "time";
    case NS_USER: return "user";
    default: return "uts";
  }
}

export function nsTypeFlag(type: i32): u32 {
  switch (type) {
    case NS_CGROUP: return CLONE_NEWCGROUP;
    case NS_IPC: return CLONE_NEWIPC;
    case NS_MNT: return CLONE_NEWNS;
    case NS_NET: return CLONE_NEWNET;
    case NS_PID: return CLONE_NEWPID;
    case NS_TIME: return CLONE_NEWTIME;
    case NS_USER: return CLONE_NEWUSER;
    default: return CLONE_NEWUTS;
  }
}

// include/linux/proc_ns.h: the initial namespaces' fixed inode numbers.
export const PROC_MNT_INIT_INO: u32 = 0xEFFFFFF8;
export const PROC_NET_INIT_INO: u32 = 0xEFFFFFF9;
export const PROC_TIME_INIT_INO: u32 = 0xEFFFFFFA;
export const PROC_CGROUP_INIT_INO: u32 = 0xEFFFFFFB;
export const PROC_PID_INIT_INO: u32 = 0xEFFFFFFC;
export const PROC_USER_INIT_INO: u32 = 0xEFFFFFFD;
export const PROC_UTS_INIT_INO: u32 = 0xEFFFFFFE;
export const PROC_IPC_INIT_INO: u32 = 0xEFFFFFFF;
/** PROC_DYNAMIC_FIRST: the first inode number proc_alloc_inum() hands out. */
const PROC_DYNAMIC_FIRST: u32 = 0xF0000000;

/** Freed dynamic inode numbers, kept sorted descending so the lowest is popped. */
let freeInums: u32[] = [];
let nextInum: u32 = PROC_DYNAMIC_FIRST;

export function inumReset(): void {
  freeInums = [];
  nextInum = PROC_DYNAMIC_FIRST;
}

function allocInum(): u32 {
  if (freeInums.length > 0) return freeInums.pop();
  return nextInum++;
}

function freeInum(inum: u32): void {
  if (inum < PROC_DYNAMIC_FIRST) return;
  // insert keeping descending order (few frees are outstanding at once)
  let i = freeInums.length;
  freeInums.push(inum);
  while (i > 0 && freeInums[i - 1] < inum) {
    freeInums[i] = freeInums[i - 1];
    i--;
  }
  freeInums[i] = inum;
}

/** Every namespace object, by inode number, for setns and ioctl_ns lookups. */
export const nsByInum = new Map<u32, NsCommon>();

export function nsRegistryReset(): void {
  nsByInum.clear();
}

/** get_*_ns(): one more holder; returns the namespace for chaining. */
export function getNs<T extends NsCommon>(ns: T): T {
  ns.count++;
  return ns;
}

export class NsCommon {
  /** Invariant: unique among live namespaces; fixed for the object's life. */
  inum: u32;
  readonly type: i32;
  /** Holders in the model; the namespace is dead (and its inum free) iff zero. */
  count: i32 = 1;
  /** The user namespace that owns it (null only for the initial user namespace's own owner). */
  owner: NsCommon | null;

  constructor(type: i32, owner: NsCommon | null, fixedInum: u32 = 0) {
    this.type = type;
    this.owner = owner;
    if (owner) owner.count++;
    this.inum = fixedInum != 0 ? fixedInum : allocInum();
    nsByInum.set(this.inum, this);
  }


  /** Drops one holder; on the last one releases what this namespace holds. */
  put(): void {
    if (--this.count > 0) return;
    this.release();
    nsByInum.delete(this.inum);
    freeInum(this.inum);
    const o = this.owner;
    this.owner = null;
    if (o) o.put();
  }

  /** What a dying namespace of this type lets go of, besides its owner. */
  release(): void {}

  /** "pid:[4026531836]", as readlink(2) of /proc/T/ns/pid shows it. */
  link(): string {
    return nsTypeName(this.type) + ":[" + this.inum.toString() + "]";
  }
}
