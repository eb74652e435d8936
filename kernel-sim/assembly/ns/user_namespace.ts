// include/linux/user_namespace.h, kernel/user_namespace.c: user namespaces
// own every other namespace and decide who holds capabilities over them.
//
// Differences from Linux (for now): capabilities are all-or-none per cred;
// uid_map/gid_map writing comes with the user-namespace issue — a new
// namespace maps nothing, so its ids show as the overflow id 65534.

import { NsCommon, NS_USER, PROC_USER_INIT_INO } from "./ns_common";
import { Cred } from "../kernel/task";

/** include/linux/user_namespace.h: 32 levels of user namespaces */
export const MAX_USER_NS_LEVEL: i32 = 32;
/** overflowuid / overflowgid */
export const OVERFLOW_ID: u32 = 65534;

/** One line of uid_map/gid_map: ids first..first+count-1 here are kernel ids lower..lower+count-1. */
export class IdExtent {
  constructor(public first: u32, public lower: u32, public count: u32) {}
}

export class UserNamespace extends NsCommon {
  readonly level: i32;
  readonly parent: UserNamespace | null;
  /** euid of the creator (a kernel id): it holds every capability here from the parent namespace. */
  readonly ownerUid: u32;
  readonly ownerGid: u32;
  /** Invariant: written at most once (empty until then); lower ids are kernel ids. */
  uidMap: IdExtent[] = [];
  gidMap: IdExtent[] = [];
  /** USERNS_SETGROUPS_ALLOWED: /proc/T/setgroups says "allow" */
  setgroupsAllowed: bool = true;

  constructor(parent: UserNamespace | null, ownerUid: u32, ownerGid: u32 = 0) {
    super(NS_USER, parent, parent ? 0 : PROC_USER_INIT_INO);
    this.parent = parent;
    this.level = parent ? parent.level + 1 : 0;
    this.ownerUid = ownerUid;
    this.ownerGid = ownerGid;
    if (!parent) {
      // the initial namespace maps every id to itself
      this.uidMap.push(new IdExtent(0, 0, 0xffffffff));
      this.gidMap.push(new IdExtent(0, 0, 0xffffffff));
    }
  }

  /** from_kuid()/from_kgid(): the id kernel id `kid` has here, or -1 when unmapped. */
  fromKid(kid: u32, map: IdExtent[]): i64 {
    for (let i = 0; i < map.length; i++) {
      const e = unchecked(map[i]);
      if (<u64>kid >= <u64>e.lower && <u64>kid < <u64>e.lower + <u64>e.count) return <i64>e.first + <i64>(kid - e.lower);
    }
    return -1;
  }

  /** make_kuid(): the kernel id of id `id` here, or -1 when unmapped. */
  toKid(id: u32, map: IdExtent[]): i64 {
    for (let i = 0; i < map.length; i++) {
      const e = unchecked(map[i]);
      if (<u64>id >= <u64>e.first && <u64>id < <u64>e.first + <u64>e.count) return <i64>e.lower + <i64>(id - e.first);
    }
    return -1;
  }

  /** from_kuid_munged() */
  uidMunged(kuid: u32): u32 {
    const v = this.fromKid(kuid, this.uidMap);
    return v < 0 ? OVERFLOW_ID : <u32>v;
  }

  gidMunged(kgid: u32): u32 {
    const v = this.fromKid(kgid, this.gidMap);
    return v < 0 ? OVERFLOW_ID : <u32>v;
  }

  isWithin(ancestor: UserNamespace): bool {
    let ns: UserNamespace | null = this;
    while (ns) {
      if (ns === ancestor) return true;
      ns = ns.parent;
    }
    return false;
  }
}

/**
 * cap_capable() (security/commoncap.c): whether `cred` holds a capability
 * (all of them, in this model) in `target`: it does in its own namespace if
 * its effective set is full, and in every namespace below one whose owner
 * it is, from that namespace's parent.
 */
export function nsCapable(cred: Cred, target: UserNamespace): bool {
  let ns: UserNamespace = target;
  for (;;) {
    if (ns === cred.userNs) return cred.capFull;
    if (ns.level <= cred.userNs.level) return false;
    const parent = ns.parent!;
    if (parent === cred.userNs && ns.ownerUid == cred.uid) return true;
    ns = parent;
  }
  return false;
}
