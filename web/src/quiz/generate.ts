// Quizzes drawn from the library's scenarios by a seed: the same seed and
// library give the same questions. Only the question is chosen here (which
// step, what to ask); the answer is whatever the kernel does when the step
// runs, read off the step's outcome and the snapshot after it.
import type { LibraryScenario } from '../scenarios.ts';

export type QuestionKind = 'value' | 'ps' | 'mounts';

export interface Question {
  kind: QuestionKind;
  /** library scenario name */
  scenario: string;
  /** 1-based source line of the step asked about */
  line: number;
  /** the step as written (without its comment and expectation) */
  text: string;
  /** mounts: the mount point asked about */
  target?: string;
}

/** calls whose value says something about namespaces (not just "0, it worked") */
const VALUE_CALLS = /^(getpid|getppid|gettid|clone|fork|unshare|setns|mount|umount2|pivot_root|chroot|sethostname|waitpid|kill)\(/;

/** mulberry32: a small, well-mixed 32-bit generator */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** the step part of a line: "actor: call(...)" without a comment or an expectation; null for other lines */
function stepOf(line: string): { actor: string; body: string } | null {
  const m = /^\s*([A-Za-z_]\w*)\s*:\s*(.*)$/.exec(line);
  if (!m || m[1] === 'machine') return null;
  let body = m[2];
  // a comment starts at a # outside quotes
  let quote = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      body = body.slice(0, i);
      break;
    }
  }
  body = body.replace(/\s*==.*$/, '').trim();
  return body ? { actor: m[1], body } : null;
}

/** Every question the library offers, in library and line order. */
export function candidates(library: readonly LibraryScenario[]): Question[] {
  const out: Question[] = [];
  for (const s of library) {
    s.text.split('\n').forEach((raw, i) => {
      const st = stepOf(raw);
      if (!st) return;
      const text = `${st.actor}: ${st.body}`;
      if (/^ps(\s|$)/.test(st.body) && !/>/.test(st.body)) out.push({ kind: 'ps', scenario: s.name, line: i + 1, text });
      else if (VALUE_CALLS.test(st.body)) {
        out.push({ kind: 'value', scenario: s.name, line: i + 1, text });
        const m = /^mount\(\s*"[^"]*"\s*,\s*"([^"]+)"/.exec(st.body);
        if (m) out.push({ kind: 'mounts', scenario: s.name, line: i + 1, text, target: m[1] });
      }
    });
  }
  return out;
}

/**
 * `count` questions drawn by `seed`: at most two per scenario, then put in
 * library and line order so a quiz walks forward through each scenario.
 */
export function drawQuiz(seed: number, library: readonly LibraryScenario[], count = 5): Question[] {
  const all = candidates(library);
  const next = rng(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  const per = new Map<string, number>();
  const picked: Question[] = [];
  const lines = new Set<string>();
  for (const q of all) {
    if (picked.length >= count) break;
    const key = `${q.scenario}:${q.line}`;
    if ((per.get(q.scenario) ?? 0) >= 2 || lines.has(key)) continue;
    per.set(q.scenario, (per.get(q.scenario) ?? 0) + 1);
    lines.add(key);
    picked.push(q);
  }
  const order = new Map(library.map((s, i) => [s.name, i]));
  return picked.sort((a, b) => (order.get(a.scenario) ?? 0) - (order.get(b.scenario) ?? 0) || a.line - b.line);
}

/** ps's COMMAND column: the last word of each line after the header */
export function psCommands(output: string): string[] {
  return output
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/).pop() ?? '')
    .filter(Boolean);
}

/** an answer to a value question as the scenario language writes values: "3", "-EINVAL" */
export function normaliseValue(s: string): string {
  const v = s.trim().toUpperCase().replace(/\s+/g, '');
  if (/^-?E[A-Z0-9]+$/.test(v)) return v.startsWith('-') ? v : `-${v}`;
  if (/^-?\d+$/.test(v)) return String(Number(v));
  return v;
}
