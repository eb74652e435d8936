// /proc/T/mountinfo read as proc(5) documents it, for the mount view's
// picture. Only text handling: every fact (ids, peer groups, masters) is the
// kernel's line. What findmnt and mount print is userland's
// (host-backend/userland/findmnt.ts, mount.ts), run by the worker.
//
//   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
//   (1)(2) (3)   (4)   (5)      (6)      (7)   (8) (9)    (10)         (11)
// (7) optional fields, zero or more, ended by the single "-" (8):
// shared:X (peer group X), master:X (slave of peer group X),
// propagate_from:X (slave, receiving from the nearest dominant peer group X),
// unbindable.

import { parseMountinfoLine as parseLine, type MountEntry as MountLine } from '../../../../host-backend/userland/mountinfo.ts';

export type Propagation = 'shared' | 'slave' | 'shared+slave' | 'private' | 'unbindable';

/** A mountinfo line (parsed as libmount does) with its optional fields read. */
export interface MountEntry extends MountLine {
  /** peer group when shared */
  shared?: number;
  /** the peer group it receives from, when a slave */
  master?: number;
  propagateFrom?: number;
  unbindable: boolean;
  propagation: Propagation;
}

/** One mountinfo line; null when it is not one. */
export function parseMountinfoLine(line: string): MountEntry | null {
  const m = parseLine(line.trim());
  if (!m) return null;
  const e: MountEntry = { ...m, unbindable: false, propagation: 'private' };
  for (const tag of m.optional.split(' ')) {
    const [k, v] = tag.split(':');
    if (k === 'shared') e.shared = Number(v);
    else if (k === 'master') e.master = Number(v);
    else if (k === 'propagate_from') e.propagateFrom = Number(v);
    else if (k === 'unbindable') e.unbindable = true;
  }
  e.propagation = e.unbindable ? 'unbindable' : e.shared && e.master ? 'shared+slave' : e.shared ? 'shared' : e.master ? 'slave' : 'private';
  return e;
}

export function parseMountinfo(lines: readonly string[]): MountEntry[] {
  const out: MountEntry[] = [];
  for (const l of lines) {
    const e = parseMountinfoLine(l);
    if (e) out.push(e);
  }
  return out;
}

export interface MountNode {
  entry: MountEntry;
  depth: number;
  children: MountNode[];
}

/** The mounts as a tree by parent id, in mountinfo order; a mount whose parent is not listed is a root. */
export function mountTree(entries: readonly MountEntry[]): MountNode[] {
  const byId = new Map<number, MountNode>();
  for (const e of entries) byId.set(e.id, { entry: e, depth: 0, children: [] });
  const roots: MountNode[] = [];
  for (const e of entries) {
    const n = byId.get(e.id)!;
    const p = e.parent !== e.id ? byId.get(e.parent) : undefined;
    if (p) p.children.push(n);
    else roots.push(n);
  }
  const setDepth = (n: MountNode, d: number, seen: Set<MountNode>) => {
    if (seen.has(n)) return;
    seen.add(n);
    n.depth = d;
    for (const c of n.children) setDepth(c, d + 1, seen);
  };
  const seen = new Set<MountNode>();
  for (const r of roots) setDepth(r, 0, seen);
  return roots;
}

/** The tree in display order (preorder), each node once. */
export function flattenTree(roots: readonly MountNode[]): MountNode[] {
  const out: MountNode[] = [];
  const seen = new Set<MountNode>();
  const walk = (n: MountNode) => {
    if (seen.has(n)) return;
    seen.add(n);
    out.push(n);
    for (const c of n.children) walk(c);
  };
  for (const r of roots) walk(r);
  return out;
}
