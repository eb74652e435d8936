// kernel/user_namespace.c: /proc/T/uid_map, gid_map and setgroups —
// reading them as the opener sees ids, and the rules for writing them
// (user_namespaces(7) "Defining user and group ID mappings").
import { Task } from "../kernel/task";
import { UserNamespace, IdExtent, nsCapable } from "./user_namespace";
import { EINVAL, EPERM } from "../include/uapi";

/** UID_GID_MAP_MAX_EXTENTS */
const MAX_EXTENTS: i32 = 340;

function pad10(n: u32): string {
  let s = n.toString();
  while (s.length < 10) s = " " + s;
  return s;
}

/** uid_m_show(): lower ids as the opener's user namespace (or the map's parent, when the opener is in it) sees them. */
export function renderIdMap(ns: UserNamespace, reader: Task, gid: bool): string {
  const map = gid ? ns.gidMap : ns.uidMap;
  let lowerNs = reader.cred.userNs;
  if (lowerNs === ns && lowerNs.parent) lowerNs = lowerNs.parent!;
  let out = "";
  for (let i = 0; i < map.length; i++) {
    const e = unchecked(map[i]);
    const lower = lowerNs.fromKid(e.lower, gid ? lowerNs.gidMap : lowerNs.uidMap);
    out += pad10(e.first) + " " + pad10(lower < 0 ? 0xffffffff : <u32>lower) + " " + pad10(e.count) + "\n";
  }
  return out;
}

function parseU32(s: string): i64 {
  if (s.length == 0 || s.length > 10) return -1;
  let n: u64 = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + <u64>c;
  }
  return n > 0xffffffff ? -1 : <i64>n;
}

/** map_write(): one successful write per map; the checks in the kernel's order. Returns bytes taken or -errno. */
export function writeIdMap(ns: UserNamespace, writer: Task, text: string, gid: bool): i32 {
  // proc_uid_map_write(): the opener lives in the namespace or its parent
  const openerNs = writer.cred.userNs;
  if (openerNs !== ns && openerNs !== ns.parent) return -EPERM;
  if (!ns.parent) return -EPERM;
  if (String.UTF8.byteLength(text, false) >= 4096) return -EINVAL;
  const map = gid ? ns.gidMap : ns.uidMap;
  if (map.length != 0) return -EPERM;
  if (!nsCapable(writer.cred, ns)) return -EPERM;
  // parse: lines of "first lower count"
  const lines = text.split("\n");
  const extents: IdExtent[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = unchecked(lines[i]);
    if (line.length == 0 && i == lines.length - 1) break;
    const words: string[] = [];
    const raw = line.replaceAll("\t", " ").split(" ");
    for (let k = 0; k < raw.length; k++) if (unchecked(raw[k]).length > 0) words.push(unchecked(raw[k]));
    if (words.length != 3) return -EINVAL;
    const first = parseU32(words[0]), lower = parseU32(words[1]), count = parseU32(words[2]);
    if (first < 0 || lower < 0 || count < 0) return -EINVAL;
    if (first == 0xffffffff || lower == 0xffffffff) return -EINVAL;
    if (count == 0 || first + count > 0x100000000 || lower + count > 0x100000000) return -EINVAL;
    for (let k = 0; k < extents.length; k++) {
      const e = unchecked(extents[k]);
      const overlapUp = first < <i64>e.first + <i64>e.count && <i64>e.first < first + count;
      const overlapDown = lower < <i64>e.lower + <i64>e.count && <i64>e.lower < lower + count;
      if (overlapUp || overlapDown) return -EINVAL;
    }
    if (extents.length == MAX_EXTENTS) return -EINVAL;
    extents.push(new IdExtent(<u32>first, <u32>lower, <u32>count));
  }
  if (extents.length == 0) return -EINVAL;
  // new_idmap_permitted(): one's own id alone, or CAP_SETUID/CAP_SETGID over the parent
  const parent = ns.parent!;
  const cred = writer.cred;
  let permitted = false;
  if (extents.length == 1 && unchecked(extents[0]).count == 1 && ns.ownerUid == cred.uid) {
    const k = gid ? parent.toKid(unchecked(extents[0]).lower, parent.gidMap) : parent.toKid(unchecked(extents[0]).lower, parent.uidMap);
    if (!gid && k == <i64>cred.uid) permitted = true;
    if (gid && !ns.setgroupsAllowed && k == <i64>cred.gid) permitted = true;
  }
  if (!permitted && nsCapable(cred, parent)) permitted = true;
  if (!permitted) return -EPERM;
  // lower ids become kernel ids through the parent's map; all must be mapped there
  const out: IdExtent[] = [];
  for (let i = 0; i < extents.length; i++) {
    const e = unchecked(extents[i]);
    const pm = gid ? parent.gidMap : parent.uidMap;
    const k = parent.toKid(e.lower, pm);
    const kEnd = parent.toKid(e.lower + e.count - 1, pm);
    if (k < 0 || kEnd < 0 || kEnd - k != <i64>(e.count - 1)) return -EPERM;
    out.push(new IdExtent(e.first, <u32>k, e.count));
  }
  for (let i = 0; i < out.length; i++) map.push(unchecked(out[i]));
  return String.UTF8.byteLength(text, false);
}

export function renderSetgroups(ns: UserNamespace): string {
  return ns.setgroupsAllowed ? "allow\n" : "deny\n";
}

/** proc_setgroups_write() */
export function writeSetgroups(ns: UserNamespace, writer: Task, text: string): i32 {
  if (!nsCapable(writer.cred, ns)) return -EPERM;
  let v = text.trim();
  let allow: bool;
  if (v == "allow") allow = true;
  else if (v == "deny") allow = false;
  else return -EINVAL;
  if (allow) {
    if (!ns.setgroupsAllowed) return -EPERM;
  } else {
    if (ns.gidMap.length != 0) return -EPERM;
    ns.setgroupsAllowed = false;
  }
  return String.UTF8.byteLength(text, false);
}
