// The PID translation table: one row per task, one column per PID namespace;
// a cell is the task's PID as that namespace sees it (from NSpid), empty where
// the task is not visible. Beside them, what getpid() and getppid() returned
// to the task itself — asked of the kernel by the worker, not worked out here.
import type { Snapshot } from '../../../../host-backend/userland/snapshot-types.ts';
import { indexPidNamespaces } from '../pid-namespaces.ts';

export interface PidColumn {
  ns: number;
  level: number;
  /** colour index (same as the tree's box) */
  colour: number;
}

export interface PidRow {
  ref: number;
  name: string;
  state: string;
  /** one per column: the PID there, or null where the task is invisible */
  cells: (number | null)[];
  /** the column of the task's own namespace */
  own: number;
  getpid?: number;
  getppid?: number;
}

export function pidTable(
  snap: Snapshot,
  names: Record<number, string> = {},
  seen: Record<number, { getpid: number; getppid: number }> = {},
): { columns: PidColumn[]; rows: PidRow[] } {
  const index = indexPidNamespaces(snap);
  const columns = index.list.map((ns, i) => ({ ns: ns.inode, level: ns.level ?? 0, colour: i }));
  const col = new Map(columns.map((c, i) => [c.ns, i]));
  const rows = [...snap.tasks]
    .sort((a, b) => a.ref - b.ref)
    .map((t) => {
      const cells: (number | null)[] = columns.map(() => null);
      for (const p of index.pidsOf(t)) {
        const i = col.get(p.ns);
        if (i !== undefined) cells[i] = p.pid;
      }
      const row: PidRow = { ref: t.ref, name: names[t.ref] ?? t.comm, state: t.state, cells, own: col.get(t.ns.pid) ?? 0 };
      const s = seen[t.ref];
      if (s) {
        row.getpid = s.getpid;
        row.getppid = s.getppid;
      }
      return row;
    });
  return { columns, rows };
}
