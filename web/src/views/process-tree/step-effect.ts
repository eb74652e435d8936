// What one step did to the tasks, read off two snapshots (before and after):
// which tasks appeared, which changed (state, name, or any namespace), which
// are gone. Only a comparison of what procfs showed; no kernel rule is applied.
import type { Snapshot, TaskSnap } from '../../../../host-backend/userland/snapshot-types.ts';

export interface StepEffect {
  appeared: Set<number>;
  changed: Set<number>;
  /** tasks of the previous snapshot missing from this one (reaped, or killed and reaped) */
  gone: { ref: number; name: string; pid: number }[];
}

export const NO_EFFECT: StepEffect = { appeared: new Set(), changed: new Set(), gone: [] };

function differs(a: TaskSnap, b: TaskSnap): boolean {
  if (a.state !== b.state || a.comm !== b.comm || a.ppid !== b.ppid) return true;
  for (const k of Object.keys(b.ns) as (keyof TaskSnap['ns'])[]) if (a.ns[k] !== b.ns[k]) return true;
  return false;
}

export function stepEffect(before: Snapshot | undefined, after: Snapshot, names: Record<number, string> = {}): StepEffect {
  if (!before) return NO_EFFECT;
  const old = new Map(before.tasks.map((t) => [t.ref, t]));
  const now = new Set(after.tasks.map((t) => t.ref));
  const effect: StepEffect = { appeared: new Set(), changed: new Set(), gone: [] };
  for (const t of after.tasks) {
    const o = old.get(t.ref);
    if (!o) effect.appeared.add(t.ref);
    else if (o !== t && differs(o, t)) effect.changed.add(t.ref);
  }
  for (const t of before.tasks)
    if (!now.has(t.ref)) effect.gone.push({ ref: t.ref, name: names[t.ref] ?? t.comm, pid: t.nspid[0] });
  return effect;
}
