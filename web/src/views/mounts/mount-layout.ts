// The mount view's picture: one column per mount namespace, its mount tree as
// indented rows, and propagation drawn between rows: members of one peer
// group (shared:N) joined by a line of the group's colour, a slave
// (master:N) joined to its master's group by a dashed arrow. Every fact is
// read off the namespace's mountinfo lines (the snapshot).
import type { Snapshot } from '../../../../host-backend/userland/snapshot-types.ts';
import { flattenTree, mountTree, parseMountinfo, type MountEntry } from './mountinfo.ts';

export const M = {
  colW: 360,
  gap: 44,
  header: 64,
  rowH: 30,
  indent: 18,
  charW: 8.4,
  pad: 10,
};

export interface MountRow {
  entry: MountEntry;
  depth: number;
  x: number;
  y: number;
  w: number;
}

export interface MountColumn {
  /** the mount namespace's inode */
  ns: number;
  /** 1 for the machine's, then in order of first appearance among the tasks (as in the namespace matrix) */
  instance: number;
  /** the scenario names of the tasks in it */
  tasks: { ref: number; name: string }[];
  x: number;
  rows: MountRow[];
  lines: string[];
}

export interface PeerLink {
  group: number;
  kind: 'peer' | 'master';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface MountLayout {
  columns: MountColumn[];
  links: PeerLink[];
  /** peer group ids in order of first appearance (their colour index) */
  groups: number[];
  width: number;
  height: number;
}

export function layoutMounts(snap: Snapshot, names: Record<number, string> = {}): MountLayout {
  const order = new Map<number, number>();
  const members = new Map<number, { ref: number; name: string }[]>();
  for (const t of [...snap.tasks].sort((a, b) => a.ref - b.ref)) {
    if (!t.ns.mnt) continue;
    if (!order.has(t.ns.mnt)) order.set(t.ns.mnt, order.size + 1);
    const list = members.get(t.ns.mnt) ?? [];
    list.push({ ref: t.ref, name: names[t.ref] ?? t.comm });
    members.set(t.ns.mnt, list);
  }
  const mounts = [...snap.mounts].sort((a, b) => (order.get(a.ns) ?? 1e9) - (order.get(b.ns) ?? 1e9));
  const columns: MountColumn[] = [];
  let height = 0;
  mounts.forEach((m, i) => {
    const x = i * (M.colW + M.gap);
    const flat = flattenTree(mountTree(parseMountinfo(m.mountinfo)));
    const rows = flat.map((n, j) => ({
      entry: n.entry,
      depth: n.depth,
      x: x + M.pad + n.depth * M.indent,
      y: M.header + j * M.rowH,
      w: M.colW - 2 * M.pad - n.depth * M.indent,
    }));
    height = Math.max(height, M.header + rows.length * M.rowH + M.pad);
    columns.push({ ns: m.ns, instance: order.get(m.ns) ?? 0, tasks: members.get(m.ns) ?? [], x, rows, lines: m.mountinfo });
  });
  // peer groups: every member, in column and row order
  const groups: number[] = [];
  const byGroup = new Map<number, MountRow[]>();
  for (const c of columns)
    for (const r of c.rows)
      if (r.entry.shared) {
        if (!byGroup.has(r.entry.shared)) {
          byGroup.set(r.entry.shared, []);
          groups.push(r.entry.shared);
        }
        byGroup.get(r.entry.shared)!.push(r);
      }
  for (const c of columns) for (const r of c.rows) if (r.entry.master && !byGroup.has(r.entry.master) && !groups.includes(r.entry.master)) groups.push(r.entry.master);
  const right = (r: MountRow) => ({ x: r.x + r.w, y: r.y + M.rowH / 2 });
  const left = (r: MountRow) => ({ x: r.x, y: r.y + M.rowH / 2 });
  const links: PeerLink[] = [];
  const join = (a: MountRow, b: MountRow, group: number, kind: PeerLink['kind']) => {
    // rows of one column are joined on their right edge; across columns, from the left one's right edge to the right one's left
    const [p, q] = a.x + a.w < b.x ? [right(a), left(b)] : b.x + b.w < a.x ? [left(a), right(b)] : [right(a), right(b)];
    links.push({ group, kind, x1: p.x, y1: p.y, x2: q.x, y2: q.y });
  };
  for (const [g, rows] of byGroup) for (let i = 1; i < rows.length; i++) join(rows[i - 1], rows[i], g, 'peer');
  for (const c of columns)
    for (const r of c.rows) {
      const g = r.entry.master;
      const masters = g ? byGroup.get(g) : undefined;
      if (!g || !masters?.length) continue;
      // the nearest member of the master group: same column first
      const near = masters.find((m) => columns.find((cc) => cc.rows.includes(m)) === c) ?? masters[0];
      join(r, near, g, 'master');
    }
  const width = Math.max(M.colW, columns.length * (M.colW + M.gap) - M.gap);
  return { columns, links, groups, width, height: Math.max(height, M.header + M.rowH) };
}
