// The worker's side of the protocol: the loaded scenario run on the
// simulator. Runs inside the Web Worker only; worker.ts imports it lazily.
// It only translates: the runner performs the steps, userland builds the
// snapshot, the kernel decides.
//
// Stepping fast without a second source of truth: a scenario is
// deterministic (the same steps on a fresh machine give the same machine),
// so what the kernel showed after step k is recorded (`observed`) and shown
// again without reading procfs, and while the user looks at step k the
// worker observes the steps around it on a machine of its own (`ahead`),
// yielding to the user's requests every few milliseconds. Every recorded
// snapshot is one the kernel produced for exactly that step; nothing is
// patched or recomputed.
//
// Three machines, one compiled kernel:
// - `main`: the machine at the step the user sees (panes and the cgroup view
//   read it); moved there lazily, before a request that reads it.
// - `ahead`: observes steps the user is likely to ask for next.
// - `scratch`: the clone playground's throwaway copy.
import wasmUrl from '../../../kernel-sim/build/kernel.wasm?url';
import { SimBackend } from '../../../host-backend/sim-backend.ts';
import type { Backend } from '../../../host-backend/backend.ts';
import { RemoteBackend } from '../../../host-backend/remote-backend.ts';
import type { BackendChoice, BackendState } from '../protocol.ts';
import { checkScenario, ScenarioRun, type Scenario, type StepResult } from '../../../host-backend/scenario/index.ts';
import type { CgroupState, CloneTrial, LabAnswer, LabView, LoadResult, PaneOutput, Snapshot, StepOutcome } from '../protocol.ts';
import { COMMANDS } from '../../../host-backend/userland/command.ts';
import { readCgroups } from './cgroups.ts';
import { tryClone as cloneOn } from './clone-trial.ts';
import { runPaneLine } from './shell.ts';
import { deltaOf } from './view-delta.ts';
import { Cancelled, YieldingBackend } from './yielding-backend.ts';

// fetched and compiled as soon as the worker starts, while the page asks for its first scenario;
// arrayBuffer rather than compileStreaming: any static server will do, whatever MIME type it gives .wasm
const kernel = fetch(wasmUrl)
  .then((r) => {
    if (!r.ok) throw new Error(`cannot fetch the kernel (${wasmUrl}): HTTP ${r.status}`);
    return r.arrayBuffer();
  })
  .then((bytes) => WebAssembly.compile(bytes));
// a failure is reported by the first boot(), as the page's fault; not as an unhandled rejection before it
kernel.catch(() => {});
/**
 * The machines: `main` shows the steps, the ahead one (per load) observes
 * steps before they are asked for, `scratchBackend` serves the clone
 * playground's trials. All simulators, or all sessions of one real-host agent.
 */
let choice: BackendChoice = { kind: 'sim' };
const newBackend = (): Backend => (choice.kind === 'host' ? new RemoteBackend(choice.url) : new SimBackend({ module: kernel }));
let main: Backend = newBackend();
let scratchBackend: Backend = newBackend();

/** Use the simulator or a real host for the scenarios loaded from now on. */
export function useBackend(next: BackendChoice): Promise<BackendState> {
  return onMain(async () => {
    if (next.kind === 'host') {
      // try it: an agent that is down, or refuses the token or this page's origin, says so here
      const probe = new RemoteBackend(next.url);
      try {
        await probe.boot();
        const m = await probe.machine();
        await probe.close();
        switchTo(next);
        return { kind: 'host', url: next.url, cpus: m.cpus, cgroup: m.cgroup };
      } catch (e) {
        await probe.close().catch(() => {});
        return { kind: 'sim', error: e instanceof Error ? e.message : String(e) };
      }
    }
    switchTo(next);
    return { kind: 'sim' };
  });
}

/** The old machines are ended in the background, as load() ends an ahead machine: the switch does not wait on a busy real host. */
function switchTo(next: BackendChoice): void {
  if (loaded) {
    loaded.ahead.backend.cancelled = true;
    void loaded.ahead.backend.close().catch(() => {});
  }
  loaded = null;
  const old = [main, scratchBackend];
  choice = next;
  main = newBackend();
  scratchBackend = newBackend();
  for (const b of old) void b.close().catch(() => {});
}

/** What the kernel showed after a number of steps: everything goto() sends but the outcomes. */
interface Observed {
  /** unique in the worker's life: the page names the view it holds by it */
  id: number;
  /** steps actually performed (less than asked when the run ended early: the backend failed) */
  at: number;
  snapshot: Snapshot;
  names: Record<number, string>;
  seen: LabView['seen'];
}

