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

/** One line of uid_map/gid_map: ids first..first+count-1 inside are lowerFirst.. outside. */
export class IdExtent {
  constructor(public first: u32, public lowerFirst: u32, public count: u32) {}
}

export class UserNamespace extends NsCommon {
  readonly level: i32;
  readonly parent: UserNamespace | null;
  /** euid of the creator (a kernel id): it holds every capability here from the parent namespace. */
  readonly ownerUid: u32;
  uidMap: IdExtent[] = [];
  gidMap: IdExtent[] = [];

  constructor(parent: UserNamespace | null, ownerUid: u32) {
    super(NS_USER, parent, parent ? 0 : PROC_USER_INIT_INO);
    this.parent = parent;
    this.level = parent ? parent.level + 1 : 0;
    this.ownerUid = ownerUid;
  }

  /** from_kuid(): the id this namespace gives kernel id `kid`, or -1 when unmapped. */
  fromKid(kid: u32, map: IdExtent[]): i64 {
    if (!this.parent) return kid;
    // map lines are relative to the parent: walk the kernel id up to it first
    const inParent = this.parent!.fromKid(kid, map === this.uidMap ? this.parent!.uidMap : this.parent!.gidMap);
    if (inParent < 0) return -1;
    for (let i = 0; i < map.length; i++) {
      const e = unchecked(map[i]);
      if (<u64>inParent >= <u64>e.lowerFirst && <u64>inParent < <u64>e.lowerFirst + <u64>e.count) {
        return <i64>e.first + (inParent - <i64>e.lowerFirst);
      }
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
