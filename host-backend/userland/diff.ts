// The differences between two runs of one scenario (nslab diff: simulator
// against the real kernel), after each run is normalised on its own.
import { errnoName } from '../errno.ts';
import { Normaliser } from './normalise.ts';
import type { Snapshot, TaskSnap } from './snapshot-types.ts';

/** What one step showed: enough of a StepResult to compare. */
export interface Observation {
  index: number;
  line?: number;
  text: string;
  ret: number;
  output?: string;
  status?: number;
  error?: string;
}

export interface RunRecord {
  backend: 'sim' | 'host';
  steps: Observation[];
  snapshot: Snapshot | null;
}

export interface Difference {
  /** "line 7 `c: ps`: output", "snapshot: task 3 ns.pid" */
  where: string;
  a: string;
  b: string;
}

/** Normalises each run (observations in step order, then its snapshot) and lists what differs. */
export function diffRuns(a: RunRecord, b: RunRecord): Difference[] {
  const na = normaliseRun(a);
  const nb = normaliseRun(b);
  const out: Difference[] = [];
  const n = Math.max(na.steps.length, nb.steps.length);
  for (let i = 0; i < n; i++) {
    const x = na.steps[i], y = nb.steps[i];
    const step = x ?? y;
    const where = `${step.line !== undefined ? `line ${step.line}` : `step ${step.index + 1}`} \`${step.text}\``;
    if (!x || !y) {
      out.push({ where, a: x ? 'performed' : 'not performed', b: y ? 'performed' : 'not performed' });
      continue;
    }
    if (x.error !== y.error) out.push({ where: `${where}: error`, a: x.error ?? 'none', b: y.error ?? 'none' });
    if (x.ret !== y.ret) out.push({ where: `${where}: value`, a: retText(x.ret), b: retText(y.ret) });
    if (x.status !== y.status) out.push({ where: `${where}: wait status`, a: String(x.status ?? 'none'), b: String(y.status ?? 'none') });
    if ((x.output ?? '') !== (y.output ?? '')) out.push({ where: `${where}: output`, a: x.output ?? '', b: y.output ?? '' });
  }
  if (na.snapshot && nb.snapshot) out.push(...diffSnapshots(na.snapshot, nb.snapshot));
  else if (na.snapshot || nb.snapshot) out.push({ where: 'snapshot', a: na.snapshot ? 'taken' : 'missing', b: nb.snapshot ? 'taken' : 'missing' });
  return out;
}

export function normaliseRun(r: RunRecord): RunRecord {
  const norm = new Normaliser();
  const steps = r.steps.map((s) => (s.output === undefined ? { ...s } : { ...s, output: norm.text(s.output) }));
  return { backend: r.backend, steps, snapshot: r.snapshot ? norm.snapshot(r.snapshot) : null };
}

function retText(ret: number): string {
  return ret < 0 ? `-${errnoName(ret)}` : String(ret);
}

function diffSnapshots(a: Snapshot, b: Snapshot): Difference[] {
  const out: Difference[] = [];
  const tasksA = new Map(a.tasks.map((t) => [t.ref, t]));
  const tasksB = new Map(b.tasks.map((t) => [t.ref, t]));
  const refs = [...new Set([...tasksA.keys(), ...tasksB.keys()])].sort((x, y) => x - y);
  for (const ref of refs) {
    const x = tasksA.get(ref), y = tasksB.get(ref);
    const name = (x ?? y)!.comm;
    if (!x || !y) {
      out.push({ where: `snapshot: task ${ref} (${name})`, a: x ? 'present' : 'absent', b: y ? 'present' : 'absent' });
      continue;
    }
    for (const field of Object.keys(x) as (keyof TaskSnap)[]) {
      if (field === 'ns') {
        for (const k of Object.keys(x.ns) as (keyof TaskSnap['ns'])[]) {
          if (x.ns[k] !== y.ns[k]) out.push({ where: `snapshot: task ${ref} (${name}) ns.${k}`, a: nsText(x.ns[k]), b: nsText(y.ns[k]) });
        }
      } else if (JSON.stringify(x[field]) !== JSON.stringify(y[field])) {
        out.push({ where: `snapshot: task ${ref} (${name}) ${field}`, a: JSON.stringify(x[field]), b: JSON.stringify(y[field]) });
      }
    }
  }
  const nsA = new Map(a.namespaces.map((n) => [n.inode, n]));
  const nsB = new Map(b.namespaces.map((n) => [n.inode, n]));
  for (const ino of [...new Set([...nsA.keys(), ...nsB.keys()])].sort((x, y) => x - y)) {
    const x = nsA.get(ino), y = nsB.get(ino);
    if (JSON.stringify(x) !== JSON.stringify(y)) {
      out.push({ where: `snapshot: namespace ${nsText(ino)}`, a: x ? JSON.stringify(x) : 'absent', b: y ? JSON.stringify(y) : 'absent' });
    }
  }
  const mA = new Map(a.mounts.map((m) => [m.ns, m.mountinfo.map((l) => l + '\n').join('')]));
  const mB = new Map(b.mounts.map((m) => [m.ns, m.mountinfo.map((l) => l + '\n').join('')]));
  for (const ns of [...new Set([...mA.keys(), ...mB.keys()])].sort((x, y) => x - y)) {
    if (mA.get(ns) !== mB.get(ns)) out.push({ where: `snapshot: mountinfo of mount namespace ${nsText(ns)}`, a: mA.get(ns) ?? 'absent', b: mB.get(ns) ?? 'absent' });
  }
  return out;
}

const nsText = (n: number) => (n === 0 ? 'none' : `ns${n}`);

/** Differences as text: one-line values side by side, multi-line ones as a line diff (- a, + b). */
export function formatDifferences(diffs: readonly Difference[], labels: [string, string] = ['sim', 'host']): string {
  let out = '';
  for (const d of diffs) {
    if (!d.a.includes('\n') && !d.b.includes('\n')) {
      out += `${d.where}\n  ${labels[0]}: ${d.a}\n  ${labels[1]}: ${d.b}\n`;
      continue;
    }
    out += `${d.where}  (--- ${labels[0]}, +++ ${labels[1]})\n`;
    for (const l of lineDiff(d.a, d.b)) out += `  ${l}\n`;
  }
  return out;
}

/** A minimal line diff (longest common subsequence): " x" kept, "-x" only in a, "+x" only in b. */
export function lineDiff(a: string, b: string): string[] {
  const lines = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));
  const x = lines(a), y = lines(b);
  const n = x.length, m = y.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
    lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: string[] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) { out.push(` ${x[i]}`); i++; j++; }
    else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) out.push(`+${y[j++]}`);
    else out.push(`-${x[i++]}`);
  }
  return out;
}