/** the loaded scenario; everything below belongs to it and is replaced by the next load */
let loaded: {
  scenario: Scenario;
  /** source line of each step (JSON steps may lack `line`; the parser's locations never do) */
  lines: number[];
  run: ScenarioRun;
  /** the step the user was last shown */
  shown: number;
  /** by step; insertion order is recency (least recently used first) */
  observed: Map<number, Observed>;
  /** observations in progress on the ahead machine, by step */
  pending: Map<number, Promise<Observed | null>>;
  /** step i's result, whichever machine performed it (identical on every machine) */
  results: StepResult[];
  ahead: { backend: YieldingBackend; run: ScenarioRun };
  /** the observations last sent to the page, by id: what a page's `held` can name */
  sent: Map<number, Observed>;
  /** the first step the run could not reach (the backend failed before it): nothing from there on is observed ahead */
  unreachable: number;
  scratch: ScenarioRun;
} | null = null;

/** tasks kept in recorded snapshots, at most (a 1,000-task snapshot is about a megabyte) */
const OBSERVED_TASKS = 60_000;
/** steps observed ahead of the one shown: forward first, then the one before it */
const AHEAD = [1, 2, 3, -1];
/** observations kept for deltas: the page holds the last one it applied, which may be a few answers old */
const SENT = 8;
let observations = 0;

/** The worker's requests on `main` run one at a time, in order. */
let mainQueue: Promise<unknown> = Promise.resolve();
function onMain<T>(job: () => Promise<T>): Promise<T> {
  const r = mainQueue.then(job, job);
  mainQueue = r.catch(() => {});
  return r;
}

export function load(text: string, name: string): Promise<LoadResult> {
  return onMain(async () => {
    const parsed = checkScenario(text, name);
    if (parsed.diagnostics.length) {
      return { ok: false, name, errors: parsed.diagnostics.map((d) => ({ line: d.line, col: d.col, message: d.message })) };
    }
    if (loaded) {
      // the previous scenario's ahead machine: its work is cancelled and its machine ended (a real host's sandbox too)
      loaded.ahead.backend.cancelled = true;
      void loaded.ahead.backend.close().catch(() => {});
    }
    const scenario = parsed.scenario;
    const steps = scenario.steps;
    const lines = steps.map((s, i) => s.line ?? parsed.locs[i]?.step.line ?? 0);
    const run = new ScenarioRun(main, scenario);
    // a fresh ahead machine per scenario: work still running for the previous one is cancelled with its backend
    const aheadBackend = new YieldingBackend(newBackend());
    loaded = {
      scenario, lines, run, shown: 0,
      observed: new Map(), pending: new Map(), sent: new Map(), results: [], unreachable: Infinity,
      ahead: { backend: aheadBackend, run: new ScenarioRun(aheadBackend, scenario) },
      scratch: new ScenarioRun(scratchBackend, scenario),
    };
    await run.boot();
    const srcLines = text.split(/\r?\n/);
    return {
      ok: true,
      name,
      steps: steps.map((s, i) => ({ index: i + 1, line: lines[i], text: srcLines[lines[i] - 1]?.trim() ?? '', actor: s.actor })),
    };
  });
}

async function reach(r: ScenarioRun, k: number, results: StepResult[]): Promise<void> {
  if (k < r.position) await r.seek(k);
  else while (r.position < k && !r.done) await r.step();
  for (let i = results.length; i < r.results.length; i++) results[i] = r.results[i];
}

/** The machine after k steps, observed on `r` (whose backend is `b`) and recorded. */
async function observe(r: ScenarioRun, b: Backend, k: number, timing?: LabView['timing']): Promise<Observed> {
  const l = loaded!;
  let t = performance.now();
  const lap = (what: 'steps' | 'snapshot' | 'calls') => {
    const now = performance.now();
    if (timing) timing[what] += now - t;
    t = now;
  };
  await reach(r, k, l.results);
  lap('steps');
  const snapshot = await r.snapshot();
  lap('snapshot');
  const names: Record<number, string> = {};
  for (const [name, ref] of r.tasks()) names[ref] = name;
  const seen: LabView['seen'] = {};
  for (const task of snapshot.tasks) {
    if (task.state === 'Z' || task.state === 'X') continue;
    const [pid, ppid] = [await b.call(task.ref, 'getpid', []), await b.call(task.ref, 'getppid', [])];
    if (pid.ret >= 0 && ppid.ret >= 0) seen[task.ref] = { getpid: pid.ret, getppid: ppid.ret };
  }
  lap('calls');
  const o: Observed = { id: ++observations, at: r.position, snapshot, names, seen };
  if (loaded === l) record(l, o);
  return o;
}

