// The process-tree picture: PID namespaces as nested boxes, each task's PID at
// every level (NSpid), laid out from a snapshot alone.
import { describe, expect, it } from 'vitest';
import { layoutProcessTree, type Box, type Card } from '../../web/src/views/process-tree/layout.ts';
import type { Snapshot, TaskSnap } from '../../host-backend/userland/snapshot-types.ts';

const ROOT = 4026531836;
const C = 4026532200;
const D = 4026532201;

function task(ref: number, ppid: number, comm: string, nspid: number[], pidns: number, forChildren = pidns, state = 'S'): TaskSnap {
  const ns = { pid: pidns, pid_for_children: forChildren } as TaskSnap['ns'];
  return { ref, nspid, nstgid: nspid, ppid, comm, state, ns, uid: [0, 0, 0, 0], gid: [0, 0, 0, 0], cgroup: [], cpusAllowed: '0-7' };
}

function snap(tasks: TaskSnap[], extraNs: { inode: number; parent: number; level: number }[] = []): Snapshot {
  return {
    version: 1,
    backend: 'sim',
    tasks,
    namespaces: [{ inode: ROOT, type: 'pid', parent: 0, owner: 0, level: 0 }, ...extraNs.map((n) => ({ ...n, type: 'pid' as const, owner: 0 }))],
    mounts: [],
  };
}

const inside = (c: Card, b: Box) => c.x >= b.x && c.y >= b.y && c.x + c.w <= b.x + b.w && c.y + c.h <= b.y + b.h;
const boxInside = (a: Box, b: Box) => a.x > b.x && a.y > b.y && a.x + a.w < b.x + b.w && a.y + a.h < b.y + b.h;
const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('process tree layout', () => {
  // container-test after clone(CLONE_NEWPID): c is PID 4 outside and PID 1 inside
  const containerTest = snap(
    [
      task(1, 0, 'init', [1], ROOT),
      task(2, 1, 'parent', [2], ROOT),
      task(3, 2, 'child', [3], ROOT),
      task(4, 2, 'c', [4, 1], C),
      task(5, 4, 'grandchild', [5, 2], C),
    ],
    [{ inode: C, parent: ROOT, level: 1 }],
  );

  it('clone(CLONE_NEWPID): the child sits in a nested box and shows PID 4 outside, PID 1 inside', () => {
    const l = layoutProcessTree(containerTest);
    const outer = l.boxes.find((b) => b.ns === ROOT)!;
    const inner = l.boxes.find((b) => b.ns === C)!;
    expect(inner.level).toBe(1);
    expect(inner.init).toBe('c');
    expect(boxInside(inner, outer)).toBe(true);
    const c = l.cards.find((x) => x.name === 'c')!;
    expect(c.pids).toEqual([
      { level: 0, pid: 4, ns: ROOT },
      { level: 1, pid: 1, ns: C },
    ]);
    for (const card of l.cards) {
      const own = l.boxes.find((b) => b.ns === (card.pids.at(-1)!.ns))!;
      expect(inside(card, own), `${card.name} inside its namespace's box`).toBe(true);
      for (const b of l.boxes) if (b.level > own.level) expect(overlap(card, b), `${card.name} outside deeper box`).toBe(false);
    }
  });

  it('every task but init hangs from its parent by a link; none crosses a box', () => {
    const l = layoutProcessTree(containerTest);
    expect(l.links.map((k) => [k.from, k.to]).sort()).toEqual([[1, 2], [2, 3], [2, 4], [4, 5]]);
    expect(l.links.every((k) => !k.crossing)).toBe(true);
  });

  it('cards never overlap; sibling namespaces get disjoint boxes', () => {
    const l = layoutProcessTree(
      snap(
        [
          task(1, 0, 'init', [1], ROOT),
          task(2, 1, 'a', [2, 1], C),
          task(3, 2, 'a2', [3, 2], C),
          task(4, 1, 'b', [4, 1], D),
          task(5, 4, 'b2', [5, 2], D),
          task(6, 1, 'plain', [6], ROOT),
        ],
        [
          { inode: C, parent: ROOT, level: 1 },
          { inode: D, parent: ROOT, level: 1 },
        ],
      ),
    );
    for (let i = 0; i < l.cards.length; i++)
      for (let j = i + 1; j < l.cards.length; j++) expect(overlap(l.cards[i], l.cards[j])).toBe(false);
    const [bc, bd] = [l.boxes.find((b) => b.ns === C)!, l.boxes.find((b) => b.ns === D)!];
    expect(overlap(bc, bd)).toBe(false);
  });

  it('unshare(CLONE_NEWPID) before any fork: an empty box hangs from the caller by a pid_for_children link', () => {
    const l = layoutProcessTree(
      snap([task(1, 0, 'init', [1], ROOT), task(2, 1, 'u', [2], ROOT, C)], [{ inode: C, parent: ROOT, level: 1 }]),
    );
    const box = l.boxes.find((b) => b.ns === C)!;
    expect(box.empty).toBe(true);
    expect(l.links.find((k) => k.kind === 'pid_for_children')).toMatchObject({ from: 2, to: -C });
  });

  it('setns into a grandchild namespace: the child is drawn in the nested box and its link is marked as crossing', () => {
    const l = layoutProcessTree(
      snap(
        [
          task(1, 0, 'init', [1], ROOT),
          task(2, 1, 'c', [2, 1], C),
          task(3, 2, 'd', [3, 2, 1], D),
          task(4, 1, 'joiner', [4], ROOT, D),
          task(5, 4, 'j', [5, 3, 2], D),
        ],
        [
          { inode: C, parent: ROOT, level: 1 },
          { inode: D, parent: C, level: 2 },
        ],
      ),
    );
    const j = l.cards.find((c) => c.name === 'j')!;
    expect(inside(j, l.boxes.find((b) => b.ns === D)!)).toBe(true);
    expect(j.pids.map((p) => p.level)).toEqual([0, 1, 2]);
    expect(l.links.find((k) => k.to === 5)!.crossing).toBe(true);
    expect(l.links.find((k) => k.to === 3)!.crossing).toBe(false);
  });

  it('a snapshot with nothing in it draws one empty box instead of failing', () => {
    const l = layoutProcessTree({ version: 1, backend: 'sim', tasks: [], namespaces: [], mounts: [] });
    expect(l.cards).toEqual([]);
    expect(l.boxes).toHaveLength(1);
    expect(l.boxes[0].empty).toBe(true);
  });

  it('scenario names replace comm on the cards', () => {
    const l = layoutProcessTree(containerTest, { 4: 'container' });
    expect(l.cards.find((c) => c.ref === 4)!.name).toBe('container');
  });
});
