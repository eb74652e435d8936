// The snapshot's PID namespaces, indexed once for every view that draws them:
// their order (by level, then inode) gives each its colour, and a task's
// NSpid is matched to the namespaces it names. NSpid lists a task's PID in
// its own namespace and in every ancestor (proc(5)), outermost first, so the
// i-th number from the end belongs to the i-th namespace up the parent chain.
import type { NsSnap, Snapshot, TaskSnap } from '../../../host-backend/userland/snapshot-types.ts';

export interface PidAtLevel {
  level: number;
  pid: number;
  /** the namespace's inode (0 when the snapshot does not list it) */
  ns: number;
}

export interface PidNamespaces {
  /** by level, then inode; the machine's initial namespace first */
  list: NsSnap[];
  byInode: Map<number, NsSnap>;
  /** colour index by inode: position in `list` */
  colour: Map<number, number>;
  /** the namespace with no parent in the snapshot (the machine's initial one) */
  root: NsSnap;
  /** a task's PID in each of its namespaces, outermost first */
  pidsOf(t: TaskSnap): PidAtLevel[];
}

export function indexPidNamespaces(snap: Snapshot): PidNamespaces {
  const byInode = new Map<number, NsSnap>();
  for (const ns of snap.namespaces) if (ns.type === 'pid') byInode.set(ns.inode, ns);
  // a task whose namespace the snapshot does not list still gets one
  for (const t of snap.tasks)
    if (!byInode.has(t.ns.pid)) byInode.set(t.ns.pid, { inode: t.ns.pid, type: 'pid', parent: 0, owner: 0, level: t.nspid.length - 1 });
  const list = [...byInode.values()].sort((a, b) => (a.level ?? 0) - (b.level ?? 0) || a.inode - b.inode);
  const root = list.find((n) => !byInode.has(n.parent)) ?? list[0] ?? { inode: 0, type: 'pid', parent: 0, owner: 0, level: 0 };
  const colour = new Map(list.map((n, i) => [n.inode, i]));

  function pidsOf(t: TaskSnap): PidAtLevel[] {
    const chain: NsSnap[] = [];
    for (let cur = byInode.get(t.ns.pid); cur && chain.length <= 40; cur = byInode.get(cur.parent)) chain.unshift(cur);
    return t.nspid.map((pid, i) => {
      const ns = chain[chain.length - t.nspid.length + i];
      return { level: ns ? (ns.level ?? 0) : i, pid, ns: ns?.inode ?? 0 };
    });
  }
  return { list, byInode, colour, root, pidsOf };
}
