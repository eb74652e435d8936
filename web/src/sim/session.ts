// The worker's side of the protocol: one SimBackend and the loaded scenario's
// ScenarioRun (host-backend/scenario). Runs inside the Web Worker only;
// worker.ts imports it lazily. It only translates: the runner performs the
// steps, userland builds the snapshot, the kernel decides.
import wasmUrl from '../../../kernel-sim/build/kernel.wasm?url';
import { SimBackend } from '../../../host-backend/sim-backend.ts';
import { checkScenario, ScenarioRun, type StepResult } from '../../../host-backend/scenario/index.ts';
import type { LabView, LoadResult, Snapshot, StepOutcome } from '../protocol.ts';

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
const backend = new SimBackend({ module: kernel });

/** the loaded scenario; null until a load succeeds */
let run: ScenarioRun | null = null;
/** source line of each step (JSON steps may lack `line`; the parser's locations never do) */
let lines: number[] = [];

export async function load(text: string, name: string): Promise<LoadResult> {
  const parsed = checkScenario(text, name);
  if (parsed.diagnostics.length) {
    return { ok: false, name, errors: parsed.diagnostics.map((d) => ({ line: d.line, col: d.col, message: d.message })) };
  }
  const steps = parsed.scenario.steps;
  lines = steps.map((s, i) => s.line ?? parsed.locs[i]?.step.line ?? 0);
  run = new ScenarioRun(backend, parsed.scenario);
  last = null;
  await run.boot();
  return {
    ok: true,
    name,
    steps: steps.map((s, i) => ({ index: i + 1, line: lines[i], text: text.split(/\r?\n/)[lines[i] - 1]?.trim() ?? '', actor: s.actor })),
  };
}

/** the snapshot last sent, and the step it was taken after */
let last: { at: number; snapshot: Snapshot } | null = null;

async function reach(r: ScenarioRun, k: number): Promise<void> {
  if (k < r.position) await r.seek(k);
  else while (r.position < k && !r.done) await r.step();
}

export async function goto(k: number): Promise<LabView> {
  if (!run) throw new Error('no scenario is loaded');
  const total = run.scenario.steps.length;
  const target = Math.max(0, Math.min(Math.trunc(k) || 0, total));
  // the machine just before the step too, so the page can show what the step changed
  const timing = { steps: 0, snapshot: 0, calls: 0 };
  let t = performance.now();
  const lap = (what: keyof typeof timing) => {
    const now = performance.now();
    timing[what] += now - t;
    t = now;
  };
  let previous: Snapshot | undefined;
  if (target > 0) {
    if (last?.at === target - 1 && run.position === target - 1) previous = last.snapshot;
    else {
      await reach(run, target - 1);
      lap('steps');
      if (run.position === target - 1) previous = await run.snapshot();
      lap('snapshot');
    }
  }
  await reach(run, target);
  lap('steps');
  const snapshot = await run.snapshot();
  lap('snapshot');
  last = { at: run.position, snapshot };
  const names: Record<number, string> = {};
  for (const [name, ref] of run.tasks()) names[ref] = name;
  const seen: LabView['seen'] = {};
  for (const t of snapshot.tasks) {
    if (t.state === 'Z' || t.state === 'X') continue;
    const [pid, ppid] = [await backend.call(t.ref, 'getpid', []), await backend.call(t.ref, 'getppid', [])];
    if (pid.ret >= 0 && ppid.ret >= 0) seen[t.ref] = { getpid: pid.ret, getppid: ppid.ret };
  }
  lap('calls');
  const view: LabView = { at: run.position, total, outcomes: run.results.map(outcome), snapshot, names, seen, timing };
  if (previous && run.position === target) view.previous = previous;
  return view;
}

function outcome(r: StepResult): StepOutcome {
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
