// Layout of the process tree with PID namespaces as nested boxes.
//
// Drawn from the snapshot alone: a task's PID namespace is its /proc/T/ns/pid
// (ns.pid), its PID at every level is NSpid, its parent is PPid. Nothing of the
// kernel's rules is recomputed here; the picture only arranges what procfs says.
//
// Shape of the layout tree (d3.hierarchy over it): a namespace box holds its
// *entry* tasks (tasks of the namespace whose parent is outside it, e.g. its
// init) and boxes of child namespaces that have no better anchor; a task holds
// its children of the same namespace and the boxes of namespaces entered by
// one of its children. A child's PID namespace is always its parent's or a
// descendant of it (pid_namespaces(7): a task never moves to an ancestor), so
// every box nests inside its parent namespace's box.
// Invariant: boxes of sibling namespaces never overlap, and a box contains
// exactly the cards of its namespace's tasks and the boxes of its descendants.
import { hierarchy, type HierarchyNode } from 'd3-hierarchy';
import type { NsSnap, Snapshot, TaskSnap } from '../../../../host-backend/userland/snapshot-types.ts';
import { indexPidNamespaces, type PidAtLevel } from '../pid-namespaces.ts';

export const METRICS = {
  cardH: 84,
  cardMinW: 150,
  chipW: 46,
  charW: 11.5,
  hGap: 28,
  vGap: 44,
  pad: 18,
  header: 40,
  emptyW: 200,
  emptyH: 56,
};

/** States /proc/T/stat shows that the card spells out; running and sleeping tasks need no word. */
export const STATE_WORDS: Record<string, string> = { Z: 'zombie', X: 'dead', T: 'stopped', t: 'traced', D: 'disk sleep' };

