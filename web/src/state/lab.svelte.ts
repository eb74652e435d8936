// The page's state: one Lab owns the simulator's worker. Views read it; only
// its methods talk to the worker. Snapshots are replaced whole on every step,
// so they live in $state.raw (no deep proxies over thousands of tasks).
import * as Comlink from 'comlink';
import { tick } from 'svelte';
import type { BackendChoice, BackendState, CgroupState, CloneTrial, LabAnswer, LabApi, LabView, PaneOutput, SourceError, StepSource } from '../protocol.ts';
import { applyDelta } from '../sim/view-delta.ts';
import { NO_EFFECT, stepEffect } from '../views/process-tree/step-effect.ts';

/** a step's time on screen while playing */
const PLAY_EVERY_MS = 1000;
/** views kept on the page for stepping back and forth without asking */
const RECENT = 8;

export class Lab {
  /** the scenario as loaded (or as pasted, when it does not parse) */
  name = $state('');
  text = $state('');
  /** parse errors of the last load; empty iff the text parsed */
  errors = $state.raw<SourceError[]>([]);
  steps = $state.raw<StepSource[]>([]);
  /** the machine after `view.at` steps; null until the first load completes */
  view = $state.raw<LabView | null>(null);
  /** a worker request is in flight */
  busy = $state(false);
  /** a failure of the worker itself (not of the scenario) */
  fault = $state('');
  /** ms from navigation start until the first machine was shown (the "first view" budget) */
  readyAt = $state(0);
  /** ms the page took to draw the last step (after the worker answered) */
  drawMs = $state(0);
  /** ms from asking for the last step until its frame was painted (worker, copy, draw, layout and paint) */
  stepMs = $state(0);
  /** the last step's ms split: until the worker's answer arrived (with the copy), the draw, then layout and paint; `n` counts the steps painted */
  stepParts = $state({ n: 0, answer: 0, draw: 0, paint: 0 });
  /** the worker is observing steps ahead of the one shown (recorded steps then show without reading procfs) */
  prefetching = $state(false);
  /** the machine the scenarios run on: the simulator, or a real host's agent */
  backend = $state.raw<BackendState>({ kind: 'sim' });
  /** a connection to an agent is being tried */
  connecting = $state(false);

  /** the task selected in any view (its TaskRef), highlighted in all of them; null when none */
  selected = $state<number | null>(null);
  /** the selected task's scenario name, if it has one */
  selectedName = $derived(this.selected === null ? null : (this.view?.names[this.selected] ?? null));

  select = (ref: number | null) => {
    this.selected = ref === this.selected ? null : ref;
  };

  at = $derived(this.view?.at ?? 0);
  total = $derived(this.steps.length);
  /** what the step just shown did to the tasks */
  effect = $derived(this.view ? stepEffect(this.view.previous, this.view.snapshot, this.view.names) : NO_EFFECT);

  #api: Comlink.Remote<LabApi>;
  /** requests run one after another, in the order the user made them */
  #queue: Promise<unknown> = Promise.resolve();
  /** the step the latest request asked for; earlier answers are dropped */
  #wanted = 0;
  #generation = 0;

  constructor() {
    const worker = new Worker(new URL('../worker.ts', import.meta.url), { type: 'module', name: 'nslab-sim' });
    worker.addEventListener('error', (e) => (this.fault = `simulator worker failed: ${e.message || 'could not start'}`));
    this.#api = Comlink.wrap<LabApi>(worker);
  }