function record(l: NonNullable<typeof loaded>, o: Observed): void {
  l.observed.delete(o.at);
  l.observed.set(o.at, o);
  let tasks = 0;
  for (const x of l.observed.values()) tasks += x.snapshot.tasks.length;
  for (const [k, x] of l.observed) {
    if (tasks <= OBSERVED_TASKS || l.observed.size <= 2) break;
    if (Math.abs(k - l.shown) <= 1) continue;
    l.observed.delete(k);
    tasks -= x.snapshot.tasks.length;
  }
}

/** Recorded, or being observed ahead, or observed now on main. */
async function observed(k: number, timing: LabView['timing']): Promise<Observed> {
  const l = loaded!;
  const have = l.observed.get(k);
  if (have) {
    l.observed.delete(k);
    l.observed.set(k, have);
    return have;
  }
  const pending = l.pending.get(k);
  if (pending) {
    const o = await pending.catch(() => null);
    if (o) return o;
  }
  timing.prefetched = false;
  return observe(l.run, main, k, timing);
}

export function goto(k: number, held?: Held): Promise<LabAnswer> {
  return onMain(async () => {
    const l = loaded;
    if (!l) throw new Error('no scenario is loaded');
    const total = l.scenario.steps.length;
    const target = Math.max(0, Math.min(Math.trunc(k) || 0, total));
    l.shown = target;
    const timing: LabView['timing'] = { steps: 0, snapshot: 0, calls: 0, prefetched: true };
    // the machine before the step, to show what the step changed, the page has (a step forward) or asks after (previous())
    const now = await observed(target, timing);
    const view = answer(l, now, held, timing);
    l.shown = now.at;
    wakeAhead();
    return view;
  });
}

/** what the page holds: the step and the observation it shows */
type Held = { at: number; id: number };

/** goto()'s answer for observation `now`, sent against what the page holds; `now` can be named by the page from then on. */
function answer(l: NonNullable<typeof loaded>, now: Observed, held: Held | undefined, timing: LabView['timing']): LabAnswer {
  const base = held && l.sent.get(held.id);
  // the page holds the outcomes up to the step it shows: only the new ones travel
  const from = held ? Math.min(held.at, now.at) : 0;
  const view: LabAnswer = {
    id: now.id,
    at: now.at,
    total: l.scenario.steps.length,
    outcomes: l.results.slice(from, now.at).map((r) => outcome(r, l.lines)),
    ...(base ? { deltaFrom: base.id, delta: deltaOf(base, now) } : { snapshot: now.snapshot, names: now.names, seen: now.seen }),
    timing,
  };
  if (from > 0) view.outcomesFrom = from;
  remember(l, now);
  return view;
}

function remember(l: NonNullable<typeof loaded>, o: Observed): void {
  l.sent.delete(o.id);
  l.sent.set(o.id, o);
  for (const id of l.sent.keys()) if (l.sent.size > SENT) l.sent.delete(id);
}

/**
 * The step after the one the page holds, as goto() would answer it, once
 * the ahead machine has observed it (null when it will not be: the end, or
 * a step the run cannot reach). Waits outside the queue of requests, so
 * nothing the user asks waits for it; the page shows it, when asked,
 * without a round trip, and says so with showing().
 */
export async function next(held: Held): Promise<LabAnswer | null> {
  const l = loaded;
  if (!l) return null;
  const k = held.at + 1;
  // a showing() sent just before may still be queued: the ahead loop starts from it
  let queued = false;
  for (;;) {
    if (loaded !== l || k > l.scenario.steps.length || k >= l.unreachable) return null;
    const have = l.observed.get(k);
    if (have) return have.at === k ? answer(l, have, held, { steps: 0, snapshot: 0, calls: 0, prefetched: true }) : null;
    const pending = l.pending.get(k);
    if (pending) await pending.catch(() => null);
    // the ahead loop starts after a timer (then observes the step after the shown one first) or is
    // ending: a timer queued now runs after its own
    else if (aheadRunning) await new Promise((r) => setTimeout(r, 0));
    else if (!queued) {
      queued = true;
      await mainQueue;
    } else return null;
  }
}

/**
 * The machine just before the step the page holds, as a delta from it (a
 * step changes a task or two), for the page to show what the step changed
 * after it showed the step itself.
 */
export function previous(held: Held): Promise<LabAnswer | null> {
  return onMain(async () => {
    const l = loaded;
    if (!l || held.at < 1) return null;
    const timing: LabView['timing'] = { steps: 0, snapshot: 0, calls: 0, prefetched: true };
    const o = await observed(held.at - 1, timing);
    return o.at === held.at - 1 ? answer(l, o, held, timing) : null;
  });
}