export interface Card {
  ref: number;
  name: string;
  comm: string;
  state: string;
  /** PID at every level, outermost first, each with its namespace */
  pids: PidAtLevel[];
  /** the level of the task's own PID namespace */
  level: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Box {
  ns: number;
  level: number;
  /** the namespace's init (PID 1 in it), when it has one */
  init?: string;
  empty: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Link {
  from: number;
  to: number;
  /** parent → child; or a task → the PID namespace its next children will be in (pid_for_children) */
  kind: 'child' | 'pid_for_children';
  /** the link crosses a namespace box it does not nest under */
  crossing: boolean;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface TreeLayout {
  width: number;
  height: number;
  boxes: Box[];
  cards: Card[];
  links: Link[];
  /** colour index of each PID namespace, by inode: 0 for the machine's initial one, then in order of level and inode */
  colour: Map<number, number>;
}

type Node =
  | { kind: 'box'; ns: NsSnap; children: Node[]; key: number }
  | { kind: 'task'; task: TaskSnap; children: Node[]; key: number };

interface Geometry {
  w: number;
  h: number;
  /** width of the row of children */
  rowW: number;
  cardW: number;
  x: number;
  y: number;
}

export function layoutProcessTree(snap: Snapshot, names: Record<number, string> = {}): TreeLayout {
  const M = METRICS;
  const index = indexPidNamespaces(snap);
  const pidNs = index.byInode;
  const levelOf = (ns: NsSnap) => ns.level ?? 0;
  const byRef = new Map(snap.tasks.map((t) => [t.ref, t]));
  const sorted = [...snap.tasks].sort((a, b) => a.ref - b.ref);
  const nsList = index.list;
  const root = index.root;
  const colour = index.colour;

  const boxNode = new Map<number, Node & { kind: 'box' }>();
  const taskNode = new Map<number, Node & { kind: 'task' }>();
  for (const ns of nsList) boxNode.set(ns.inode, { kind: 'box', ns, children: [], key: Infinity });
  for (const t of sorted) taskNode.set(t.ref, { kind: 'task', task: t, children: [], key: t.ref });
  if (!boxNode.has(root.inode)) boxNode.set(root.inode, { kind: 'box', ns: root, children: [], key: Infinity });

  const entries = new Map<number, TaskSnap[]>();
  for (const t of sorted) {
    const parent = byRef.get(t.ppid);
    if (parent && parent.ns.pid === t.ns.pid) taskNode.get(parent.ref)!.children.push(taskNode.get(t.ref)!);
    else {
      const list = entries.get(t.ns.pid) ?? [];
      list.push(t);
      entries.set(t.ns.pid, list);
      boxNode.get(t.ns.pid)!.children.push(taskNode.get(t.ref)!);
    }
  }

  // Where each namespace's box hangs: under the parent of its first entry task
  // (the task that cloned its init), else under the task whose children will be
  // born in it (unshare(CLONE_NEWPID) before the first fork), provided that task
  // lives in the parent namespace; otherwise directly in the parent's box.
  const forChildren = new Map<number, TaskSnap>();
  for (const t of sorted)
    if (t.ns.pid_for_children && t.ns.pid_for_children !== t.ns.pid && !forChildren.has(t.ns.pid_for_children))
      forChildren.set(t.ns.pid_for_children, t);
  const anchorOf = new Map<number, { task?: TaskSnap; viaForChildren: boolean }>();
  /** namespace inode → the task whose node its box hangs from */
  const hungUnder = new Map<number, number>();
  for (const ns of nsList) {
    if (ns === root) continue;
    const box = boxNode.get(ns.inode)!;
    const first = entries.get(ns.inode)?.[0];
    const viaParent = first ? byRef.get(first.ppid) : undefined;
    const candidate = viaParent ?? forChildren.get(ns.inode);
    box.key = first?.ref ?? candidate?.ref ?? Infinity;
    if (candidate && candidate.ns.pid === ns.parent) {
      taskNode.get(candidate.ref)!.children.push(box);
      hungUnder.set(ns.inode, candidate.ref);
      anchorOf.set(ns.inode, { task: candidate, viaForChildren: !viaParent });
    } else {
      (boxNode.get(ns.parent) ?? boxNode.get(root.inode)!).children.push(box);
      anchorOf.set(ns.inode, { task: candidate, viaForChildren: !viaParent });
    }
  }

  const nameOf = (t: TaskSnap) => names[t.ref] ?? t.comm;
  const tree: HierarchyNode<Node> = hierarchy<Node>(boxNode.get(root.inode)!, (n) =>
    [...n.children].sort((a, b) => a.key - b.key),
  );
  const geo = new Map<HierarchyNode<Node>, Geometry>();

  // sizes, leaves first
  tree.eachAfter((n) => {
    const kids = n.children ?? [];
    const rowW = kids.reduce((s, k) => s + geo.get(k)!.w, 0) + M.hGap * Math.max(0, kids.length - 1);
    const rowH = kids.reduce((h, k) => Math.max(h, geo.get(k)!.h), 0);
    if (n.data.kind === 'task') {
      const t = n.data.task;
      // the state word (zombie, stopped ...) shares the name's line
      const word = STATE_WORDS[t.state];
      const stateW = word ? word.length * 9 + 16 : 0;
      const cardW = Math.max(M.cardMinW, nameOf(t).length * M.charW * 1.15 + 34 + stateW, t.nspid.length * M.chipW + 70);
      geo.set(n, { w: Math.max(cardW, rowW), h: M.cardH + (kids.length ? M.vGap + rowH : 0), rowW, cardW, x: 0, y: 0 });
    } else {
      const labelW = 380;
      const innerW = Math.max(rowW, kids.length ? 0 : M.emptyW, labelW);
      const innerH = kids.length ? rowH : M.emptyH;
      geo.set(n, { w: innerW + 2 * M.pad, h: M.header + innerH + M.pad, rowW, cardW: 0, x: 0, y: 0 });
    }
  });

  // positions, root first: a node's children are a centred row below it
  const cards: Card[] = [];
  const boxes: Box[] = [];
  const cardAt = new Map<number, Card>();
  const boxAt = new Map<number, Box>();
  tree.eachBefore((n) => {
    const g = geo.get(n)!;
    const kids = n.children ?? [];
    let rowX: number;
    let rowY: number;
    if (n.data.kind === 'task') {
      const t = n.data.task;
      const ns = pidNs.get(t.ns.pid)!;
      const card: Card = {
        ref: t.ref,
        name: nameOf(t),
        comm: t.comm,
        state: t.state,
        level: levelOf(ns),
        pids: index.pidsOf(t),
        x: g.x + (g.w - g.cardW) / 2,
        y: g.y,
        w: g.cardW,
        h: M.cardH,
      };
      cards.push(card);
      cardAt.set(t.ref, card);
      rowX = g.x + (g.w - g.rowW) / 2;
      rowY = g.y + M.cardH + M.vGap;
    } else {
      const ns = n.data.ns;
      const init = sorted.find((t) => t.ns.pid === ns.inode && t.nspid[t.nspid.length - 1] === 1);
      const box: Box = {
        ns: ns.inode,
        level: levelOf(ns),
        init: init ? nameOf(init) : undefined,
        empty: kids.length === 0,
        x: g.x,
        y: g.y,
        w: g.w,
        h: g.h,
      };
      boxes.push(box);
      boxAt.set(ns.inode, box);
      rowX = g.x + (g.w - g.rowW) / 2;
      rowY = g.y + M.header;
    }
    for (const k of kids) {
      const kg = geo.get(k)!;
      kg.x = rowX;
      kg.y = rowY;
      rowX += kg.w + M.hGap;
    }
  });

  const links: Link[] = [];
  for (const t of sorted) {
    const child = cardAt.get(t.ref)!;
    const parent = cardAt.get(t.ppid);
    if (!parent) continue;
    const nested = t.ns.pid === byRef.get(t.ppid)!.ns.pid || hungUnder.get(t.ns.pid) === t.ppid;
    links.push({
      from: parent.ref,
      to: child.ref,
      kind: 'child',
      crossing: !nested,
      x1: parent.x + parent.w / 2,
      y1: parent.y + parent.h,
      x2: child.x + child.w / 2,
      y2: child.y,
    });
  }
  for (const [inode, anchor] of anchorOf) {
    const box = boxAt.get(inode);
    if (!anchor.viaForChildren || !anchor.task || !box?.empty) continue;
    const from = cardAt.get(anchor.task.ref)!;
    links.push({
      from: anchor.task.ref,
      to: -inode,
      kind: 'pid_for_children',
      crossing: false,
      x1: from.x + from.w / 2,
      y1: from.y + from.h,
      x2: box.x + box.w / 2,
      y2: box.y,
    });
  }

  const top = geo.get(tree)!;
  return { width: top.w, height: top.h, boxes, cards, links, colour };
}