  /** Runs after the requests before it; a failure becomes `fault` (shown on the page), never a rejection. */
  #enqueue<T>(job: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    const run = this.#queue.then(job, job);
    const settled = run.then(
      (v) => {
        this.busy = false;
        return v;
      },
      (e: unknown) => {
        this.fault = String(e instanceof Error ? e.message : e);
        this.busy = false;
        return undefined;
      },
    );
    this.#queue = settled;
    return settled;
  }

  /** Load a scenario and show its booted machine (step 0). */
  load(text: string, name: string): Promise<boolean | undefined> {
    // playing belongs to the scenario it was started on
    this.pause();
    const generation = ++this.#generation;
    this.#wanted = 0;
    return this.#enqueue(async () => {
      const result = await this.#api.load(text, name);
      if (generation !== this.#generation) return false;
      // views of the scenario before are no answer for this one
      this.#recent.clear();
      this.#next = null;
      this.name = name;
      this.text = text;
      this.fault = '';
      if (!result.ok) {
        // the broken text is shown with its errors; there is no machine to show
        this.errors = result.errors;
        this.steps = [];
        this.view = null;
        return false;
      }
      this.errors = [];
      this.selected = null;
      this.steps = result.steps;
      this.#put(viewOf(await this.#api.goto(0), null));
      this.readyAt ||= Math.round(performance.now());
      this.#watchAhead();
      return true;
    });
  }

  /** Show the machine after step k (clamped to the scenario); playing stops. */
  goto(k: number): Promise<void | undefined> {
    this.pause();
    return this.#show(k);
  }

  #show(k: number): Promise<void | undefined> {
    const target = Math.max(0, Math.min(k, this.total));
    this.#wanted = target;
    const generation = this.#generation;
    const asked = performance.now();
    return this.#enqueue(async () => {
      // a later request already asked for another step: skip this one; a text with errors has no machine to step
      if (target !== this.#wanted || generation !== this.#generation || this.errors.length) return;
      const held = this.view;
      // a step the page already holds (shown before, or the next one observed ahead) is shown without asking
      const ready = this.#recent.get(target) ?? (held && this.#next?.from === held.id && this.#next.answer.at === target ? viewOf(this.#next.answer, held) : undefined);
      let view: LabView;
      if (ready) {
        view = { ...ready, timing: { steps: 0, snapshot: 0, calls: 0, prefetched: true, page: true } };
        void this.#api.showing(target, view.id).catch((e: unknown) => (this.fault = String(e instanceof Error ? e.message : e)));
      } else {
        view = viewOf(await this.#api.goto(target, held ? { at: held.at, id: held.id } : undefined), held);
      }
      if (target === this.#wanted && generation === this.#generation) {
        const t0 = performance.now();
        const answer = t0 - asked;
        this.#put(view);
        await tick();
        this.drawMs = Math.round(performance.now() - t0);
        const drawn = performance.now();
        afterNextPaint(() => {
          const now = performance.now();
          this.stepParts = { n: this.stepParts.n + 1, answer: Math.round(answer), draw: Math.round(drawn - t0), paint: Math.round(now - drawn) };
          this.stepMs = Math.round(now - asked);
        });
        this.#watchAhead();
        // a jump is shown first; what the step changed comes next (the requests after this one wait for it)
        if (view.previous === undefined && view.at > 0) await this.#fillPrevious(view);
      }
    });
  }

  /** the view with the machine before its step, asked of the worker, unless the user has moved on */
  async #fillPrevious(view: LabView): Promise<void> {
    const generation = this.#generation;
    const current = () => generation === this.#generation && this.#wanted === view.at && this.view?.id === view.id;
    if (!current()) return;
    const answer = await this.#api.previous({ at: view.at, id: view.id });
    if (!answer || !current()) return;
    const filled = { ...this.view!, previous: viewOf(answer, this.view).snapshot };
    this.view = filled;
    if (this.#recent.get(filled.at)?.id === filled.id) this.#recent.set(filled.at, filled);
  }

  /** views shown since the scenario was loaded, by step (the most recent last): a step is deterministic, so they stay true */
  #recent = new Map<number, LabView>();
  /** the step after the shown one, observed ahead by the worker, as a delta from the view `from` */
  #next: { from: number; answer: LabAnswer } | null = null;

  /** shows `view`, remembers it, and asks the worker for the step after it */
  #put(view: LabView) {
    this.view = view;
    this.#recent.delete(view.at);
    this.#recent.set(view.at, view);
    for (const k of this.#recent.keys()) if (this.#recent.size > RECENT) this.#recent.delete(k);
    this.#next = null;
    const held = { at: view.at, id: view.id };
    if (view.at < this.total)
      this.#api.next(held).then(
        (answer) => answer && this.view?.id === view.id && (this.#next = { from: view.id, answer }),
        () => {},
      );
  }

  /**
   * Reads of the machine at the shown step (terminal panes, cgroupfs, the
   * clone playground's trial). They wait for the steps asked before them; a
   * failure of the worker becomes `fault` and the answer undefined.
   */
  async #ask<T>(job: () => Promise<T>): Promise<T | undefined> {
    await this.#queue;
    try {
      return await job();
    } catch (e) {
      this.fault = String(e instanceof Error ? e.message : e);
      return undefined;
    }
  }
  commands = (lines: { task: number; line: string }[]): Promise<PaneOutput[] | undefined> => this.#ask(() => this.#api.commands(lines));
  cgroups = (): Promise<CgroupState | undefined> => this.#ask(() => this.#api.cgroups());
  tryClone = (actor: number, flags: number): Promise<CloneTrial | undefined> => this.#ask(() => this.#api.tryClone(actor, flags));
  #aheadGeneration = 0;
  #watchAhead() {
    const g = ++this.#aheadGeneration;
    this.prefetching = true;
    this.#api.idle().then(
      () => g === this.#aheadGeneration && (this.prefetching = false),
      () => (this.prefetching = false),
    );
  }

  /**
   * Run scenarios on the simulator or on a real host (an `nslab agent` URL
   * with its token); the loaded scenario is run again there. When the agent
   * cannot be used, `backend.error` says why and the simulator stays.
   */
  async useBackend(choice: BackendChoice): Promise<void> {
    this.connecting = true;
    try {
      const state = await this.#enqueue((): Promise<BackendState> => this.#api.useBackend(choice));
      if (state) this.backend = state;
    } finally {
      this.connecting = false;
    }
    if (this.text) await this.load(this.text, this.name);
  }

  /** the parser's errors for a text, without loading it (asked of the worker: the parser lives there) */
  check = (text: string): Promise<SourceError[]> => this.#api.check(text);
  /** the userland commands scenarios may run (for completion) */
  commandNames = () => this.#api.commandNames();
  /** the worker has nothing left to observe ahead; resolves with the steps it has recorded */
  idle = () => this.#api.idle();

  /** the steps are being played one after another */
  playing = $state(false);
  #playRun = 0;

  /**
   * Play the steps from the one shown (from boot when at the end), one every
   * `every` ms after the previous one is shown, until the end or pause().
   */
  play = async (every = PLAY_EVERY_MS): Promise<void> => {
    const run = ++this.#playRun;
    this.playing = true;
    if (this.#wanted >= this.total) await this.#show(0);
    while (run === this.#playRun && this.#wanted < this.total) {
      await new Promise((r) => setTimeout(r, every));
      if (run !== this.#playRun) return;
      await this.#show(this.#wanted + 1);
    }
    if (run === this.#playRun) this.playing = false;
  };
  pause = () => {
    this.#playRun++;
    this.playing = false;
  };
  /** what the play button does (K): nothing where it is disabled, with no step to play */
  togglePlay = () => (this.playing ? this.pause() : this.total > 0 ? void this.play() : undefined);

  forward = () => this.goto(this.#wanted + 1);
  back = () => this.goto(this.#wanted - 1);
  first = () => this.goto(0);
  last = () => this.goto(this.total);
}

/** The view an answer describes, completed from the page's `held` view: the machine when it is a delta, the outcomes it has, the snapshot before the step. */
function viewOf(answer: LabAnswer, held: LabView | null): LabView {
  let view: LabView;
  if ('delta' in answer) {
    if (!held || held.id !== answer.deltaFrom) throw new Error(`the simulator answered with a delta from view ${answer.deltaFrom}, but the page holds ${held?.id ?? 'none'}`);
    const { delta, deltaFrom: _, ...rest } = answer;
    view = { ...rest, ...applyDelta(held, delta) };
  } else view = { ...answer };
  if (view.previous === undefined && held && held.at === view.at - 1) view.previous = held.snapshot;
  if (view.outcomesFrom) {
    view.outcomes = [...(held?.outcomes ?? []).slice(0, view.outcomesFrom), ...view.outcomes];
    delete view.outcomesFrom;
  }
  return view;
}

/**
 * Runs `done` once the next frame has been rendered: a frame's style, layout
 * and paint run right after its animation-frame callbacks, so a task queued
 * from one runs when that frame's main-thread work is over (the frame after
 * it would add a whole frame interval that is not the update's).
 */
function afterNextPaint(done: () => void): void {
  requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => done();
    ch.port2.postMessage(null);
  });
}