/** The page shows step k, observation `id`, which it already held (next(), or a view it showed before). */
export function showing(k: number, id: number): Promise<void> {
  return onMain(async () => {
    const l = loaded;
    if (!l) return;
    const o = l.sent.get(id) ?? [...l.observed.values()].find((x) => x.id === id);
    if (o) remember(l, o);
    l.shown = Math.max(0, Math.min(Math.trunc(k) || 0, l.scenario.steps.length));
    wakeAhead();
  });
}

/** main moved to the step shown, for requests that read the machine itself */
async function mainAtShown(): Promise<NonNullable<typeof loaded>> {
  const l = loaded;
  if (!l) throw new Error('no scenario is loaded');
  await reach(l.run, l.shown, l.results);
  return l;
}

export function commands(lines: { task: number; line: string }[]): Promise<PaneOutput[]> {
  return onMain(async () => {
    await mainAtShown();
    const out: PaneOutput[] = [];
    for (const { task, line } of lines) out.push(await runPaneLine(main, task, line));
    return out;
  });
}

export function cgroups(): Promise<CgroupState> {
  return onMain(async () => {
    const l = await mainAtShown();
    const init = l.run.tasks().find(([n]) => n === 'init')?.[1] ?? 1;
    return readCgroups(main, init);
  });
}

export function tryClone(actor: number, flags: number): Promise<CloneTrial> {
  return onMain(async () => {
    const l = loaded;
    if (!l) throw new Error('no scenario is loaded');
    return cloneOn(l.scratch, scratchBackend, l.shown, actor, flags, 1);
  });
}

// --- observing ahead -------------------------------------------------------

let aheadRunning: Promise<void> | null = null;
let idleWaiters: (() => void)[] = [];

function wakeAhead(): void {
  if (aheadRunning) return;
  aheadRunning = aheadLoop().finally(() => {
    aheadRunning = null;
    for (const w of idleWaiters) w();
    idleWaiters = [];
  });
}

/** the next step worth observing ahead of the user, or null when all are recorded */
function nextWanted(l: NonNullable<typeof loaded>): number | null {
  const total = l.scenario.steps.length;
  for (const d of AHEAD) {
    const k = l.shown + d;
    if (k >= 0 && k <= total && k < l.unreachable && !l.observed.has(k) && !l.pending.has(k)) return k;
  }
  return null;
}

async function aheadLoop(): Promise<void> {
  // let the answer that woke us reach the page first
  await new Promise((r) => setTimeout(r, 0));
  for (;;) {
    const l = loaded;
    if (!l) return;
    const k = nextWanted(l);
    if (k === null) return;
    const { backend, run } = l.ahead;
    const job = observe(run, backend, k).then(
      (o) => o,
      (e: unknown) => {
        if (e instanceof Cancelled) return null;
        throw e;
      },
    );
    l.pending.set(k, job);
    try {
      const o = await job;
      if (o && o.at < k) l.unreachable = Math.min(l.unreachable, k);
    } catch {
      // the ahead machine failed: the user's own request will observe on main, and say why
      return;
    } finally {
      l.pending.delete(k);
    }
  }
}

export async function check(text: string): Promise<{ line: number; col: number; message: string }[]> {
  return checkScenario(text).diagnostics.map((d) => ({ line: d.line, col: d.col, message: d.message }));
}

export async function commandNames(): Promise<{ name: string; usage: string }[]> {
  return Object.entries(COMMANDS).map(([name, spec]) => ({ name, usage: spec.usage }));
}

export function idle(): Promise<{ cached: number[] }> {
  const done = () => ({ cached: loaded ? [...loaded.observed.keys()].sort((a, b) => a - b) : [] });
  if (!aheadRunning) return Promise.resolve(done());
  return new Promise((resolve) => idleWaiters.push(() => resolve(done())));
}

function outcome(r: StepResult, lines: number[]): StepOutcome {
  const o: StepOutcome = {
    index: r.index + 1,
    line: r.line ?? lines[r.index] ?? 0,
    actor: r.actor,
    text: r.action,
    value: r.ret < 0 ? `-${r.errno ?? -r.ret}` : String(r.ret),
    output: r.output ?? '',
    ok: r.pass !== false && r.error === undefined,
  };
  if (r.expected !== undefined) o.expected = r.expected;
  const why = r.error ?? r.failure;
  if (why !== undefined) o.error = why;
  return o;
}
