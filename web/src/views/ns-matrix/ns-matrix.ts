// The namespace matrix: one row per task, one column per namespace type, a
// cell names the task's namespace of that type (its /proc/T/ns/X inode).
// Instances are numbered per type in order of first appearance ("uts 2"), so
// equal labels and colours mean a shared namespace.
import type { Snapshot, TaskSnap } from '../../../../host-backend/userland/snapshot-types.ts';

/** the columns, in lsns(8)'s order, plus where a task's next children go */
export const NS_COLUMNS = ['pid', 'pid_for_children', 'mnt', 'uts', 'ipc', 'net', 'user', 'cgroup', 'time', 'time_for_children'] as const;
export type NsColumn = (typeof NS_COLUMNS)[number];

export interface NsCell {
  inode: number;
  /** 1 for the first instance of the type met (the machine's), 2 for the next ... ; 0 when absent */
  instance: number;
  /** differs from the task's parent's (the task got a namespace of its own) */
  ownNew: boolean;
}

export interface NsRow {
  ref: number;
  name: string;
  cells: Record<NsColumn, NsCell>;
}

const typeOf = (c: NsColumn) => (c === 'pid_for_children' ? 'pid' : c === 'time_for_children' ? 'time' : c);

export function nsMatrix(snap: Snapshot, names: Record<number, string> = {}): NsRow[] {
  const tasks = [...snap.tasks].sort((a, b) => a.ref - b.ref);
  // number instances per type: the namespaces' own order first (the snapshot lists them as found), then tasks
  const numbering = new Map<string, Map<number, number>>();
  const number = (type: string, inode: number) => {
    if (!inode) return 0;
    let m = numbering.get(type);
    if (!m) numbering.set(type, (m = new Map()));
    if (!m.has(inode)) m.set(inode, m.size + 1);
    return m.get(inode)!;
  };
  for (const t of tasks) for (const c of NS_COLUMNS) number(typeOf(c), t.ns[c]);
  const byRef = new Map<number, TaskSnap>(tasks.map((t) => [t.ref, t]));
  return tasks.map((t) => {
    const parent = byRef.get(t.ppid);
    const cells = {} as Record<NsColumn, NsCell>;
    for (const c of NS_COLUMNS) {
      const inode = t.ns[c];
      cells[c] = { inode, instance: number(typeOf(c), inode), ownNew: !!parent && !!inode && parent.ns[c] !== inode };
    }
    return { ref: t.ref, name: names[t.ref] ?? t.comm, cells };
  });
}
