// What travels from the worker to the page when the page already holds a
// recorded observation: only what differs from it. A step of a 1,000-task
// scenario changes a task or two, and copying the whole snapshot (about
// 350 KB of small objects, a structured clone of 10-20 ms on the page's
// thread) was most of a step's time.
//
// Invariant: applyDelta(base, deltaOf(base, next)) equals `next` field for
// field, in the same task order; tasks that did not change are the page's
// own objects (same identity), so views keyed by task keep their work.
import type { Snapshot, TaskSnap } from '../../../host-backend/userland/snapshot-types.ts';

/** The parts of an observation that are sent whole or as a delta. */
export interface ViewState {
  snapshot: Snapshot;
  /** scenario name of each task, by its TaskRef (global PID) */
  names: Record<number, string>;
  /**
   * What getpid() and getppid() return to each live task, asked of the kernel
   * (not worked out from the snapshot); zombies make no calls and are absent.
   */
  seen: Record<number, { getpid: number; getppid: number }>;
}

export interface ViewDelta {
  /** the TaskRefs of the new snapshot, in its order */
  order: number[];
  /** tasks that are new or differ from the base's task with the same ref */
  tasks: TaskSnap[];
  /** absent: the same as the base's */
  namespaces?: Snapshot['namespaces'];
  mounts?: Snapshot['mounts'];
  names?: ViewState['names'];
  /** getpid/getppid answers that are new or differ; refs of `drop` have none any more */
  seen: ViewState['seen'];
  drop: number[];
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** every key of TaskSnap['ns'] (userland/snapshot.ts reads each one for every task) */
const NS_KEYS = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts', 'pid_for_children', 'time_for_children'] as const satisfies readonly (keyof TaskSnap['ns'])[];

const same = <T>(a: T, b: T) => a === b;
const sameNs = (a: TaskSnap['ns'], b: TaskSnap['ns']) => NS_KEYS.every((k) => a[k] === b[k]);

/** how each field of a task is compared: a field TaskSnap gains and this table lacks does not compile */
const TASK_FIELDS = {
  ref: same, ppid: same, comm: same, state: same, cpusAllowed: same,
  nspid: sameList, nstgid: sameList, uid: sameList, gid: sameList, cgroup: sameList, ns: sameNs,
} satisfies { [K in keyof TaskSnap]-?: (a: TaskSnap[K], b: TaskSnap[K]) => boolean };
const TASK_KEYS = Object.keys(TASK_FIELDS) as (keyof TaskSnap)[];

function sameTask(a: TaskSnap, b: TaskSnap): boolean {
  return TASK_KEYS.every((k) => (TASK_FIELDS[k] as (x: unknown, y: unknown) => boolean)(a[k], b[k]));
}

const sameNamespaces = (a: Snapshot['namespaces'], b: Snapshot['namespaces']) =>
  a.length === b.length && a.every((x, i) => x.inode === b[i].inode && x.type === b[i].type && x.parent === b[i].parent && x.owner === b[i].owner && x.level === b[i].level);

const sameMounts = (a: Snapshot['mounts'], b: Snapshot['mounts']) =>
  a.length === b.length && a.every((x, i) => x.ns === b[i].ns && sameList(x.mountinfo, b[i].mountinfo));

function sameNames(a: ViewState['names'], b: ViewState['names']): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[Number(k)] === b[Number(k)]);
}

export function deltaOf(base: ViewState, next: ViewState): ViewDelta {
  const had = new Map(base.snapshot.tasks.map((t) => [t.ref, t]));
  const delta: ViewDelta = { order: [], tasks: [], seen: {}, drop: [] };
  for (const t of next.snapshot.tasks) {
    delta.order.push(t.ref);
    const old = had.get(t.ref);
    if (!old || !sameTask(old, t)) delta.tasks.push(t);
  }
  if (!sameNamespaces(base.snapshot.namespaces, next.snapshot.namespaces)) delta.namespaces = next.snapshot.namespaces;
  if (!sameMounts(base.snapshot.mounts, next.snapshot.mounts)) delta.mounts = next.snapshot.mounts;
  if (!sameNames(base.names, next.names)) delta.names = next.names;
  for (const [ref, s] of Object.entries(next.seen)) {
    const o = base.seen[Number(ref)];
    if (!o || o.getpid !== s.getpid || o.getppid !== s.getppid) delta.seen[Number(ref)] = s;
  }
  for (const ref of Object.keys(base.seen)) if (!(ref in next.seen)) delta.drop.push(Number(ref));
  return delta;
}

export function applyDelta(base: ViewState, delta: ViewDelta): ViewState {
  const byRef = new Map(base.snapshot.tasks.map((t) => [t.ref, t]));
  for (const t of delta.tasks) byRef.set(t.ref, t);
  const seen = { ...base.seen, ...delta.seen };
  for (const ref of delta.drop) delete seen[ref];
  return {
    snapshot: {
      version: base.snapshot.version,
      backend: base.snapshot.backend,
      tasks: delta.order.map((ref) => byRef.get(ref)!),
      namespaces: delta.namespaces ?? base.snapshot.namespaces,
      mounts: delta.mounts ?? base.snapshot.mounts,
    },
    names: delta.names ?? base.names,
    seen,
  };
}
