// The PID translation table and the namespace matrix, built from a snapshot.
import { describe, expect, it } from 'vitest';
import { pidTable } from '../../web/src/views/pid-table/pid-table.ts';
import { nsMatrix } from '../../web/src/views/ns-matrix/ns-matrix.ts';
import type { Snapshot, TaskSnap } from '../../host-backend/userland/snapshot-types.ts';

const ROOT = 4026531836;
const C = 4026532200;
const D = 4026532300;
const NS = { pid: ROOT, pid_for_children: ROOT, mnt: 11, uts: 21, ipc: 31, net: 41, user: 51, cgroup: 61, time: 71, time_for_children: 71 };

function task(ref: number, ppid: number, comm: string, nspid: number[], ns: Partial<TaskSnap['ns']> = {}): TaskSnap {
  return { ref, nspid, nstgid: nspid, ppid, comm, state: 'S', ns: { ...NS, ...ns }, uid: [0], gid: [0], cgroup: [], cpusAllowed: '0' };
}

const snap: Snapshot = {
  version: 1,
  backend: 'sim',
  tasks: [
    task(1, 0, 'init', [1]),
    task(2, 1, 'a', [2, 1], { pid: C, pid_for_children: C, uts: 22 }),
    task(3, 2, 'b', [3, 2, 1], { pid: D, pid_for_children: D, uts: 22 }),
    task(4, 1, 'sib', [4]),
  ],
  namespaces: [
    { inode: ROOT, type: 'pid', parent: 0, owner: 0, level: 0 },
    { inode: C, type: 'pid', parent: ROOT, owner: 0, level: 1 },
    { inode: D, type: 'pid', parent: C, owner: 0, level: 2 },
  ],
  mounts: [],
};

describe('PID table', () => {
  it('one column per PID namespace; a cell is the PID there, empty where the namespace cannot see the task', () => {
    const t = pidTable(snap, {}, { 3: { getpid: 1, getppid: 0 } });
    expect(t.columns.map((c) => c.level)).toEqual([0, 1, 2]);
    const rows = Object.fromEntries(t.rows.map((r) => [r.name, r]));
    expect(rows.init.cells).toEqual([1, null, null]);
    expect(rows.a.cells).toEqual([2, 1, null]);
    expect(rows.b.cells).toEqual([3, 2, 1]);
    expect(rows.b.own).toBe(2);
    // getpid/getppid come from the kernel's answers, as given
    expect([rows.b.getpid, rows.b.getppid]).toEqual([1, 0]);
    expect(rows.a.getpid).toBeUndefined();
  });
});

describe('namespace matrix', () => {
  it('numbers the instances of each type in order of appearance; outlines a namespace not shared with the parent', () => {
    const m = Object.fromEntries(nsMatrix(snap, { 2: 'container' }).map((r) => [r.name, r.cells]));
    expect(m.init.uts).toMatchObject({ instance: 1, ownNew: false });
    expect(m.container.uts).toMatchObject({ instance: 2, ownNew: true });
    // b shares its parent's UTS namespace, but has a PID namespace of its own
    expect(m.b.uts).toMatchObject({ instance: 2, ownNew: false });
    expect(m.b.pid).toMatchObject({ instance: 3, ownNew: true });
    expect(m.sib.pid).toMatchObject({ instance: 1, ownNew: false });
  });
});
